import { type Harness, startHarness } from '../test-support/harness';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { digestOf } from '../test-support/fixtures';

/**
 * Issue 18, findings 5, 6 and 7: what a command links to needs read access (an unreadable target is
 * answered exactly as a missing one and changes nothing), deployments serve their own project's
 * models unless the caller may create deployments in the model's project too, promotion moves and
 * compares with the model's own project's deployment only, and roles come before promotion gates.
 */
let harness: Harness;
let admin: Caller;
/** EDITOR of beta, VIEWER of alpha (reads alpha, but not its restricted dataset). */
let eve: Caller;
/** EDITOR of beta only: reads nothing of alpha. */
let mallory: Caller;
/** No role anywhere. */
let nora: Caller;
/** MAINTAINER of alpha. */
let mia: Caller;

const OPEN_V1 = 'dataset:alpha/raw@1';
const SECRET_V1 = 'dataset:alpha/secret@1';
const ALPHA_RUN = 'run:alpha-train-1';
const ALPHA_MV1 = 'model:alpha/clf@1';
const ALPHA_MV2 = 'model:alpha/clf@2';
const BETA_RUN = 'run:beta-1';
const NOWHERE_V1 = 'dataset:alpha/never-registered@1';

const REGISTER_DATASET_VERSION = `mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`;
const RECORD_INPUTS = `mutation($r: ID!, $v: ID!) { recordRunInputs(runId: $r, inputs: [{ versionId: $v }]) { id } }`;
const START_RUN = `mutation($i: StartRunInput!) { startRun(input: $i) { id } }`;
const REGISTER_MODEL_VERSION = `mutation($r: ID!, $d: String!) {
  registerModelVersion(input: { modelId: "model:beta/clf", runId: $r, digest: $d }) { id }
}`;
const CREATE_DEPLOYMENT = `mutation($p: ID!, $s: String!, $mv: ID!) {
  createDeployment(input: { projectId: $p, slug: $s, name: $s, environment: PROD, modelVersionId: $mv }) { id }
}`;
const PROMOTE = `mutation($id: ID!) { promoteModelVersion(id: $id, environment: PROD) { id deployment { id } previousVersionId } }`;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  for (const slug of ['alpha', 'beta', 'aardvark'])
    await ok(`mutation($s: String!) { createProject(input: { slug: $s, name: $s }) { id } }`, { s: slug });
  await ok(`mutation { createTeam(input: { slug: "keepers", name: "Keepers" }) { id } }`);
  const secrets: Record<string, string> = {};
  for (const handle of ['eve', 'mallory', 'nora', 'mia']) secrets[handle] = await userWithToken(admin, handle);
  [eve, mallory, nora, mia] = ['eve', 'mallory', 'nora', 'mia'].map((handle) => callerWith(harness, secrets[handle]));
  const grant = (member: string, projectId: string, role: string) =>
    ok(`mutation($p: ID!, $m: ID!) { grantProjectRole(projectId: $p, memberId: $m, role: ${role}) { role } }`, {
      p: projectId,
      m: member,
    });
  await grant('user:eve', 'project:beta', 'EDITOR');
  await grant('user:eve', 'project:alpha', 'VIEWER');
  await grant('user:mallory', 'project:beta', 'EDITOR');
  await grant('user:mallory', 'project:aardvark', 'EDITOR');
  await grant('user:mia', 'project:alpha', 'MAINTAINER');

  await ok(`mutation {
    a: registerDataset(input: { projectId: "project:alpha", slug: "raw", name: "Raw" }) { id }
    b: registerDataset(input: { projectId: "project:alpha", slug: "secret", name: "Secret", ownerIds: ["team:keepers"] }) { id }
    c: registerDataset(input: { projectId: "project:beta", slug: "out", name: "Out" }) { id }
    d: createExperiment(input: { projectId: "project:alpha", slug: "train", name: "Train" }) { id }
    e: createExperiment(input: { projectId: "project:beta", slug: "work", name: "Work" }) { id }
    f: registerModel(input: { projectId: "project:alpha", slug: "clf", name: "Classifier" }) { id }
    g: registerModel(input: { projectId: "project:beta", slug: "clf", name: "Beta classifier" }) { id }
  }`);
  for (const [i, datasetId] of ['dataset:alpha/raw', 'dataset:alpha/secret'].entries()) {
    await ok(REGISTER_DATASET_VERSION, { i: { datasetId, version: '1', digest: digestOf(`v${i}`) } });
  }
  await ok(`mutation { setRestricted(entityId: "dataset:alpha/secret", restricted: true) { id } }`);
  for (const [id, experimentId] of [
    [ALPHA_RUN, 'experiment:alpha/train'],
    [BETA_RUN, 'experiment:beta/work'],
  ]) {
    await ok(START_RUN, { i: { id, experimentId } });
  }
  await ok(`mutation { logMetrics(runId: "${ALPHA_RUN}", metrics: [{ key: "auc", value: 0.8, step: 1 }]) { id } }`);
  for (const version of ['1', '2']) {
    await ok(
      `mutation($v: String!, $d: String!) {
        registerModelVersion(input: { modelId: "model:alpha/clf", runId: "${ALPHA_RUN}", version: $v, digest: $d }) { id }
      }`,
      { v: version, d: digestOf(`model-${version}`) },
    );
  }
}, 120_000);
afterAll(() => harness.close());

