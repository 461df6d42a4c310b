import { ACCESS_DENIED, AccessDenied, authorize } from '../access/roles';
import { ids } from './ids';
import type { WriteTransaction } from './neo4j';
import { currentPrincipal, currentRequestId } from './request-context';

/** What one mutation did, recorded in the same transaction as the change itself. */
export interface AuditEntry {
  action: string;
  entityId: string;
  entityKind: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Records what a write did, in its transaction, and is where every write is authorized: the event
 * names the entity's project, and the caller (from the request context) must hold the role
 * ACTION_ROLES requires for the action there. A refused write throws FORBIDDEN (UNAUTHENTICATED for
 * an anonymous caller), its transaction rolls back, and the refusal is recorded as an
 * `access.denied` event in a transaction of its own.
 */
export async function recordAudit(tx: WriteTransaction, actor: string, entry: AuditEntry): Promise<void> {
  const projectId = await writeEvent(tx, actor, entry, null);
  const principal = currentPrincipal();
  if (principal?.mode !== 'on') return;
  try {
    authorize(principal, { ...entry, projectId });
  } catch (error) {
    if (error instanceof AccessDenied && error.code === 'FORBIDDEN') {
      error.afterRollback = (own) => recordRefusal(own, actor, error);
    }
    throw error;
  }
}

/** The `access.denied` event of a refused write or read: the attempted action, what it required and why not. */
export async function recordRefusal(tx: WriteTransaction, actor: string, refusal: AccessDenied): Promise<void> {
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
