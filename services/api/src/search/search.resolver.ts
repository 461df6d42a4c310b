import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import type { MnemoContext } from '../context';
import { SearchHit } from './search.types';

@Resolver()
export class SearchResolver {
  @Query(() => [SearchHit], {
    description:
      'Search names, descriptions and tags across the catalog, best match first. Every word must match, as a prefix.',
  })
  search(
    @Arg('text') text: string,
    @Arg('kinds', () => [String], { nullable: true, description: 'e.g. ["Dataset", "Run"]; any kind when empty.' })
    kinds: string[] | null,
    @Arg('projectId', () => ID, { nullable: true }) projectId: string | null,
    @Arg('ownerId', () => ID, { nullable: true, description: 'A user or team.' }) ownerId: string | null,
    @Arg('first', () => Int, { nullable: true, description: '1 to 100 (default 20).' }) first: number | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.search.search({ text, kinds, projectId, ownerId, first });
  }
}
