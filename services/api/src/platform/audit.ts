import { ids } from './ids';
import type { WriteTransaction } from './neo4j';
import { currentRequestId } from './request-context';

/** What one mutation did, recorded in the same transaction as the change itself. */
export interface AuditEntry {
  action: string;
  entityId: string;
  entityKind: string;
  before?: unknown;
  after?: unknown;
}

export async function recordAudit(tx: WriteTransaction, actor: string, entry: AuditEntry): Promise<void> {
  await tx.query('audit/record', {
    id: ids.auditEvent(),
    actor,
    action: entry.action,
    entityId: entry.entityId,
    entityKind: entry.entityKind,
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
    requestId: currentRequestId(),
  });
}
