import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { LineageService } from './lineage.service';

/**
 * A history over three instants, each answer computed by hand:
 *
 *   before t1: raw@1 ← r1 (USED) ← scorer@1 (GENERATED_BY) ← prod (created serving scorer@1);
 *              the model owned by user:uma, prod by team:data, runs by user:viktor
 *   before t2: raw@2 (DERIVED_FROM raw@1) ← r2 ← scorer@2; scorer@2 promoted into prod;
 *              the model handed to team:data
 *   before t3: r1 also USED raw@2 (an edge added between existing nodes); scorer@1 promoted back
 *              into prod; the raw dataset handed to user:uma
 */
let harness: Harness;
const ids = {
  raw: 'dataset:hist/raw',
  raw1: 'dataset:hist/raw@1',
  raw2: 'dataset:hist/raw@2',
  model: 'model:hist/scorer',
  m1: 'model:hist/scorer@1',
  m2: 'model:hist/scorer@2',
  prod: 'deployment:hist/scorer-prod',
};
let r1: string;
let r2: string;
const t: string[] = [];

const pause = () => new Promise((resolve) => setTimeout(resolve, 15));
/** An instant strictly between what was written before it and what is written after. */
async function mark() {
  await pause();
  t.push(new Date().toISOString());
  await pause();
}

async function run(name: string, inputs: string[]): Promise<string> {
  const { startRun } = await harness.ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
    i: {
      experimentId: 'experiment:hist/train',
      name,
      ownerId: 'user:viktor',
      inputs: inputs.map((versionId) => ({ versionId, role: 'training' })),
    },
  });
  return startRun.id;
}

async function modelVersion(runId: string, n: number) {
  await harness.ok(
    `mutation($r: ID!, $d: String!) { registerModelVersion(input: { modelId: "model:hist/scorer", runId: $r, digest: $d }) { id } }`,
    { r: runId, d: digestOf(`scorer ${n}`) },
  );
}

const promote = (id: string) =>
  harness.ok(`mutation($id: ID!) { promoteModelVersion(id: $id, environment: PROD) { id } }`, { id });
const setOwners = (entityId: string, ownerIds: string[]) =>
  harness.ok(`mutation($e: ID!, $o: [ID!]!) { setOwners(entityId: $e, ownerIds: $o) { id } }`, {
    e: entityId,
    o: ownerIds,
  });

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "hist", name: "History" }) { id }
    createTeam(input: { slug: "data", name: "Data" }) { id }
  }`);
  await harness.ok(`mutation {
    uma: createUser(input: { handle: "uma", name: "Uma" }) { id }
    viktor: createUser(input: { handle: "viktor", name: "Viktor" }) { id }
  }`);
  // Promotion into PROD here is judged by no gate: this file is about history, not gates.
  await harness.ok(
    `mutation { setPromotionPolicy(projectId: "project:hist", environment: PROD, policy: "gates: []") { environment } }`,
  );
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:hist", slug: "raw", name: "raw", ownerIds: ["team:data"] }) { id }
    createExperiment(input: { projectId: "project:hist", slug: "train", name: "Train" }) { id }
    registerModel(input: { projectId: "project:hist", slug: "scorer", name: "Scorer", ownerIds: ["user:uma"] }) { id }
  }`);
  const registerRaw = (version: string, derivedFromIds: string[]) =>
    harness.ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
      i: { datasetId: ids.raw, version, digest: digestOf(`raw ${version}`), derivedFromIds },
    });

  await registerRaw('1', []);
  r1 = await run('r1', [ids.raw1]);
  await modelVersion(r1, 1);
  await harness.ok(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
    i: {
      projectId: 'project:hist',
      slug: 'scorer-prod',
      name: 'prod',
      environment: 'PROD',
      modelVersionId: ids.m1,
      ownerIds: ['team:data'],
    },
  });
  await mark(); // t[0]

  await registerRaw('2', [ids.raw1]);
  r2 = await run('r2', [ids.raw2]);
  await modelVersion(r2, 2);
  await promote(ids.m2);
  await setOwners(ids.model, ['team:data']);
  await mark(); // t[1]

  await harness.ok(`mutation($r: ID!, $v: ID!) { recordRunInputs(runId: $r, inputs: [{ versionId: $v }]) { id } }`, {
    r: r1,
    v: ids.raw2,
  });
  await promote(ids.m1);
  await setOwners(ids.raw, ['user:uma']);
  await mark(); // t[2]
}, 120_000);
afterAll(() => harness.close());

