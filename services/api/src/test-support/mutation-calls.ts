import { digestOf } from './fixtures';

/**
 * One successful call of every mutation in the schema, in an order where each finds what it needs,
 * with the entity its audit event must name. A mutation added to the schema without an entry here
 * fails the first test; one that writes no audit event fails the second.
 */
export interface AuditedCall {
  query: string;
  variables?: Record<string, unknown>;
  /** Variables only known once earlier calls ran (e.g. a token's id), read with a GraphQL query. */
  prepare?: (gql: (query: string) => Promise<Record<string, any>>) => Promise<Record<string, unknown>>;
  entityId: string;
  /** The audit action the call records; access/roles.ts ACTION_ROLES says who may do it. */
  action: string;
}

export const RUN = 'run:audit-coverage-1';
export const MODEL_VERSION = 'model:cov/classifier@1';
/** The first migration planned of rows@1 (its owner to ask: user:cov-user, who owns the features built from it). */
export const MIGRATION = 'dataset:cov/rows@1/migration/1';

export const CALLS: [mutation: string, call: AuditedCall][] = [
  [
    'createProject',
    {
      query: `mutation { createProject(input: { slug: "cov", name: "Coverage" }) { id } }`,
      entityId: 'project:cov',
      action: 'project.created',
    },
  ],
  [
    'createTeam',
    {
      query: `mutation { createTeam(input: { slug: "cov-team", name: "Coverage team" }) { id } }`,
      entityId: 'team:cov-team',
      action: 'team.created',
    },
  ],
  [
    'createUser',
    {
      query: `mutation { createUser(input: { handle: "cov-user", name: "Coverage user" }) { id } }`,
      entityId: 'user:cov-user',
      action: 'user.created',
    },
  ],
  [
    'createApiToken',
    {
      query: `mutation { createApiToken(input: { name: "ci", userId: "user:cov-user" }) { token { id } secret } }`,
      entityId: 'user:cov-user',
      action: 'token.created',
    },
  ],
  [
    'revokeApiToken',
    {
      query: `mutation($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }`,
      prepare: async (gql) => {
        const { apiTokens } = await gql(`{ apiTokens(userId: "user:cov-user") { id revokedAt } }`);
        return { id: apiTokens.find((token: { revokedAt: string | null }) => !token.revokedAt)?.id ?? 'token:none' };
      },
      entityId: 'user:cov-user',
      action: 'token.revoked',
    },
  ],
  [
    'grantProjectRole',
    {
      query: `mutation { grantProjectRole(projectId: "project:cov", memberId: "user:cov-user", role: EDITOR) { role } }`,
      entityId: 'project:cov',
      action: 'role.granted',
    },
  ],
  [
    'revokeProjectRole',
    {
      query: `mutation { revokeProjectRole(projectId: "project:cov", memberId: "user:cov-user") { role } }`,
      entityId: 'project:cov',
      action: 'role.revoked',
    },
  ],
  [
    'setOrgRole',
    {
      query: `mutation { setOrgRole(userId: "user:cov-user", role: AUDITOR, granted: true) { id orgRoles } }`,
      entityId: 'user:cov-user',
      action: 'org-role.set',
    },
  ],
  [
    'registerDataset',
    {
      query: `mutation { registerDataset(input: { projectId: "project:cov", slug: "rows", name: "Rows" }) { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'dataset.created',
    },
  ],
  [
    'registerDatasetVersion',
    {
      query: `mutation($d: String!) { registerDatasetVersion(input: { datasetId: "dataset:cov/rows", version: "1", digest: $d }) { id } }`,
      variables: { d: digestOf('rows-1') },
      entityId: 'dataset:cov/rows@1',
      action: 'dataset-version.registered',
    },
  ],
  [
    'registerFeatureSet',
    {
      query: `mutation { registerFeatureSet(input: { projectId: "project:cov", slug: "feats", name: "Features", ownerIds: ["user:cov-user"] }) { id } }`,
      entityId: 'featureset:cov/feats',
      action: 'feature-set.created',
    },
  ],
  [
    'registerFeatureSetVersion',
    {
      query: `mutation($d: String!) { registerFeatureSetVersion(input: { featureSetId: "featureset:cov/feats", version: "1", digest: $d, derivedFromIds: ["dataset:cov/rows@1"] }) { id } }`,
      variables: { d: digestOf('feats-1') },
      entityId: 'featureset:cov/feats@1',
      action: 'feature-set-version.registered',
    },
  ],
  [
    'createExperiment',
    {
      query: `mutation { createExperiment(input: { projectId: "project:cov", slug: "exp", name: "Experiment" }) { id } }`,
      entityId: 'experiment:cov/exp',
      action: 'experiment.created',
    },
  ],
  [
    'startRun',
    {
      query: `mutation($id: ID!) { startRun(input: { id: $id, experimentId: "experiment:cov/exp" }) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.started',
    },
  ],
  [
    'logParams',
    {
      query: `mutation($id: ID!) { logParams(runId: $id, params: [{ key: "lr", value: "0.1" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.params-logged',
    },
  ],
  [
    'logMetrics',
    {
      query: `mutation($id: ID!) { logMetrics(runId: $id, metrics: [{ key: "auc", value: 0.9, step: 1 }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.metrics-logged',
    },
  ],
  [
    'setTags',
    {
      query: `mutation($id: ID!) { setTags(runId: $id, tags: [{ key: "team", value: "cov" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.tags-set',
    },
  ],
  [
    'recordRunInputs',
    {
      query: `mutation($id: ID!) { recordRunInputs(runId: $id, inputs: [{ versionId: "featureset:cov/feats@1", role: "training" }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.inputs-recorded',
    },
  ],
  [
    'registerModel',
    {
      query: `mutation { registerModel(input: { projectId: "project:cov", slug: "classifier", name: "Classifier" }) { id } }`,
      entityId: 'model:cov/classifier',
      action: 'model.created',
    },
  ],
  [
    'registerModelVersion',
    {
      query: `mutation($id: ID!, $d: String!) { registerModelVersion(input: { modelId: "model:cov/classifier", runId: $id, digest: $d }) { id } }`,
      variables: { id: RUN, d: digestOf('model-1') },
      entityId: MODEL_VERSION,
      action: 'model-version.registered',
    },
  ],
  [
    'finishRun',
    {
      query: `mutation($id: ID!) { finishRun(input: { runId: $id, status: FINISHED }) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.finished',
    },
  ],
  [
    'createDeployment',
    {
      query: `mutation($mv: ID!) { createDeployment(input: { projectId: "project:cov", slug: "dev", name: "Dev", environment: DEV, modelVersionId: $mv }) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: 'deployment:cov/dev',
      action: 'deployment.created',
    },
  ],
  [
    'addReview',
    {
      query: `mutation($mv: ID!) { addReview(input: { entityId: $mv, objective: "Beat the baseline", method: "Held-out rows", confidence: HIGH, decision: APPROVED }) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
      action: 'review.added',
    },
  ],
  [
    'planMigration',
    {
      query: `mutation { planMigration(target: "dataset:cov/rows@1", kind: DROP, effectiveAt: "2027-01-01T00:00:00Z", note: "rows@2 replaces it") { id } }`,
      entityId: MIGRATION,
      action: 'planned-migration.planned',
    },
  ],
  ...(
    [
      ['acknowledgeMigration', 'comment: "Seen"', 'planned-migration.acknowledged'],
      ['objectToMigration', 'comment: "Our features read it"', 'planned-migration.objected'],
      ['markMigrationReady', 'comment: "Moved to rows@2"', 'planned-migration.marked-ready'],
    ] as const
  ).map(([mutation, comment, action]): [string, AuditedCall] => [
    mutation,
    {
      query: `mutation($id: ID!) { ${mutation}(id: $id, ownerId: "user:cov-user", ${comment}) { state } }`,
      variables: { id: MIGRATION },
      entityId: MIGRATION,
      action,
    },
  ]),
  [
    'remindMigrationOwners',
    {
      query: `mutation($id: ID!) { remindMigrationOwners(id: $id) { id } }`,
      variables: { id: MIGRATION },
      entityId: MIGRATION,
      action: 'planned-migration.reminder-requested',
    },
  ],
  [
    'setPromotionPolicy',
    {
      query: `mutation { setPromotionPolicy(projectId: "project:cov", environment: DEV, policy: "gates: []") { source } }`,
      entityId: 'project:cov',
      action: 'policy.loaded',
    },
  ],
  [
    'approvePromotion',
    {
      query: `mutation($mv: ID!) { approvePromotion(modelVersionId: $mv, environment: DEV, rationale: "Looks right") { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
      action: 'promotion.approved',
    },
  ],
  [
    'promoteModelVersion',
    {
      query: `mutation($mv: ID!) { promoteModelVersion(id: $mv, environment: DEV) { id } }`,
      variables: { mv: MODEL_VERSION },
      entityId: MODEL_VERSION,
      action: 'model-version.promoted',
    },
  ],
  [
    'loadMetadataTemplate',
    {
      query: `mutation($yaml: String!) { loadMetadataTemplate(projectId: "project:cov", kind: "deployment", yaml: $yaml) { source } }`,
      variables: { yaml: 'kind: deployment\nrequired: [name, environment]\n' },
      entityId: 'project:cov',
      action: 'template.loaded',
    },
  ],
  [
    'setMetadata',
    {
      query: `mutation { setMetadata(entityId: "dataset:cov/rows", metadata: [{ key: "classification", value: "internal" }]) { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'entity.metadata-set',
    },
  ],
  [
    'recordDataQualityChecks',
    {
      query: `mutation($id: ID!) { recordDataQualityChecks(runId: $id, checks: [{ name: "rows > 0", passed: true, value: 3 }]) { id } }`,
      variables: { id: RUN },
      entityId: RUN,
      action: 'run.quality-checks-recorded',
    },
  ],
  [
    'setRestricted',
    {
      query: `mutation { setRestricted(entityId: "dataset:cov/rows", restricted: true) { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'entity.restricted-set',
    },
  ],
  [
    'setOwners',
    {
      query: `mutation { setOwners(entityId: "dataset:cov/rows", ownerIds: ["team:cov-team"]) { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'entity.owners-set',
    },
  ],
  [
    'grantReadAccess',
    {
      query: `mutation { grantReadAccess(entityId: "dataset:cov/rows", memberId: "team:cov-team") { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'read-access.granted',
    },
  ],
  [
    'revokeReadAccess',
    {
      query: `mutation { revokeReadAccess(entityId: "dataset:cov/rows", memberId: "team:cov-team") { id } }`,
      entityId: 'dataset:cov/rows',
      action: 'read-access.revoked',
    },
  ],
  [
    'subscribe',
    {
      query: `mutation { subscribe(input: { subjectId: "dataset:cov/rows", subscriberId: "user:cov-user" }) { id } }`,
      entityId: 'user:cov-user',
      action: 'subscription.created',
    },
  ],
  [
    'unsubscribe',
    {
      query: `mutation($id: ID!) { unsubscribe(id: $id) { id removedAt } }`,
      prepare: async (gql) => {
        const { mySubscriptions } = await gql(`{ mySubscriptions(subscriberId: "user:cov-user") { id } }`);
        return { id: mySubscriptions[0]?.id ?? 'subscription:none' };
      },
      entityId: 'user:cov-user',
      action: 'subscription.removed',
    },
  ],
  [
    'registerWebhookEndpoint',
    {
      query: `mutation { registerWebhookEndpoint(input: { url: "http://127.0.0.1:9/cov", ownerId: "user:cov-user" }) { endpoint { id } secret } }`,
      entityId: 'user:cov-user',
      action: 'webhook-endpoint.registered',
    },
  ],
  [
    'setWebhookEndpointEnabled',
    {
      query: `mutation($id: ID!) { setWebhookEndpointEnabled(id: $id, enabled: false) { id enabled } }`,
      prepare: async (gql) => {
        const { webhookEndpoints } = await gql(`{ webhookEndpoints(ownerId: "user:cov-user") { id enabled } }`);
        const enabled = webhookEndpoints.find((endpoint: { enabled: boolean }) => endpoint.enabled);
        return { id: enabled?.id ?? 'webhook:none' };
      },
      entityId: 'user:cov-user',
      action: 'webhook-endpoint.enabled-set',
    },
  ],
  [
    'markNotificationsRead',
    {
      query: `mutation { markNotificationsRead(userId: "user:cov-user") }`,
      entityId: 'user:cov-user',
      action: 'notification.read',
    },
  ],
];
