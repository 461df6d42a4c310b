import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export const artifactsRepository = {
  /** Records an artifact of a run, or replaces it (artifacts/record.cypher); answers it. */
  async record(tx: WriteTransaction, runId: string, artifact: Record<string, unknown>): Promise<EntityRecord> {
    const [row] = await tx.query<{ artifact: EntityRecord }>('artifacts/record', { runId, artifact });
    return row.artifact;
  },

  /** The run that generated an artifact and its experiment (artifacts/run-of.cypher); undefined when unknown. */
  async runOf(db: Queryable, id: string): Promise<{ runId: string; experimentId: string } | undefined> {
    const [row] = await db.query<{ runId: string; experimentId: string }>('artifacts/run-of', { id });
    return row;
  },

  /** Registered model versions whose sources name or hold a path of the store (artifacts/frozen-by.cypher). */
  async frozenBy(db: Queryable, covering: string[], within: string[]): Promise<string[]> {
    const rows = await db.query<{ id: string }>('artifacts/frozen-by', { covering, within });
    return rows.map((row) => row.id);
  },
};
