import { assertMayReadProject, currentReadScope, readGuard } from '../access/read-access';
import { AccessDenied, assertMayWrite } from '../access/roles';
import { artifactIdOf } from '../artifacts/artifacts.service';
import { recordRefusal } from '../audit/record-audit';
import type { GraphDatabase } from '../platform/neo4j';
import type { ArtifactLocation } from './artifact-location';
import { MlflowError } from './mlflow-errors';
import { experimentIdOf, MLFLOW_PROJECT, projectIdOfMlflowId, runIdOf } from './mlflow-ids';

/**
 * Who may touch the files of the artifact store, decided on the location the path resolved to
 * (artifact-location.ts), never on the raw path. Reading needs to be able to read what owns the
 * files (the run, logged model or experiment: its project role and, when restricted, a grant);
 * writing needs that and EDITOR on the owner's project, checked before any byte of the body is read.
 */
export async function assertMayReadArtifacts(db: GraphDatabase, location: ArtifactLocation): Promise<void> {
  switch (location.kind) {
    case 'root': {
      // Like MLflow's other lists: a caller with a role somewhere sees the folders they may read;
      // one with none is refused on MLflow's project (audited) rather than shown an empty list.
      const scope = currentReadScope();
      if (!scope.all && scope.readableProjectIds.length === 0) await assertMayReadProject(db, MLFLOW_PROJECT.id);
      return;
    }
    case 'experiment':
      await assertMayReadProject(db, location.projectId);
      await readGuard(db).assertReadable(location.experimentId);
      return;
    case 'run':
      await readGuard(db).assertReadable(location.runId);
      return;
    case 'logged-model':
      await readGuard(db).assertReadable(location.artifactId);
      return;
  }
}

/**
 * Uploads: the rule for recording an artifact in the owner's project, then the read rule. A refused
 * upload into a run's or logged model's folder is audited like the recording it would have been; a
 * loose file under an experiment records no event either way (docs/api.md).
 */
export async function assertMayUploadArtifact(
  db: GraphDatabase,
  actor: string,
  location: ArtifactLocation,
): Promise<void> {
  if (location.kind === 'root') {
    throw new MlflowError('INVALID_PARAMETER_VALUE', 'An upload needs a file path.');
  }
  // The role first (EDITOR implies reading the project), then the owner's restriction.
  if (location.kind === 'experiment') {
    assertMayWrite(looseFileWrite(location));
    await assertMayReadArtifacts(db, location);
    return;
  }
  const entityId =
    location.kind === 'run' && location.file !== null
      ? artifactIdOf(location.runId, location.file)
      : location.kind === 'logged-model'
        ? location.artifactId
        : `mlflow-artifacts:/${location.path}`;
  try {
    assertMayWrite({ action: 'artifact.recorded', entityId, entityKind: 'Artifact', projectId: location.projectId });
  } catch (error) {
    if (error instanceof AccessDenied && error.code === 'FORBIDDEN') {
      await db.write((tx) => recordRefusal(tx, actor, error), { apart: true });
    }
    throw error;
  }
  await assertMayReadArtifacts(db, location);
}

/**
 * Deletes: only files outside runs' and logged models' folders. What a run produced is part of its
 * lineage (an Artifact with a digest); it is replaced by uploading again, never silently removed.
 */
export async function assertMayDeleteArtifact(db: GraphDatabase, location: ArtifactLocation): Promise<void> {
  if (location.kind !== 'experiment') {
    throw new MlflowError(
      'INVALID_PARAMETER_VALUE',
      location.kind === 'root'
        ? 'A delete needs a file path.'
        : `"${location.path}" belongs to a ${location.kind === 'run' ? 'run' : 'logged model'}, whose files are recorded in its lineage; upload a new file to replace one.`,
    );
  }
  assertMayWrite(looseFileWrite(location));
  await assertMayReadArtifacts(db, location);
}

/** Writing (or deleting) a file under an experiment outside any run: the rule for artifacts, in its project. */
const looseFileWrite = (location: { path: string; projectId: string }) => ({
  action: 'artifact.recorded',
  entityId: `mlflow-artifacts:/${location.path}`,
  entityKind: 'ArtifactFile',
  projectId: location.projectId,
});

/** The entries of a listing the caller may read: other projects' folders and unreadable runs are left out. */
export async function readableEntries<T extends { path: string }>(
  db: GraphDatabase,
  location: ArtifactLocation,
  entries: T[],
): Promise<T[]> {
  const scope = currentReadScope();
  if (scope.all) return entries;
  if (location.kind === 'root') {
    const inReadableProject = entries.filter((entry) =>
      scope.readableProjectIds.includes(projectIdOfMlflowId(entry.path)),
    );
    return readableBy(db, inReadableProject, (entry) => experimentIdOf(entry.path));
  }
  if (location.kind === 'experiment' && !location.path.includes('/')) {
    return readableBy(db, entries, (entry) => runIdOf(entry.path));
  }
  return entries;
}

async function readableBy<T>(db: GraphDatabase, entries: T[], idOf: (entry: T) => string): Promise<T[]> {
  const keyed = entries.map((entry) => ({ id: idOf(entry), entry }));
  return (await readGuard(db).readable(keyed)).map(({ entry }) => entry);
}
