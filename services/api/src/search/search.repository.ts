import { readScopeParams } from '../access/read-access';
import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export const searchRepository = {
  /** Full-text search of the catalog, best first, what the caller may read (search/catalog-text.cypher). */
  catalogText(
    db: Queryable,
    filter: {
      query: string;
      wordsQuery: string;
      kinds: string[] | null;
      projectId: string | null;
      ownerId: string | null;
      limit: number;
    },
  ): Promise<{ entity: EntityRecord; score: number }[]> {
    return db.query<{ entity: EntityRecord; score: number }>('search/catalog-text', {
      ...filter,
      ...readScopeParams(),
    });
  },
};
