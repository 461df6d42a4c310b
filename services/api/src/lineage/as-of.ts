import { MnemoError } from '../platform/errors';
import type { EntityRecord } from '../platform/records';

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The instant an `asOf` argument names, as ISO 8601 UTC; null when none was given (today's graph).
 * A date alone means the end of that day (UTC), so "as of 2026-03-01" includes what happened that
 * day; today's date means now. The future is refused: nothing is known about it yet.
 */
export function parseAsOf(value: string | null | undefined, now: Date = new Date()): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'string' ? value.trim() : '';
  const instant = DATE_ONLY.test(text)
    ? new Date(`${text}T23:59:59.999Z`)
    : DATE_TIME.test(text)
      ? new Date(text)
      : new Date(Number.NaN);
  if (Number.isNaN(instant.getTime()) || (DATE_ONLY.test(text) && !instant.toISOString().startsWith(text))) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `asOf must be an ISO 8601 date (2026-03-01) or date-time (2026-03-01T12:00:00Z); got "${String(value)}".`,
    );
  }
  if (DATE_ONLY.test(text) && text === now.toISOString().slice(0, 10)) return now.toISOString();
  if (instant.getTime() > now.getTime()) {
    throw new MnemoError('BAD_USER_INPUT', `asOf ${text} is in the future; lineage is known up to now.`);
  }
  return instant.toISOString();
}

/** Whether a node existed at the instant (createdAt and asOf are both ISO 8601 UTC). */
export const existedAt = (node: EntityRecord, asOf: string) =>
  typeof node.createdAt === 'string' && node.createdAt <= asOf;

/**
 * A node as it stood at the instant: an archive or delete that came later had not happened yet, and
 * a deployment served what its promotion history says (`servedId`).
 */
export function asItWas(node: EntityRecord, asOf: string, servedId?: string | null): EntityRecord {
  const was: EntityRecord = { ...node };
  for (const field of ['archivedAt', 'deletedAt'] as const) {
    if (typeof was[field] === 'string' && (was[field] as string) > asOf) delete was[field];
  }
  // The marker tells Deployment.modelVersion to answer what it served then, not today's SERVES.
  if (servedId !== undefined) Object.assign(was, { modelVersionId: servedId, servedAsOf: asOf });
  return was;
}

/** The owners an ownership change's `before` (JSON text of its audit event) names. */
export function ownersBefore(before: string | null): string[] {
  const owners = before === null ? null : (JSON.parse(before) as { ownerIds?: unknown }).ownerIds;
  return Array.isArray(owners) ? owners.map(String) : [];
}
