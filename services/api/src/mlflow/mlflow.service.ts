import { randomUUID } from 'node:crypto';
import { generatedRunName } from './run-names';
import { assertMayReadProject, currentReadScope, readGuard } from '../access/read-access';
import type { CatalogService } from '../catalog/catalog.service';
import { columnsFromMlflow } from '../drift/schema';
import { ignoreConflict, MnemoError } from '../platform/errors';
import { ids, slugOf as slugOfId } from '../platform/ids';
import { cutToCharacters, LIMITS } from '../platform/validation';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import type { Services } from '../context';
import type { RunService } from '../runs/runs.service';
import { VERSION_SPECS, type VersionService } from '../versions/versions.service';
import { MlflowError } from './mlflow-errors';
import {
  experimentIdOf,
  millis,
  MLFLOW_PROJECT,
  mlflowIdOf,
  mlflowRunIdOf,
  PROJECT_TAG,
  projectIdOfExperiment,
  projectIdOfRun,
  projectPrefixOf,
  requireRunId,
  runIdOf,
  sha256,
  slugOf,
} from './mlflow-ids';
import {
  compiledSearch,
  type IndexedKey,
  databasePage,
  type OrderKey,
  parseFilter,
  parseOrderBy,
  type SearchGrammar,
} from './search-filter';
import type { EntityTagService } from '../catalog/entity-tags.service';
import { catalogRepository } from '../catalog/catalog.repository';
import { runsRepository } from '../runs/runs.repository';
import { type DatasetInputRow, mlflowRepository } from './mlflow.repository';

/** MLflow's fluent API logs to experiment "0" when none was set. */
const DEFAULT_EXPERIMENT = { id: '0', name: 'Default' };
const ENDED = ['FINISHED', 'FAILED', 'KILLED'];

type KeyValue = { key: string; value: string };
export interface MlflowDatasetInput {
  tags?: KeyValue[];
  dataset: { name: string; digest: string; source_type?: string; source?: string; schema?: string; profile?: string };
}
export interface MlflowMetric {
  key: string;
  value: number | string;
  timestamp?: number | string;
  step?: number | string;
}

/** MLflow sends "NaN" and infinities as strings. */
function metricValue(value: number | string): number {
  if (typeof value === 'number') return value;
  const number = value === 'NaN' ? NaN : value === 'Infinity' ? Infinity : value === '-Infinity' ? -Infinity : NaN;
  if (Number.isNaN(number) && value !== 'NaN') {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `metric value "${value}" is not a number`);
  }
  return number;
}

/**
 * MLflow's tracking API mapped onto Mnemo's own services: the same write path, rules and audit
 * trail as the GraphQL mutations. Experiments become Experiments of the project the client names
 * (the `mnemo.project` tag, or a `<project>/…` name), else of the MLflow project; runs keep MLflow's
 * run id (`run:<uuid hex>`) and belong to their experiment's project, and so do the datasets they log.
 */
export class MlflowService {
  private readonly catalog: CatalogService;
  private readonly runs: RunService;
  private readonly versions: VersionService;
  private readonly entityTags: EntityTagService;

  constructor(
    private readonly db: GraphDatabase,
    services: Services,
  ) {
    this.catalog = services.catalog;
    this.runs = services.runs;
    this.versions = services.versions;
    this.entityTags = services.entityTags;
  }

  /**
   * Searching through MLflow needs a role in a project it shows: MLflow's own, or any project holding
   * experiments (the lists then leave out what the caller may not read). A caller with none is
   * refused on MLflow's project (PERMISSION_DENIED, audited) rather than shown empty lists.
   */
  async assertMayList(): Promise<void> {
    const scope = currentReadScope();
    if (scope.all || scope.readableProjectIds.includes(MLFLOW_PROJECT.id)) return;
    if (scope.readerId && scope.readableProjectIds.length > 0) {
      const [found] = await mlflowRepository.projectsWithExperiments(this.db, scope.readableProjectIds);
      if (found) return;
    }
    await assertMayReadProject(this.db, MLFLOW_PROJECT.id);
  }

