import { createHash, randomUUID } from 'node:crypto';
import type { CatalogService } from '../catalog/catalog.service';
import { MnemoError } from '../platform/errors';
import { ids } from '../platform/ids';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import type { RunService } from '../runs/runs.service';
import { MlflowError } from './mlflow-errors';
import { parseRunFilter, parseRunOrder } from './search-filter';

/** Every experiment MLflow clients create lives in this project; MLflow's experiment id is its slug. */
export const MLFLOW_PROJECT = { id: 'project:mlflow', slug: 'mlflow', name: 'MLflow' };
/** MLflow's fluent API logs to experiment "0" when none was set. */
const DEFAULT_EXPERIMENT = { id: '0', name: 'Default' };
const ENDED = ['FINISHED', 'FAILED', 'KILLED'];

type KeyValue = { key: string; value: string };
export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp?: number | string;
  step?: number | string;
}

const experimentIdOf = (mlflowId: string) => ids.experiment(MLFLOW_PROJECT.slug, mlflowId);
const mlflowIdOf = (experimentId: string) => experimentId.slice(experimentIdOf('').length);
const runIdOf = (mlflowRunId: string) => `run:${mlflowRunId}`;
const millis = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : null);

/** MLflow sends "NaN" and infinities as strings. */
function metricValue(value: number | string): number {
  if (typeof value === 'number') return value;
  const number = value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : NaN;
  if (Number.isNaN(number) && value !== 'NaN') {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `metric value "${value}" is not a number`);
  }
  return number;
}

/** A slug from an MLflow experiment name; a short digest keeps different names apart when they slug alike. */
function slugOf(name: string): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 40);
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return base ? `${base}-${digest}` : `experiment-${digest}`;
}

/**
 * MLflow's tracking API mapped onto Mnemo's own services: the same write path, rules and audit
 * trail as the GraphQL mutations. Experiments become Experiments of the MLflow project; runs keep
 * MLflow's run id (`run:<uuid hex>`).
 */
