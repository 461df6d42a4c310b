import type { CompiledSearch } from './search-filter';
import { readScopeParams } from '../access/read-access';
import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

/** A dataset a run used, as mlflow/run-views.cypher answers it. */
export interface DatasetInputRow {
  name: string;
  digest: string;
  uri: string | null;
  rowCount: number | null;
  role: string | null;
}

/** A run with what MLflow shows of it: params, latest metrics, tags, experiment, inputs and outputs. */
export interface RunViewRow {
  id: string;
  run: EntityRecord;
  params: { key: string; value: string }[];
  metrics: { key: string; value: number; step: number; timestamp: number }[];
  tags: { key: string; value: string }[];
  experimentId: string | null;
  datasets: DatasetInputRow[];
  modelIds: string[];
}

/** A compiled search and the page the database cuts (search-filter.ts databasePage). */
interface PagedSearch extends CompiledSearch {
  offset: number;
  limit: number;
}

/** A search_runs query as mlflow/search-runs.cypher takes it. */
export interface RunSearch extends PagedSearch {
  experimentIds: string[];
  /** Run ids a clause names (`run_id = ` / `IN`): the runs to start from instead of scanning. */
  runIds: string[] | null;
  archived: boolean | null;
}

export interface ModelVersionSearch extends PagedSearch {
  projectId: string;
  /** MLflow's stage names; any other stage reads as 'None'. */
  stages: readonly string[];
}

/** A search_experiments query as mlflow/search-experiments.cypher takes it. */
export interface ExperimentSearch extends PagedSearch {
  archived: boolean | null;
}

/** A search_registered_models query as mlflow/search-registered-models.cypher takes it. */
export interface RegisteredModelSearch extends PagedSearch {
  projectId: string;
}

/** A tag as the searches answer it. */
type TagRow = { key: string; value: string };

/** A model version with the run that generated it. */
export type VersionRow = { version: EntityRecord; runId: string | null };

/** The queries only MLflow's protocol asks (cypher/queries/mlflow). */
export const mlflowRepository = {
  /** One row when any of the projects holds an experiment, else none. */
  projectsWithExperiments(db: Queryable, projectIds: string[]) {
    return db.query('mlflow/projects-with-experiments', { projectIds });
  },

  /** Each run found with what MLflow shows of it, one row per run (mlflow/run-views.cypher). */
  runViews(db: Queryable, ids: string[]) {
    return db.query<RunViewRow>('mlflow/run-views', { ids, ...readScopeParams() });
  },

  /** The experiment of a name in one project, or null. */
  async experimentByName(db: Queryable, projectId: string, name: string): Promise<EntityRecord | null> {
    const [row] = await db.query<{ experiment: EntityRecord }>('mlflow/experiment-by-name', { projectId, name });
    return row?.experiment ?? null;
  },

  /** One page of experiments for search_experiments, each with its tags (mlflow/search-experiments.cypher). */
  searchExperiments(db: Queryable, search: ExperimentSearch) {
    return db.query<{ experiment: EntityRecord; tags: { key: string; value: string }[] }>('mlflow/search-experiments', {
      ...search,
      ...readScopeParams(),
    });
  },

  /** One page of run ids for search_runs (mlflow/search-runs.cypher has the parameters). */
  async searchRuns(db: Queryable, search: RunSearch): Promise<string[]> {
    const rows = await db.query<{ id: string }>('mlflow/search-runs', { ...search, ...readScopeParams() });
    return rows.map((row) => row.id);
  },

  /** One page of model versions matching a compiled search, each with its model, generating run and tags. */
  searchModelVersions(db: Queryable, search: ModelVersionSearch) {
    return db.query<{ model: EntityRecord; tags: TagRow[] } & VersionRow>('mlflow/search-model-versions', {
      ...search,
      ...readScopeParams(),
    });
  },

  /** The experiments of a name in every project, each with its project. */
  experimentsByName(db: Queryable, name: string) {
    return db.query<{ experiment: EntityRecord; projectId: string }>('mlflow/experiments-by-name', { name });
  },

  /** One page of registered models for search_registered_models, each with its tags and versions (mlflow/search-registered-models.cypher). */
  searchRegisteredModels(db: Queryable, search: RegisteredModelSearch) {
    return db.query<{ model: EntityRecord; tags: TagRow[]; versions: (VersionRow & { tags: TagRow[] })[] }>(
      'mlflow/search-registered-models',
      { ...search, ...readScopeParams() },
    );
  },

  /** The model of a name in a project, or null. */
  async modelByName(db: Queryable, projectId: string, name: string): Promise<EntityRecord | null> {
    const [row] = await db.query<{ model: EntityRecord }>('mlflow/model-by-name', { projectId, name });
    return row?.model ?? null;
  },

  /** The logged models of the experiments, what the caller may read. */
  async loggedModels(db: Queryable, experimentIds: string[]): Promise<EntityRecord[]> {
    const rows = await db.query<{ model: EntityRecord }>('mlflow/logged-models', {
      experimentIds,
      ...readScopeParams(),
    });
    return rows.map((row) => row.model);
  },
};