  async createExperiment(actor: string, body: { name?: string; tags?: KeyValue[] }) {
    const name = typeof body.name === 'string' ? body.name.trim() : '';
    if (!name) throw new MlflowError('INVALID_PARAMETER_VALUE', 'Experiment name must be a non-empty string.');
    const project = await this.projectFor(name, body.tags ?? []);
    if (await this.experimentIn(project.id, name)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
    }
    if (project.id === MLFLOW_PROJECT.id) await this.ensureProject(actor);
    // `churn/xgb-tuning` in project:churn: its slug leaves out the project it already names.
    const slug = slugOf(project.rest);
    await this.catalog
      .registerAsset(actor, 'Experiment', { projectId: project.id, slug, name })
      .catch(async (error) => {
        // Created meanwhile by a concurrent request (another replica): MLflow's answer for an existing name.
        // (A uniqueness constraint the database enforced goes on as it is: its transaction is over.)
        if (error instanceof MnemoError && error.code === 'CONFLICT' && (await this.experimentIn(project.id, name))) {
          throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
        }
        throw error;
      });
    const experimentId = ids.experiment(project.slug, slug);
    // The project tag is where the experiment lives, shown from its id; the others are stored.
    const own = (body.tags ?? []).filter((tag) => tag?.key !== PROJECT_TAG);
    await this.entityTags.setTags(actor, experimentId, ['Experiment'], own.map(stringTag));
    return { experiment_id: mlflowIdOf(experimentId) };
  }

