import DataLoader from 'dataloader';
import { recordRefusal } from '../audit/record-audit';
import type { GraphDatabase, Queryable } from '../platform/neo4j';
import { currentPrincipal, currentReadGuard, keepReadGuard } from '../platform/request-context';
import { accessRepository, type VisibilityRow } from './access.repository';
import type { Principal } from './principal';
import { placeholderFor, placeholderId, type RestrictedPlaceholder, type Visibility } from './restricted-placeholder';
import { AccessDenied } from './roles';

/**
 * READS, decided in one place. A caller reads an entity when it holds a role (VIEWER or higher) in
 * the entity's project and, when the entity is restricted, owns it or is granted it (MAY_READ);
 * org AUDITORs and ADMINs read everything. Lists leave out what a caller may not read, by-id reads
 * of it are FORBIDDEN (and audited), and lineage shows placeholders in its place (ReadGuard.masked).
 */

/** Who may read what, for the request being served. */
export interface ReadScope {
  /** Everything: `off` mode, the server's own work (no request), org AUDITOR or ADMIN. */
  all: boolean;
  /** Projects where the caller holds any role (own or through a team). */
  readableProjectIds: string[];
  /** The reading user; null for an anonymous caller. */
  readerId: string | null;
}

export function scopeOf(principal: Principal | undefined): ReadScope {
  if (!principal || principal.mode === 'off' || principal.orgRoles.length > 0) {
    return { all: true, readableProjectIds: [], readerId: principal?.userId ?? null };
  }
  return {
    all: false,
    readableProjectIds: [...new Set(principal.projectRoles.map((grant) => grant.projectId))],
    readerId: principal.userId,
  };
}

export const currentReadScope = (): ReadScope => scopeOf(currentPrincipal());

/** For list queries: `WHERE $readAll OR (projectId IN $readableProjectIds AND (not restricted OR granted to $readerId))`. */
export function readScopeParams(): { readAll: boolean; readableProjectIds: string[]; readerId: string | null } {
  const scope = currentReadScope();
  return { readAll: scope.all, readableProjectIds: scope.readableProjectIds, readerId: scope.readerId };
}

/** The request's guard (one per request, so its visibility lookups batch and cache); outside a request, one that allows all. */
export function readGuard(db: GraphDatabase): ReadGuard {
  const kept = currentReadGuard() as ReadGuard | undefined;
  if (kept) return kept;
  const guard = new ReadGuard(db, currentPrincipal());
  keepReadGuard(guard);
  return guard;
}

/** Throws FORBIDDEN (UNAUTHENTICATED for an anonymous caller), recorded as access.denied, unless the caller may read the project. */
export async function assertMayReadProject(db: GraphDatabase, projectId: string): Promise<void> {
  const principal = currentPrincipal();
  const scope = scopeOf(principal);
  if (scope.all || (scope.readerId && scope.readableProjectIds.includes(projectId))) return;
  const visibility: Visibility = {
    id: projectId,
    kind: 'Project',
    projectId,
    restricted: false,
    ownerId: null,
    readable: false,
    reason: 'OTHER_PROJECT',
  };
  throw await refusal(db, principal!, visibility);
}

export class ReadGuard {
  readonly scope: ReadScope;
  private readonly visibilities: DataLoader<string, Visibility | null>;

  constructor(
    private readonly db: GraphDatabase,
    private readonly principal: Principal | undefined,
  ) {
    this.scope = scopeOf(principal);
    this.visibilities = new DataLoader(async (ids) => {
      const rows = await accessRepository.visibility(db, [...ids], this.scope.readerId);
      const found = new Map(rows.map((row) => [row.id, this.judge(row)]));
      return ids.map((id) => found.get(id) ?? null);
    });
  }

  /** Whether the caller may read an entity, and why not; null for an unknown id. */
  async visibility(id: string): Promise<Visibility | null> {
    return this.visibilities.load(id);
  }

  /** Throws FORBIDDEN (UNAUTHENTICATED when anonymous), with an access.denied event, unless readable or unknown. */
  async assertReadable(id: string): Promise<void> {
    if (this.scope.all) return;
    const visibility = await this.visibility(id);
    if (!visibility || visibility.readable) return;
    throw await refusal(this.db, this.principal!, visibility);
  }

