import { type ClassType, Field, ObjectType } from 'type-graphql';
import type { Page } from './pagination';

@ObjectType({ description: 'Where a page ends; pass endCursor as `after` to get the next one.' })
export class PageInfo {
  @Field(() => String, { nullable: true })
  endCursor!: string | null;

  @Field()
  hasNextPage!: boolean;
}

/** Declares `<Name>Connection { nodes, pageInfo }` for a node type. */
export function ConnectionOf<T extends object>(nodeType: ClassType<T>, name: string) {
  @ObjectType(`${name}Connection`, { description: `A page of ${name} items.` })
  class Connection {
    @Field(() => [nodeType])
    nodes!: T[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;
  }
  return Connection;
}

export function toConnection<T>(page: Page<T>) {
  return { nodes: page.nodes, pageInfo: { endCursor: page.endCursor, hasNextPage: page.hasNextPage } };
}
