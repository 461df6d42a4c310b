import { ids, sha256Hex } from '../platform/ids';
import { MlflowError } from './mlflow-errors';

/** Every experiment, dataset and model MLflow clients create lives in this project. */
export const MLFLOW_PROJECT = { id: 'project:mlflow', slug: 'mlflow', name: 'MLflow' };

/** MLflow's experiment id is the Experiment's slug. */
export const experimentIdOf = (mlflowId: string) => ids.experiment(MLFLOW_PROJECT.slug, mlflowId);
export const mlflowIdOf = (experimentId: string) => experimentId.slice(experimentIdOf('').length);
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
