import { ACCESS_DENIED, type AccessDenied } from '../access/roles';
import { auditRepository, type PendingEvent } from './audit.repository';
import { ids } from '../platform/ids';
import type { WriteTransaction } from '../platform/neo4j';
import { currentRequestId } from '../platform/request-context';
import { collectUntilCommit, noteAuthorised } from '../platform/unit-of-work';

/** What one mutation did, recorded in the same transaction as the change itself. */
export interface AuditEntry {
  action: string;
  entityId: string;
  entityKind: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records what a write did, in its transaction. It only records: the command was authorised before
 * it wrote (access/authorise.ts), and the unit of work refuses writes that were not.
 */
export async function recordAudit(
  tx: WriteTransaction,
  actor: string,
  entry: AuditEntry,
  /**
   * Written at once rather than just before the commit: for a command's last step, whose writes it
   * goes out with (Promise.all) instead of a round trip after them.
   */
  options: { now?: boolean } = {},
): Promise<void> {
  // A command's events are written together just before it commits: one round trip, not one each.
  const event = eventOf(actor, entry, null);
  if (options.now || !collectUntilCommit('audit', event, (events) => writeEvents(tx, events))) {
    await writeEvents(tx, [event]);
  }
}

/** The `access.denied` event of a refused write or read: the attempted action, what it required and why not. */
export async function recordRefusal(tx: WriteTransaction, actor: string, refusal: AccessDenied): Promise<void> {
  noteAuthorised(); // the server records what it refused, for itself
  const { attempted } = refusal;
  const entry = {
    action: ACCESS_DENIED,
    entityId: attempted.entityId,
    entityKind: attempted.entityKind,
    after: { action: attempted.action, required: refusal.required, message: refusal.message },
  };
  await writeEvents(tx, [eventOf(actor, entry, attempted.projectId)]);
}

function eventOf(actor: string, entry: AuditEntry, projectId: string | null): PendingEvent {
  return {
    id: ids.auditEvent(),
    actor,
    action: entry.action,
    entityId: entry.entityId,
    entityKind: entry.entityKind,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    requestId: currentRequestId(),
    projectId,
  };
}

function writeEvents(tx: WriteTransaction, events: PendingEvent[]): Promise<void> {
  return auditRepository.record(tx, events);
}
