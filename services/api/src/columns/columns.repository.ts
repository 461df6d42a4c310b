import type { Queryable, WriteTransaction } from '../platform/neo4j';

/** One column of one version. */
export interface ColumnRecord {
  id: string;
  versionId: string;
  name: string;
}

/** An output column computed from an input column. */
export interface ColumnEdgeRecord {
  from: string;
  to: string;
  type: string;
  subtypes: string[];
}

export const columnId = (versionId: string, name: string) => `${versionId}#${name}`;

export const columnsRepository = {
  /** Records column lineage; answers how many edges were new (columns/record-lineage.cypher). */
  async recordLineage(
    tx: WriteTransaction,
    edges: { from: ColumnRecord; to: ColumnRecord; type: string; subtypes: string[] }[],
  ): Promise<number> {
    const [row] = await tx.query<{ added: number }>('columns/record-lineage', { edges });
    return row?.added ?? 0;
  },

  /** The columns upstream or downstream of one, and the edges among them (columns/upstream|downstream.cypher). */
  async closure(
    db: Queryable,
    direction: 'upstream' | 'downstream',
    rootId: string,
    maxDepth: number,
  ): Promise<{ columns: ColumnRecord[]; edges: ColumnEdgeRecord[] } | undefined> {
    const [row] = await db.query<{ columns: ColumnRecord[]; edges: ColumnEdgeRecord[] }>(
      `columns/${direction}`,
      { rootId },
      { maxDepth },
    );
    return row;
  },
};
