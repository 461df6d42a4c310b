/** Roles in a project, weakest first: each includes the ones before it. */
export const PROJECT_ROLES = ['VIEWER', 'EDITOR', 'MAINTAINER', 'ADMIN'] as const;
export type ProjectRoleName = (typeof PROJECT_ROLES)[number];

/** Org-wide roles: ADMIN may do everything; AUDITOR reads everything and writes nothing. */
export const ORG_ROLES = ['AUDITOR', 'ADMIN'] as const;
export type OrgRoleName = (typeof ORG_ROLES)[number];

export type AuthMode = 'on' | 'off';

/** One project role a user holds, itself (`via` is the user) or through a team (`via` is the team). */
export interface ProjectRoleGrant {
  projectId: string;
  role: ProjectRoleName;
  via: string;
}

/** Who is calling: resolved once per request from its token (or, in `off` mode, its x-mnemo-actor). */
export interface Principal {
  mode: AuthMode;
  /** What the audit trail names: `user:<handle>` for a token's user, or the caller's own name in `off` mode. */
  actor: string;
  /** The authenticated user; null for an anonymous caller and always in `off` mode. */
  userId: string | null;
  tokenId: string | null;
  orgRoles: OrgRoleName[];
  projectRoles: ProjectRoleGrant[];
  /** The teams the user is a member of (an owner team's member answers for it); absent: none. */
  teamIds?: string[];
}

// The request context (platform/request-context.ts) keeps the caller without importing this domain:
// its `RequestPrincipal` is completed here, so `currentPrincipal()` answers a `Principal`.
declare module '../platform/request-context' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- the merge is the point
  interface RequestPrincipal extends Principal {}
}

export const anonymous = (mode: AuthMode, actor = 'anonymous'): Principal => ({
  mode,
  actor,
  userId: null,
  tokenId: null,
  orgRoles: [],
  projectRoles: [],
});

export const rank = (role: ProjectRoleName) => PROJECT_ROLES.indexOf(role);

/** A user's role in a project: the highest of its own and its teams'; null when it holds none. */
export function roleIn(principal: Principal, projectId: string | null): ProjectRoleName | null {
  let best: ProjectRoleName | null = null;
  for (const grant of principal.projectRoles) {
    if (grant.projectId === projectId && (best === null || rank(grant.role) > rank(best))) best = grant.role;
  }
  return best;
}

export const isOrgAdmin = (principal: Principal) => principal.orgRoles.includes('ADMIN');
