import type { Queryable, WriteTransaction } from '../platform/neo4j';

export type Tag = { key: string; value: string };

/** Free key/value tags, descriptions and deletion marks on catalog entities (cypher/queries/tags). */
export const entityTagsRepository = {
  /** Sets tags; one row per tag whose value changed, with its value before (null when new). */
  setTags(tx: WriteTransaction, id: string, tags: Tag[]) {
    return tx.query<{ key: string; before: string | null; value: string }>('tags/set-tags', { id, tags });
  },

  /** Deletes a tag; its value, undefined when there was no such tag. */
  async deleteTag(tx: WriteTransaction, id: string, key: string): Promise<string | undefined> {
    const [row] = await tx.query<{ value: string }>('tags/delete-tag', { id, key });
    return row?.value;
  },

  /** The tags of each entity, one row per entity found. */
  tagsOf(db: Queryable, ids: string[]) {
    return db.query<{ id: string; tags: Tag[] }>('tags/tags-of', { ids });
  },

  /** Sets a description; the row tells the one before. */
  async setDescription(tx: WriteTransaction, id: string, description: string): Promise<string | null> {
    const [row] = await tx.query<{ before: string | null }>('tags/set-description', { id, description });
    return row?.before ?? null;
  },

  /** Marks entities deleted; the rows name those that were not before. */
  markDeleted(tx: WriteTransaction, ids: string[]) {
    return tx.query<{ id: string; kind: string }>('tags/mark-deleted', { ids });
  },
};
