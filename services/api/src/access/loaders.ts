import DataLoader from 'dataloader';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

/** Per-request loaders for restricted assets: a page of N entities costs one query for their readers. */
export function accessLoaders(db: GraphDatabase) {
  return {
    readers: new DataLoader<string, EntityRecord[]>(async (ids) => {
      const rows = await db.query<{ id: string; readers: EntityRecord[] }>('access/readers-of', { ids: [...ids] });
      const found = new Map(rows.map((row) => [row.id, row.readers]));
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
