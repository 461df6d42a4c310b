import { type Harness, startHarness } from '../test-support/harness';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

/**
 * The read guard at its core: by-id reads of what a caller may not read are FORBIDDEN and audited,
 * related lists leave it out, anonymous callers read nothing but whoami. (Lists, search, lineage
 * placeholders and the audit trail have tests of their own.)
 */
let harness: Harness;
let admin: Caller;
let viewer: Caller; // VIEWER on project:retail only
let riskAnalyst: Caller; // VIEWER on project:retail, member of team:risk-data (owns the restricted dataset)
let auditor: Caller;

const SECRET_DIGEST = 'sha256:' + 'a'.repeat(64);

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation { createProject(input: { slug: "retail", name: "Retail" }) { id } }`);
  await ok(`mutation { createProject(input: { slug: "payments", name: "Payments" }) { id } }`);
  await ok(`mutation { createTeam(input: { slug: "risk-data", name: "Risk data" }) { id } }`);
  for (const [project, slug, owner] of [
    ['project:retail', 'baskets', 'user:admin'],
    ['project:retail', 'card-holders', 'team:risk-data'],
    ['project:payments', 'ledger', 'user:admin'],
  ]) {
    await ok(
      `mutation($p: ID!, $s: String!, $o: ID!) { registerDataset(input: { projectId: $p, slug: $s, name: $s, ownerIds: [$o] }) { id } }`,
      { p: project, s: slug, o: owner },
    );
  }
  for (const dataset of ['dataset:retail/baskets', 'dataset:retail/card-holders']) {
    await ok(
      `mutation($d: ID!, $g: String!) { registerDatasetVersion(input: { datasetId: $d, version: "1", digest: $g }) { id } }`,
      { d: dataset, g: SECRET_DIGEST },
    );
  }
  // Marked restricted the way setRestricted does: on the dataset and copied onto its versions.
  await harness.db.runScript(
    "MATCH (d:Entity) WHERE d.id STARTS WITH 'dataset:retail/card-holders' SET d.restricted = true",
  );
  await ok(
    `mutation { createExperiment(input: { projectId: "project:retail", slug: "basket-model", name: "b" }) { id } }`,
  );
  await ok(
    `mutation { startRun(input: { experimentId: "experiment:retail/basket-model", id: "run:basket-1",
       inputs: [{ versionId: "dataset:retail/baskets@1" }, { versionId: "dataset:retail/card-holders@1" }] }) { id } }`,
  );

  viewer = callerWith(harness, await userWithToken(admin, 'vera'));
  riskAnalyst = callerWith(harness, await userWithToken(admin, 'rita', ['team:risk-data']));
  auditor = callerWith(harness, await userWithToken(admin, 'olga'));
  for (const user of ['user:vera', 'user:rita']) {
    await ok(
      `mutation($m: ID!) { grantProjectRole(projectId: "project:retail", memberId: $m, role: VIEWER) { role } }`,
      {
        m: user,
      },
    );
  }
  await ok(`mutation { setOrgRole(userId: "user:olga", role: AUDITOR, granted: true) { id } }`);
});
afterAll(() => harness.close());

const node = (call: Caller, id: string) => call(`query($id: ID!) { node(id: $id) { id kind } }`, { id });

describe('reading by id', () => {
  it("answers a project member the project's public things", async () => {
    expect((await node(viewer, 'dataset:retail/baskets')).data?.node).toEqual({
      id: 'dataset:retail/baskets',
      kind: 'Dataset',
    });
  });

  it('refuses what lies in a project the caller holds no role in, FORBIDDEN and audited', async () => {
    const result = await node(viewer, 'dataset:payments/ledger');
    expect(result.errors?.[0]).toMatchObject({
      message:
        'user:vera may not read dataset:payments/ledger: it belongs to project:payments, where user:vera holds no role.',
      extensions: { code: 'FORBIDDEN' },
    });
    const [event] = await harness.db.runScript(
      "MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:vera', entityId: 'dataset:payments/ledger'}) RETURN e.projectId AS projectId, e.after AS after",
    );
    expect(event.projectId).toBe('project:payments');
    expect(JSON.parse(event.after as string)).toMatchObject({
      action: 'entity.read',
      required: 'VIEWER on project:payments',
    });
  });

  it('refuses a restricted dataset and its versions to a member of its project who is not granted them', async () => {
    for (const id of ['dataset:retail/card-holders', 'dataset:retail/card-holders@1']) {
      const result = await node(viewer, id);
      expect(result.errors?.[0]?.message).toBe(
        `user:vera may not read ${id}: it is restricted to team:risk-data and those granted it.`,
      );
      expect(result.data?.node).toBeNull();
    }
  });

  it('answers the owning team and the org auditor', async () => {
    for (const call of [riskAnalyst, auditor]) {
      const result = await node(call, 'dataset:retail/card-holders@1');
      expect(result.errors).toBeUndefined();
      expect(result.data?.node).toEqual({ id: 'dataset:retail/card-holders@1', kind: 'DatasetVersion' });
    }
  });

  it('answers an unknown id with null, as before', async () => {
    expect(await node(viewer, 'dataset:retail/nothing')).toMatchObject({ data: { node: null } });
  });
});

describe('related lists', () => {
  const inputs = `{ run(id: "run:basket-1") { inputs { version { ... on Node { id } } } } }`;

  it('leave out the inputs a caller may not read and keep those it may', async () => {
    expect((await okWith(viewer)(inputs)).run.inputs).toEqual([{ version: { id: 'dataset:retail/baskets@1' } }]);
    expect((await okWith(riskAnalyst)(inputs)).run.inputs).toHaveLength(2);
  });

  it("give a granted caller a restricted dataset's versions", async () => {
    const versions = `{ dataset(id: "dataset:retail/card-holders") { versions { id } } }`;
    expect((await okWith(riskAnalyst)(versions)).dataset.versions).toEqual([{ id: 'dataset:retail/card-holders@1' }]);
  });
});

describe('anonymous callers', () => {
  const anonymous = () => callerWith(harness, null);

  it('may ask whoami and nothing else', async () => {
    expect((await anonymous()(`{ whoami { authenticated authMode } }`)).data).toEqual({
      whoami: { authenticated: false, authMode: 'on' },
    });
    const refused = await anonymous()(`{ whoami { actor } projects { nodes { id } } }`);
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(refused.data).toBeUndefined();
  });

  it('get 401 from every REST route but /health', async () => {
    const base = harness.url.replace('/graphql', '');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const impact = await fetch(`${base}/api/impact/${encodeURIComponent('dataset:retail/baskets@1')}`);
    expect(impact.status).toBe(401);
    const runs = await fetch(`${base}/api/2.0/mlflow/experiments/search?max_results=10`);
    expect({ status: runs.status, body: await runs.json() }).toMatchObject({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED' },
    });
  });
});
