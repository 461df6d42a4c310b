import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  accessRepository,
  type ApiTokenRecord,
  type PrincipalRow,
  type RememberedPrincipal,
} from './access.repository';
import { authorise } from './authorise';
import { recordAudit } from '../audit/record-audit';
import { CallerChanged, MnemoError, notFound } from '../platform/errors';
import { LookupsTogether } from '../platform/lookups-together';
import type { GraphDatabase } from '../platform/neo4j';
import { resolveReferences } from '../catalog/references';
import { type CallerCheck, currentPrincipal, oweCallerCheck, setPrincipal } from '../platform/request-context';
import { InputCheck, LIMITS } from '../platform/validation';
import {
  anonymous,
  type AuthMode,
  isOrgAdmin,
  type OrgRoleName,
  ORG_ROLES,
  type Principal,
  type ProjectRoleGrant,
  type ProjectRoleName,
  PROJECT_ROLES,
} from './principal';

export type { ApiTokenRecord };

/** `mnemo_` and 40 base62 characters (~238 bits). */
const SECRET_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const SECRET_PREFIX = 'mnemo_';

export function newSecret(): string {
  const chars: string[] = [];
  while (chars.length < 40) {
    for (const byte of randomBytes(64)) {
      if (byte < 248 && chars.length < 40) chars.push(SECRET_ALPHABET[byte % 62]); // 248 = 4 × 62: no bias
    }
  }
  return SECRET_PREFIX + chars.join('');
}

export const hashOfSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/** How often a token's lastUsedAt is written, at most: not a write per request. */
const TOUCH_INTERVAL_MS = 60_000;

/** How many tokens' principals a process remembers; the oldest is forgotten first. */
const REMEMBERED_TOKENS = 10_000;

/** A principal as last read (with the access revision it was read at), and when its token's use was last noted. */
interface Remembered {
  row: RememberedPrincipal & { revision: string };
  touchedAt: number;
}