const IMPACT = `query($target: ID!, $scope: ImpactScope, $asOf: String) {
  impact(target: $target, scope: $scope, asOf: $asOf) {
    startIds total
    affected { node { id } depth why }
    productionDeploymentsAtRisk { node { id ... on Deployment { modelVersion { id } } } why }
    ownersToNotify { owner { ... on User { id } ... on Team { id } } owns }
  }
}`;
const LINEAGE = `query($id: ID!, $direction: LineageDirection, $asOf: String) {
  lineage(id: $id, direction: $direction, maxDepth: 6, asOf: $asOf) {
    nodes { node { id } depth } edges { from type to }
  }
}`;
const PROVENANCE = `query($id: ID!, $asOf: String) {
  provenance(modelVersionId: $id, asOf: $asOf) { runs { id } dataVersions { id } }
}`;

const depths = (items: { node: { id: string }; depth: number }[]) =>
  Object.fromEntries(items.map((item) => [item.node.id, item.depth]));
const owners = (report: { ownersToNotify: { owner: { id: string }; owns: string[] }[] }) =>
  Object.fromEntries(report.ownersToNotify.map(({ owner, owns }) => [owner.id, [...owns].sort()]));
const sorted = (values: string[]) => [...values].sort();

describe('impact as of a date', () => {
  it('shows only what was registered by then, what prod served then and who owned it then', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw1, asOf: t[0] });
    expect(depths(impact.affected)).toEqual({ [r1]: 1, [ids.m1]: 2, [ids.prod]: 3 });
    expect(impact.productionDeploymentsAtRisk).toEqual([
      { node: { id: ids.prod, modelVersion: { id: ids.m1 } }, why: [ids.prod, ids.m1, r1, ids.raw1] },
    ]);
    expect(owners(impact)).toEqual({
      'user:uma': [ids.m1],
      'user:viktor': [r1],
      'team:data': [ids.prod],
    });
  });

  /** Downstream of raw@1 from t2 on, but for prod, which moves between the two model versions. */
  const sinceT2 = () => ({ [ids.raw2]: 1, [r1]: 1, [r2]: 2, [ids.m1]: 2, [ids.m2]: 3 });

  it('follows a promotion: prod served scorer@2 at t2, reached through raw@2', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw1, asOf: t[1] });
    expect(depths(impact.affected)).toEqual({ ...sinceT2(), [ids.prod]: 4 });
    expect(impact.productionDeploymentsAtRisk).toEqual([
      { node: { id: ids.prod, modelVersion: { id: ids.m2 } }, why: [ids.prod, ids.m2, r2, ids.raw2, ids.raw1] },
    ]);
    // The model was handed from user:uma to team:data before t2; the raw dataset was still team:data's.
    expect(owners(impact)).toEqual({
      'user:viktor': sorted([r1, r2]),
      'team:data': sorted([ids.raw2, ids.m1, ids.m2, ids.prod]),
    });
  });

  it('leaves out an edge added later between nodes that already existed', async () => {
    const before = (await harness.ok(IMPACT, { target: ids.raw2, asOf: t[1] })).impact;
    expect(depths(before.affected)).toEqual({ [r2]: 1, [ids.m2]: 2, [ids.prod]: 3 });
    const after = (await harness.ok(IMPACT, { target: ids.raw2, asOf: t[2] })).impact;
    expect(depths(after.affected)).toEqual({ [r1]: 1, [r2]: 1, [ids.m1]: 2, [ids.m2]: 2, [ids.prod]: 3 });
    expect(after.productionDeploymentsAtRisk[0]).toMatchObject({ node: { modelVersion: { id: ids.m1 } } });
  });

  it('answers as today when asOf is now, and as before without asOf', async () => {
    const now = (await harness.ok(IMPACT, { target: ids.raw1, asOf: new Date().toISOString() })).impact;
    const today = (await harness.ok(IMPACT, { target: ids.raw1 })).impact;
    expect(now).toEqual(today);
    expect(depths(today.affected)).toEqual({ ...sinceT2(), [ids.prod]: 3 });
    // The raw dataset was handed to user:uma after t2.
    expect(owners(today)).toEqual({
      'user:uma': [ids.raw2],
      'user:viktor': sorted([r1, r2]),
      'team:data': sorted([ids.m1, ids.m2, ids.prod]),
    });
  });

  it('starts a dataset from the versions it had then', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw, asOf: t[0] });
    expect(impact.startIds).toEqual([ids.raw1]);
    expect(impact.total).toBe(3);
  });

  it('does not find a version registered after asOf', async () => {
    const result = await harness.gql(IMPACT, { target: ids.raw2, asOf: t[0] });
    expect(result.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });
});

