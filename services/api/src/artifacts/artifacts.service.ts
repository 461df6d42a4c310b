import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { resolveReferences } from '../catalog/references';
import { InputCheck, LIMITS } from '../platform/validation';
import { artifactsRepository } from './artifacts.repository';
import { catalogRepository } from '../catalog/catalog.repository';

export interface ArtifactInput {
  /** Given when the client names the artifact itself (MLflow's logged model ids); else from run and path. */
  id?: string;
  runId: string;
  /** Where the artifact sits among the run's files, e.g. `plots/roc.png`, or a model's own name. */
  path: string;
  uri: string;
  digest?: string | null;
  sizeBytes?: number | null;
  /** `file` for one uploaded file; `mlflow-model` for a model logged through MLflow 3. */
  format?: 'file' | 'mlflow-model';
  /** Client-specific facts kept with the artifact (e.g. an MLflow logged model's status and tags). */
  attributes?: Record<string, unknown> | null;
}

const ARTIFACT_PATH = /^[^\0]+$/;

/** The id of a run's artifact: the run's id, then its path (`artifact:3f9c…/plots/roc.png`). */
export const artifactIdOf = (runId: string, path: string) => `artifact:${runId.slice('run:'.length)}/${path}`;

/**
 * Artifacts: files (reports, plots, checkpoints, model folders) a run generated. Unlike versions
 * they may be replaced; each change is audited with what it replaced.
 */
export class ArtifactService {
  constructor(private readonly db: GraphDatabase) {}

  async record(actor: string, input: ArtifactInput): Promise<EntityRecord> {
    const check = new InputCheck('artifact');
    const runId = check.id('runId', input.runId, 'run');
    const path = check.text('path', input.path, LIMITS.uri);
    if (path && (!ARTIFACT_PATH.test(path) || path.split('/').some((part) => part === '..' || part === '')))
      check.fail('path', `"${path}" must be a relative path without empty or ".." parts`);
    const uri = check.text('uri', input.uri, LIMITS.uri);
    const digest = check.optionalDigest('digest', input.digest) ?? null;
    if (input.id !== undefined) check.id('id', input.id, 'artifact');
    const sizeBytes = check.number('sizeBytes', input.sizeBytes, { integer: true, min: 0 }) ?? null;
    check.done();
    const artifact = {
      id: input.id ?? artifactIdOf(runId, path),
      name: path.split('/').pop()!,
      path,
      uri,
      digest,
      sizeBytes,
      format: input.format ?? 'file',
      attributes: input.attributes ? JSON.stringify(input.attributes) : null,
    };
    return this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'runId', id: runId, kinds: ['Run'] }]);
      const before = await catalogRepository.findOne(tx, artifact.id);
      if (before && before.kind !== 'Artifact') {
        throw new MnemoError('CONFLICT', `"${artifact.id}" is already a ${before.kind}.`);
      }
      await authorise(tx, actor, [
        {
          action: before ? 'artifact.replaced' : 'artifact.recorded',
          entityId: artifact.id,
          entityKind: 'Artifact',
          within: runId,
        },
      ]);
      const unchanged =
        before &&
        (Object.keys(artifact) as (keyof typeof artifact)[]).every((key) => (before[key] ?? null) === artifact[key]);
      if (unchanged) return before;
      // What each earlier digest promised stays reachable (the artifact store keeps those contents).
      const earlier = ((before?.earlierDigests as string[] | undefined) ?? []).filter((d) => d !== artifact.digest);
      const earlierDigests =
        before?.digest && before.digest !== artifact.digest && !earlier.includes(String(before.digest))
          ? [...earlier, String(before.digest)]
          : earlier;
      const recorded = await artifactsRepository.record(tx, runId, { ...artifact, earlierDigests });
      await recordAudit(tx, actor, {
        action: before ? 'artifact.replaced' : 'artifact.recorded',
        entityId: artifact.id,
        entityKind: 'Artifact',
        ...(before
          ? { before: { digest: before.digest, sizeBytes: before.sizeBytes, attributes: before.attributes } }
          : {}),
        after: { ...artifact, runId },
      });
      return recorded;
    });
  }

  /** The digest a run's file was recorded with, and the digests it had before; null when not recorded. */
  async digests(runId: string, path: string): Promise<{ digest: string | null; earlier: string[] } | null> {
    const artifact = await this.find(artifactIdOf(runId, path));
    if (!artifact) return null;
    return {
      digest: (artifact.digest as string | null) ?? null,
      earlier: (artifact.earlierDigests as string[] | undefined) ?? [],
    };
  }

  async find(id: string): Promise<EntityRecord | null> {
    const entity = await catalogRepository.findOne(this.db, id);
    return entity?.kind === 'Artifact' ? entity : null;
  }
}
