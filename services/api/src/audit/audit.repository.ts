import type { Queryable, WriteTransaction } from '../platform/neo4j';

export interface AuditEventRecord {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityId: string;
  entityKind: string;
  projectId: string | null;
  requestId: string | null;
  before: string | null;
  after: string | null;
}

/** An AuditEvent's properties but its time and project, which the database adds when writing it. */
export interface PendingEvent {
  id: string;
  actor: string;
  action: string;
  entityId: string;
  entityKind: string;
  before: string | null;
  after: string | null;
  requestId: string | null;
  projectId: string | null;
}

/** What every audit/trail-* query takes; entityId, projectId and actor choose the query. */
export type TrailParams = {
  trailProjectIds: string[] | null;
  /** The reader: events about restricted entities it is not granted are left out (unless trailProjectIds is null). */
  readerId: string | null;
  entityId: string | null;
  actor: string | null;
  projectId: string | null;
  since: string;
  until: string;
  afterId: string | null;
  limit: number;
};

/** The query that can use an index for this filter: entity, then project, then actor, else by time. */
function trailQueryFor(filter: { entityId: string | null; projectId: string | null; actor: string | null }): string {
  if (filter.entityId) return 'audit/trail-of-entity';
  if (filter.projectId) return 'audit/trail-of-project';
  if (filter.actor) return 'audit/trail-of-actor';
  return 'audit/trail';
}

export const auditRepository = {
  /** Writes events in one query, in their order (audit/record.cypher adds time and project). */
  async record(tx: WriteTransaction, events: PendingEvent[]): Promise<void> {
    await tx.query('audit/record', { events: events.map((event, seq) => ({ ...event, seq })) });
  },

  /** Whether an audit event with this id exists. */
  async eventExists(db: Queryable, id: string): Promise<boolean> {
    return (await db.query('audit/event-exists', { id })).length > 0;
  },

  /** One page of the trail, newest first, through the audit/trail-* query whose index fits the filter. */
  async trail(db: Queryable, params: TrailParams): Promise<AuditEventRecord[]> {
    const rows = await db.query<{ event: AuditEventRecord }>(trailQueryFor(params), params);
    return rows.map((row) => row.event);
  },
};