export class MlflowService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly catalog: CatalogService,
    private readonly runs: RunService,
  ) {}

  async createExperiment(actor: string, body: { name?: string; tags?: KeyValue[] }) {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw new MlflowError('INVALID_PARAMETER_VALUE', 'Experiment name must be a non-empty string.');
    if (await this.experimentByName(name)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
    }
    await this.ensureProject(actor);
    const slug = slugOf(name);
    await this.catalog.registerAsset(actor, 'Experiment', { projectId: MLFLOW_PROJECT.id, slug, name });
    return { experiment_id: slug };
  }

  async getExperiment(actor: string, mlflowId: string | undefined) {
    if (!mlflowId) throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id is required.');
    const experiment = await this.experiment(actor, mlflowId);
    return { experiment: experimentView(experiment) };
  }

  async getExperimentByName(actor: string, name: string | undefined) {
    if (!name) throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_name is required.');
    const experiment =
      name === DEFAULT_EXPERIMENT.name
        ? await this.experiment(actor, DEFAULT_EXPERIMENT.id)
        : await this.experimentByName(name);
    if (!experiment) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'.`);
    return { experiment: experimentView(experiment) };
  }

  async searchExperiments(body: { max_results?: number | string; page_token?: string }) {
    const page = await this.catalog.page(
      'Experiment',
      { projectId: MLFLOW_PROJECT.id },
      Number(body.max_results ?? 1000) > 500 ? 500 : Number(body.max_results ?? 500),
      body.page_token || null,
    );
    return {
      experiments: page.nodes.map(experimentView),
      ...(page.hasNextPage ? { next_page_token: page.endCursor } : {}),
    };
  }

  async createRun(
    actor: string,
    body: { experiment_id?: string; run_name?: string; start_time?: number | string; tags?: KeyValue[] },
  ) {
    const experiment = await this.experiment(actor, body.experiment_id || DEFAULT_EXPERIMENT.id);
    const tags = body.tags ?? [];
    const name = body.run_name || tags.find((tag) => tag.key === 'mlflow.runName')?.value || null;
    const mlflowRunId = randomUUID().replace(/-/g, '');
    await this.runs.startRun(actor, {
      experimentId: experiment.id,
      id: runIdOf(mlflowRunId),
      name,
      tags: [
        ...tags.filter((tag) => tag.key !== 'mlflow.runName'),
        ...(name ? [{ key: 'mlflow.runName', value: name }] : []),
      ],
      startedAt: body.start_time === undefined ? null : new Date(Number(body.start_time)).toISOString(),
    });
    return { run: await this.run(mlflowRunId) };
  }

  async getRun(mlflowRunId: string | undefined) {
    return { run: await this.run(requireRunId(mlflowRunId)) };
  }

  async updateRun(
    actor: string,
    body: { run_id?: string; run_uuid?: string; status?: string; end_time?: number | string; run_name?: string },
  ) {
    const mlflowRunId = requireRunId(body.run_id ?? body.run_uuid);
    const before = await this.run(mlflowRunId);
    if (body.run_name)
      await this.runs.setTags(actor, runIdOf(mlflowRunId), [{ key: 'mlflow.runName', value: body.run_name }]);
    if (body.status && ENDED.includes(body.status) && before.info.status === 'RUNNING') {
      await this.runs.finishRun(actor, {
        runId: runIdOf(mlflowRunId),
        status: body.status,
        endedAt: body.end_time === undefined ? null : new Date(Number(body.end_time)).toISOString(),
      });
    }
    return { run_info: (await this.run(mlflowRunId)).info };
  }

  async logBatch(
    actor: string,
    body: { run_id?: string; run_uuid?: string; metrics?: MlflowMetric[]; params?: KeyValue[]; tags?: KeyValue[] },
  ) {
    const runId = runIdOf(requireRunId(body.run_id ?? body.run_uuid));
    const metrics = body.metrics ?? [];
    const params = body.params ?? [];
    const tags = body.tags ?? [];
    if (metrics.length > 1000 || params.length > 100 || tags.length > 100) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'A batch holds at most 1000 metrics, 100 params and 100 tags.');
    }
    // Converted before anything is written, so a bad value refuses the whole batch.
    const points = metrics.map((metric) => ({
      key: metric.key,
      value: metricValue(metric.value),
      step: metric.step === undefined ? 0 : Number(metric.step),
      timestamp: metric.timestamp === undefined ? null : Number(metric.timestamp),
    }));
    // Each part is its own audited transaction (the service's rules apply to each); params go first as
    // they are write-once, the likeliest to be refused, so a refused batch has usually written nothing.
    if (params.length) {
      await this.runs.logParams(
        actor,
        runId,
        params.map(({ key, value }) => ({ key, value: String(value) })),
      );
    }
    if (tags.length)
      await this.runs.setTags(
        actor,
        runId,
        tags.map(({ key, value }) => ({ key, value: String(value) })),
      );
    if (points.length) await this.runs.logMetrics(actor, runId, points);
    return {};
  }

  async metricHistory(mlflowRunId: string | undefined, key: string | undefined) {
    const runId = runIdOf(requireRunId(mlflowRunId));
    if (!key) throw new MlflowError('INVALID_PARAMETER_VALUE', 'metric_key is required.');
    await this.run(requireRunId(mlflowRunId));
    const [row] = await this.db.query<{ points: { value: number; step: number; timestamp: number }[] }>(
      'runs/metric-history',
      { metricIds: [ids.metric(runId, key)] },
    );
    return { metrics: (row?.points ?? []).map((point) => ({ key, ...point })) };
  }

  async searchRuns(body: {
    experiment_ids?: string[];
    filter?: string;
    max_results?: number | string;
    order_by?: string[];
    page_token?: string;
  }) {
    const experimentIds = body.experiment_ids ?? [];
    if (experimentIds.length > 1) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        'Searching several experiments at once is not supported yet; pass one.',
      );
    }
    const filter = parseRunFilter(body.filter);
    const page = await this.runs.page(
      {
        ...filter,
        experimentId: experimentIds[0] ? experimentIdOf(experimentIds[0]) : null,
        projectId: experimentIds[0] ? null : MLFLOW_PROJECT.id,
      },
      parseRunOrder(body.order_by),
      Math.min(Number(body.max_results ?? 500), 500),
      body.page_token || null,
    );
    const runs = await this.runViews(page.nodes.map((run) => run.id.slice('run:'.length)));
    return { runs, ...(page.hasNextPage ? { next_page_token: page.endCursor } : {}) };
  }

  private async run(mlflowRunId: string) {
    const [view] = await this.runViews([mlflowRunId]);
    if (!view) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${mlflowRunId}' not found.`);
    return view;
  }

  /** Runs in MLflow's shape, each with params, latest metrics and tags: four batched queries for any number. */
  private async runViews(mlflowRunIds: string[]) {
    const runIds = mlflowRunIds.map(runIdOf);
    const [entities, params, metrics, tags, experiments] = await Promise.all([
      this.db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids: runIds }),
      this.db.query<{ id: string; params: KeyValue[] }>('runs/params-of', { ids: runIds }),
      this.db.query<{ id: string; metrics: { key: string; value: number; step: number; timestamp: number }[] }>(
        'runs/latest-metrics-of',
        { ids: runIds },
      ),
      this.db.query<{ id: string; tags: KeyValue[] }>('runs/tags-of', { ids: runIds }),
      this.db.query<{ id: string; experiment: EntityRecord }>('runs/experiment-of', { ids: runIds }),
    ]);
    const byId = <T extends { id: string }>(rows: T[]) => new Map(rows.map((row) => [row.id, row]));
    const [paramsOf, metricsOf, tagsOf, experimentOf] = [byId(params), byId(metrics), byId(tags), byId(experiments)];
    const runs = new Map(entities.filter((row) => row.entity.kind === 'Run').map((row) => [row.entity.id, row.entity]));
    return runIds
      .filter((id) => runs.has(id))
      .map((id) => {
        const run = runs.get(id)!;
        const mlflowRunId = id.slice('run:'.length);
        const experimentId = mlflowIdOf(String(experimentOf.get(id)?.experiment.id ?? ''));
        const runTags = tagsOf.get(id)?.tags ?? [];
        return {
          info: {
            run_id: mlflowRunId,
            run_uuid: mlflowRunId,
            experiment_id: experimentId,
            run_name: runTags.find((tag) => tag.key === 'mlflow.runName')?.value ?? String(run.name ?? ''),
            user_id: runTags.find((tag) => tag.key === 'mlflow.user')?.value ?? '',
            status: String(run.status),
            start_time: millis(run.startedAt),
            ...(run.endedAt ? { end_time: millis(run.endedAt) } : {}),
            artifact_uri: `mlflow-artifacts:/${experimentId}/${mlflowRunId}/artifacts`,
            lifecycle_stage: 'active',
          },
          data: {
            metrics: (metricsOf.get(id)?.metrics ?? []).map(({ key, value, step, timestamp }) => ({
              key,
              value,
              step,
              timestamp,
            })),
            params: paramsOf.get(id)?.params ?? [],
            tags: runTags,
          },
          inputs: { dataset_inputs: [] },
        };
      });
  }

  private async experiment(actor: string, mlflowId: string): Promise<EntityRecord> {
    const [row] = await this.db.query<{ entity: EntityRecord }>('catalog/find-entities', {
      ids: [experimentIdOf(mlflowId)],
    });
    if (row?.entity.kind === 'Experiment') return row.entity;
    if (mlflowId === DEFAULT_EXPERIMENT.id) {
      await this.ensureProject(actor);
      await this.catalog
        .registerAsset(actor, 'Experiment', {
          projectId: MLFLOW_PROJECT.id,
          slug: DEFAULT_EXPERIMENT.id,
          name: DEFAULT_EXPERIMENT.name,
        })
        .catch(ignoreConflict);
      return this.experiment(actor, mlflowId);
    }
    throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No Experiment with id=${mlflowId} exists.`);
  }

  private async experimentByName(name: string): Promise<EntityRecord | null> {
    const [row] = await this.db.query<{ experiment: EntityRecord }>('mlflow/experiment-by-name', {
      projectId: MLFLOW_PROJECT.id,
      name,
    });
    return row?.experiment ?? null;
  }

  private async ensureProject(actor: string) {
    const [row] = await this.db.query('catalog/find-entities', { ids: [MLFLOW_PROJECT.id] });
    if (!row) {
      await this.catalog
        .createProject(actor, { slug: MLFLOW_PROJECT.slug, name: MLFLOW_PROJECT.name })
        .catch(ignoreConflict);
    }
  }
}

function experimentView(experiment: EntityRecord) {
  const id = mlflowIdOf(experiment.id);
  return {
    experiment_id: id,
    name: String(experiment.name),
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: 'active',
    creation_time: millis(experiment.createdAt),
    last_update_time: millis(experiment.createdAt),
    tags: [],
  };
}

function requireRunId(mlflowRunId: string | undefined): string {
  if (!mlflowRunId || !/^[A-Za-z0-9_-]{6,64}$/.test(mlflowRunId)) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `run_id must be a run id; got "${mlflowRunId ?? ''}".`);
  }
  return mlflowRunId;
}

/** Two clients creating the same thing at once: the other one won, which is what we wanted. */
function ignoreConflict(error: unknown) {
  if (!(error instanceof MnemoError && error.code === 'CONFLICT')) throw error;
}
