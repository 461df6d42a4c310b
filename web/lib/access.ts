import { gql } from './gql';
import type { WhoamiQuery } from './gql/graphql';

/**
 * Who the explorer is talking for (the API's whoami) and which write controls to show them. The API
 * decides every write; hiding a control only spares a person a refusal they were bound to get.
 */
export const WHOAMI_QUERY = gql(`
  query Whoami {
    whoami { actor authenticated authMode user { id name } orgRoles projectRoles { projectId role via } }
  }
`);

export const PROJECT_ROLES = ['VIEWER', 'EDITOR', 'MAINTAINER', 'ADMIN'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

export type ProjectRoleGrant = Principal['projectRoles'][number];

export type Principal = WhoamiQuery['whoami'];

/** A project role held through several grants (own, teams') counts at its highest. */
export function roleIn(principal: Principal, projectId: string): ProjectRole | null {
  let best = -1;
  for (const grant of principal.projectRoles) {
    if (grant.projectId === projectId) best = Math.max(best, PROJECT_ROLES.indexOf(grant.role));
  }
  return best < 0 ? null : PROJECT_ROLES[best];
}

/** The highest role per project, in project order: what the header lists. */
export function rolesByProject(principal: Principal): { projectId: string; role: ProjectRole }[] {
  const projects = [...new Set(principal.projectRoles.map((grant) => grant.projectId))].sort();
  return projects.map((projectId) => ({ projectId, role: roleIn(principal, projectId)! }));
}

export type WriteAccess =
  | { allowed: true }
  /** `signIn`: the reason is that nobody is signed in, so the control to offer is signing in. */
  | { allowed: false; reason: string; signIn: boolean };

/**
 * Whether to show a write control. `principal` null means the API cannot say who is calling (it
 * predates whoami): the control is shown and the API decides. `what` names the writes in the plural
 * ("reviews"); `projectId` is the project the written entity belongs to, null when unknown.
 */
export function writeAccess(
  principal: Principal | null,
  projectId: string | null,
  what: string,
  needed: ProjectRole = 'EDITOR',
): WriteAccess {
  if (!principal || principal.authMode === 'off') return { allowed: true };
  if (!principal.authenticated) {
    return { allowed: false, signIn: true, reason: `Sign in with a token to write ${what}.` };
  }
  if (principal.orgRoles.includes('ADMIN')) return { allowed: true };
  if (!projectId) {
    return {
      allowed: false,
      signIn: false,
      reason: `The explorer cannot tell which project this belongs to; only an org admin may write ${what} here.`,
    };
  }
  const role = roleIn(principal, projectId);
  if (role && PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf(needed)) return { allowed: true };
  const need = `${what} need ${needed} on ${projectId}`;
  if (role)
    return { allowed: false, signIn: false, reason: `Your role on ${projectId} is ${role}; ${what} need ${needed}.` };
  if (principal.orgRoles.includes('AUDITOR')) {
    return {
      allowed: false,
      signIn: false,
      reason: `Your org role is AUDITOR, which reads everything and writes nothing; ${need}.`,
    };
  }
  return { allowed: false, signIn: false, reason: `You hold no role on ${projectId}; ${need}.` };
}

/**
 * The project an entity belongs to, as the API names it: `project` on assets and runs, and on a
 * model version through its model. Null when the API names none.
 */
export function entityProjectId(node: {
  id: string;
  kind: string;
  project?: { id: string } | null;
  model?: { project?: { id: string } | null };
}): string | null {
  if (node.kind === 'Project') return node.id;
  return node.project?.id ?? node.model?.project?.id ?? null;
}