/** Tokens, roles, and who a request's caller is. */
export class AccessService {
  /** Requests arriving together are looked up together (one query). */
  private readonly principals: LookupsTogether<string, RememberedPrincipal>;
  /** By token hash: what a request sending that token may start from, if the access revision has not moved. */
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly db: GraphDatabase) {
    this.principals = new LookupsTogether((hashes) => accessRepository.principalsByToken(db, hashes));
  }

  /**
   * The principal a token's secret stands for, or null for an unknown or revoked token.
   * Notes the token's use at most once a minute.
   *
   * With `remembered`, for a request that is one command (an MLflow write, an OpenLineage event), a
   * principal read earlier is answered without a query, and a check is owed instead: the command
   * reads the access revision in its own transaction before it authorises anything, and before it
   * answers at all (platform/command.ts). Any change to who a token stands for writes a new revision
   * (AccessRepository.accessChanged), in every replica's view at once, so the command then looks its
   * caller up again and runs as the caller now is (401 for a revoked token). Everything else looks its
   * caller up per request, as before.
   */
  async principalForSecret(secret: string, { remembered = false } = {}): Promise<Principal | null> {
    const hash = hashOfSecret(secret);
    const known = remembered ? this.remembered.get(hash) : undefined;
    if (known && Date.now() - known.touchedAt <= TOUCH_INTERVAL_MS) {
      oweCallerCheck(this.checkOf(hash, known));
      return principalOf(known.row);
    }
    const row = await this.principals.get(hash);
    if (!row || row.token.revokedAt) return null;
    let touchedAt = row.token.lastUsedAt ? Date.parse(row.token.lastUsedAt) : 0;
    if (Date.now() - touchedAt > TOUCH_INTERVAL_MS) {
      await this.db.write((tx) => accessRepository.touchToken(tx, row.token.id));
      touchedAt = Date.now();
    }
    this.remember(hash, row, touchedAt);
    return principalOf(row);
  }

  /**
   * The check owed for a request that took `used` from memory: the revision it was read at must still
   * be the database's, or the caller read now must be the one the request runs as.
   */
  private checkOf(hash: string, used: Remembered): CallerCheck {
    return async (db) => {
      if ((await accessRepository.revision(db)) === used.row.revision) return;
      const row = (await accessRepository.principalsByToken(db, [hash])).get(hash);
      if (!row || row.token.revokedAt) {
        this.remembered.delete(hash);
        throw new MnemoError('UNAUTHENTICATED', 'Unknown or revoked API token.');
      }
      this.remember(hash, row, this.remembered.get(hash)?.touchedAt ?? used.touchedAt);
      // Another change moved the revision (a project created elsewhere): this caller is as it was.
      // Compared with what this request runs as, not with memory, which a concurrent request may have
      // brought up to date already.
      if (sameCaller(used.row, row)) return;
      setPrincipal(principalOf(row));
      throw new CallerChanged();
    };
  }

  private remember(hash: string, row: RememberedPrincipal, touchedAt: number): void {
    this.remembered.delete(hash);
    const { revision } = row;
    if (revision === null) return; // a database without a revision: nothing can tell a stale answer
    if (this.remembered.size >= REMEMBERED_TOKENS) this.remembered.delete(this.remembered.keys().next().value!);
    this.remembered.set(hash, { row: { ...row, revision }, touchedAt });
  }

  /** The request's caller; outside HTTP (startup, tools) the server itself, which nothing checks. */
  principal(mode: AuthMode = 'off'): Principal {
    return currentPrincipal() ?? anonymous(mode, 'mnemo');
  }

  /** A new token for the caller (or, for an org admin, for `userId`); the secret is in this answer only. */
  async createToken(
    actor: string,
    input: { name: string; userId?: string | null },
  ): Promise<{ token: ApiTokenRecord; secret: string }> {
    const check = new InputCheck('api token');
    const name = check.text('name', input.name, LIMITS.name);
    const userId = this.subjectUser(check, input.userId);
    check.done();
    const secret = newSecret();
    const token = await this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'userId', id: userId, kinds: ['User'] }]);
      await authorise(tx, actor, [{ action: 'token.created', entityId: userId, entityKind: 'User', projectId: null }]);
      const created = await accessRepository.createToken(tx, userId, {
        id: `token:${randomUUID()}`,
        name,
        hash: hashOfSecret(secret),
      });
      await recordAudit(tx, actor, {
        action: 'token.created',
        entityId: userId,
        entityKind: 'User',
        after: { tokenId: created.id, name },
      });
      return created;
    });
    return { token, secret };
  }

  async revokeToken(actor: string, id: string): Promise<ApiTokenRecord> {
    return this.db.write(async (tx) => {
      const found = await accessRepository.findToken(tx, id);
      if (!found) throw notFound('API token', id);
      await authorise(tx, actor, [
        { action: 'token.revoked', entityId: found.token.userId, entityKind: 'User', projectId: null },
      ]);
      if (found.token.revokedAt) {
        throw new MnemoError('CONFLICT', `API token "${id}" was already revoked at ${found.token.revokedAt}.`, { id });
      }
      const revoked = await accessRepository.revokeToken(tx, id);
      await recordAudit(tx, actor, {
        action: 'token.revoked',
        entityId: found.token.userId,
        entityKind: 'User',
        after: { tokenId: id, name: found.token.name },
      });
      return revoked;
    });
  }

  /** A user's tokens: the caller's own, or anyone's for an org admin. */
  async tokens(userId?: string | null): Promise<ApiTokenRecord[]> {
    const check = new InputCheck('api tokens');
    const subject = this.subjectUser(check, userId);
    check.done();
    const principal = currentPrincipal();
    if (principal?.mode === 'on' && subject !== principal.userId && !isOrgAdmin(principal)) {
      throw new MnemoError(
        'FORBIDDEN',
        `${principal.actor} may list only its own tokens; ${subject}'s need org ADMIN.`,
      );
    }
    return accessRepository.tokensOf(this.db, subject);
  }

  async grantProjectRole(
    actor: string,
    projectId: string,
    memberId: string,
    role: ProjectRoleName,
  ): Promise<ProjectRoleGrant> {
    this.checkRole(role, PROJECT_ROLES, 'role');
    return this.db.write(async (tx) => {
      await resolveReferences(tx, [
        { field: 'projectId', id: projectId, kinds: ['Project'] },
        { field: 'memberId', id: memberId, kinds: ['User', 'Team'] },
      ]);
      await authorise(tx, actor, [{ action: 'role.granted', entityId: projectId, entityKind: 'Project', projectId }]);
      const row = await accessRepository.grantRole(tx, projectId, memberId, role);
      await recordAudit(tx, actor, {
        action: 'role.granted',
        entityId: projectId,
        entityKind: 'Project',
        before: { memberId, role: row.previous },
        after: { memberId, role },
      });
      return { projectId, role, via: memberId };
    });
  }

  async revokeProjectRole(actor: string, projectId: string, memberId: string): Promise<ProjectRoleGrant> {
    return this.db.write(async (tx) => {
      await resolveReferences(tx, [
        { field: 'projectId', id: projectId, kinds: ['Project'] },
        { field: 'memberId', id: memberId, kinds: ['User', 'Team'] },
      ]);
      await authorise(tx, actor, [{ action: 'role.revoked', entityId: projectId, entityKind: 'Project', projectId }]);
      const row = await accessRepository.revokeRole(tx, projectId, memberId);
      if (!row)
        throw new MnemoError('NOT_FOUND', `${memberId} holds no role on ${projectId}.`, { projectId, memberId });
      await recordAudit(tx, actor, {
        action: 'role.revoked',
        entityId: projectId,
        entityKind: 'Project',
        before: { memberId, role: row.previous },
        after: { memberId, role: null },
      });
      return { projectId, role: row.previous, via: memberId };
    });
  }

  /** Grants or takes away an org role; the last org ADMIN cannot be taken away. */
  async setOrgRole(actor: string, userId: string, role: OrgRoleName, granted: boolean) {
    this.checkRole(role, ORG_ROLES, 'role');
    return this.db.write(async (tx) => {
      const user = (await resolveReferences(tx, [{ field: 'userId', id: userId, kinds: ['User'] }])).get(userId)!;
      const before = ((user.orgRoles as OrgRoleName[] | undefined) ?? []).filter((held) => held !== role);
      const after = granted ? ORG_ROLES.filter((known) => known === role || before.includes(known)) : before;
      if (!granted && role === 'ADMIN') {
        const admins = await accessRepository.orgAdmins(tx);
        if (admins.length === 1 && admins[0].userId === userId) {
          throw new MnemoError('CONFLICT', `${userId} is the only org ADMIN; grant the role to someone else first.`);
        }
      }
      await authorise(tx, actor, [{ action: 'org-role.set', entityId: userId, entityKind: 'User', projectId: null }]);
      await accessRepository.setOrgRoles(tx, userId, after);
      await recordAudit(tx, actor, {
        action: 'org-role.set',
        entityId: userId,
        entityKind: 'User',
        before: { orgRoles: (user.orgRoles as string[] | undefined) ?? [] },
        after: { orgRoles: after },
      });
      return { ...user, orgRoles: after };
    });
  }

  /** Roles of a user by id (whoami in `off` mode, tools). */
  async rolesOf(userId: string): Promise<{ orgRoles: OrgRoleName[]; projectRoles: ProjectRoleGrant[] } | null> {
    const row = await accessRepository.rolesOf(this.db, userId);
    return row ? { orgRoles: row.orgRoles, projectRoles: row.projectRoles } : null;
  }

  /** Whether any user holds the org ADMIN role (main.ts makes the local admin when none does). */
  async hasOrgAdmin(): Promise<boolean> {
    return (await accessRepository.orgAdmins(this.db)).length > 0;
  }

  /** The user a token call is about: the one named, else the caller's own user. */
  private subjectUser(check: InputCheck, userId: string | null | undefined): string {
    if (userId) return check.id('userId', userId, 'user');
    const principal = currentPrincipal();
    if (principal?.mode === 'on') {
      if (principal.userId) return principal.userId;
      throw new MnemoError('UNAUTHENTICATED', 'Tokens belong to users: send a token (Authorization: Bearer <secret>).');
    }
    const actor = principal?.actor ?? '';
    if (actor.startsWith('user:')) return actor;
    check.fail('userId', 'is required when the caller is not a user (authentication is off)');
    return '';
  }

  private checkRole(role: string, known: readonly string[], field: string) {
    if (!known.includes(role)) {
      throw new MnemoError('BAD_USER_INPUT', `${field} must be one of ${known.join(', ')}; got "${role}".`, { field });
    }
  }
}

function principalOf(row: PrincipalRow): Principal {
  return {
    mode: 'on',
    actor: row.userId,
    userId: row.userId,
    tokenId: row.token.id,
    orgRoles: row.orgRoles.filter((role) => (ORG_ROLES as readonly string[]).includes(role)),
    projectRoles: row.projectRoles,
    teamIds: row.teamIds,
  };
}

const sameCaller = (a: PrincipalRow, b: PrincipalRow) =>
  JSON.stringify(principalOf(a)) === JSON.stringify(principalOf(b));
