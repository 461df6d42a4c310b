import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export type TraversalDirection = 'upstream' | 'downstream';

export interface ClosureRow {
  node: EntityRecord;
  depth: number;
  /** The node's own lineage edges, each pointing at what it depends on. */
  dependsOn: { type: string; to: string; role: string | null }[];
  /** Its owners' ids (its own, or its parent's for a version). */
  ownerIds: string[];
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

  edgesFrom(db: Queryable, ids: string[]) {
    return db.query<LineageEdgeRow>('lineage/edges-from', { ids });
  },

  async entities(db: Queryable, ids: string[]): Promise<EntityRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids });
    return rows.map((row) => row.entity);
  },

  async versionsOf(db: Queryable, id: string): Promise<string[]> {
    const [row] = await db.query<{ versionIds: string[] }>('lineage/versions-of', { id });
    return row?.versionIds ?? [];
  },
};
