import { MnemoError } from '../platform/errors';
import { currentPrincipal } from '../platform/request-context';
import { isOrgAdmin, type Principal, type ProjectRoleName, rank, roleIn } from './principal';

/**
 * What a caller needs for a write, by the audit action the write records:
 * - a project role (or higher) in the project the audited entity belongs to;
 * - `ORG_ADMIN`: the org ADMIN role;
 * - `SELF`: the audited entity is the caller's own user (or the caller is an org ADMIN);
 * - `AUTHENTICATED`: any authenticated caller (registering a data source, see docs/api.md);
 * - `OWNER`: the caller answers for itself or one of its teams (`onBehalfOf`), e.g. acknowledging a
 *   planned migration as one of the owners it asks.
 * The org ADMIN role passes every rule. An action missing here is refused: deny by default.
 */
export type AccessRule = ProjectRoleName | 'ORG_ADMIN' | 'SELF' | 'AUTHENTICATED' | 'OWNER';

const EDITOR_ACTIONS = [
  'dataset.created',
  'feature-set.created',
  'experiment.created',
  'model.created',
  'deployment.created',
  'experiment.renamed',
  'experiment.archived',
  'experiment.restored',
  'run.archived',
  'run.restored',
  'dataset-version.registered',
  'feature-set-version.registered',
  'model-version.registered',
  'dataset-version.derivations-added',
  'dataset-version.generator-added',
  'dataset-version.column-lineage-recorded',
  'feature-set-version.derivations-added',
  'model-version.derivations-added',
  'run.started',
  'run.start-backdated',
  'run.finished',
  'run.resumed',
  'run.parent-linked',
  'run.params-logged',
  'run.metrics-logged',
  'run.tags-set',
  'run.batch-logged',
  'run.tag-deleted',
  'run.inputs-recorded',
  'run.quality-checks-recorded',
  'artifact.recorded',
  'artifact.replaced',
  'model.alias-set',
  'model.alias-deleted',
  // MLflow's tags, descriptions and deletes (catalog/entity-tags.service.ts).
  'experiment.tags-set',
  'experiment.tag-deleted',
  'model.tags-set',
  'model.tag-deleted',
  'model.description-set',
  'model-version.tags-set',
  'model-version.tag-deleted',
  'model-version.description-set',
  'model-version.stage-set',
  // Out of MLflow's registry, kept in the graph (as experiment and run deletes are archives).
  'model.deleted',
  'model-version.deleted',
  'entity.metadata-set',
  'review.added',
  'openlineage.event-recorded',
] as const;

export const ACTION_ROLES: Readonly<Record<string, AccessRule>> = {
  ...Object.fromEntries(EDITOR_ACTIONS.map((action) => [action, 'EDITOR' as const])),
  'model-version.promoted': 'MAINTAINER',
  'promotion.approved': 'MAINTAINER',
  'template.loaded': 'MAINTAINER',
  'policy.loaded': 'MAINTAINER',
  'entity.restricted-set': 'MAINTAINER',
  'entity.owners-set': 'MAINTAINER',
  'read-access.granted': 'MAINTAINER',
  'read-access.revoked': 'MAINTAINER',
  'role.granted': 'ADMIN',
  'role.revoked': 'ADMIN',
  'project.created': 'ORG_ADMIN',
  'team.created': 'ORG_ADMIN',
  'user.created': 'ORG_ADMIN',
  'org-role.set': 'ORG_ADMIN',
  'token.created': 'SELF',
  'token.revoked': 'SELF',
  // Creating a project is the org admin's, by GraphQL or by an ingestion naming a new one (issue 17).
  'project.created-implicitly': 'ORG_ADMIN',
  'data-source.registered': 'AUTHENTICATED',
  // Notifications (issue 20): one's own subscriptions, endpoints and inbox; a team's are an org admin's.
  'subscription.created': 'SELF',
  'subscription.removed': 'SELF',
  'webhook-endpoint.registered': 'SELF',
  'webhook-endpoint.enabled-set': 'SELF',
  'notification.read': 'SELF',
  // Planned migrations (issue 20): maintainers plan and ask for reminders; each owner answers for itself.
  'planned-migration.planned': 'MAINTAINER',
  'planned-migration.reminder-requested': 'MAINTAINER',
  'planned-migration.acknowledged': 'OWNER',
  'planned-migration.objected': 'OWNER',
  'planned-migration.marked-ready': 'OWNER',
};

