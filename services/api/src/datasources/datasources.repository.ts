import { readScopeParams } from '../access/read-access';
import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

/** What a data source is, from the namespace that names it. */
export interface DataSourceProps {
  id: string;
  name: string;
  namespace: string;
  platform: string;
  host: string | null;
}

export const dataSourcesRepository = {
  /** Puts datasets in a data source, registering it when new (datasources/attach.cypher). */
  async attach(
    tx: WriteTransaction,
    source: DataSourceProps,
    datasetIds: string[],
  ): Promise<{ created: boolean; source: EntityRecord }> {
    const [row] = await tx.query<{ created: boolean; source: EntityRecord }>('datasources/attach', {
      source,
      datasetIds,
    });
    return row;
  },

  /** A page of data sources by name, with counts of their readable datasets (datasources/page.cypher). */
  async page(db: Queryable, after: { name: string; id: string } | null, limit: number): Promise<EntityRecord[]> {
    const rows = await db.query<{ entity: EntityRecord }>('datasources/page', {
      afterName: after?.name ?? null,
      afterId: after?.id ?? null,
      limit,
      ...readScopeParams(),
    });
    return rows.map((row) => row.entity);
  },
};
