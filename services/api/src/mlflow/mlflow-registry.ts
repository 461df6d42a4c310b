import type { CatalogService } from '../catalog/catalog.service';
import { readGuard } from '../access/read-access';
import type { ModelAliasService } from '../models/model-aliases.service';
import type { Services } from '../context';
import { MnemoError } from '../platform/errors';
import { ids } from '../platform/ids';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { VERSION_SPECS, type VersionService } from '../versions/versions.service';
import { MlflowError } from './mlflow-errors';
import type { MlflowLoggedModels } from './mlflow-logged-models';
import { millis, MLFLOW_PROJECT, mlflowIdOf, mlflowRunIdOf, requireRunId, runIdOf, sha256, slugOf } from './mlflow-ids';
import { modelsRepository } from '../models/models.repository';
import { runsRepository } from '../runs/runs.repository';
import { mlflowRepository, type VersionRow } from './mlflow.repository';
import type { EntityTagService } from '../catalog/entity-tags.service';
import { type Stage, STAGES, type ModelStageService } from '../models/model-stages.service';
import {
  type Clause,
  compiledSearch,
  type IndexedKey,
  databasePage,
  parseFilter,
  parseOrderBy,
  type SearchGrammar,
} from './search-filter';

type Tag = { key: string; value: string };
type TagsOf = Map<string, Tag[]>;

/**
 * MLflow's model registry on Mnemo's catalog: a registered model is a `Model` of the MLflow project,
 * each model version a `ModelVersion` GENERATED_BY the run that trained it; aliases point at versions.
 */
/** What MLflow's registry searches send. */
interface RegistrySearch {
  filter?: string;
  max_results?: number | string;
  order_by?: string[] | string;
  page_token?: string;
}

export class MlflowRegistry {
  private readonly catalog: CatalogService;
  private readonly versions: VersionService;
  private readonly aliases: ModelAliasService;
  private readonly entityTags: EntityTagService;
  private readonly stages: ModelStageService;

  constructor(
    private readonly db: GraphDatabase,
    services: Services,
    private readonly loggedModels: MlflowLoggedModels,
    private readonly ensureProject: (actor: string) => Promise<void>,
  ) {
    this.catalog = services.catalog;
    this.versions = services.versions;
    this.aliases = services.modelAliases;
    this.entityTags = services.entityTags;
    this.stages = services.modelStages;
  }

  async createRegisteredModel(actor: string, body: { name?: string; description?: string; tags?: Tag[] }) {
    const name = requireName(body.name);
    if (await this.modelByName(name)) {
      throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
    }
    await this.ensureProject(actor);
    await this.catalog
      .registerAsset(actor, 'Model', {
        projectId: MLFLOW_PROJECT.id,
        slug: slugOf(name, 'model'),
        name,
        description: body.description || null,
      })
      .catch(async (error) => {
        // Created meanwhile by a concurrent request (another replica): MLflow's answer for an existing name.
        // (A uniqueness constraint the database enforced goes on as it is: its transaction is over.)
        if (error instanceof MnemoError && error.code === 'CONFLICT' && (await this.modelByName(name))) {
          throw new MlflowError('RESOURCE_ALREADY_EXISTS', `Registered Model (name=${name}) already exists.`);
        }
        if (error instanceof MnemoError && error.code === 'CONFLICT') {
          throw new MlflowError(
            'INVALID_PARAMETER_VALUE',
            `A deleted registered model named ${name} is kept in the lineage graph; choose another name.`,
          );
        }
        throw error;
      });
    const created = await this.requireModel(name);
    await this.entityTags.setTags(actor, created.id, ['Model'], stringTags(body.tags));
    return { registered_model: await this.registeredModelView(await this.requireModel(name)) };
  }

  async getRegisteredModel(name: string | undefined) {
    return { registered_model: await this.registeredModelView(await this.requireModel(requireName(name))) };
  }

