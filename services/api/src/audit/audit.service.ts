import { readGuard } from '../access/read-access';
import { type Principal, rank, roleIn } from '../access/principal';
import { AccessDenied } from '../access/roles';
import { type AuditEventRecord, auditRepository } from './audit.repository';
import { recordRefusal } from './record-audit';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { MAX_PAGE, pageSize } from '../platform/pagination';
import { currentPrincipal } from '../platform/request-context';

export type { AuditEventRecord };

/** Which events to read: any of entity, actor and project, within [since, until). */
export interface AuditFilter {
  entityId?: string | null;
  actor?: string | null;
  projectId?: string | null;
  since?: string | Date | null;
  until?: string | Date | null;
}

const BEGINNING = '0001-01-01T00:00:00Z';
const END = '9999-12-31T23:59:59Z';

function instant(field: string, value: string | Date | null | undefined, otherwise: string): string {
  if (value === null || value === undefined || value === '') return otherwise;
  const date = value instanceof Date ? value : new Date(value);
  if (Number.isNaN(date.getTime())) {
    throw new MnemoError('BAD_USER_INPUT', `${field} must be an ISO 8601 date-time; got "${String(value)}".`, {
      field,
    });
  }
  return date.toISOString();
}

/**
 * Reads the append-only audit trail. Events are written only by each mutation's own transaction
 * (audit/record-audit.ts); nothing here or anywhere in the api updates or deletes one.
 */
export class AuditService {
  constructor(private readonly db: GraphDatabase) {}

  /**
   * One page, newest first. Paging is by keyset: `after` is the id of the last event already seen
   * (an event's place in the trail never changes, since the trail only grows at its head).
   */
  async trail(filter: AuditFilter, first?: number | null, after?: string | null): Promise<AuditEventRecord[]> {
    const limit = pageSize(first);
    if (after && !(await auditRepository.eventExists(this.db, after))) {
      throw new MnemoError('BAD_USER_INPUT', `after must be the id of an audit event; "${after}" is not one.`, {
        field: 'after',
      });
    }
    const trailProjectIds = await this.readableTrail(filter);
    const events = await auditRepository.trail(this.db, {
      trailProjectIds,
      readerId: currentPrincipal()?.userId ?? null,
      entityId: filter.entityId || null,
      actor: filter.actor || null,
      projectId: filter.projectId || null,
      since: instant('since', filter.since, BEGINNING),
      until: instant('until', filter.until, END),
      afterId: after || null,
      limit,
    });
    // Neo4j keeps no nulls: absent fields come back as null, so every exported line has every key.
    return events.map((event) => ({
      ...event,
      projectId: event.projectId ?? null,
      requestId: event.requestId ?? null,
      before: event.before ?? null,
      after: event.after ?? null,
    }));
  }

  /**
   * The projects whose events the caller may read, or null for all of it: org AUDITORs and ADMINs
   * (and `off` mode, and the server's own work) read the whole trail; anyone else reads the events of
   * projects where they hold MAINTAINER or higher. Asking for the trail of one project or entity
   * outside those is FORBIDDEN (recorded as access.denied), rather than an empty page that would
   * look like nothing happened. Within those projects, events about a restricted entity the caller
   * is not granted are left out (audit/trail*.cypher), as that entity is everywhere else.
   */
  private async readableTrail(filter: AuditFilter): Promise<string[] | null> {
    const principal = currentPrincipal();
    if (!principal || principal.mode === 'off' || principal.orgRoles.length > 0) return null;
    if (principal.userId === null)
      throw await this.refuse(principal, filter.entityId ?? filter.projectId ?? 'audit', 'AuditTrail', null);
    const maintained = [...new Set(principal.projectRoles.map((grant) => grant.projectId))].filter(
      (projectId) => rank(roleIn(principal, projectId)!) >= rank('MAINTAINER'),
    );
    if (filter.entityId) {
      await readGuard(this.db).assertReadable(filter.entityId);
      const visibility = await readGuard(this.db).visibility(filter.entityId);
      if (visibility && !(visibility.projectId && maintained.includes(visibility.projectId))) {
        throw await this.refuse(principal, filter.entityId, visibility.kind, visibility.projectId);
      }
    }
    if (filter.projectId && !maintained.includes(filter.projectId)) {
      throw await this.refuse(principal, filter.projectId, 'Project', filter.projectId);
    }
    return maintained;
  }

  private async refuse(
    principal: Principal,
    entityId: string,
    entityKind: string,
    projectId: string | null,
  ): Promise<AccessDenied> {
    const attempted = { action: 'audit.read', entityId, entityKind, projectId };
    if (principal.userId === null) {
      return new AccessDenied(
        'UNAUTHENTICATED',
        'Anonymous callers may not read the audit trail: it needs a token (Authorization: Bearer <secret>).',
        principal,
        attempted,
        'to be authenticated',
      );
    }
    const required = projectId ? `MAINTAINER on ${projectId} or the org AUDITOR role` : 'the org AUDITOR role';
    const has = projectId ? (roleIn(principal, projectId) ?? 'no role there') : 'neither';
    const denied = new AccessDenied(
      'FORBIDDEN',
      `${principal.actor} needs ${required} to read the audit trail of ${entityId}; has ${has}.`,
      principal,
      attempted,
      required,
    );
    await this.db.write((tx) => recordRefusal(tx, principal.actor, denied), { apart: true });
    return denied;
  }

  /** Every event the filter selects, newest first, read a page at a time so memory stays flat (JSON-lines export). */
  async *export(filter: AuditFilter): AsyncGenerator<AuditEventRecord> {
    let after: string | null = null;
    for (;;) {
      const page = await this.trail(filter, MAX_PAGE, after);
      yield* page;
      if (page.length < MAX_PAGE) return;
      after = page[page.length - 1].id;
    }
  }
}
