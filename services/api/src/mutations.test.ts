import { digestOf, seedChurnProject } from './test-support/fixtures';
import { expectRefusedWithoutChange, type Harness, startHarness } from './test-support/harness';
import { mnemoSchema } from './schema';

/**
 * Every mutation in the schema, with a bad input it must refuse without touching the graph.
 * A new mutation without an entry here fails the first test.
 */
const REFUSALS: Record<string, { query: string; variables: Record<string, unknown>; code: string }[]> = {
  createProject: [
    {
      query: `mutation($i: CreateProjectInput!) { createProject(input: $i) { id } }`,
      variables: { i: { slug: '-x', name: 'X' } },
      code: 'BAD_USER_INPUT',
    },
  ],
  createTeam: [
    {
      query: `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
      variables: { i: { slug: 'risk-data', name: 'Duplicate' } },
      code: 'CONFLICT',
    },
    {
      query: `mutation($i: CreateTeamInput!) { createTeam(input: $i) { id } }`,
      variables: { i: { slug: 't'.repeat(65), name: 'Long' } },
      code: 'BAD_USER_INPUT',
    },
  ],
  createUser: [
    {
      query: `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`,
      variables: { i: { handle: 'alice', name: 'Alice again' } },
      code: 'CONFLICT',
    },
  ],
  registerDataset: [
    {
      query: `mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`,
      variables: { i: { projectId: 'project:churn', slug: 'transactions', name: 'Dup' } },
      code: 'CONFLICT',
    },
  ],
  registerDatasetVersion: [
    {
      query: `mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`,
      variables: { i: { datasetId: 'dataset:churn/transactions', version: '1', digest: 'md5:zz' } },
      code: 'BAD_USER_INPUT',
    },
  ],
  registerFeatureSet: [
    {
      query: `mutation($i: RegisterFeatureSetInput!) { registerFeatureSet(input: $i) { id } }`,
      variables: { i: { projectId: 'project:nowhere', slug: 'f', name: 'F' } },
      code: 'NOT_FOUND',
    },
  ],
  registerFeatureSetVersion: [
    {
      query: `mutation($i: RegisterFeatureSetVersionInput!) { registerFeatureSetVersion(input: $i) { id } }`,
      variables: { i: { featureSetId: 'dataset:churn/transactions', version: '1', digest: digestOf('f') } },
      code: 'BAD_USER_INPUT',
    },
  ],
  createExperiment: [
    {
      query: `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id } }`,
      variables: { i: { projectId: 'project:churn', slug: 'xgb', name: 'Dup' } },
      code: 'CONFLICT',
    },
    {
      query: `mutation($i: CreateExperimentInput!) { createExperiment(input: $i) { id } }`,
      variables: { i: { projectId: 'project:churn', slug: 'e2', name: 'E', ownerIds: ['project:churn'] } },
      code: 'BAD_USER_INPUT',
    },
  ],
  registerModel: [
    {
      query: `mutation($i: RegisterModelInput!) { registerModel(input: $i) { id } }`,
      variables: {
        i: { projectId: 'project:churn', slug: 'm2', name: 'M', tags: Array.from({ length: 51 }, (_, n) => `t${n}`) },
      },
      code: 'BAD_USER_INPUT',
    },
  ],
  registerModelVersion: [
    {
      query: `mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { id } }`,
      variables: { i: { modelId: 'model:churn/churn-classifier', runId: 'run:missing000', digest: digestOf('m') } },
      code: 'NOT_FOUND',
    },
  ],
  createDeployment: [
    {
      query: `mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`,
      variables: {
        i: {
          projectId: 'project:churn',
          slug: 'd',
          name: 'D',
          environment: 'PROD',
          modelVersionId: 'dataset:churn/transactions',
        },
      },
      code: 'BAD_USER_INPUT',
    },
  ],
  startRun: [
    {
      query: `mutation($i: StartRunInput!) { startRun(input: $i) { id } }`,
      variables: { i: { experimentId: 'experiment:churn/xgb', infrastructure: { acceleratorCount: -2 } } },
      code: 'BAD_USER_INPUT',
    },
  ],
  logParams: [
    {
      query: `mutation($r: ID!, $p: [KeyValueInput!]!) { logParams(runId: $r, params: $p) { id } }`,
      variables: { r: 'run:fixture-run', p: [{ key: 'bad key!', value: '1' }] },
      code: 'BAD_USER_INPUT',
    },
  ],
  logMetrics: [
    {
      query: `mutation($r: ID!, $m: [MetricInput!]!) { logMetrics(runId: $r, metrics: $m) { id } }`,
      variables: { r: 'run:unknown-run', m: [{ key: 'loss', value: 1 }] },
      code: 'NOT_FOUND',
    },
    {
      query: `mutation($r: ID!, $m: [MetricInput!]!) { logMetrics(runId: $r, metrics: $m) { id } }`,
      variables: { r: 'run:fixture-run', m: [{ key: 'loss', value: 'high' }] },
      code: 'BAD_USER_INPUT',
    },
  ],
  setTags: [
    {
      query: `mutation($r: ID!, $t: [KeyValueInput!]!) { setTags(runId: $r, tags: $t) { id } }`,
      variables: { r: 'run:fixture-run', t: [] },
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation($r: ID!, $t: [KeyValueInput!]!) { setTags(runId: $r, tags: $t) { id } }`,
      variables: { r: 'run:fixture-run', t: [{ key: 'note', value: 'x'.repeat(8001) }] },
      code: 'BAD_USER_INPUT',
    },
  ],
  recordRunInputs: [
    {
      query: `mutation($r: ID!, $i: [UsedVersionInput!]!) { recordRunInputs(runId: $r, inputs: $i) { id } }`,
      variables: { r: 'run:fixture-run', i: [{ versionId: 'dataset:nowhere/nothing@1' }] },
      code: 'NOT_FOUND',
    },
  ],
  finishRun: [
    {
      query: `mutation($i: FinishRunInput!) { finishRun(input: $i) { id } }`,
      variables: { i: { runId: 'run:fixture-run', status: 'FINISHED', endedAt: '2000-01-01T00:00:00Z' } },
      code: 'BAD_USER_INPUT',
    },
  ],
  loadMetadataTemplate: [
    {
      query: `mutation($y: String!) { loadMetadataTemplate(projectId: "project:churn", kind: "dataset", yaml: $y) { kind } }`,
      variables: { y: 'kind: dataset\nrequired: [digest]\n' },
      code: 'BAD_USER_INPUT',
    },
    {
      // An alias loop (issue 18, finding 11): invalid YAML, not an internal error.
      query: `mutation($y: String!) { loadMetadataTemplate(projectId: "project:churn", kind: "dataset", yaml: $y) { kind } }`,
      variables: { y: 'kind: dataset\nrequired: &r [*r]\n' },
      code: 'BAD_USER_INPUT',
    },
  ],
  setMetadata: [
    {
      query: `mutation($m: [MetadataFieldInput!]!) { setMetadata(entityId: "dataset:churn/transactions", metadata: $m) { id } }`,
      variables: { m: [{ key: 'classification', value: 'secret' }] },
      code: 'BAD_USER_INPUT',
    },
  ],
  recordDataQualityChecks: [
    {
      query: `mutation($c: [DataQualityCheckInput!]!) { recordDataQualityChecks(runId: "run:fixture-run", checks: $c) { id } }`,
      variables: { c: [{ name: '', passed: true }] },
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation($c: [DataQualityCheckInput!]!) { recordDataQualityChecks(runId: "run:no-such-run", checks: $c) { id } }`,
      variables: { c: [{ name: 'rows', passed: true }] },
      code: 'NOT_FOUND',
    },
  ],
  addReview: [
    {
      query: `mutation($i: AddReviewInput!) { addReview(input: $i) { id } }`,
      variables: {
        i: { entityId: 'run:nowhere', objective: 'O', method: 'M', confidence: 'HIGH', decision: 'APPROVED' },
      },
      code: 'NOT_FOUND',
    },
  ],
  setPromotionPolicy: [
    {
      query: `mutation($p: String!) { setPromotionPolicy(projectId: "project:churn", environment: PROD, policy: $p) { source } }`,
      variables: { p: 'gates:\n  - kind: metric-threshold\n    metric: auc\n' },
      code: 'BAD_USER_INPUT',
    },
    {
      // An alias loop (issue 18, finding 11): invalid YAML, not an internal error.
      query: `mutation($p: String!) { setPromotionPolicy(projectId: "project:churn", environment: PROD, policy: $p) { source } }`,
      variables: { p: 'gates: &g\n  - *g\n' },
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation($p: String!) { setPromotionPolicy(projectId: "project:nowhere", environment: PROD, policy: $p) { source } }`,
      variables: { p: 'gates: []' },
      code: 'NOT_FOUND',
    },
  ],
  planMigration: [
    {
      query: `mutation { planMigration(target: "dataset:churn/nowhere@1", kind: DROP, effectiveAt: "2027-01-01T00:00:00Z") { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      // Retyping needs the columns to retype.
      query: `mutation { planMigration(target: "dataset:churn/nowhere@1", kind: RETYPE_COLUMNS, effectiveAt: "2027-01-01T00:00:00Z") { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  acknowledgeMigration: [
    {
      query: `mutation { acknowledgeMigration(id: "dataset:churn/nowhere@1/migration/1", ownerId: "user:alice") { state } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  objectToMigration: [
    {
      query: `mutation { objectToMigration(id: "dataset:churn/nowhere@1/migration/1", ownerId: "user:alice", comment: " ") { state } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  markMigrationReady: [
    {
      query: `mutation { markMigrationReady(id: "dataset:churn/nowhere@1/migration/1", ownerId: "user:alice") { state } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  remindMigrationOwners: [
    {
      query: `mutation { remindMigrationOwners(id: "dataset:churn/nowhere@1/migration/1") { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  promoteModelVersion: [
    {
      query: `mutation { promoteModelVersion(id: "model:churn/churn-classifier@9", environment: PROD) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  approvePromotion: [
    {
      query: `mutation { approvePromotion(modelVersionId: "model:churn/churn-classifier@9", environment: PROD, rationale: " ") { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  createApiToken: [
    {
      query: `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }`,
      variables: { i: { name: 'ci', userId: 'user:nobody' } },
      code: 'NOT_FOUND',
    },
    {
      query: `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }`,
      variables: { i: { name: ' ', userId: 'team:risk-data' } },
      code: 'BAD_USER_INPUT',
    },
  ],
  revokeApiToken: [
    { query: `mutation { revokeApiToken(id: "token:nowhere") { id } }`, variables: {}, code: 'NOT_FOUND' },
  ],
  grantProjectRole: [
    {
      query: `mutation { grantProjectRole(projectId: "project:nowhere", memberId: "user:alice", role: EDITOR) { role } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { grantProjectRole(projectId: "project:churn", memberId: "dataset:churn/transactions", role: EDITOR) { role } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  revokeProjectRole: [
    {
      query: `mutation { revokeProjectRole(projectId: "project:churn", memberId: "user:alice") { role } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  setOrgRole: [
    {
      query: `mutation { setOrgRole(userId: "user:nobody", role: ADMIN, granted: true) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  setOwners: [
    {
      query: `mutation { setOwners(entityId: "dataset:churn/nowhere", ownerIds: ["user:alice"]) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { setOwners(entityId: "experiment:churn/xgb", ownerIds: []) { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation { setOwners(entityId: "project:churn", ownerIds: ["user:alice"]) { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  setRestricted: [
    {
      query: `mutation { setRestricted(entityId: "dataset:churn/nowhere", restricted: true) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { setRestricted(entityId: "project:churn", restricted: true) { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  grantReadAccess: [
    {
      query: `mutation { grantReadAccess(entityId: "dataset:churn/nowhere", memberId: "user:alice") { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { grantReadAccess(entityId: "dataset:churn/transactions", memberId: "user:nobody") { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { grantReadAccess(entityId: "dataset:churn/transactions", memberId: "project:churn") { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  revokeReadAccess: [
    {
      query: `mutation { revokeReadAccess(entityId: "dataset:churn/transactions", memberId: "user:alice") { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { revokeReadAccess(entityId: "dataset:churn/transactions", memberId: "experiment:churn/xgb") { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  subscribe: [
    {
      query: `mutation { subscribe(input: { subscriberId: "user:alice" }) { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation { subscribe(input: { subjectId: "dataset:churn/none", subscriberId: "user:alice" }) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  unsubscribe: [
    { query: `mutation { unsubscribe(id: "subscription:none") { id } }`, variables: {}, code: 'NOT_FOUND' },
    { query: `mutation { unsubscribe(id: "run:fixture-run") { id } }`, variables: {}, code: 'BAD_USER_INPUT' },
  ],
  registerWebhookEndpoint: [
    {
      query: `mutation { registerWebhookEndpoint(input: { url: "not a url", ownerId: "user:alice" }) { secret } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
    {
      query: `mutation { registerWebhookEndpoint(input: { url: "https://example.com/h", ownerId: "user:nobody" }) { secret } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
  ],
  setWebhookEndpointEnabled: [
    {
      query: `mutation { setWebhookEndpointEnabled(id: "webhook:none", enabled: false) { id } }`,
      variables: {},
      code: 'NOT_FOUND',
    },
    {
      query: `mutation { setWebhookEndpointEnabled(id: "user:alice", enabled: false) { id } }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
  ],
  markNotificationsRead: [
    {
      query: `mutation { markNotificationsRead(userId: "user:alice", ids: ["run:fixture-run"]) }`,
      variables: {},
      code: 'BAD_USER_INPUT',
    },
    { query: `mutation { markNotificationsRead(userId: "user:nobody") }`, variables: {}, code: 'NOT_FOUND' },
  ],
};

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(
    `mutation { startRun(input: { experimentId: "experiment:churn/xgb", id: "run:fixture-run" }) { id } }`,
  );
});
afterAll(() => harness.close());

describe('every mutation', () => {
  it('has refusal cases here, so a new mutation cannot ship without them', () => {
    const mutations = Object.keys(mnemoSchema().getMutationType()!.getFields()).sort();
    expect(Object.keys(REFUSALS).sort()).toEqual(mutations);
  });

  const cases = Object.entries(REFUSALS).flatMap(([mutation, refusals]) =>
    refusals.map((refusal, n) => [`${mutation} #${n + 1}`, refusal] as const),
  );
  it.each(cases)(
    '%s refuses bad input with the right code and leaves the graph exactly as it was',
    async (_name, refusal) => {
      const audits = (await harness.counts()).auditEvents;
      const refused = await expectRefusedWithoutChange(harness, refusal.query, refusal.variables);
      expect(refused.code).toBe(refusal.code);
      expect(refused.message.length).toBeGreaterThan(10);
      expect((await harness.counts()).auditEvents).toBe(audits);
    },
  );

  it('writes exactly one audit event per successful mutation, naming the caller', async () => {
    const before = (await harness.counts()).auditEvents;
    await harness.ok(`mutation { createTeam(input: { slug: "ml-platform", name: "ML platform" }) { id } }`);
    await harness.ok(`mutation { setTags(runId: "run:fixture-run", tags: [{ key: "stage", value: "dev" }]) { id } }`);
    expect((await harness.counts()).auditEvents).toBe(before + 2);
    const { auditTrail } = await harness.ok(`{ auditTrail(first: 2) { action entityId actor } }`);
    expect(auditTrail).toEqual([
      { action: 'run.tags-set', entityId: 'run:fixture-run', actor: 'user:tester' },
      { action: 'team.created', entityId: 'team:ml-platform', actor: 'user:tester' },
    ]);
  });
});
