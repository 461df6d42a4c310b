import { ACCESS_DENIED, type AccessDenied } from '../access/roles';
import { ids } from '../platform/ids';
import type { WriteTransaction } from '../platform/neo4j';
import { currentRequestId } from '../platform/request-context';
import { noteAuthorised } from '../platform/unit-of-work';

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
export async function recordAudit(tx: WriteTransaction, actor: string, entry: AuditEntry): Promise<void> {
  await writeEvent(tx, actor, entry, null);
}

/** The `access.denied` event of a refused write or read: the attempted action, what it required and why not. */
export async function recordRefusal(tx: WriteTransaction, actor: string, refusal: AccessDenied): Promise<void> {
  noteAuthorised(); // the server records what it refused, for itself
  const { attempted } = refusal;
  await writeEvent(
    tx,
    actor,
    {
      action: ACCESS_DENIED,
      entityId: attempted.entityId,
      entityKind: attempted.entityKind,
      after: { action: attempted.action, required: refusal.required, message: refusal.message },
    },
    attempted.projectId,
  );
}

async function writeEvent(
  tx: WriteTransaction,
  actor: string,
  entry: AuditEntry,
  projectId: string | null,
): Promise<string | null> {
  const [row] = await tx.query<{ projectId: string | null }>('audit/record', {
    id: ids.auditEvent(),
    actor,
    action: entry.action,
    entityId: entry.entityId,
    entityKind: entry.entityKind,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    requestId: currentRequestId(),
    projectId,
  });
  return row?.projectId ?? null;
}
