import type { Queryable, WriteTransaction } from '../platform/neo4j';
import { collectUntilCommit } from '../platform/unit-of-work';
import type { EntityRecord } from '../platform/records';
import type { OrgRoleName, ProjectRoleGrant, ProjectRoleName } from './principal';
import type { Visibility } from './restricted-placeholder';

/** An API token as every answer shows it: never its secret, never its hash. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  userId: string;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** Who a token stands for, with the access revision it was read at (null on a database without one). */
export interface RememberedPrincipal extends PrincipalRow {
  revision: string | null;
}

export interface PrincipalRow {
  token: { id: string; revokedAt: string | null; lastUsedAt: string | null };
  userId: string;
  orgRoles: OrgRoleName[];
  projectRoles: ProjectRoleGrant[];
  teamIds: string[];
}

/** What access/visibility.cypher answers for one id, before it is judged. */
export type VisibilityRow = Omit<Visibility, 'readable' | 'reason'> & { granted: boolean };

export const accessRepository = {
  /** The user, token and roles each token's hash stands for (access/principals-by-token.cypher). */
  async principalsByToken(db: Queryable, hashes: string[]): Promise<Map<string, RememberedPrincipal>> {
    const rows = await db.query<RememberedPrincipal & { hash: string }>('access/principals-by-token', { hashes });
    return new Map(rows.map(({ hash, ...row }) => [hash, row]));
  },

  /** The access revision now (access/revision.cypher). */
  async revision(db: Queryable): Promise<string | null> {
    const [row] = await db.query<{ revision: string | null }>('access/revision');
    return row?.revision ?? null;
  },

  /**
   * Notes that the command changes who a token stands for: a new access revision is written with it,
   * once, just before it commits (access/bump-revision.cypher). Every write below that changes a
   * principal calls it; remembered-callers.test.ts fails when a query that may is not listed.
   */
  async accessChanged(tx: WriteTransaction): Promise<void> {
    const bump = () => tx.query('access/bump-revision').then(() => undefined);
    if (!collectUntilCommit('access-revision', true, bump)) await bump();
  },

  /** Notes a token's use (access/touch-token.cypher). */
  async touchToken(tx: WriteTransaction, id: string): Promise<void> {
    await tx.query('access/touch-token', { id });
  },

  /** A new token of a user, stored with the hash of its secret. */
  async createToken(
    tx: WriteTransaction,
    userId: string,
    token: { id: string; name: string; hash: string },
  ): Promise<ApiTokenRecord> {
    const [row] = await tx.query<{ token: ApiTokenRecord }>('access/create-token', { userId, token });
    return row.token;
  },

  /** A token by id, or undefined. */
  async findToken(db: Queryable, id: string): Promise<{ token: ApiTokenRecord } | undefined> {
    const [found] = await db.query<{ token: ApiTokenRecord }>('access/find-token', { id });
    return found;
  },

  /** Marks a token revoked and answers it. */
  async revokeToken(tx: WriteTransaction, id: string): Promise<ApiTokenRecord> {
    await accessRepository.accessChanged(tx);
    const [row] = await tx.query<{ token: ApiTokenRecord }>('access/revoke-token', { id });
    return row.token;
  },

  /** A user's tokens. */
  async tokensOf(db: Queryable, userId: string): Promise<ApiTokenRecord[]> {
    const rows = await db.query<{ token: ApiTokenRecord }>('access/tokens-of', { userId });
    return rows.map((row) => row.token);
  },

  /** Grants a project role; the row tells the role the member held before, or null. */
  async grantRole(
    tx: WriteTransaction,
    projectId: string,
    memberId: string,
    role: ProjectRoleName,
  ): Promise<{ previous: ProjectRoleName | null }> {
    await accessRepository.accessChanged(tx);
    const [row] = await tx.query<{ previous: ProjectRoleName | null }>('access/grant-role', {
      projectId,
      memberId,
      role,
    });
    return row;
  },

  /** Takes a project role away; answers the role held, or undefined when the member held none. */
  async revokeRole(
    tx: WriteTransaction,
    projectId: string,
    memberId: string,
  ): Promise<{ previous: ProjectRoleName } | undefined> {
    await accessRepository.accessChanged(tx);
    const [row] = await tx.query<{ previous: ProjectRoleName }>('access/revoke-role', { projectId, memberId });
    return row;
  },

  /** The users holding the org ADMIN role. */
  async orgAdmins(db: Queryable): Promise<{ userId: string }[]> {
    return db.query<{ userId: string }>('access/org-admins');
  },

  /** Replaces a user's org roles. */
  async setOrgRoles(tx: WriteTransaction, userId: string, orgRoles: OrgRoleName[]): Promise<void> {
    await accessRepository.accessChanged(tx);
    await tx.query('access/set-org-roles', { userId, orgRoles });
  },

  /** A user's org and project roles (the token part of the row is absent). */
  async rolesOf(db: Queryable, userId: string): Promise<PrincipalRow | undefined> {
    const [row] = await db.query<PrincipalRow>('access/roles-of', { userId });
    return row;
  },

  /** The project of each id (itself for a project; null when it has none), for the authorise step. */
  projectsOf(tx: WriteTransaction, ids: string[]): Promise<{ id: string; projectId: string | null }[]> {
    return tx.query<{ id: string; projectId: string | null }>('access/projects-of', { ids });
  },

  /** What decides whether the reader may read each id (access/visibility.cypher), one row per known id. */
  visibility(db: Queryable, ids: string[], readerId: string | null): Promise<VisibilityRow[]> {
    return db.query<VisibilityRow>('access/visibility', { ids, readerId });
  },

  /** Marks an entity restricted or not; answers it and whether it was restricted before. */
  async setRestricted(
    tx: WriteTransaction,
    entityId: string,
    restricted: boolean,
  ): Promise<{ entity: EntityRecord; previous: boolean }> {
    const [row] = await tx.query<{ entity: EntityRecord; previous: boolean }>('access/set-restricted', {
      entityId,
      restricted,
    });
    return row;
  },

  /** Grants a member read access to an entity; answers it and whether the grant existed. */
  async grantRead(
    tx: WriteTransaction,
    entityId: string,
    memberId: string,
  ): Promise<{ entity: EntityRecord; existed: boolean }> {
    const [row] = await tx.query<{ entity: EntityRecord; existed: boolean }>('access/grant-read', {
      entityId,
      memberId,
    });
    return row;
  },

  /** Takes a member's read grant away; undefined when there was none. */
  async revokeRead(
    tx: WriteTransaction,
    entityId: string,
    memberId: string,
  ): Promise<{ entity: EntityRecord } | undefined> {
    const [row] = await tx.query<{ entity: EntityRecord }>('access/revoke-read', { entityId, memberId });
    return row;
  },
};
