import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export type TraversalDirection = 'upstream' | 'downstream';

export interface ClosureRow {
  node: EntityRecord;
  depth: number;
}

export interface LineageEdgeRow {
  from: string;
  type: string;
  to: string;
  role: string | null;
}

export const lineageRepository = {
  /** Distinct nodes within `depth` steps of the starts, nearest first, at most `limit`. */
  closure(db: Queryable, direction: TraversalDirection, startIds: string[], depth: number, limit: number) {
    return db.query<ClosureRow>(`lineage/${direction}-closure`, { ids: startIds, limit }, { maxDepth: depth });
  },

  edgesAmong(db: Queryable, ids: string[]) {
    return db.query<LineageEdgeRow>('lineage/edges-among', { ids });
  },

  affectedOwners(db: Queryable, ids: string[]) {
    return db.query<{ owner: EntityRecord; owns: string[] }>('lineage/affected-owners', { ids });
  },

  async versionsOf(db: Queryable, id: string): Promise<string[]> {
    const [row] = await db.query<{ versionIds: string[] }>('lineage/versions-of', { id });
    return row?.versionIds ?? [];
  },
};
