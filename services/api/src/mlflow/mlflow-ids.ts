import { ids, sha256Hex, slugOf as slugOfId } from '../platform/ids';
import type { GraphDatabase } from '../platform/neo4j';
import { MlflowError } from './mlflow-errors';
import { runsRepository } from '../runs/runs.repository';

/** MLflow's own project: experiments (and registered models) that name no other project live here. */
export const MLFLOW_PROJECT = { id: 'project:mlflow', slug: 'mlflow', name: 'MLflow' };

/** The experiment tag that puts a new MLflow experiment into a Mnemo project: `{"mnemo.project": "churn"}`. */
export const PROJECT_TAG = 'mnemo.project';

/**
 * MLflow's experiment id, an opaque string to its client: the Experiment's slug in MLflow's project
 * (`xgb-1a2b3c4d`, as before projects), `<project slug>~<experiment slug>` in any other
 * (`churn~xgb-tuning-1a2b3c4d`). `~` is URL-safe and never part of a slug.
 */
const SEPARATOR = '~';

export function experimentIdOf(mlflowId: string): string {
  const at = mlflowId.indexOf(SEPARATOR);
  if (at < 0) return ids.experiment(MLFLOW_PROJECT.slug, mlflowId);
  return ids.experiment(mlflowId.slice(0, at), mlflowId.slice(at + SEPARATOR.length));
}

/** `experiment:<project>/<slug>` → its project slug and its own slug. */
function partsOf(experimentId: string): { project: string; slug: string } {
  const rest = slugOfId(experimentId);
  const at = rest.indexOf('/');
  return { project: rest.slice(0, at), slug: rest.slice(at + 1) };
}

export function mlflowIdOf(experimentId: string): string {
  const { project, slug } = partsOf(experimentId);
  return project === MLFLOW_PROJECT.slug ? slug : `${project}${SEPARATOR}${slug}`;
}

/** The project of an Experiment (by its Mnemo id): `experiment:churn/x` → `project:churn`. */
export const projectIdOfExperiment = (experimentId: string) => ids.project(partsOf(experimentId).project);

/** The project an MLflow experiment id points into (also for unknown ids: the id alone says it). */
export const projectIdOfMlflowId = (mlflowId: string) => projectIdOfExperiment(experimentIdOf(mlflowId));

/** `churn/xgb-tuning` → `{ slug: 'churn', rest: 'xgb-tuning' }`: a name that may name a project. */
export function projectPrefixOf(name: string): { slug: string; rest: string } | null {
  const match = /^([a-z0-9][a-z0-9._-]*)\/(.+)$/.exec(name);
  return match ? { slug: match[1], rest: match[2] } : null;
}

/** The project of a run, found through its experiment; null for an unknown run. */
export async function projectIdOfRun(db: GraphDatabase, mlflowRunId: string): Promise<string | null> {
  const [row] = await runsRepository.experimentOf(db, [runIdOf(mlflowRunId)]);
  return row ? projectIdOfExperiment(row.experiment.id) : null;
}

/** Runs keep MLflow's run id: `run:<uuid hex>`. */
export const runIdOf = (mlflowRunId: string) => `run:${mlflowRunId}`;
export const mlflowRunIdOf = (runId: string) => runId.slice('run:'.length);
export const millis = (iso: unknown) => (typeof iso === 'string' ? Date.parse(iso) : null);

/** A slug from an MLflow name; a short digest keeps different names apart when they slug alike. */
export function slugOf(name: string, fallback = 'experiment'): string {
  const base = name
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+|-+$/g, '')
    .slice(0, 40);
  const digest = sha256Hex(name).slice(0, 8);
  return base ? `${base}-${digest}` : `${fallback}-${digest}`;
}

export const sha256 = (...parts: string[]) => `sha256:${sha256Hex(...parts)}`;

export function requireRunId(mlflowRunId: string | undefined): string {
  if (!mlflowRunId || !/^[A-Za-z0-9_-]{6,64}$/.test(mlflowRunId)) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `run_id must be a run id; got "${mlflowRunId ?? ''}".`);
  }
  return mlflowRunId;
}
