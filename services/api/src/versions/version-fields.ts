import { type ClassType, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Run } from '../runs/runs.types';

/** The fields every version resolves the same way: the run that generated it, the versions around it. */
export function VersionFieldsResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  abstract class VersionFields {
    @FieldResolver(() => Run, { nullable: true, description: 'The run that produced this version (GENERATED_BY).' })
    async generatedBy(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
      const [run] = await ctx.loaders.generatedBy.load(version.id);
      return run ?? null;
    }

    @FieldResolver(() => type, {
      nullable: true,
      description: 'The version of the same parent registered just before this one (null for the first).',
    })
    previousVersion(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.previousVersion.load(version.id);
    }

    @FieldResolver(() => type, {
      nullable: true,
      description: 'The version of the same parent registered just after this one (null for the latest).',
    })
    nextVersion(@Root() version: EntityRecord, @Ctx() ctx: MnemoContext) {
      return ctx.loaders.nextVersion.load(version.id);
    }
  }
  return VersionFields;
}
