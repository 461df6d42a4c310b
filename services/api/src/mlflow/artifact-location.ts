import { artifactsRepository } from '../artifacts/artifacts.repository';
import type { GraphDatabase } from '../platform/neo4j';
import { runsRepository } from '../runs/runs.repository';
import { MlflowError } from './mlflow-errors';
import { loggedModelArtifactId } from './mlflow-logged-models';
import { experimentIdOf, mlflowIdOf, projectIdOfExperiment, projectIdOfMlflowId, runIdOf } from './mlflow-ids';

/** The temporary folder uploads stream into (ArtifactStore); never a path a client may name. */
export const UPLOADS_FOLDER = '.uploads';
/** Earlier contents of replaced files, by digest (ArtifactStore.keepEarlier); never a path a client may name. */
export const HISTORY_FOLDER = '.history';
const PRIVATE_FOLDERS = new Set([UPLOADS_FOLDER, HISTORY_FOLDER]);

const RUN_ID = /^[A-Za-z0-9_-]{6,64}$/;
const MODEL_ID = /^m-[0-9a-f]{32}$/;

/**
 * What a path of the artifact store belongs to, decided once, from the canonical path, before any
 * check or file access:
 * - `root`: the store itself (a listing of experiment folders);
 * - `run`: `<experiment>/<run id>/…`, a run's folder; `file` is the part under `artifacts/`, which
 *   is recorded as an Artifact of the run;
 * - `logged-model`: `<experiment>/models/<model id>/…`, an MLflow 3 logged model's files;
 * - `experiment`: any other file under an experiment's folder.
 * A run's or logged model's folder must sit under its own experiment's folder.
 */
export type ArtifactLocation =
  | { kind: 'root'; path: '' }
  | { kind: 'experiment'; path: string; projectId: string; experimentId: string }
  | { kind: 'run'; path: string; projectId: string; runId: string; file: string | null }
  | { kind: 'logged-model'; path: string; projectId: string; artifactId: string };

/** A path as sent in a URL, %-decoded; malformed %-encoding is the client's mistake (400). */
export function decodedArtifactPath(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `"${encoded}" is not a valid %-encoded artifact path.`);
  }
}

/**
 * The one spelling of a path the store knows: empty and leading parts dropped (`/a//b` is `a/b`),
 * and refused when a part could leave its folder or reach the upload area.
 */
export function canonicalArtifactPath(decoded: string): string {
  const parts = decoded.split('/').filter((part) => part !== '');
  if (parts.some((part) => part === '..' || part === '.' || PRIVATE_FOLDERS.has(part) || part.includes('\0'))) {
    throw new MlflowError('INVALID_PARAMETER_VALUE', `"${decoded}" is not a valid artifact path.`);
  }
  return parts.join('/');
}

/** Whether a path part is one of the store's own folders, which no client path may name. */
export const isPrivateFolder = (part: string) => PRIVATE_FOLDERS.has(part);

export async function locateArtifact(db: GraphDatabase, canonical: string): Promise<ArtifactLocation> {
  if (canonical === '') return { kind: 'root', path: '' };
  const [folder, second, third] = canonical.split('/');

  if (second === 'models' && third !== undefined && MODEL_ID.test(third)) {
    const artifactId = loggedModelArtifactId(third);
    const owner = await artifactsRepository.runOf(db, artifactId);
    if (!owner) throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No logged model ${third}.`);
    assertOwnFolder(folder, owner.experimentId, `logged model ${third}`);
    return { kind: 'logged-model', path: canonical, projectId: projectIdOfExperiment(owner.experimentId), artifactId };
  }

  if (second !== undefined && RUN_ID.test(second)) {
    const runId = runIdOf(second);
    const [found] = await runsRepository.experimentOf(db, [runId]);
    if (found) {
      assertOwnFolder(folder, found.experiment.id, `run ${second}`);
      const rest = canonical.split('/').slice(2);
      const file = rest[0] === 'artifacts' && rest.length > 1 ? rest.slice(1).join('/') : null;
      return { kind: 'run', path: canonical, projectId: projectIdOfExperiment(found.experiment.id), runId, file };
    }
    if (third === 'artifacts') {
      throw new MlflowError('RESOURCE_DOES_NOT_EXIST', `No run ${second}.`);
    }
  }
  return {
    kind: 'experiment',
    path: canonical,
    projectId: projectIdOfMlflowId(folder),
    experimentId: experimentIdOf(folder),
  };
}

/** A run's (or logged model's) files live only under its own experiment's folder. */
function assertOwnFolder(folder: string, experimentId: string, what: string): void {
  const own = mlflowIdOf(experimentId);
  if (folder !== own) {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      `The files of ${what} live under its experiment's folder "${own}", not "${folder}".`,
    );
  }
}
