import type { Queryable, WriteTransaction } from '../platform/neo4j';
import { accessRepository } from '../access/access.repository';
import { readScopeParams } from '../access/read-access';
import type { EntityRecord } from '../platform/records';

/** The kinds the catalog creates through the generic entity query; labels come only from here. */
export const ENTITY_KINDS = [
  'Project',
  'Team',
  'User',
  'Dataset',
  'FeatureSet',
  'Experiment',
  'Model',
  'Deployment',
] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export interface EntityFilter {
  projectId?: string | null;
  ownerId?: string | null;
  tag?: string | null;
  environment?: string | null;
  /** Leave out what is part of another of its kind (experiments inside another, PART_OF). */
  topLevel?: boolean | null;
}

export const catalogRepository = {
  /** The entity created, or null when one of its id exists (catalog/create-entity.cypher). */
  async create(
    tx: WriteTransaction,
    kind: EntityKind,
    props: Record<string, unknown> & { id: string },
    links: { projectId?: string | null; ownerIds?: string[] } = {},
  ): Promise<EntityRecord | null> {
    const [row] = await tx.query<{ entity: EntityRecord }>('catalog/create-entity', {
      kind,
      props,
      projectId: links.projectId ?? null,
      ownerIds: links.ownerIds ?? [],
    });
    return row?.entity ?? null;
  },

  /** What registering an asset names that exists, and its project's template (catalog/plan-asset.cypher). */
  async planAsset(
    db: Queryable,
    plan: { ids: string[]; projectId: string; templateKind: string },
  ): Promise<{ found: Map<string, EntityRecord>; yaml: string | null }> {
    const [row] = await db.query<{ entities: EntityRecord[]; yaml: string | null }>('catalog/plan-asset', plan);
    return { found: new Map(row.entities.map((entity) => [entity.id, entity])), yaml: row.yaml };
  },

  async find(db: Queryable, ids: string[]): Promise<Map<string, EntityRecord>> {
    const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids });
    return new Map(rows.map((row) => [row.entity.id, row.entity]));
  },

  async addTeamMembers(tx: WriteTransaction, memberships: { userId: string; teamId: string }[]): Promise<void> {
    if (memberships.length === 0) return;
    await accessRepository.accessChanged(tx); // a member answers for its team from now on
    await tx.query('catalog/add-team-members', { memberships });
  },

  async page(
    db: Queryable,
    kind: EntityKind,
    filter: EntityFilter,
    after: { name: string; id: string } | null,
    limit: number,
  ): Promise<EntityRecord[]> {
    const rows = await db.query<{ entity: EntityRecord }>('catalog/page-entities', {
      kind,
      projectId: filter.projectId ?? null,
      ownerId: filter.ownerId ?? null,
      tag: filter.tag ?? null,
      environment: filter.environment ?? null,
      topLevel: filter.topLevel ?? false,
      afterName: after?.name ?? null,
      afterId: after?.id ?? null,
      limit,
      ...readScopeParams(),
    });
    return rows.map((row) => row.entity);
  },

  /** Archives or restores an entity; undefined when it is already so (nothing written). */
  async setArchived(
    tx: WriteTransaction,
    id: string,
    archived: boolean,
  ): Promise<{ entity: EntityRecord } | undefined> {
    const [row] = await tx.query<{ entity: EntityRecord }>('catalog/set-archived', { id, archived });
    return row;
  },

  /** Renames an entity and answers it. */
  async rename(tx: WriteTransaction, id: string, name: string): Promise<EntityRecord> {
    const [row] = await tx.query<{ entity: EntityRecord }>('catalog/rename', { id, name });
    return row.entity;
  },

  /** Replaces an entity's owners; answers it and the owners it had before. */
  async setOwners(
    tx: WriteTransaction,
    entityId: string,
    ownerIds: string[],
  ): Promise<{ entity: EntityRecord; previousOwnerIds: string[] }> {
    const [row] = await tx.query<{ entity: EntityRecord; previousOwnerIds: string[] }>('catalog/set-owners', {
      entityId,
      ownerIds,
    });
    return row;
  },

  /** One entity by id (catalog/find-entities.cypher), or undefined. */
  async findOne(db: Queryable, id: string): Promise<EntityRecord | undefined> {
    const [row] = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids: [id] });
    return row?.entity;
  },
};