describe('lineage and provenance as of a date', () => {
  it('walks upstream of a deployment from the version it served then', async () => {
    const at = async (asOf: string) =>
      (await harness.ok(LINEAGE, { id: ids.prod, direction: 'UPSTREAM', asOf })).lineage;
    const first = await at(t[0]);
    expect(depths(first.nodes)).toEqual({ [ids.m1]: 1, [r1]: 2, [ids.raw1]: 3 });
    expect(first.edges).toContainEqual({ from: ids.prod, type: 'SERVES', to: ids.m1 });
    const second = await at(t[1]);
    expect(depths(second.nodes)).toEqual({ [ids.m2]: 1, [r2]: 2, [ids.raw2]: 3, [ids.raw1]: 4 });
  });

  it('lists a dataset with only the versions it had then', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: ids.raw, direction: 'DOWNSTREAM', asOf: t[0] });
    expect(depths(lineage.nodes)).toEqual({ [ids.raw1]: 1, [r1]: 2, [ids.m1]: 3, [ids.prod]: 4 });
  });

  it('gives the recipe of a model version as it was recorded then', async () => {
    const then = (await harness.ok(PROVENANCE, { id: ids.m1, asOf: t[1] })).provenance;
    expect(then).toEqual({ runs: [{ id: r1 }], dataVersions: [{ id: ids.raw1 }] });
    const now = (await harness.ok(PROVENANCE, { id: ids.m1 })).provenance;
    expect(sorted(now.dataVersions.map((v: { id: string }) => v.id))).toEqual(sorted([ids.raw1, ids.raw2]));
  });
});

describe('where the database lacks the procedure', () => {
  it('the Cypher closures answer every date as the procedure does', async () => {
    const [procedure, cypher] = [new LineageService(harness.db, 'procedure'), new LineageService(harness.db, 'cypher')];
    for (const asOf of t) {
      const impact = { targetId: ids.raw1, asOf };
      expect(await cypher.impact(impact)).toEqual(await procedure.impact(impact));
      const lineage = { id: ids.prod, direction: 'UPSTREAM' as const, asOf };
      expect(await cypher.lineage(lineage)).toEqual(await procedure.lineage(lineage));
    }
  });
});

describe('a bad asOf', () => {
  it.each([
    ['not a date', 'last tuesday'],
    ['an impossible date', '2026-02-30'],
    ['the future', new Date(Date.now() + 86_400_000).toISOString()],
  ])('(%s) is refused with BAD_USER_INPUT and writes nothing', async (_case, asOf) => {
    const before = await harness.snapshot();
    for (const [query, variables] of [
      [IMPACT, { target: ids.raw1, asOf }],
      [LINEAGE, { id: ids.raw1, asOf }],
      [PROVENANCE, { id: ids.m1, asOf }],
    ] as const) {
      const result = await harness.gql(query, variables);
      expect(result.data).toBeNull();
      expect(result.errors).toHaveLength(1);
      expect(result.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    }
    expect((await harness.snapshot()) === before).toBe(true);
  });
});
