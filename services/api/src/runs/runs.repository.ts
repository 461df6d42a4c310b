import { randomBytes } from 'node:crypto';
import { readScopeParams } from '../access/read-access';
import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord, ParamRecord, TagRecord } from '../platform/records';

export interface RunFilterValues {
  experimentId: string | null;
  projectId: string | null;
  status: string | null;
  /** true: only archived (MLflow's deleted) runs, false: only active ones, null: both. */
  archived: boolean | null;
  ownerId: string | null;
  tagKey: string | null;
  tagValue: string | null;
  params: { key: string; value: string }[];
  metrics: { key: string; op: string; value: number }[];
}

export interface MetricPointWrite {
  metricId: string;
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

export interface StartPlanRow {
  entities: EntityRecord[];
  projectId: string | null;
  /** The project's own run template, or null (the repo file applies). */
  yaml: string | null;
  /** The experiment the run inherits metadata from. */
  parent: Record<string, unknown> | null;
  parentOwners: number;
}

/**
 * A metric point is its step, time and value, as MLflow keeps them (its metrics table's key): the same
 * point again changes nothing, while another value at the same step and time is a point of its own
 * (a client logging without a step, faster than its millisecond clock, sends several).
 */
export const metricPointId = (metricId: string, step: number, timestamp: number, value: number) =>
  `${metricId}@${step}:${timestamp}=${Number.isNaN(value) ? 'NaN' : String(value)}`;

export const runsRepository = {
  /** What starting a run reads, in one round trip (runs/plan-start.cypher). */
  async planStart(db: Queryable, experimentId: string, ids: string[]): Promise<StartPlanRow> {
    const [row] = await db.query<StartPlanRow>('runs/plan-start', { experimentId, ids });
    return row;
  },

  /** The run with its owner, inputs, params and tags, in one statement. */
  async start(
    tx: WriteTransaction,
    run: {
      experimentId: string;
      ownerId: string | null;
      props: Record<string, unknown>;
      startedAt: string;
      inputs: { versionId: string; role: string | null }[];
      params: { id: string; key: string; value: string }[];
      tags: { id: string; key: string; value: string }[];
    },
  ): Promise<EntityRecord> {
    const [row] = await tx.query<{ run: EntityRecord }>('runs/start-run', run);
    return row.run;
  },

  async addParams(tx: WriteTransaction, runId: string, params: { id: string; key: string; value: string }[]) {
    if (params.length > 0) await tx.query('runs/add-params', { runId, params });
  },

  /**
   * Locks a run for a batch and reads what the batch is compared with (runs/lock-for-batch.cypher):
   * its params and tags, and the ids of the recorded points the batch may repeat (only
   * chunks whose step range overlaps the batch's are read, and none of a metric whose latest point
   * comes before all the batch's). Null when there is no such run.
   */
  async lockForBatch(
    tx: WriteTransaction,
    runId: string,
    points: MetricPointWrite[],
    /** The params and tags the batch names: only those are read back to compare with. */
    named: { paramKeys: string[]; tagKeys: string[] },
  ): Promise<{
    run: EntityRecord;
    projectId: string | null;
    params: ParamRecord[];
    tags: TagRecord[];
    existingPoints: Set<string>;
  } | null> {
    // Per metric: the batch's step range, and its lowest point (by step, then time).
    const ranges = new Map<string, { metricId: string; minStep: number; maxStep: number; minTimestamp: number }>();
    for (const { metricId, step, timestamp } of points) {
      const range = ranges.get(metricId) ?? { metricId, minStep: step, maxStep: step, minTimestamp: timestamp };
      if (step < range.minStep || (step === range.minStep && timestamp < range.minTimestamp)) {
        range.minStep = step;
        range.minTimestamp = timestamp;
      }
      range.maxStep = Math.max(range.maxStep, step);
      ranges.set(metricId, range);
    }
    const [row] = await tx.query<{
      run: EntityRecord;
      projectId: string | null;
      params: ParamRecord[];
      tags: TagRecord[];
      chunks: { metricId: string; steps: number[]; values: number[]; timestamps: number[] }[];
    }>('runs/lock-for-batch', { runId, ranges: [...ranges.values()], ...named });
    if (!row) return null;
    const existingPoints = new Set<string>();
    for (const chunk of row.chunks) {
      chunk.steps.forEach((step, i) =>
        existingPoints.add(metricPointId(chunk.metricId, step, chunk.timestamps[i], chunk.values[i])),
      );
    }
    return { run: row.run, projectId: row.projectId, params: row.params, tags: row.tags, existingPoints };
  },

  /** Writes a batch as one chunk per metric (arrays of steps, values and timestamps). */
  async addMetricPoints(tx: WriteTransaction, runId: string, points: MetricPointWrite[]) {
    if (points.length === 0) return;
    const chunks = new Map<string, MetricPointWrite[]>();
    for (const point of points) {
      const chunk = chunks.get(point.metricId);
      if (chunk) chunk.push(point);
      else chunks.set(point.metricId, [point]);
    }
    // The latest point as MLflow picks it: the highest step, then time, then value.
    const latestOf = (chunk: MetricPointWrite[]) =>
      chunk.reduce((best, p) =>
        p.step > best.step ||
        (p.step === best.step &&
          (p.timestamp > best.timestamp || (p.timestamp === best.timestamp && p.value > best.value)))
          ? p
          : best,
      );
    await tx.query('runs/add-metric-points', {
      runId,
      chunks: [...chunks].map(([metricId, chunk]) => {
        const latest = latestOf(chunk);
        return {
          metricId,
          key: chunk[0].key,
          id: `${metricId}#${randomBytes(8).toString('hex')}`,
          steps: chunk.map((p) => p.step),
          values: chunk.map((p) => p.value),
          timestamps: chunk.map((p) => p.timestamp),
          minStep: Math.min(...chunk.map((p) => p.step)),
          maxStep: Math.max(...chunk.map((p) => p.step)),
          latest: { value: latest.value, step: latest.step, timestamp: latest.timestamp },
        };
      }),
    });
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

  /** Makes an ended run RUNNING again (runs/resume-run.cypher). */
  async resume(tx: WriteTransaction, runId: string): Promise<EntityRecord> {
    const [row] = await tx.query<{ run: EntityRecord }>('runs/resume-run', { runId });
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
      ...readScopeParams(),
    });
  },

