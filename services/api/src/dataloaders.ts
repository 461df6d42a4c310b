import DataLoader from 'dataloader';
import { accessLoaders } from './access/loaders';
import { readGuard } from './access/read-access';
import { costLoaders } from './costs/loaders';
import { governanceLoaders } from './governance/templates/loaders';
import { notificationLoaders } from './notifications/loaders';
import { plannedMigrationLoaders } from './planned-migrations/loaders';
import type { GraphDatabase } from './platform/neo4j';
import type {
  EntityRecord,
  InputRecord,
  MetricPointRecord,
  MetricRecord,
  ParamRecord,
  TagRecord,
} from './platform/records';

/**
 * One set per request. Every by-id and by-parent lookup goes through these, so a page of N items
 * costs one query per relation, not one per item. Each named query takes `$ids` and returns one
 * row per id with the related values in one column. What the caller may not read is left out of
 * every related list (and an entity asked for by id is FORBIDDEN) by the request's read guard,
 * which costs nothing where the caller reads everything.
 */
export function createLoaders(db: GraphDatabase) {
  function byId<T>(query: string, column: string, missing: () => T) {
    return new DataLoader<string, T>(async (ids) => {
      const rows = await db.query<Record<string, unknown>>(query, { ids: [...ids] });
      const found = new Map(rows.map((row) => [row.id as string, row[column] as T]));
      return ids.map((id) => found.get(id) ?? missing());
    });
  }
  /** Related entities, those the caller may not read left out. */
  function related(query: string) {
    const loader = byId<EntityRecord[]>(query, 'related', empty);
    return new DataLoader<string, EntityRecord[]>((ids) =>
      loader.loadMany(ids).then((lists) => Promise.all(lists.map((list) => readableOrError(list)))),
    );
  }
  function relatedOne(query: string, column: string) {
    return readableOne(byId<EntityRecord | null>(query, column, none));
  }
  /** The one related entity (or null), left out when the caller may not read it. */
  function readableOne(loader: DataLoader<string, EntityRecord | null>) {
    return new DataLoader<string, EntityRecord | null>((ids) =>
      loader.loadMany(ids).then((found) =>
        Promise.all(
          found.map((one) =>
            one instanceof Error || one === null
              ? one
              : guard()
                  .readable([one])
                  .then(([kept]) => kept ?? null),
          ),
        ),
      ),
    );
  }
  /** A version's parent: the query answers each parent once, with the ids of its versions asked for. */
  const parentOf = new DataLoader<string, EntityRecord | null>(async (ids) => {
    const rows = await db.query<{ ids: string[]; parent: EntityRecord }>('versions/parent-of', { ids: [...ids] });
    const found = new Map(rows.flatMap((row) => row.ids.map((id) => [id, row.parent] as const)));
    return ids.map((id) => found.get(id) ?? null);
  });
  const guard = () => readGuard(db);
  const readableOrError = <T extends { id: string }>(list: T[] | Error) =>
    list instanceof Error ? list : guard().readable(list);
  const none = () => null;
  const empty = () => [];
  const versionsOf = byId<EntityRecord[]>('versions/of-parents', 'versions', empty);
  const inputsOf = byId<InputRecord[]>('lineage/inputs-of-runs', 'inputs', empty);

  return {
    ...governanceLoaders(db),
    ...costLoaders(db),
    ...accessLoaders(db),
    ...notificationLoaders(db),
    ...plannedMigrationLoaders(db),
    entity: new DataLoader<string, EntityRecord | null>(async (ids) => {
      const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids: [...ids] });
      const found = new Map(rows.map((row) => [row.entity.id, row.entity]));
      // An entity the caller may not read is an error (FORBIDDEN, audited), not a silent null.
      return Promise.all(
        ids.map((id) => {
          const entity = found.get(id) ?? null;
          return entity
            ? guard()
                .assertReadable(id)
                .then(
                  () => entity,
                  (error: Error) => error,
                )
            : null;
        }),
      );
    }),
    owners: byId<EntityRecord[]>('catalog/owners-of', 'owners', empty),
    project: relatedOne('catalog/project-of', 'project'),
    teamRelations: byId<EntityRecord[]>('catalog/team-members', 'related', empty),
    projectCounts: byId<{ kind: string; total: number }[]>('catalog/project-entity-counts', 'counts', empty),
    versions: new DataLoader<string, EntityRecord[]>((ids) =>
      versionsOf.loadMany(ids).then((lists) => Promise.all(lists.map((list) => readableOrError(list)))),
    ),
    parent: readableOne(parentOf),
    previousVersion: relatedOne('versions/previous-of', 'version'),
    nextVersion: relatedOne('versions/next-of', 'version'),
    derivedFrom: related('lineage/derived-from'),
    generatedBy: related('lineage/generated-by'),
    outputs: related('lineage/outputs-of-runs'),
    inputs: new DataLoader<string, InputRecord[]>((ids) =>
      inputsOf.loadMany(ids).then((lists) =>
        Promise.all(
          lists.map(async (list) => {
            if (list instanceof Error) return list;
            const kept = new Set((await guard().readable(list.map((input) => input.version))).map((v) => v.id));
            return list.filter((input) => kept.has(input.version.id));
          }),
        ),
      ),
    ),
    serves: related('lineage/served-by'),
    datasetsOfSource: related('datasources/datasets-of'),
    dataSourceOf: relatedOne('datasources/of-datasets', 'entity'),
    params: byId<ParamRecord[]>('runs/params-of', 'params', empty),
    latestMetrics: byId<MetricRecord[]>('runs/latest-metrics-of', 'metrics', empty),
    tags: byId<TagRecord[]>('runs/tags-of', 'tags', empty),
    lastEventAt: byId<string | null>('openlineage/last-events-of', 'lastEventAt', none),
    experiment: relatedOne('runs/experiment-of', 'experiment'),
    parentRun: relatedOne('runs/parent-runs-of', 'parent'),
    childRuns: related('runs/child-runs-of'),
    parentExperiment: relatedOne('experiments/parents-of', 'parent'),
    childExperiments: related('experiments/children-of'),
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