/** Calls as `caller`, expecting a refusal that leaves the graph exactly as it was, with no audit event either. */
async function refusedUnchanged(caller: Caller, query: string, variables: Record<string, unknown>) {
  const before = await graphWithoutTrail(harness);
  const { auditEvents } = await harness.counts();
  const result = await caller(query, variables);
  expect((await graphWithoutTrail(harness)) === before).toBe(true);
  expect((await harness.counts()).auditEvents).toBe(auditEvents);
  expect(result.errors?.length).toBe(1);
  return { code: result.errors![0].extensions?.code, message: result.errors![0].message };
}

/** The same call naming a target that does not exist: what an unreadable one must look like. */
async function asIfMissing(
  caller: Caller,
  query: string,
  variables: Record<string, unknown>,
  target: string,
  nowhere = NOWHERE_V1,
) {
  const hidden = await refusedUnchanged(caller, query, variables);
  const missingVariables = JSON.parse(JSON.stringify(variables).replaceAll(target, nowhere));
  const missing = await refusedUnchanged(caller, query, missingVariables);
  expect(hidden.code).toBe('NOT_FOUND');
  expect(hidden).toEqual({ code: missing.code, message: missing.message.replaceAll(nowhere, target) });
}

describe('links need read access to their target', () => {
  const betaVersion = (extra: Record<string, unknown>) => ({
    i: {
      datasetId: 'dataset:beta/out',
      version: `v-${Object.keys(extra).join('-')}`,
      digest: digestOf('out'),
      ...extra,
    },
  });

  it("derivedFromIds naming another project's version is answered as a missing one, and nothing is linked", async () => {
    await asIfMissing(mallory, REGISTER_DATASET_VERSION, betaVersion({ derivedFromIds: [OPEN_V1] }), OPEN_V1);
  });

  it('derivedFromIds naming a restricted version the caller is not granted is answered as a missing one', async () => {
    await asIfMissing(eve, REGISTER_DATASET_VERSION, betaVersion({ derivedFromIds: [SECRET_V1] }), SECRET_V1);
  });

  it('a readable version of another project may still be derived from', async () => {
    const { registerDatasetVersion } = await okWith(eve)(
      REGISTER_DATASET_VERSION,
      betaVersion({ derivedFromIds: [OPEN_V1], version: 'readable' }),
    );
    expect(registerDatasetVersion.id).toBe('dataset:beta/out@readable');
  });

  it("generatedByRunId and registerModelVersion's run, of a project the caller cannot read, are answered as missing", async () => {
    const missingRun = 'run:never-started';
    for (const [query, variables] of [
      [REGISTER_DATASET_VERSION, betaVersion({ generatedByRunId: ALPHA_RUN })],
      [REGISTER_MODEL_VERSION, { r: ALPHA_RUN, d: digestOf('stolen') }],
    ] as const) {
      const hidden = await refusedUnchanged(mallory, query, variables);
      const missing = await refusedUnchanged(
        mallory,
        query,
        JSON.parse(JSON.stringify(variables).replaceAll(ALPHA_RUN, missingRun)),
      );
      expect(hidden.code).toBe('NOT_FOUND');
      expect(hidden.message).toBe(missing.message.replaceAll(missingRun, ALPHA_RUN));
    }
  });

  it('recordRunInputs and startRun inputs of an unreadable version are answered as missing ones', async () => {
    await asIfMissing(mallory, RECORD_INPUTS, { r: BETA_RUN, v: OPEN_V1 }, OPEN_V1);
    await asIfMissing(eve, RECORD_INPUTS, { r: BETA_RUN, v: SECRET_V1 }, SECRET_V1);
    await asIfMissing(
      mallory,
      START_RUN,
      { i: { id: 'run:beta-2', experimentId: 'experiment:beta/work', inputs: [{ versionId: OPEN_V1 }] } },
      OPEN_V1,
    );
  });

  it('a caller refused the write itself learns nothing of its links: FORBIDDEN whether they exist or not', async () => {
    for (const target of [OPEN_V1, NOWHERE_V1]) {
      const before = await graphWithoutTrail(harness);
      const result = await nora(RECORD_INPUTS, { r: BETA_RUN, v: target });
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.errors?.[0].message).not.toContain(target);
      expect((await graphWithoutTrail(harness)) === before).toBe(true);
    }
  });
});