  async setExperimentTag(actor: string, body: { experiment_id?: string; key?: string; value?: string }) {
    if (!body.experiment_id || !body.key) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id and key are required.');
    }
    const experiment = await this.experiment(actor, body.experiment_id);
    if (body.key === PROJECT_TAG) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `${PROJECT_TAG} is where the experiment lives; it cannot be changed.`,
      );
    }
    await this.entityTags.setTags(
      actor,
      experiment.id,
      ['Experiment'],
      [stringTag({ key: body.key, value: body.value ?? '' })],
    );
    return {};
  }

  async deleteExperimentTag(actor: string, body: { experiment_id?: string; key?: string }) {
    if (!body.experiment_id || !body.key) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id and key are required.');
    }
    const experiment = await this.experiment(actor, body.experiment_id);
    await this.entityTags.deleteTag(actor, experiment.id, ['Experiment'], body.key);
    return {};
  }

  private async experimentViewOf(experiment: EntityRecord) {
    const tags = await this.entityTags.tagsOf([experiment.id]);
    return experimentView(experiment, tags.get(experiment.id) ?? []);
  }

  /**
   * The project a new experiment goes into: the one its `mnemo.project` tag names (it must exist),
   * else the one its name starts with (`churn/xgb-tuning`, when project:churn exists), else MLflow's.
   * `rest` is the name without a prefix naming that project.
   */
  private async projectFor(name: string, tags: KeyValue[]): Promise<{ id: string; slug: string; rest: string }> {
    const prefix = projectPrefixOf(name);
    const tagged = tags.find((tag) => tag?.key === PROJECT_TAG)?.value;
    if (tagged !== undefined) {
      const slug = String(tagged)
        .trim()
        .replace(/^project:/, '');
      if (slug !== MLFLOW_PROJECT.slug && !(await this.projectExists(ids.project(slug)))) {
        throw new MlflowError(
          'INVALID_PARAMETER_VALUE',
          `The ${PROJECT_TAG} tag names project "${String(tagged)}", which does not exist; create it first or leave the tag out.`,
        );
      }
      return { id: ids.project(slug), slug, rest: prefix?.slug === slug ? prefix.rest : name };
    }
    if (prefix && prefix.slug !== MLFLOW_PROJECT.slug && (await this.projectExists(ids.project(prefix.slug)))) {
      return { id: ids.project(prefix.slug), slug: prefix.slug, rest: prefix.rest };
    }
    return { ...MLFLOW_PROJECT, rest: name };
  }

  private async projectExists(projectId: string): Promise<boolean> {
    const entity = await catalogRepository.findOne(this.db, projectId);
    return entity?.kind === 'Project';
  }

  async getExperiment(actor: string, mlflowId: string | undefined) {
    if (!mlflowId) throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id is required.');
    const experiment = await this.experiment(actor, mlflowId);
    return { experiment: await this.experimentViewOf(experiment) };
  }

  async getExperimentByName(actor: string, name: string | undefined) {
    if (!name) throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_name is required.');
    const experiment =
      name === DEFAULT_EXPERIMENT.name
        ? await this.experiment(actor, DEFAULT_EXPERIMENT.id)
        : await this.experimentByName(name);
    if (!experiment) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Could not find experiment with name '${name}'.`);
    await readGuard(this.db).assertReadable(experiment.id);
    return { experiment: await this.experimentViewOf(experiment) };
  }

  /**
   * MLflow's search_experiments over the experiments of every project the caller may read: filter
   * (name, tags, times), order_by (default: newest first), view type and offset page tokens.
   */
  async searchExperiments(body: {
    max_results?: number | string;
    page_token?: string;
    view_type?: string | number;
    filter?: string;
    order_by?: string[] | string;
  }) {
    const order = parseOrderBy(body.order_by, EXPERIMENT_GRAMMAR);
    const page = databasePage(body, 1000, 50_000);
    const rows = await mlflowRepository.searchExperiments(this.db, {
      ...compiledSearch(
        parseFilter(body.filter, EXPERIMENT_GRAMMAR),
        order.length ? order : NEWEST_FIRST,
        EXPERIMENT_INDEXES,
      ),
      archived: archivedFilter(body.view_type),
      offset: page.offset,
      limit: page.limit,
    });
    const { page: found, next } = page.cut(rows);
    return { experiments: found.map((row) => experimentView(row.experiment, row.tags)), ...next };
  }

  async createRun(
    actor: string,
    body: { experiment_id?: string; run_name?: string; start_time?: number | string; tags?: KeyValue[] },
  ) {
    const experiment = await this.experiment(actor, body.experiment_id || DEFAULT_EXPERIMENT.id);
    const tags = body.tags ?? [];
    const name = body.run_name || tags.find((tag) => tag.key === 'mlflow.runName')?.value || generatedRunName();
    const mlflowRunId = randomUUID().replace(/-/g, '');
    await this.runs.startRun(actor, {
      experimentId: experiment.id,
      id: runIdOf(mlflowRunId),
      name,
      tags: [...tags.filter((tag) => tag.key !== 'mlflow.runName'), { key: 'mlflow.runName', value: name }],
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
    // Resuming an ended run (the client's start_run(run_id=...)) makes it RUNNING again.
    if (body.status === 'RUNNING' && before.info.status !== 'RUNNING') {
      await this.runs.resumeRun(actor, runIdOf(mlflowRunId));
    }
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
    // One transaction with one audit event: a refused part refuses the whole batch, as in MLflow.
    await this.runs.logBatch(actor, runId, {
      // A longer value is cut to MLflow's limit, as its server does (MLFLOW_TRUNCATE_LONG_VALUES, on by default).
      params: params.map(({ key, value }) => ({ key, value: cutToCharacters(String(value), LIMITS.paramValue) })),
      tags: tags.map(({ key, value }) => ({ key, value: cutToCharacters(String(value), LIMITS.tagValue) })),
      metrics: points,
    });
    return {};
  }

  /**
   * `mlflow.log_input`: each dataset becomes a version of a Dataset in the MLflow project (its label
   * MLflow's digest), USED by the run in the role of its `mlflow.data.context` tag.
   */
  async logInputs(actor: string, body: { run_id?: string; datasets?: MlflowDatasetInput[] }) {
    const mlflowRunId = requireRunId(body.run_id);
    const runId = runIdOf(mlflowRunId);
    const datasets = body.datasets ?? [];
    if (!Array.isArray(datasets) || datasets.length > 100) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'datasets must be a list of at most 100 dataset inputs.');
    }
    // The datasets go into the run's project: written by those who may write the run.
    const projectId = await projectIdOfRun(this.db, mlflowRunId);
    if (!projectId) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${mlflowRunId}' not found.`);
    const inputs: { versionId: string; role: string | null }[] = [];
    for (const [i, input] of datasets.entries()) {
      const dataset = input?.dataset;
      if (!dataset?.name || !dataset.digest) {
        throw new MlflowError('INVALID_PARAMETER_VALUE', `datasets[${i}] needs a dataset with a name and a digest.`);
      }
      const version = await this.datasetVersion(actor, projectId, dataset);
      const role = input.tags?.find((tag) => tag.key === 'mlflow.data.context')?.value ?? null;
      inputs.push({ versionId: version, role });
    }
    if (inputs.length) await this.runs.recordInputs(actor, runId, inputs);
    return {};
  }

  /** The DatasetVersion standing for an MLflow dataset in a project, registered on first sight. */
  private async datasetVersion(
    actor: string,
    projectId: string,
    dataset: MlflowDatasetInput['dataset'],
  ): Promise<string> {
    if (projectId === MLFLOW_PROJECT.id) await this.ensureProject(actor);
    const slug = slugOf(dataset.name, 'dataset');
    const datasetId = ids.dataset(slugOfId(projectId), slug);
    const label = dataset.digest.replace(/[^A-Za-z0-9._+-]/g, '-');
    const versionId = ids.version(datasetId, label);
    const known = await catalogRepository.findOne(this.db, versionId);
    if (known) return versionId;
    await this.catalog.registerAsset(actor, 'Dataset', { projectId, slug, name: dataset.name }).catch(ignoreConflict);
    const profile = parseJson(dataset.profile);
    await this.versions
      .register(actor, VERSION_SPECS.DatasetVersion, {
        parentId: datasetId,
        version: label,
        // MLflow's digest is 8 hex characters of a hash of the data; this keeps it, as a sha256, with the name.
        digest: sha256('mlflow-dataset', dataset.name, dataset.digest),
        uri: sourceUri(dataset) ?? null,
        rowCount: typeof profile?.num_rows === 'number' ? profile.num_rows : null,
        schema: columnsFromMlflow(dataset.schema),
      })
      .catch(ignoreConflict);
    return versionId;
  }

  /** `runs/delete` and `runs/restore`: MLflow's soft delete, an archived run in Mnemo (lineage keeps it). */
  async setRunDeleted(actor: string, mlflowRunId: string | undefined, deleted: boolean) {
    await this.catalog.setArchived(actor, runIdOf(requireRunId(mlflowRunId)), ['Run'], deleted);
    return {};
  }

  async deleteTag(actor: string, body: { run_id?: string; key?: string }) {
    if (!body.key) throw new MlflowError('INVALID_PARAMETER_VALUE', 'key is required.');
    await this.runs.deleteTag(actor, runIdOf(requireRunId(body.run_id)), body.key);
    return {};
  }

  async setExperimentDeleted(actor: string, mlflowId: string | undefined, deleted: boolean) {
    if (!mlflowId) throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id is required.');
    if (mlflowId === DEFAULT_EXPERIMENT.id && deleted) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'The Default experiment cannot be deleted.');
    }
    await this.catalog.setArchived(actor, experimentIdOf(mlflowId), ['Experiment'], deleted);
    return {};
  }

  async renameExperiment(actor: string, body: { experiment_id?: string; new_name?: string }) {
    const name = typeof body.new_name === 'string' ? body.new_name.trim() : '';
    if (!body.experiment_id || !name) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', 'experiment_id and new_name are required.');
    }
    const experimentId = experimentIdOf(body.experiment_id);
    const existing = await this.experimentIn(projectIdOfExperiment(experimentId), name);
    if (existing && existing.id !== experimentId) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Experiment(name=${name}) already exists.`);
    }
    await this.catalog.rename(actor, experimentId, ['Experiment'], name);
    return {};
  }

  async metricHistory(mlflowRunId: string | undefined, key: string | undefined) {
    const runId = runIdOf(requireRunId(mlflowRunId));
    if (!key) throw new MlflowError('INVALID_PARAMETER_VALUE', 'metric_key is required.');
    await this.run(requireRunId(mlflowRunId));
    const [row] = await runsRepository.metricHistory(this.db, [ids.metric(runId, key)]);
    // In MLflow's order: by time, then step, then value (Mnemo's own lists by step first).
    const points = [...(row?.points ?? [])].sort(
      (a, b) => a.timestamp - b.timestamp || a.step - b.step || a.value - b.value,
    );
    return { metrics: points.map((point) => ({ key, ...point })) };
  }

  /**
   * MLflow's search_runs over one or several experiments (none: every readable one): the whole filter
   * grammar and order_by compiled into one parameterised query, offset page tokens as MLflow's own.
   */
  async searchRuns(body: {
    experiment_ids?: string[];
    filter?: string;
    max_results?: number | string;
    order_by?: string[];
    page_token?: string;
    run_view_type?: string | number;
  }) {
    const experimentIds = (body.experiment_ids ?? []).map((id) => experimentIdOf(String(id)));
    for (const id of experimentIds) await readGuard(this.db).assertReadable(id);
    const clauses = parseFilter(body.filter, RUN_GRAMMAR);
    const search = compiledSearch(clauses, parseOrderBy(body.order_by, RUN_GRAMMAR), RUN_INDEXES);
    const page = databasePage(body, 1000, 50_000);
    const named = clauses.find(
      (c) => c.entity === 'attribute' && c.key === 'run_id' && (c.op === '=' || c.op === 'IN'),
    );
    const ids = await mlflowRepository.searchRuns(this.db, {
      ...search,
      experimentIds,
      runIds: named ? [named.value].flat().map((id) => runIdOf(String(id))) : null,
      archived: archivedFilter(body.run_view_type),
      offset: page.offset,
      limit: page.limit,
    });
    const { page: found, next } = page.cut(ids);
    return { runs: await this.runViews(found.map(mlflowRunIdOf)), ...next };
  }

  private async run(mlflowRunId: string) {
    await readGuard(this.db).assertReadable(runIdOf(mlflowRunId));
    const [view] = await this.runViews([mlflowRunId]);
    if (!view) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Run '${mlflowRunId}' not found.`);
    return view;
  }

  /** Runs in MLflow's shape, each with params, latest metrics and tags: one query for any number, in their order. */
  private async runViews(mlflowRunIds: string[]) {
    const runIds = mlflowRunIds.map(runIdOf);
    const rows = new Map((await mlflowRepository.runViews(this.db, runIds)).map((row) => [row.id, row]));
    return runIds
      .filter((id) => rows.has(id))
      .map((id) => {
        const { run, params, metrics, tags, experimentId: experiment, datasets, modelIds } = rows.get(id)!;
        const mlflowRunId = id.slice('run:'.length);
        const experimentId = mlflowIdOf(String(experiment ?? ''));
        return {
          info: {
            run_id: mlflowRunId,
            run_uuid: mlflowRunId,
            experiment_id: experimentId,
            run_name: tags.find((tag) => tag.key === 'mlflow.runName')?.value ?? String(run.name ?? ''),
            user_id: tags.find((tag) => tag.key === 'mlflow.user')?.value ?? '',
            status: String(run.status),
            start_time: millis(run.startedAt),
            ...(run.endedAt ? { end_time: millis(run.endedAt) } : {}),
            artifact_uri: `mlflow-artifacts:/${experimentId}/${mlflowRunId}/artifacts`,
            lifecycle_stage: run.archivedAt ? 'deleted' : 'active',
          },
          data: {
            metrics: metrics.map(({ key, value, step, timestamp }) => ({ key, value, step, timestamp })),
            params,
            tags,
          },
          inputs: { dataset_inputs: datasets.map(datasetInputView) },
          outputs: {
            model_outputs: modelIds.map((modelId) => ({
              model_id: modelId.slice(modelId.lastIndexOf('/') + 1),
              step: 0,
            })),
          },
        };
      });
  }

  private async experiment(actor: string, mlflowId: string): Promise<EntityRecord> {
    const found = await catalogRepository.findOne(this.db, experimentIdOf(mlflowId));
    if (found?.kind === 'Experiment') {
      await readGuard(this.db).assertReadable(found.id);
      return found;
    }
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

  /** The experiment of a name in one project (names are unique within a project). */
  private async experimentIn(projectId: string, name: string): Promise<EntityRecord | null> {
    return mlflowRepository.experimentByName(this.db, projectId, name);
  }

  /**
   * The experiment an MLflow name means, when several projects hold one of that name: the one in the
   * project the name starts with (`churn/…`), else MLflow's own, else the first by project id;
   * among those, one the caller may read before one it may not (which then answers FORBIDDEN).
   */
  private async experimentByName(name: string): Promise<EntityRecord | null> {
    const rows = await mlflowRepository.experimentsByName(this.db, name);
    const scope = currentReadScope();
    const prefix = projectPrefixOf(name);
    const rank = ({ projectId }: { projectId: string }) =>
      (scope.all || scope.readableProjectIds.includes(projectId) ? 0 : 4) +
      (prefix && projectId === ids.project(prefix.slug) ? 0 : projectId === MLFLOW_PROJECT.id ? 1 : 2);
    const [best] = [...rows].sort((a, b) => rank(a) - rank(b) || a.projectId.localeCompare(b.projectId));
    return best?.experiment ?? null;
  }

  async ensureProject(actor: string) {
    const found = await catalogRepository.findOne(this.db, MLFLOW_PROJECT.id);
    if (!found) {
      await this.catalog
        .createProjectImplicitly(actor, { slug: MLFLOW_PROJECT.slug, name: MLFLOW_PROJECT.name })
        .catch(ignoreConflict);
    }
  }
}