  /** MLflow's search_registered_models: name and tag filters, order_by, offset page tokens. */
  async searchRegisteredModels(body: RegistrySearch) {
    const clauses = withoutPromptClause(parseFilter(body.filter, MODEL_GRAMMAR));
    const page = databasePage(body, 100, 1000);
    const rows = await mlflowRepository.searchRegisteredModels(this.db, {
      ...compiledSearch(clauses, parseOrderBy(body.order_by, MODEL_ORDER_GRAMMAR), NAME_OR_TAG),
      projectId: MLFLOW_PROJECT.id,
      offset: page.offset,
      limit: page.limit,
    });
    const { page: found, next } = page.cut(rows);
    const tags: TagsOf = new Map(
      found.flatMap((row) => [
        [row.model.id, row.tags],
        ...row.versions.map((version): [string, Tag[]] => [version.version.id, version.tags]),
      ]),
    );
    return { registered_models: found.map((row) => registeredModelView(row.model, row.versions, tags)), ...next };
  }

  /** The latest version in each stage (or in the stages asked for), as get_latest_versions answers. */
  async latestVersions(body: { name?: string; stages?: string[] | string }) {
    const model = await this.requireModel(requireName(body.name));
    const versions = await this.versionsOf(model);
    const asked = body.stages === undefined ? [] : Array.isArray(body.stages) ? body.stages : [body.stages];
    const stages = asked.length ? asked.map(canonicalStage) : [...STAGES];
    const tags = await this.entityTags.tagsOf(versions.map((row) => row.version.id));
    return {
      model_versions: latestPerStage(versions)
        .filter((row) => stages.includes(stageOf(row.version)))
        .map((row) => modelVersionView(model, row, tags)),
    };
  }

  async createModelVersion(
    actor: string,
    body: { name?: string; source?: string; run_id?: string; model_id?: string; description?: string; tags?: Tag[] },
  ) {
    const model = await this.requireModel(requireName(body.name));
    const source = typeof body.source === 'string' ? body.source : '';
    if (!source) throw new MlflowError('INVALID_PARAMETER_VALUE', 'source is required.');
    // MLflow 3 registers a logged model by id; its run is the run that logged it.
    const mlflowRunId = body.run_id
      ? requireRunId(body.run_id)
      : body.model_id
        ? (await this.loggedModels.artifactUri(body.model_id)).sourceRunId
        : null;
    if (!mlflowRunId) {
      throw new MlflowError(
        'INVALID_PARAMETER_VALUE',
        'Mnemo registers model versions generated by a run: give run_id, or a model_id logged in a run.',
      );
    }
    const version = await this.versions.register(actor, VERSION_SPECS.ModelVersion, {
      parentId: model.id,
      // Each registration is a new version in MLflow, so the source alone cannot stand for its content.
      digest: sha256('mlflow-model-version', source, body.model_id ?? '', mlflowRunId),
      uri: source,
      description: body.description || null,
      generatedByRunId: runIdOf(mlflowRunId),
    });
    await this.entityTags.setTags(actor, version.id, ['ModelVersion'], stringTags(body.tags));
    const tags = await this.entityTags.tagsOf([version.id]);
    return { model_version: modelVersionView(model, { version, runId: runIdOf(mlflowRunId) }, tags) };
  }