describe('deployments serve their own project', () => {
  it('an EDITOR elsewhere cannot deploy a model version of a project it cannot read: answered as a missing one', async () => {
    const variables = { p: 'project:beta', s: 'stolen', mv: ALPHA_MV1 };
    await asIfMissing(mallory, CREATE_DEPLOYMENT, variables, ALPHA_MV1, 'model:alpha/clf@99');
  });

  it("reading the model's project is not enough: FORBIDDEN with an access.denied event, nothing else written", async () => {
    const before = await graphWithoutTrail(harness);
    const counts = await harness.counts();
    const result = await eve(CREATE_DEPLOYMENT, { p: 'project:beta', s: 'borrowed', mv: ALPHA_MV1 });
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0].message).toContain('project:alpha');
    expect((await graphWithoutTrail(harness)) === before).toBe(true);
    expect((await harness.counts()).auditEvents).toBe(counts.auditEvents + 1);
  });

  it("promotion moves and compares with the model's own project's PROD deployment, not another project's", async () => {
    const ok = okWith(admin);
    await ok(
      `mutation($p: String!) { setPromotionPolicy(projectId: "project:alpha", environment: PROD, policy: $p) { environment } }`,
      { p: 'gates:\n  - kind: no-regression\n    metric: auc\n' },
    );
    const first = (await okWith(mia)(PROMOTE, { id: ALPHA_MV1 })).promoteModelVersion;
    expect(first.deployment.id).toBe('deployment:alpha/clf-prod');
    // An org admin may deploy across projects: a PROD deployment of alpha's model in another project,
    // whose id sorts first. Promotion must not take it for alpha's own.
    await ok(CREATE_DEPLOYMENT, { p: 'project:aardvark', s: 'shadow', mv: ALPHA_MV2 });
    const second = (await okWith(mia)(PROMOTE, { id: ALPHA_MV2 })).promoteModelVersion;
    expect(second).toMatchObject({ deployment: { id: 'deployment:alpha/clf-prod' }, previousVersionId: ALPHA_MV1 });
    const { deployment } = await ok(`{ deployment(id: "deployment:aardvark/shadow") { modelVersion { id } } }`);
    expect(deployment.modelVersion.id).toBe(ALPHA_MV2);
  });
});

describe('roles before gates', () => {
  it('promoteModelVersion by a caller without a role is FORBIDDEN with access.denied, never PROMOTION_BLOCKED', async () => {
    await okWith(admin)(
      `mutation($p: String!) { setPromotionPolicy(projectId: "project:alpha", environment: STAGING, policy: $p) { environment } }`,
      { p: 'gates:\n  - kind: metric-threshold\n    metric: auc\n    min: 0.99\n' },
    );
    for (const caller of [nora, eve]) {
      const before = await graphWithoutTrail(harness);
      const counts = await harness.counts();
      const result = await caller(`mutation { promoteModelVersion(id: "${ALPHA_MV2}", environment: STAGING) { id } }`);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(result.errors?.[0].extensions).not.toHaveProperty('failedGates');
      expect(result.errors?.[0].message).not.toMatch(/auc|0\.8|gate/i);
      expect((await graphWithoutTrail(harness)) === before).toBe(true);
      expect((await harness.counts()).auditEvents).toBe(counts.auditEvents + 1);
    }
    // The maintainer, who may promote, is told why the gates block it.
    const blocked = await mia(`mutation { promoteModelVersion(id: "${ALPHA_MV2}", environment: STAGING) { id } }`);
    expect(blocked.errors?.[0].extensions?.code).toBe('PROMOTION_BLOCKED');
  });
});
