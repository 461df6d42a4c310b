import type { SchemaChangeRecord } from '../drift/schema';
import type { WriteTransaction } from '../platform/neo4j';
import { notify } from './notify';

/**
 * The notifications Mnemo sends by itself, one function per kind of change, each called by the
 * service that makes the change, inside its command (so they commit or roll back with it).
 */

/** A new dataset or feature set version whose columns differ from the previous version's. */
export function notifySchemaChanged(
  tx: WriteTransaction,
  actor: string,
  versionId: string,
  parentId: string,
  change: SchemaChangeRecord,
): Promise<void> {
  const parts = [
    ...change.retyped.map((c) => `${c.name} retyped ${c.from} → ${c.to}`),
    ...change.added.map((c) => `${c.name} added`),
    ...change.removed.map((c) => `${c.name} removed`),
  ];
  return notify(tx, actor, {
    event: 'dataset.schema-changed',
    subjectId: versionId,
    message: `Schema of ${versionId} changed since ${change.previousVersionId}: ${parts.join(', ')}.`,
    // What consumes the dataset (any of its versions) is what the change may break.
    downstreamOf: [parentId],
    details: {
      previousVersionId: change.previousVersionId,
      added: change.added,
      removed: change.removed,
      retyped: change.retyped,
    },
  });
}

/** A new version whose column statistics drifted beyond the thresholds (drift/thresholds.ts). */
export function notifyDriftFlagged(
  tx: WriteTransaction,
  actor: string,
  versionId: string,
  parentId: string,
  previousVersionId: string,
  findings: { column: string | null; measure: string; value: number; threshold: number; finding: string }[],
): Promise<void> {
  return notify(tx, actor, {
    event: 'dataset.drift-flagged',
    subjectId: versionId,
    message: `Drift in ${versionId}: ${findings.map((f) => f.finding.replace(`${versionId}: `, '')).join('; ')}.`,
    downstreamOf: [parentId],
    details: { previousVersionId, findings },
  });
}

/** Data-quality checks a run recorded as failed on a dataset or feature set version. */
export async function notifyQualityChecksFailed(
  tx: WriteTransaction,
  actor: string,
  runId: string,
  failed: { name: string; value: number | null; datasetVersionId: string | null }[],
): Promise<void> {
  const byVersion = new Map<string, typeof failed>();
  for (const check of failed) {
    if (check.datasetVersionId)
      byVersion.set(check.datasetVersionId, [...(byVersion.get(check.datasetVersionId) ?? []), check]);
  }
  for (const [versionId, checks] of byVersion) {
    const named = checks.map((c) => (c.value === null ? c.name : `${c.name} = ${c.value}`)).join(', ');
    await notify(tx, actor, {
      event: 'dataset.quality-check-failed',
      subjectId: versionId,
      message: `Data-quality check${checks.length > 1 ? 's' : ''} failed on ${versionId} (run ${runId}): ${named}.`,
      downstreamOf: [versionId],
      details: { runId, checks },
    });
  }
}

/** A model version promoted into an environment: those who depend on the model are told. */
export function notifyPromoted(
  tx: WriteTransaction,
  actor: string,
  promoted: {
    modelId: string;
    modelVersionId: string;
    environment: string;
    deploymentId: string;
    previousVersionId: string | null;
  },
): Promise<void> {
  const replaced = promoted.previousVersionId ? `, replacing ${promoted.previousVersionId}` : '';
  return notify(tx, actor, {
    event: 'model.promoted',
    subjectId: promoted.modelVersionId,
    message: `${promoted.modelVersionId} was promoted to ${promoted.environment} (${promoted.deploymentId})${replaced}.`,
    downstreamOf: [promoted.modelId],
    details: promoted,
  });
}

/** A promotion refused by its gates: written after the refused transaction rolled back. */
export function notifyPromotionBlocked(
  tx: WriteTransaction,
  actor: string,
  blocked: { modelId: string; modelVersionId: string; environment: string; failedGates: unknown[]; reason: string },
): Promise<void> {
  return notify(tx, actor, {
    event: 'model.promotion-blocked',
    subjectId: blocked.modelVersionId,
    message: blocked.reason,
    downstreamOf: [blocked.modelId],
    details: { environment: blocked.environment, failedGates: blocked.failedGates },
  });
}
