import type { WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export const artifactsRepository = {
  /** Records an artifact of a run, or replaces it (artifacts/record.cypher); answers it. */
  async record(tx: WriteTransaction, runId: string, artifact: Record<string, unknown>): Promise<EntityRecord> {
    const [row] = await tx.query<{ artifact: EntityRecord }>('artifacts/record', { runId, artifact });
    return row.artifact;
  },
};
