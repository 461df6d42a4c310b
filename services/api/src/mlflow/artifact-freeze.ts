import { artifactsRepository } from '../artifacts/artifacts.repository';
import type { GraphDatabase } from '../platform/neo4j';
import type { ArtifactLocation } from './artifact-location';
import { MlflowError } from './mlflow-errors';
import { mlflowRunIdOf } from './mlflow-ids';

/**
 * The files behind a registered model version are frozen, as MLflow's registry keeps its own copy
 * of them: a write or delete of a path that a version's source names, holds or lies inside is
 * refused in words, before any byte of an upload is read. A source is matched as clients spell it:
 * `mlflow-artifacts:/<path>`, `runs:/<run id>/<path under artifacts/>` or `models:/<model id>`.
 */
export async function assertNotFrozen(db: GraphDatabase, location: ArtifactLocation): Promise<void> {
  if (location.kind === 'root') return;
  const { covering, within } = sourcesOf(location);
  const versions = await artifactsRepository.frozenBy(db, covering, within);
  if (versions.length > 0) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `"${location.path}" holds files of registered model version ${versions.join(', ')}; they are frozen. ` +
        'Log the changed files in a new run or model and register a new version.',
    );
  }
}

/** The sources that would name the location or a folder holding it, and the prefixes of those inside it. */
function sourcesOf(location: Exclude<ArtifactLocation, { kind: 'root' }>): { covering: string[]; within: string[] } {
  const covering = spellings('mlflow-artifacts:/', location.path.split('/'));
  const within = [`mlflow-artifacts:/${location.path}/`];
  if (location.kind === 'run') {
    const run = mlflowRunIdOf(location.runId);
    // `runs:/<run>/` and `runs:/<run>` name all of a run's artifacts.
    covering.push(`runs:/${run}`, `runs:/${run}/`);
    if (location.file !== null) covering.push(...spellings(`runs:/${run}/`, location.file.split('/')));
    within.push(location.file === null ? `runs:/${run}/` : `runs:/${run}/${location.file}/`);
  }
  if (location.kind === 'logged-model') {
    const model = location.path.split('/')[2];
    covering.push(`models:/${model}`, `models:/${model}/`);
  }
  return { covering, within };
}

/** `base` + every leading run of `parts`, with and without a closing slash. */
function spellings(base: string, parts: string[]): string[] {
  return parts.flatMap((_, i) => {
    const prefix = base + parts.slice(0, i + 1).join('/');
    return [prefix, `${prefix}/`];
  });
}
