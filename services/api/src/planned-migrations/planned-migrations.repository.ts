import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

/** One owner's answer to a planned migration, as stored. */
export interface AcknowledgementRecord {
  id: string;
  ownerId: string;
  state: string;
  comment?: string | null;
  respondedBy?: string | null;
  respondedAt?: string | null;
}

export interface MigrationPlanRow {
  target: EntityRecord;
  projectId: string | null;
  /** How many migrations the target already has: the new one is numbered after them. */
  earlier: number;
  /** The names of the target's columns known from column lineage. */
  lineageColumns: string[];
}

export interface ResponsePlanRow {
  migration: EntityRecord;
  projectId: string | null;
  acknowledgement: AcknowledgementRecord | null;
  ownerKind: string | null;
}

/** Planned migrations and their acknowledgements (cypher/queries/planned-migrations/). */
export const plannedMigrationsRepository = {
  /** The target (locked for the rest of the transaction), its project, columns and numbering. */
  async planMigration(tx: WriteTransaction, targetId: string): Promise<MigrationPlanRow | undefined> {
    const [row] = await tx.query<MigrationPlanRow>('planned-migrations/plan-migration', { targetId });
    return row;
  },

  async create(
    tx: WriteTransaction,
    props: Record<string, unknown>,
    projectId: string | null,
    ownerIds: string[],
  ): Promise<EntityRecord> {
    const [row] = await tx.query<{ migration: EntityRecord }>('planned-migrations/create-migration', {
      props,
      projectId,
      ownerIds,
    });
    return row.migration;
  },

  /** The migration, its project and one owner's acknowledgement; undefined when there is no migration. */
  async planResponse(tx: Queryable, migrationId: string, ownerId: string): Promise<ResponsePlanRow | undefined> {
    const [row] = await tx.query<ResponsePlanRow>('planned-migrations/plan-response', { migrationId, ownerId });
    return row;
  },

  async setResponse(
    tx: WriteTransaction,
    response: { id: string; state: string; comment: string | null; actor: string },
  ): Promise<AcknowledgementRecord> {
    const [row] = await tx.query<{ acknowledgement: AcknowledgementRecord }>(
      'planned-migrations/set-response',
      response,
    );
    return row.acknowledgement;
  },

  async find(db: Queryable, id: string): Promise<{ migration: EntityRecord; projectId: string | null } | undefined> {
    const [row] = await db.query<{ migration: EntityRecord; projectId: string | null }>(
      'planned-migrations/find-migration',
      { id },
    );
    return row;
  },

  async migrationsOf(
    db: Queryable,
    filter: { targetId: string | null; projectId: string | null; limit: number },
  ): Promise<EntityRecord[]> {
    const rows = await db.query<{ migration: EntityRecord }>('planned-migrations/migrations-of', filter);
    return rows.map((row) => row.migration);
  },

  /** The acknowledgements of many migrations, for the per-request loader. */
  async acknowledgementsOf(db: Queryable, ids: string[]): Promise<Map<string, AcknowledgementRecord[]>> {
    const rows = await db.query<{ id: string; acknowledgements: AcknowledgementRecord[] }>(
      'planned-migrations/acknowledgements-of',
      { ids },
    );
    return new Map(rows.map((row) => [row.id, row.acknowledgements]));
  },

  /** Versions with their owners (their own, else their parent's): the versions holding affected columns. */
  async versionsWithOwners(db: Queryable, ids: string[]): Promise<{ node: EntityRecord; ownerIds: string[] }[]> {
    return db.query<{ node: EntityRecord; ownerIds: string[] }>('planned-migrations/versions-with-owners', { ids });
  },
};
