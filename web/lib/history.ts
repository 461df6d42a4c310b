import { PROJECT_ROLES, type Principal, roleIn } from './access';
import { gql } from './gql';

/** An entity's audit trail, asked apart from its page so a caller who may not read it still gets the page. */
export const HISTORY_QUERY = gql(`
  query EntityHistory($id: ID!) {
    auditTrail(entityId: $id, first: 50) { ...AuditEventFields }
  }
`);

/**
 * Whether to ask for an entity's history: the API shows the audit trail to org auditors and admins
 * and to maintainers (or admins) of the entity's project; asking otherwise would only be refused
 * (and recorded as access.denied). With auth off, or an API that cannot say who calls, always.
 */
export function mayReadHistory(principal: Principal | null, projectId: string | null): boolean {
  if (!principal || principal.authMode === 'off') return true;
  if (principal.orgRoles.length > 0) return true;
  if (!principal.authenticated || !projectId) return false;
  const role = roleIn(principal, projectId);
  return role !== null && PROJECT_ROLES.indexOf(role) >= PROJECT_ROLES.indexOf('MAINTAINER');
}

/** The project an entity page's node belongs to, its parent's for a version. */
export function pageProjectId(node: {
  id: string;
  kind: string;
  project?: { id: string } | null;
  dataset?: { project?: { id: string } | null };
  featureSet?: { project?: { id: string } | null };
  model?: { project?: { id: string } | null };
}): string | null {
  if (node.kind === 'Project') return node.id;
  return (
    node.project?.id ?? node.dataset?.project?.id ?? node.featureSet?.project?.id ?? node.model?.project?.id ?? null
  );
}