  async getModelVersion(body: { name?: string; version?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const row = await this.requireVersion(model, body.version);
    return { model_version: modelVersionView(model, row, await this.entityTags.tagsOf([row.version.id])) };
  }

  /**
   * MLflow's search_model_versions: name, run_id, source_path, version_number, stage and tag filters
   * and order_by compiled into one parameterised query, which answers the page's tags too.
   */
  async searchModelVersions(body: RegistrySearch) {
    const clauses = withoutPromptClause(parseFilter(body.filter, VERSION_GRAMMAR));
    const page = databasePage(body, 10_000, 200_000);
    const rows = await mlflowRepository.searchModelVersions(this.db, {
      ...compiledSearch(clauses, parseOrderBy(body.order_by, VERSION_GRAMMAR), NAME_OR_TAG),
      projectId: MLFLOW_PROJECT.id,
      stages: STAGES,
      offset: page.offset,
      limit: page.limit,
    });
    const { page: found, next } = page.cut(rows);
    const tags: TagsOf = new Map(found.map((row) => [row.version.id, row.tags]));
    return { model_versions: found.map((row) => modelVersionView(row.model, row, tags)), ...next };
  }

  async updateRegisteredModel(actor: string, body: { name?: string; description?: string }) {
    const model = await this.requireModel(requireName(body.name));
    if (body.description !== undefined) {
      await this.entityTags.setDescription(actor, model.id, ['Model'], String(body.description));
    }
    return { registered_model: await this.registeredModelView(await this.requireModel(String(model.name))) };
  }

  /** Deletes a registered model and its versions from MLflow's registry; the graph keeps them, marked. */
  async deleteRegisteredModel(actor: string, body: { name?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const versions = await this.versionsOf(model);
    await this.entityTags.markDeleted(actor, [
      ...versions.map((row) => ({ id: row.version.id, kind: 'ModelVersion' })),
      { id: model.id, kind: 'Model' },
    ]);
    return {};
  }

  async setRegisteredModelTag(actor: string, body: { name?: string; key?: string; value?: string }) {
    const model = await this.requireModel(requireName(body.name));
    await this.entityTags.setTags(actor, model.id, ['Model'], [requireTag(body)]);
    return {};
  }

  async deleteRegisteredModelTag(actor: string, body: { name?: string; key?: string }) {
    const model = await this.requireModel(requireName(body.name));
    await this.entityTags.deleteTag(actor, model.id, ['Model'], requireTag({ ...body, value: '' }).key, {
      ifPresent: true,
    });
    return {};
  }

  async updateModelVersion(actor: string, body: { name?: string; version?: string; description?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    if (body.description !== undefined) {
      await this.entityTags.setDescription(actor, version.id, ['ModelVersion'], String(body.description));
    }
    return this.getModelVersion(body);
  }

  async deleteModelVersion(actor: string, body: { name?: string; version?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    await this.entityTags.markDeleted(actor, [{ id: version.id, kind: 'ModelVersion' }]);
    return {};
  }

  async setModelVersionTag(actor: string, body: { name?: string; version?: string; key?: string; value?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    await this.entityTags.setTags(actor, version.id, ['ModelVersion'], [requireTag(body)]);
    return {};
  }

  async deleteModelVersionTag(actor: string, body: { name?: string; version?: string; key?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    await this.entityTags.deleteTag(actor, version.id, ['ModelVersion'], requireTag({ ...body, value: '' }).key, {
      ifPresent: true,
    });
    return {};
  }

  /**
   * transition_model_version_stage: None, Staging, Archived as recorded stages; Production through the
   * promotion gates (ModelStageService). archive_existing_versions archives the others in that stage.
   */
  async transitionStage(
    actor: string,
    body: { name?: string; version?: string; stage?: string; archive_existing_versions?: boolean | string },
  ) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    const stage = canonicalStage(body.stage);
    const archive = body.archive_existing_versions === true || body.archive_existing_versions === 'true';
    await this.stages.setStage(actor, version.id, stage, archive && (stage === 'Staging' || stage === 'Production'));
    return this.getModelVersion(body);
  }

  async downloadUri(body: { name?: string; version?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    return { artifact_uri: await this.artifactUriOf(String(version.uri)) };
  }

  async setAlias(actor: string, body: { name?: string; alias?: string; version?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const { version } = await this.requireVersion(model, body.version);
    await this.aliases.setAlias(actor, model.id, String(body.alias ?? ''), version.id);
    return {};
  }

  async deleteAlias(actor: string, body: { name?: string; alias?: string }) {
    const model = await this.requireModel(requireName(body.name));
    await this.aliases.deleteAlias(actor, model.id, String(body.alias ?? ''));
    return {};
  }

  async versionByAlias(body: { name?: string; alias?: string }) {
    const model = await this.requireModel(requireName(body.name));
    const found = (await this.versionsOf(model)).find((row) => aliasesOf(row.version).includes(String(body.alias)));
    if (!found) {
      throw new MlflowError('INVALID_PARAMETER_VALUE', `Registered model alias ${body.alias} not found.`);
    }
    return { model_version: modelVersionView(model, found, await this.entityTags.tagsOf([found.version.id])) };
  }

  /** `runs:/<run>/<path>` and `models:/<model id>` sources as artifact-store URIs. */
  private async artifactUriOf(source: string): Promise<string> {
    const loggedModel = /^models:\/(m-[0-9a-f]{32})\/?$/.exec(source);
    if (loggedModel) return (await this.loggedModels.artifactUri(loggedModel[1])).uri;
    const runSource = /^runs:\/([A-Za-z0-9_-]+)\/(.*)$/.exec(source);
    if (runSource) {
      const [row] = await runsRepository.experimentOf(this.db, [runIdOf(runSource[1])]);
      const experiment = row ? mlflowIdOf(row.experiment.id) : '0';
      return `mlflow-artifacts:/${experiment}/${runSource[1]}/artifacts/${runSource[2]}`;
    }
    return source;
  }

  private async modelByName(name: string): Promise<EntityRecord | null> {
    return mlflowRepository.modelByName(this.db, MLFLOW_PROJECT.id, name);
  }

  private async requireModel(name: string): Promise<EntityRecord> {
    const model = await this.modelByName(name);
    if (!model) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `Registered Model with name=${name} not found`);
    await readGuard(this.db).assertReadable(model.id);
    return model;
  }

  /** The versions MLflow shows: those not deleted through it. */
  private async versionsOf(model: EntityRecord): Promise<VersionRow[]> {
    const rows = await modelsRepository.versionsOfModel(this.db, model.id);
    return rows.filter((row) => !row.version.deletedAt);
  }

  private async requireVersion(model: EntityRecord, version: string | undefined): Promise<VersionRow> {
    const [row] = (await this.versionsOf(model)).filter((r) => r.version.id === ids.version(model.id, String(version)));
    if (!row) {
      throw new MlflowError(
        'RESOURCE_DOES_NOT_EXIST',
        `Model Version (name=${String(model.name)}, version=${version}) not found`,
      );
    }
    return row;
  }

  private async registeredModelView(model: EntityRecord) {
    const versions = await this.versionsOf(model);
    const tags = await this.entityTags.tagsOf([model.id, ...versions.map((row) => row.version.id)]);
    return registeredModelView(model, versions, tags);
  }
}

const aliasesOf = (version: EntityRecord) => (Array.isArray(version.aliases) ? version.aliases.map(String) : []);

const stageOf = (version: EntityRecord): Stage =>
  (STAGES as readonly string[]).includes(String(version.mlflowStage)) ? (version.mlflowStage as Stage) : 'None';

/** The newest version in each stage, in stage order (MLflow's latest_versions). */
function latestPerStage(versions: VersionRow[]): VersionRow[] {
  const newest = new Map<Stage, VersionRow>();
  for (const row of versions) {
    const held = newest.get(stageOf(row.version));
    if (!held || Number(row.version.version) > Number(held.version.version)) newest.set(stageOf(row.version), row);
  }
  return STAGES.flatMap((stage) => (newest.has(stage) ? [newest.get(stage)!] : []));
}

function registeredModelView(model: EntityRecord, versions: VersionRow[], tags: TagsOf) {
  const sorted = [...versions].sort((a, b) => Number(a.version.version) - Number(b.version.version));
  const latest = latestPerStage(sorted);
  const updated = Math.max(millis(model.createdAt) ?? 0, ...sorted.map((row) => millis(row.version.createdAt) ?? 0));
  return {
    name: String(model.name),
    creation_timestamp: millis(model.createdAt),
    last_updated_timestamp: updated,
    description: String(model.description ?? ''),
    ...(latest.length ? { latest_versions: latest.map((row) => modelVersionView(model, row, tags)) } : {}),
    aliases: sorted.flatMap((row) =>
      aliasesOf(row.version).map((alias) => ({ alias, version: String(row.version.version) })),
    ),
    tags: tags.get(model.id) ?? [],
  };
}

function modelVersionView(model: EntityRecord, { version, runId }: VersionRow, tags: TagsOf) {
  return {
    name: String(model.name),
    version: String(version.version),
    creation_timestamp: millis(version.createdAt),
    last_updated_timestamp: millis(version.createdAt),
    current_stage: stageOf(version),
    description: String(version.description ?? ''),
    source: String(version.uri ?? ''),
    run_id: runId ? mlflowRunIdOf(runId) : '',
    status: 'READY', // registered synchronously: the client would otherwise poll for minutes
    run_link: '',
    aliases: aliasesOf(version),
    tags: tags.get(version.id) ?? [],
  };
}

function requireName(name: string | undefined): string {
  if (typeof name !== 'string' || !name.trim()) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', 'name must be a non-empty string.');
  }
  return name;
}

function requireTag(body: { key?: string; value?: string }): Tag {
  if (typeof body.key !== 'string' || !body.key) throw new MlflowError('INVALID_PARAMETER_VALUE', 'key is required.');
  return { key: body.key, value: String(body.value ?? '') };
}

const stringTags = (tags: Tag[] | undefined): Tag[] =>
  (Array.isArray(tags) ? tags : []).map((tag) => ({ key: String(tag?.key ?? ''), value: String(tag?.value ?? '') }));

/** MLflow's stage names in any case (`staging`), as MLflow spells them; anything else refused. */
function canonicalStage(stage: string | undefined): Stage {
  const found = STAGES.find((known) => known.toLowerCase() === String(stage ?? '').toLowerCase());
  if (!found) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `Invalid Model Version stage: ${String(stage)}. Value must be one of ${STAGES.join(', ')}.`,
    );
  }
  return found;
}

/** MLflow filters registered models by name and tags only. */
const MODEL_GRAMMAR: SearchGrammar = {
  what: 'registered models',
  numericAttributes: [],
  stringAttributes: ['name'],
  entities: ['tag'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE'],
};

/** ... and orders them by name or last update (`timestamp` is MLflow's other name for it), nothing else. */
const MODEL_ORDER_GRAMMAR: SearchGrammar = {
  ...MODEL_GRAMMAR,
  numericAttributes: ['last_updated_timestamp'],
  aliases: { timestamp: 'last_updated_timestamp' },
  entities: [],
};

const VERSION_GRAMMAR: SearchGrammar = {
  what: 'model versions',
  numericAttributes: ['version_number', 'creation_timestamp', 'last_updated_timestamp'],
  stringAttributes: ['name', 'run_id', 'source_path', 'current_stage'],
  entities: ['tag'],
  stringOperators: ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'],
  tagOperators: ['=', '!=', 'LIKE', 'ILIKE'],
};

/** What the registry's searches seek by index: the (model's) name, and tags by key and value. */
const NAME_OR_TAG: IndexedKey = (entity, key) => (entity === 'attribute' && key === 'name') || entity === 'tag';

/** The client's own clause that leaves prompts out (`tags.mlflow.prompt.is_prompt != 'true'`): no prompts here. */
function withoutPromptClause(clauses: Clause[]): Clause[] {
  return clauses.filter((c) => !(c.entity === 'tag' && c.key === 'mlflow.prompt.is_prompt' && c.op === '!='));
}
