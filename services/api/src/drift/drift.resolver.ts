import { Arg, type ClassType, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { Node } from '../catalog/catalog.types';
import { DatasetVersion } from '../datasets/datasets.types';
import { FeatureSetVersion } from '../featuresets/featuresets.types';
import type { MnemoContext } from '../context';
import type { EntityRecord } from '../platform/records';
import { Column, ColumnStats, DriftFlag, DriftFlagKind, SchemaChange } from './drift.types';
import {
  type ColumnSpec,
  type ColumnStatsSpec,
  parseStored,
  type SchemaChangeRecord,
  schemaChangeSize,
} from './schema';

@Resolver()
export class DriftResolver {
  @Query(() => [DriftFlag], {
    description:
      "A project's drift and anomaly flags, computed now: schema changes and statistics drift between consecutive " +
      'dataset and feature set versions, runs whose final metric is a robust-z outlier in their experiment, and ' +
      "deployed model versions whose metric fell from the previous version's (see docs/api.md).",
  })
  driftFlags(
    @Arg('projectId', () => ID) projectId: string,
    @Arg('kinds', () => [DriftFlagKind], { nullable: true }) kinds: DriftFlagKind[] | null,
    @Ctx() ctx: MnemoContext,
  ) {
    return ctx.services.drift.flags(projectId, kinds);
  }
}

@Resolver(() => DriftFlag)
export class DriftFlagResolver {
  @FieldResolver(() => Node, { nullable: true, description: 'The version or run flagged.' })
  subject(@Root() flag: DriftFlag, @Ctx() ctx: MnemoContext) {
    return ctx.loaders.entity.load(flag.subjectId);
  }

  @FieldResolver(() => Node, { nullable: true, description: 'What it was compared with: the previous version.' })
  previous(@Root() flag: DriftFlag, @Ctx() ctx: MnemoContext) {
    return flag.previousId ? ctx.loaders.entity.load(flag.previousId) : null;
  }
}

/** Schema, schema change and column statistics, the same on dataset and feature set versions. */
function DataVersionDriftResolver<T extends object>(type: ClassType<T>) {
  @Resolver(() => type)
  class DataVersionDrift {
    @FieldResolver(() => [Column], { nullable: true, description: 'Its columns, when its client sent a schema.' })
    schema(@Root() version: EntityRecord) {
      return parseStored<ColumnSpec[]>(version.schemaColumns)?.map((column) => ({ nullable: null, ...column })) ?? null;
    }

    @FieldResolver(() => SchemaChange, {
      nullable: true,
      description:
        'How its columns differ from the version registered before it; null when there is none, or when either ' +
        'of the two has no schema.',
    })
    schemaChange(@Root() version: EntityRecord) {
      const change = parseStored<SchemaChangeRecord>(version.schemaChange);
      if (!change) return null;
      const withNullable = (columns: ColumnSpec[]) => columns.map((column) => ({ nullable: null, ...column }));
      return {
        ...change,
        added: withNullable(change.added),
        removed: withNullable(change.removed),
        changed: schemaChangeSize(change) > 0,
      };
    }

    @FieldResolver(() => [ColumnStats], { nullable: true, description: 'Its column statistics, when sent.' })
    columnStats(@Root() version: EntityRecord) {
      const stats = parseStored<ColumnStatsSpec[]>(version.columnStats);
      return (
        stats?.map((stat) => ({
          count: null,
          nulls: null,
          mean: null,
          std: null,
          distinct: null,
          ...stat,
        })) ?? null
      );
    }
  }
  return DataVersionDrift;
}

export const DatasetVersionDriftResolver = DataVersionDriftResolver(DatasetVersion);
export const FeatureSetVersionDriftResolver = DataVersionDriftResolver(FeatureSetVersion);

export const DRIFT_RESOLVERS = [
  DriftResolver,
  DriftFlagResolver,
  DatasetVersionDriftResolver,
  FeatureSetVersionDriftResolver,
] as const;