/** The audit action of a refused write, recorded in its own transaction after the rollback. */
export const ACCESS_DENIED = 'access.denied';

/** What a write is about, as its audit event names it. */
export interface AttemptedWrite {
  action: string;
  entityId: string;
  entityKind: string;
  /** The project the entity belongs to, as the audit event found it; null when none. */
  projectId: string | null;
  /** The user or team the caller acts for (the OWNER rule). */
  onBehalfOf?: string;
}

/** A refused write: FORBIDDEN (or UNAUTHENTICATED for an anonymous caller), with what was attempted. */
export class AccessDenied extends MnemoError {
  constructor(
    code: 'FORBIDDEN' | 'UNAUTHENTICATED',
    message: string,
    readonly principal: Principal,
    readonly attempted: AttemptedWrite,
    readonly required: string,
  ) {
    super(code, message, { action: attempted.action, required });
  }
}

/**
 * Allows the write or throws AccessDenied. Called by recordAudit, in the write's own transaction,
 * for every write made on behalf of an HTTP caller in `on` mode.
 */
export function authorize(principal: Principal, attempted: AttemptedWrite): void {
  const rule = ACTION_ROLES[attempted.action];
  const where = attempted.projectId ?? 'no project';
  const required =
    rule === undefined
      ? 'a rule (none is defined, so nobody may)'
      : rule === 'ORG_ADMIN'
        ? 'the org ADMIN role'
        : rule === 'SELF'
          ? `to be ${attempted.entityId} or an org ADMIN`
          : rule === 'AUTHENTICATED'
            ? 'to be authenticated'
            : rule === 'OWNER'
              ? `to be ${attempted.onBehalfOf ?? 'the owner'} or one of its members (or an org ADMIN)`
              : `${rule} on ${where}`;
  if (principal.userId === null) {
    throw new AccessDenied(
      'UNAUTHENTICATED',
      `Anonymous callers may not write: ${attempted.action} needs a token (Authorization: Bearer <secret>).`,
      principal,
      attempted,
      required,
    );
  }
  if (rule !== undefined && allows(principal, rule, attempted)) return;
  const own = roleIn(principal, attempted.projectId);
  const has = [
    ...principal.orgRoles.map((role) => `org ${role}`),
    ...(attempted.projectId ? [own ? `${own} on ${attempted.projectId}` : `no role on ${attempted.projectId}`] : []),
  ];
  throw new AccessDenied(
    'FORBIDDEN',
    `${principal.actor} needs ${required} to ${attempted.action}; has ${has.join(', ') || 'no role'}.`,
    principal,
    attempted,
    required,
  );
}

/**
 * The same check up front, for the few writes that record no audit event of their own (MLflow
 * artifact files outside a run's folder, and their deletion): refused without an access.denied event.
 */
export function assertMayWrite(attempted: AttemptedWrite): void {
  const principal = currentPrincipal();
  if (principal?.mode === 'on') authorize(principal, attempted);
}

function allows(principal: Principal, rule: AccessRule, attempted: AttemptedWrite): boolean {
  if (isOrgAdmin(principal)) return true;
  switch (rule) {
    case 'ORG_ADMIN':
      return false;
    case 'SELF':
      return attempted.entityId === principal.userId;
    case 'AUTHENTICATED':
      return true;
    case 'OWNER':
      return (
        attempted.onBehalfOf !== undefined &&
        (attempted.onBehalfOf === principal.userId || (principal.teamIds ?? []).includes(attempted.onBehalfOf))
      );
    default: {
      const own = roleIn(principal, attempted.projectId);
      return own !== null && rank(own) >= rank(rule);
    }
  }
}
