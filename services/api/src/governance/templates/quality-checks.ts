import type { WriteTransaction } from '../../platform/neo4j';
import { resolveReferences } from '../../catalog/references';
import { notifyQualityChecksFailed } from '../../notifications/automatic';
import { type InputCheck, LIMITS } from '../../platform/validation';
import { type QualityCheckRecord, templatesRepository } from './templates.repository';

/** A data-quality check a run declares: e.g. `null_rate(email)`, passed, value 0.002, on the version it read. */
export interface DataQualityCheckInput {
  name: string;
  passed: boolean;
  value?: number | null;
  datasetVersionId?: string | null;
}

export type QualityCheckWrite = Omit<QualityCheckRecord, 'runId' | 'recordedAt'>;

const CHECK_NAME = /^[A-Za-z0-9_\-./ :()[\],=<>]+$/;

/** A check is known by its run, name and the version it checked: recording it again replaces its result. */
const checkId = (runId: string, name: string, versionId: string | null) =>
  `${runId}/check/${name}${versionId ? `@${versionId}` : ''}`;

export function checkQualityChecks(
  check: InputCheck,
  runId: string,
  field: string,
  input: DataQualityCheckInput[] | null | undefined,
): QualityCheckWrite[] {
  const checks = new Map<string, QualityCheckWrite>();
  check.list(field, input).forEach((given, i) => {
    const name = check.text(`${field}[${i}].name`, given.name, LIMITS.paramKey);
    if (name && !CHECK_NAME.test(name)) {
      check.fail(`${field}[${i}].name`, `"${name}" may hold letters, digits, spaces and _ - . / : ( ) [ ] , = < >`);
    }
    if (typeof given.passed !== 'boolean') check.fail(`${field}[${i}].passed`, 'must be true or false');
    const value = check.number(`${field}[${i}].value`, given.value) ?? null;
    if (value !== null && !Number.isFinite(value)) check.fail(`${field}[${i}].value`, 'must be a finite number');
    const datasetVersionId = given.datasetVersionId
      ? check.id(`${field}[${i}].datasetVersionId`, given.datasetVersionId, 'dataset', 'featureset')
      : null;
    const id = checkId(runId, name, datasetVersionId);
    if (checks.has(id)) check.fail(`${field}[${i}]`, `declares "${name}" twice for the same version`);
    checks.set(id, { id, name, passed: given.passed, value, datasetVersionId });
  });
  return [...checks.values()];
}

/**
 * Writes the checks whose result is new or changed (an identical one again changes nothing) and
 * returns what changed, with the earlier results, for the audit event of the write. A check newly
 * failing on a version tells the owners downstream of it, in the same transaction.
 */
export async function recordQualityChecks(
  tx: WriteTransaction,
  actor: string,
  runId: string,
  checks: QualityCheckWrite[],
): Promise<{ before: QualityCheckWrite[]; after: QualityCheckWrite[] }> {
  if (checks.length === 0) return { before: [], after: [] };
  await resolveReferences(
    tx,
    checks
      .filter((c) => c.datasetVersionId)
      .map((c) => ({
        field: `check "${c.name}"`,
        id: c.datasetVersionId!,
        kinds: ['DatasetVersion', 'FeatureSetVersion'],
      })),
  );
  const [stored] = await templatesRepository.qualityChecks(tx, [runId]);
  const earlier = new Map((stored?.checks ?? []).map((c) => [c.id, c]));
  const changed = checks.filter((c) => {
    const was = earlier.get(c.id);
    return !was || was.passed !== c.passed || (was.value ?? null) !== c.value;
  });
  await templatesRepository.recordQualityChecks(tx, runId, changed);
  const failed = changed.filter((c) => !c.passed && c.datasetVersionId);
  if (failed.length > 0) await notifyQualityChecksFailed(tx, actor, runId, failed);
  const before = changed
    .filter((c) => earlier.has(c.id))
    .map((c) => {
      const was = earlier.get(c.id)!;
      return {
        id: was.id,
        name: was.name,
        passed: was.passed,
        value: was.value ?? null,
        datasetVersionId: was.datasetVersionId ?? null,
      };
    });
  return { before, after: changed };
}