  /** Deletes a run's tag; the row tells its value, undefined when the run had no such tag. */
  async deleteTag(tx: WriteTransaction, runId: string, key: string): Promise<{ value: string } | undefined> {
    const [row] = await tx.query<{ value: string }>('runs/delete-tag', { runId, key });
    return row;
  },

  /** Moves a run's start earlier; one row when it moved, none when the recorded start is earlier. */
  backdateStart(tx: WriteTransaction, runId: string, startedAt: string) {
    return tx.query('runs/backdate-start', { runId, startedAt });
  },

  /** The params of each run, one row per run (runs/params-of.cypher). */
  paramsOf(db: Queryable, ids: string[]): Promise<{ id: string; params: { key: string; value: string }[] }[]> {
    return db.query<{ id: string; params: { key: string; value: string }[] }>('runs/params-of', { ids });
  },

  /** The tags of each run, one row per run (runs/tags-of.cypher). */
  tagsOf(db: Queryable, ids: string[]): Promise<{ id: string; tags: { key: string; value: string }[] }[]> {
    return db.query<{ id: string; tags: { key: string; value: string }[] }>('runs/tags-of', { ids });
  },

  /** The experiment of each run, one row per run (runs/experiment-of.cypher). */
  experimentOf(db: Queryable, ids: string[]): Promise<{ id: string; experiment: EntityRecord }[]> {
    return db.query<{ id: string; experiment: EntityRecord }>('runs/experiment-of', { ids });
  },

  /** The latest value of each metric of each run, one row per run (runs/latest-metrics-of.cypher). */
  latestMetricsOf(
    db: Queryable,
    ids: string[],
  ): Promise<{ id: string; metrics: { key: string; value: number; step: number; timestamp: number }[] }[]> {
    return db.query<{ id: string; metrics: { key: string; value: number; step: number; timestamp: number }[] }>(
      'runs/latest-metrics-of',
      { ids },
    );
  },

  /** The recorded points of each metric, one row per metric id (runs/metric-history.cypher). */
  metricHistory(
    db: Queryable,
    metricIds: string[],
  ): Promise<{ metricId: string; points: { value: number; step: number; timestamp: number }[] }[]> {
    return db.query<{ metricId: string; points: { value: number; step: number; timestamp: number }[] }>(
      'runs/metric-history',
      { metricIds },
    );
  },
};
