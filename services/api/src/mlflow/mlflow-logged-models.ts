import { randomUUID } from 'node:crypto';
import { readGuard } from '../access/read-access';
import { assertMayWrite } from '../access/roles';
import type { ArtifactService } from '../artifacts/artifacts.service';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { MlflowError } from './mlflow-errors';
import { experimentIdOf, MLFLOW_PROJECT, millis, projectIdOfRun, requireRunId, runIdOf } from './mlflow-ids';
import { mlflowRepository } from './mlflow.repository';
import { type OrderKey, parseFilter, parseOrderBy, type SearchGrammar, searchedInApi } from './search-filter';

type KeyValue = { key: string; value: string };

/** What MLflow knows of a logged model beyond the Artifact node: kept as the artifact's attributes. */
interface LoggedModelAttributes {
  modelId: string;
  experimentId: string;
  name: string;
  sourceRunId: string;
  status: string;
  modelType: string;
  tags: KeyValue[];
  params: KeyValue[];
}

const MODEL_ID = /^m-[0-9a-f]{32}$/;
export const loggedModelArtifactId = (modelId: string) => `artifact:mlflow-model/${modelId}`;

/**
 * MLflow 3's logged models (`mlflow.<flavor>.log_model`): each is an Artifact GENERATED_BY the run
 * that logged it, its files in the artifact store under `<experiment>/models/<model id>/artifacts`.
 */
export class MlflowLoggedModels {
  constructor(
    private readonly db: GraphDatabase,
    private readonly artifacts: ArtifactService,
  ) {}

