import type { GraphDatabase } from '../platform/neo4j';
import { pageSize } from '../platform/pagination';

export interface AuditEventRecord {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityId: string;
  entityKind: string;
  before: string | null;
  after: string | null;
}

/** Reads the append-only audit trail; events are written by each mutation's own transaction. */
export class AuditService {
  constructor(private readonly db: GraphDatabase) {}

  async trail(entityId: string | null, first?: number | null): Promise<AuditEventRecord[]> {
    const rows = await this.db.query<{ event: AuditEventRecord }>('audit/trail', { entityId, limit: pageSize(first) });
    return rows.map((row) => row.event);
  }
}