const EXPERIMENT_GRAMMAR: SearchGrammar = {
  what: 'experiments',
  numericAttributes: ['creation_time', 'last_update_time'],
  stringAttributes: ['name', 'experiment_id'],
  entities: ['tag'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
};

const RUN_GRAMMAR: SearchGrammar = {
  what: 'runs',
  numericAttributes: ['start_time', 'end_time'],
  stringAttributes: ['run_id', 'run_name', 'status', 'user_id', 'artifact_uri'],
  aliases: {
    created: 'start_time',
    Created: 'start_time',
    'run name': 'run_name',
    'Run name': 'run_name',
    'Run Name': 'run_name',
  },
  entities: ['param', 'tag', 'metric', 'dataset'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'],
  listAttributes: ['run_id'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
};

/** What search-experiments.cypher seeks by index: the name, and stored tags (not the project's, which is none). */
const EXPERIMENT_INDEXES: IndexedKey = (entity, key) =>
  (entity === 'attribute' && key === 'name') || (entity === 'tag' && key !== PROJECT_TAG);

/** What search-runs.cypher seeks by index (besides run ids): tags and params, by key and value. */
const RUN_INDEXES: IndexedKey = (entity) => entity === 'tag' || entity === 'param';

const stringTag = (tag: KeyValue) => ({ key: String(tag.key), value: String(tag.value ?? '') });

const NEWEST_FIRST: OrderKey[] = [{ entity: 'attribute', key: 'creation_time', descending: true }];

function experimentView(experiment: EntityRecord, tags: KeyValue[]) {
  const id = mlflowIdOf(experiment.id);
  const projectId = projectIdOfExperiment(experiment.id);
  return {
    experiment_id: id,
    name: String(experiment.name),
    artifact_location: `mlflow-artifacts:/${id}`,
    lifecycle_stage: experiment.archivedAt ? 'deleted' : 'active',
    creation_time: millis(experiment.createdAt),
    last_update_time: millis(experiment.createdAt),
    tags: [...(projectId === MLFLOW_PROJECT.id ? [] : [{ key: PROJECT_TAG, value: slugOfId(projectId) }]), ...tags],
  };
}

/** MLflow's ViewType: ACTIVE_ONLY (the default) hides deleted things, DELETED_ONLY shows only them. */
function archivedFilter(viewType: string | number | undefined): boolean | null {
  const type = String(viewType ?? 'ACTIVE_ONLY');
  if (type === 'ALL' || type === '3') return null;
  return type === 'DELETED_ONLY' || type === '2';
}

/** A used dataset version as MLflow's DatasetInput. */
function datasetInputView(row: DatasetInputRow) {
  return {
    tags: row.role ? [{ key: 'mlflow.data.context', value: row.role }] : [],
    dataset: {
      name: row.name,
      digest: row.digest,
      source_type: row.uri?.includes('://') ? row.uri.slice(0, row.uri.indexOf('://')) : 'local',
      source: sourceJson(row.uri ?? ''),
      ...(row.rowCount !== null && row.rowCount !== undefined
        ? { profile: JSON.stringify({ num_rows: row.rowCount }) }
        : {}),
    },
  };
}

/** A dataset source as MLflow's client writes it (Python's json.dumps): `url` for HTTP sources, else `uri`. */
function sourceJson(uri: string): string {
  return `{"${/^https?:\/\//.test(uri) ? 'url' : 'uri'}": ${JSON.stringify(uri)}}`;
}

function parseJson(text: string | undefined): Record<string, unknown> | null {
  try {
    const value: unknown = text ? JSON.parse(text) : null;
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** MLflow sends a dataset's source as JSON (`{"uri": "s3://..."}`); the URI is what lineage readers want. */
function sourceUri(dataset: MlflowDatasetInput['dataset']): string | undefined {
  const source = parseJson(dataset.source);
  for (const key of ['uri', 'url', 'path', 'table_name']) {
    if (typeof source?.[key] === 'string') return String(source[key]).slice(0, 2000);
  }
  return undefined;
}