  async create(
    actor: string,
    body: {
      experiment_id?: string;
      name?: string;
      source_run_id?: string;
      model_type?: string;
      tags?: KeyValue[];
      params?: KeyValue[];
    },
  ) {
    if (!body.source_run_id) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        'Mnemo records a logged model as the output of a run; log it inside a run (source_run_id is required).',
      );
    }
    const sourceRunId = requireRunId(body.source_run_id);
    const modelId = `m-${randomUUID().replace(/-/g, '')}`;
    const experimentId = String(body.experiment_id ?? '');
    const attributes: LoggedModelAttributes = {
      modelId,
      experimentId,
      name: body.name || 'model',
      sourceRunId,
      status: 'LOGGED_MODEL_PENDING',
      modelType: body.model_type ?? '',
      tags: body.tags ?? [],
      params: body.params ?? [],
    };
    const artifact = await this.save(actor, attributes);
    return { model: view(artifact) };
  }

  async get(modelId: string) {
    const model = await this.find(modelId);
    await readGuard(this.db).assertReadable(model.id);
    return { model: view(model) };
  }

  async finalize(actor: string, modelId: string, body: { status?: string }) {
    const status = body.status ?? '';
    if (!['LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'].includes(status)) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        `status must be LOGGED_MODEL_READY or LOGGED_MODEL_UPLOAD_FAILED.`,
      );
    }
    const current = attributesOf(await this.find(modelId));
    return { model: view(await this.save(actor, { ...current, status })) };
  }

  async setTags(actor: string, modelId: string, body: { tags?: KeyValue[] }) {
    const current = attributesOf(await this.find(modelId));
    await this.save(actor, { ...current, tags: merge(current.tags, body.tags ?? []) });
    return {};
  }

  async deleteTag(actor: string, modelId: string, key: string) {
    const current = attributesOf(await this.find(modelId));
    await this.save(actor, { ...current, tags: current.tags.filter((tag) => tag.key !== key) });
    return {};
  }

  async logParams(actor: string, modelId: string, body: { params?: KeyValue[] }) {
    const current = attributesOf(await this.find(modelId));
    await this.save(actor, { ...current, params: merge(current.params, body.params ?? []) });
    return {};
  }

  /** `runs/outputs`: the run's logged models are already its outputs (GENERATED_BY); checks they are. */
  /** Writes nothing (a logged model already names its run) but is a write: it needs what logging the model did. */
  async logRunOutputs(body: { run_id?: string; models?: { model_id: string }[] }) {
    const runId = requireRunId(body.run_id);
    assertMayWrite({
      action: 'artifact.recorded',
      entityId: runIdOf(runId),
      entityKind: 'Run',
      // The run's project (an unknown run: MLflow's, and the models below are then not found).
      projectId: (await projectIdOfRun(this.db, runId)) ?? MLFLOW_PROJECT.id,
    });
    for (const { model_id: modelId } of body.models ?? []) {
      const model = attributesOf(await this.find(modelId));
      if (model.sourceRunId !== runId) {
        throw new MlflowError(
          'INVALID_PARAMETER_VALUE',
          `Logged model ${modelId} was logged by run ${model.sourceRunId}; Mnemo records one generating run per model.`,
        );
      }
    }
    return {};
  }

  /**
   * MLflow's search_logged_models: the filter grammar every MLflow search reads (attributes, params,
   * tags; a metric clause finds nothing, as no metric is logged against a model here), order_by as
   * the client sends it (`{field_name, ascending}`; default newest first), offset page tokens.
   */
  async search(body: {
    experiment_ids?: string[];
    filter?: string;
    max_results?: number | string;
    order_by?: { field_name?: string; ascending?: boolean }[];
    page_token?: string;
  }) {
    const clauses = parseFilter(body.filter, LOGGED_MODEL_GRAMMAR);
    const order = parseOrderBy(
      (Array.isArray(body.order_by) ? body.order_by : []).map(
        (key) => `${String(key?.field_name ?? '')}${key?.ascending === false ? ' DESC' : ''}`,
      ),
      LOGGED_MODEL_GRAMMAR,
    );
    const loggedModels = await mlflowRepository.loggedModels(
      this.db,
      (body.experiment_ids ?? []).map((id) => experimentIdOf(String(id))),
    );
    const views = loggedModels.map((model) => view(model));
    const { page, next } = searchedInApi(
      views,
      { clauses, order: [...(order.length ? order : NEWEST_FIRST), BY_ID], valueOf },
      body,
      100,
      1000,
    );
    return { models: page, ...next };
  }

  /** The model's artifact folder, for the registry's download URI. */
  async artifactUri(modelId: string): Promise<{ uri: string; sourceRunId: string }> {
    const model = await this.find(modelId);
    return { uri: String(model.uri), sourceRunId: attributesOf(model).sourceRunId };
  }

  private async find(modelId: string): Promise<EntityRecord> {
    const found = MODEL_ID.test(modelId) ? await this.artifacts.find(loggedModelArtifactId(modelId)) : null;
    if (!found) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Logged model ${modelId} not found.`);
    return found;
  }

  private save(actor: string, attributes: LoggedModelAttributes) {
    return this.artifacts.record(actor, {
      id: loggedModelArtifactId(attributes.modelId),
      runId: runIdOf(attributes.sourceRunId),
      path: `models/${attributes.modelId}`,
      uri: `mlflow-artifacts:/${attributes.experimentId}/models/${attributes.modelId}/artifacts`,
      format: 'mlflow-model',
      attributes: { ...attributes },
    });
  }
}

function attributesOf(artifact: EntityRecord): LoggedModelAttributes {
  return JSON.parse(String(artifact.attributes)) as LoggedModelAttributes;
}

function view(artifact: EntityRecord) {
  const model = attributesOf(artifact);
  return {
    info: {
      model_id: model.modelId,
      experiment_id: model.experimentId,
      name: model.name,
      creation_timestamp_ms: millis(artifact.createdAt),
      last_updated_timestamp_ms: millis(artifact.updatedAt ?? artifact.createdAt),
      artifact_uri: String(artifact.uri),
      status: model.status,
      model_type: model.modelType,
      source_run_id: model.sourceRunId,
      tags: model.tags,
    },
    data: { params: model.params },
  };
}

function merge(current: KeyValue[], changes: KeyValue[]): KeyValue[] {
  const merged = new Map(current.map((kv) => [kv.key, kv.value]));
  for (const { key, value } of changes) merged.set(key, String(value));
  return [...merged].map(([key, value]) => ({ key, value }));
}

const LOGGED_MODEL_GRAMMAR: SearchGrammar = {
  what: 'logged models',
  numericAttributes: ['creation_timestamp', 'last_updated_timestamp'],
  stringAttributes: ['name', 'model_id', 'model_type', 'status', 'source_run_id'],
  aliases: { creation_time: 'creation_timestamp', last_updated_time: 'last_updated_timestamp' },
  entities: ['param', 'tag', 'metric'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE'],
};

const NEWEST_FIRST: OrderKey[] = [{ entity: 'attribute', key: 'creation_timestamp', descending: true }];
const BY_ID: OrderKey = { entity: 'attribute', key: 'model_id', descending: false };

/** A logged model's value of a key: an attribute (its info field, timestamps in ms), a param's or a tag's. */
function valueOf({ info, data }: ReturnType<typeof view>, { entity, key }: { entity: string; key: string }) {
  if (entity === 'param') return data.params.find((param) => param.key === key)?.value ?? null;
  if (entity === 'tag') return info.tags.find((tag) => tag.key === key)?.value ?? null;
  if (entity === 'metric') return null;
  const field = key.endsWith('_timestamp') ? `${key}_ms` : key;
  return ((info as Record<string, unknown>)[field] as string | number | null | undefined) ?? null;
}
