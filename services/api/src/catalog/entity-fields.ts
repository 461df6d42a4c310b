import { type ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Owner, Project } from './catalog.types';

/** Looks an entity up by id through the request's loader; null when absent or of another kind. */
export async function entityOfKind(ctx: MnemoContext, id: string, kind: string): Promise<EntityRecord | null> {
  const entity = await ctx.loaders.entity.load(id);
  return entity?.kind === kind ? entity : null;
}

/** The fields every named asset resolves the same way: its project and its owners. */
export function AssetFieldsResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class AssetFields {
    @FieldResolver(() => Project, { nullable: true })
    project(@Root() entity: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.project.load(entity.id);
    }

    @FieldResolver(() => [Owner])
    owners(@Root() entity: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.owners.load(entity.id);
    }
  }
  return AssetFields;
}