  /** The records the caller may read, in order. */
  async readable<T extends { id: string }>(records: T[]): Promise<T[]> {
    if (this.scope.all || records.length === 0) return records;
    const seen = await this.visibilities.loadMany(records.map((record) => record.id));
    return records.filter((_, i) => isReadable(seen[i]));
  }

  /** The records, each unreadable one replaced by its placeholder (for lineage: nothing silently dropped). */
  async masked<T extends { id: string }>(records: T[]): Promise<(T | RestrictedPlaceholder)[]> {
    if (this.scope.all || records.length === 0) return records;
    const seen = await this.visibilities.loadMany(records.map((record) => record.id));
    return records.map((record, i) => {
      const visibility = seen[i];
      return visibility && !(visibility instanceof Error) && !visibility.readable ? placeholderFor(visibility) : record;
    });
  }

  /** The id a placeholder stands under (`restricted:<16 hex>`): stable, never the real id. */
  placeholderId(id: string): string {
    return placeholderId(id);
  }

  private judge(row: VisibilityRow): Visibility {
    return judge(this.scope, row);
  }
}

/** Whether the reader in `scope` may read an entity, and why not. */
function judge(scope: ReadScope, row: VisibilityRow): Visibility {
  const { granted, ...facts } = row;
  const { all, readerId, readableProjectIds } = scope;
  if (all) return { ...facts, readable: true, reason: null };
  if (readerId === null) return { ...facts, readable: false, reason: 'OTHER_PROJECT' };
  // Users and teams belong to no project: any authenticated caller may see who is who.
  if (facts.projectId === null) return { ...facts, readable: true, reason: null };
  if (!readableProjectIds.includes(facts.projectId)) return { ...facts, readable: false, reason: 'OTHER_PROJECT' };
  if (facts.restricted && !granted) return { ...facts, readable: false, reason: 'RESTRICTED' };
  return { ...facts, readable: true, reason: null };
}

/**
 * Which of these existing entities the caller may not read, looked up in one query through `db` (a
 * command's own transaction, so entities it has just written count). For commands that link to what
 * they name (catalog/references.ts): such an id is answered as if it did not exist.
 */
export async function unreadableAmong(db: Queryable, ids: string[]): Promise<Set<string>> {
  const scope = currentReadScope();
  if (scope.all || ids.length === 0) return new Set();
  const rows = await accessRepository.visibility(db, [...new Set(ids)], scope.readerId);
  return new Set(rows.filter((row) => !judge(scope, row).readable).map((row) => row.id));
}

const isReadable = (visibility: Visibility | null | Error) =>
  visibility === null || (!(visibility instanceof Error) && visibility.readable);

/** The refusal of a read, recorded as an access.denied event in a transaction of its own. */
async function refusal(db: GraphDatabase, principal: Principal, visibility: Visibility): Promise<AccessDenied> {
  const attempted = {
    action: 'entity.read',
    entityId: visibility.id,
    entityKind: visibility.kind,
    projectId: visibility.projectId,
  };
  if (principal.userId === null) {
    return new AccessDenied(
      'UNAUTHENTICATED',
      `Anonymous callers may not read: ${visibility.id} needs a token (Authorization: Bearer <secret>).`,
      principal,
      attempted,
      'to be authenticated',
    );
  }
  const why =
    visibility.reason === 'RESTRICTED'
      ? `it is restricted to ${visibility.ownerId ?? 'its owners'} and those granted it`
      : `it belongs to ${visibility.projectId ?? 'no project'}, where ${principal.actor} holds no role`;
  const denied = new AccessDenied(
    'FORBIDDEN',
    `${principal.actor} may not read ${visibility.id}: ${why}.`,
    principal,
    attempted,
    visibility.reason === 'RESTRICTED' ? 'a grant to read it' : `VIEWER on ${visibility.projectId}`,
  );
  await db.write((tx) => recordRefusal(tx, principal.actor, denied), { apart: true });
  return denied;
}
