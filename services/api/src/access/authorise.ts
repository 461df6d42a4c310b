import type { WriteTransaction } from '../platform/neo4j';
import { currentPrincipal, settleCallerCheck } from '../platform/request-context';
import { noteAuthorised } from '../platform/unit-of-work';
import { recordRefusal } from '../audit/record-audit';
import { accessRepository } from './access.repository';
import { AccessDenied, authorize } from './roles';

/** One change a command plans, as its audit event will name it. */
export interface PlannedChange {
  action: string;
  entityId: string;
  entityKind: string;
  /**
   * Where the change happens: a project id when the command knows it, else the id of an existing
   * entity whose project counts (the parent of something new; the entity itself by default).
   */
  projectId?: string | null;
  within?: string;
  /** The user or team the caller acts for, where the rule is OWNER. */
  onBehalfOf?: string;
}

/**
 * The authorise step of every write: the caller against every change the command plans, existing
 * entities and new ones alike, before anything is written. The projects are looked up in one query
 * of the command's own transaction. A refusal throws FORBIDDEN (UNAUTHENTICATED for an anonymous
 * caller); the transaction then rolls back with nothing written, and the refusal is recorded as an
 * `access.denied` event in a transaction of its own. In `off` mode, and for the server's own work,
 * every change is allowed.
 */
export async function authorise(tx: WriteTransaction, actor: string, changes: PlannedChange[]): Promise<void> {
  // A caller taken from memory is confirmed in this transaction first, so the decision and the write
  // see the same roles (access.service.ts).
  await settleCallerCheck(tx);
  const principal = currentPrincipal();
  if (principal?.mode === 'on' && changes.length > 0) {
    const lookup = [...new Set(changes.filter((c) => c.projectId === undefined).map((c) => c.within ?? c.entityId))];
    const rows = lookup.length ? await accessRepository.projectsOf(tx, lookup) : [];
    const projects = new Map(rows.map((row) => [row.id, row.projectId]));
    for (const change of changes) {
      const projectId =
        change.projectId !== undefined ? change.projectId : (projects.get(change.within ?? change.entityId) ?? null);
      try {
        authorize(principal, {
          action: change.action,
          entityId: change.entityId,
          entityKind: change.entityKind,
          projectId,
          onBehalfOf: change.onBehalfOf,
        });
      } catch (error) {
        if (error instanceof AccessDenied && error.code === 'FORBIDDEN') {
          error.afterRollback = (own) => recordRefusal(own, actor, error);
        }
        throw error;
      }
    }
  }
  noteAuthorised();
}
