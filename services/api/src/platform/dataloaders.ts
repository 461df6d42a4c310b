import DataLoader from 'dataloader';
import { governanceLoaders } from '../governance/templates/loaders';
import type { GraphDatabase } from './neo4j';
import type { EntityRecord, InputRecord, MetricPointRecord, MetricRecord, ParamRecord, TagRecord } from './records';

/**
 * One set per request. Every by-id and by-parent lookup goes through these, so a page of N items
 * costs one query per relation, not one per item. Each named query takes `$ids` and returns one
 * row per id with the related values in one column.
 */
export function createLoaders(db: GraphDatabase) {
  function byId<T>(query: string, column: string, missing: () => T) {
    return new DataLoader<string, T>(async (ids) => {
      const rows = await db.query<Record<string, unknown>>(query, { ids: [...ids] });
      const found = new Map(rows.map((row) => [row.id as string, row[column] as T]));
      return ids.map((id) => found.get(id) ?? missing());
    });
  }
  const none = () => null;
  const empty = () => [];

  return {
    ...governanceLoaders(db),
    entity: new DataLoader<string, EntityRecord | null>(async (ids) => {
      const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids: [...ids] });
      const found = new Map(rows.map((row) => [row.entity.id, row.entity]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    owners: byId<EntityRecord[]>('catalog/owners-of', 'owners', empty),
    project: byId<EntityRecord | null>('catalog/project-of', 'project', none),
    teamRelations: byId<EntityRecord[]>('catalog/team-members', 'related', empty),
    projectCounts: byId<{ kind: string; total: number }[]>('catalog/project-entity-counts', 'counts', empty),
    versions: byId<EntityRecord[]>('versions/of-parents', 'versions', empty),
    parent: byId<EntityRecord | null>('versions/parent-of', 'parent', none),
    derivedFrom: byId<EntityRecord[]>('lineage/derived-from', 'related', empty),
    generatedBy: byId<EntityRecord[]>('lineage/generated-by', 'related', empty),
    outputs: byId<EntityRecord[]>('lineage/outputs-of-runs', 'related', empty),
    inputs: byId<InputRecord[]>('lineage/inputs-of-runs', 'inputs', empty),
    serves: byId<EntityRecord[]>('lineage/served-by', 'related', empty),
    params: byId<ParamRecord[]>('runs/params-of', 'params', empty),
    latestMetrics: byId<MetricRecord[]>('runs/latest-metrics-of', 'metrics', empty),
    tags: byId<TagRecord[]>('runs/tags-of', 'tags', empty),
    experiment: byId<EntityRecord | null>('runs/experiment-of', 'experiment', none),
    promotions: byId<EntityRecord[]>('promotion/promotions-of', 'promotions', empty),
    approvals: byId<EntityRecord[]>('promotion/approvals-of', 'approvals', empty),
    reviews: byId<EntityRecord[]>('reviews/reviews-of', 'reviews', empty),
    metricHistory: new DataLoader<string, MetricPointRecord[]>(async (metricIds) => {
      const rows = await db.query<{ metricId: string; points: MetricPointRecord[] }>('runs/metric-history', {
        metricIds: [...metricIds],
      });
      const found = new Map(rows.map((row) => [row.metricId, row.points]));
      return metricIds.map((id) => found.get(id) ?? []);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
