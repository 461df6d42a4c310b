import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord, ParamRecord, TagRecord } from '../platform/records';

export interface RunFilterValues {
  experimentId: string | null;
  projectId: string | null;
  status: string | null;
  ownerId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  params: { key: string; value: string }[];
  metrics: { key: string; op: string; value: number }[];
}

export interface MetricPointWrite {
  metricId: string;
  key: string;
  id: string;
  value: number;
  step: number;
  timestamp: number;
}

export const runsRepository = {
  async create(
    tx: WriteTransaction,
    run: { experimentId: string; ownerId: string | null; props: Record<string, unknown>; startedAt: string },
    inputs: { versionId: string; role: string | null }[],
  ): Promise<EntityRecord> {
    const [row] = await tx.query<{ run: EntityRecord }>('runs/create-run', { ...run, inputs });
    return row.run;
  },

  async params(db: Queryable, runId: string): Promise<ParamRecord[]> {
    const [row] = await db.query<{ params: ParamRecord[] }>('runs/params-of', { ids: [runId] });
    return row?.params ?? [];
  },

  async addParams(tx: WriteTransaction, runId: string, params: { id: string; key: string; value: string }[]) {
    if (params.length > 0) await tx.query('runs/add-params', { runId, params });
  },

  async existingPoints(db: Queryable, pointIds: string[]): Promise<Map<string, number>> {
    const rows = await db.query<{ id: string; value: number }>('runs/existing-metric-points', { ids: pointIds });
    return new Map(rows.map((row) => [row.id, row.value]));
  },

  async addMetricPoints(tx: WriteTransaction, runId: string, points: MetricPointWrite[]) {
    if (points.length === 0) return;
    await tx.query('runs/add-metric-points', { runId, points });
    const latest = new Map<string, MetricPointWrite>();
    for (const point of points) {
      const current = latest.get(point.metricId);
      if (
        !current ||
        point.step > current.step ||
        (point.step === current.step && point.timestamp >= current.timestamp)
      ) {
        latest.set(point.metricId, point);
      }
    }
    await tx.query('runs/update-latest-metrics', { latest: [...latest.values()] });
  },

  async tags(db: Queryable, runId: string): Promise<TagRecord[]> {
    const [row] = await db.query<{ tags: TagRecord[] }>('runs/tags-of', { ids: [runId] });
    return row?.tags ?? [];
  },

  async setTags(tx: WriteTransaction, runId: string, tags: { id: string; key: string; value: string }[]) {
    if (tags.length > 0) await tx.query('runs/set-tags', { runId, tags });
  },

  /** Adds USED edges for inputs not yet recorded; returns the ones added. */
  async recordInputs(
    tx: WriteTransaction,
    runId: string,
    inputs: { versionId: string; role: string | null }[],
  ): Promise<{ versionId: string; role: string | null }[]> {
    if (inputs.length === 0) return [];
    return tx.query('runs/record-inputs', { runId, inputs });
  },

  async finish(
    tx: WriteTransaction,
    finish: { runId: string; status: string; endedAt: string; computeCostUsd: number | null; outputIds: string[] },
  ): Promise<EntityRecord> {
    const [row] = await tx.query<{ run: EntityRecord }>('runs/finish-run', finish);
    return row.run;
  },

  async page(
    db: Queryable,
    filter: RunFilterValues,
    order: { sortMetric: string | null; descending: boolean },
    after: { key: number; id: string } | null,
    limit: number,
  ): Promise<{ run: EntityRecord; sortKey: number }[]> {
    return db.query('runs/page-runs', {
      ...filter,
      ...order,
      lastKey: Number.MAX_VALUE,
      afterKey: after?.key ?? null,
      afterId: after?.id ?? null,
      limit,
    });
  },
};
