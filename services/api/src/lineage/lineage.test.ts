import { cypher } from '../platform/cypher';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { type ClosureRequest, lineageRepository } from './lineage.repository';
import { LineageService } from './lineage.service';

/**
 * A hand-built graph with known answers:
 *
 *   raw@1 ← clean@1 ← a@1 ← joined@1 ← r1 (USED) ← model@1 (GENERATED_BY) ← prod, staging (SERVES)
 *                   ← b@1 ↙  (a diamond: joined@1 derives from a@1 and b@1)
 *   raw@2 ← clean@2 ← r2 (USED) ← model@2 ← dev
 *   raw@1 ← 30 fan-out runs (USED)
 */
let harness: Harness;
const ids = {
  raw1: 'dataset:lin/raw@1',
  raw2: 'dataset:lin/raw@2',
  clean1: 'dataset:lin/clean@1',
  clean2: 'dataset:lin/clean@2',
  a1: 'dataset:lin/a@1',
  b1: 'dataset:lin/b@1',
  joined1: 'dataset:lin/joined@1',
  model1: 'model:lin/scorer@1',
  model2: 'model:lin/scorer@2',
  prod: 'deployment:lin/scorer-prod',
  staging: 'deployment:lin/scorer-staging',
  dev: 'deployment:lin/scorer-dev',
};
let r1: string;
let r2: string;

async function version(dataset: string, version: string, derivedFromIds: string[] = []) {
  await harness.ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
    i: { datasetId: `dataset:lin/${dataset}`, version, digest: digestOf(`${dataset}@${version}`), derivedFromIds },
  });
}

async function run(name: string, inputs: string[]): Promise<string> {
  const { startRun } = await harness.ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
    i: {
      experimentId: 'experiment:lin/train',
      name,
      ownerId: 'user:uma',
      inputs: inputs.map((versionId) => ({ versionId, role: 'training' })),
    },
  });
  return startRun.id;
}

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(
    `mutation { createProject(input: { slug: "lin", name: "Lineage" }) { id } createTeam(input: { slug: "data", name: "Data" }) { id } }`,
  );
  await harness.ok(
    `mutation { createUser(input: { handle: "uma", name: "Uma", teamIds: ["team:data"] }) { id } viktor: createUser(input: { handle: "viktor", name: "Viktor" }) { id } }`,
  );
  for (const [slug, owner] of [
    ['raw', 'team:data'],
    ['clean', 'user:uma'],
    ['a', 'user:uma'],
    ['b', 'user:uma'],
    ['joined', 'team:data'],
  ]) {
    await harness.ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId: 'project:lin', slug, name: slug, ownerIds: [owner] },
    });
  }
  await harness.ok(`mutation {
    createExperiment(input: { projectId: "project:lin", slug: "train", name: "Train" }) { id }
    registerModel(input: { projectId: "project:lin", slug: "scorer", name: "Scorer", ownerIds: ["user:viktor"] }) { id }
  }`);
  await version('raw', '1');
  await version('raw', '2');
  await version('clean', '1', [ids.raw1]);
  await version('clean', '2', [ids.raw2]);
  await version('a', '1', [ids.clean1]);
  await version('b', '1', [ids.clean1]);
  await version('joined', '1', [ids.a1, ids.b1]);
  r1 = await run('r1', [ids.joined1]);
  r2 = await run('r2', [ids.clean2]);
  for (const [runId, n] of [
    [r1, 1],
    [r2, 2],
  ] as const) {
    await harness.ok(
      `mutation($r: ID!, $d: String!) { registerModelVersion(input: { modelId: "model:lin/scorer", runId: $r, digest: $d }) { id } }`,
      { r: runId, d: digestOf(`m${n}`) },
    );
  }
  for (const [env, slug, model] of [
    ['PROD', 'scorer-prod', ids.model1],
    ['STAGING', 'scorer-staging', ids.model1],
    ['DEV', 'scorer-dev', ids.model2],
  ]) {
    await harness.ok(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
      i: {
        projectId: 'project:lin',
        slug,
        name: slug,
        environment: env,
        modelVersionId: model,
        ownerIds: ['team:data'],
      },
    });
  }
  for (let i = 0; i < 30; i++) await run(`fan-${i}`, [ids.raw1]);
}, 120_000);
afterAll(() => harness.close());

const LINEAGE = `query($id: ID!, $direction: LineageDirection, $maxDepth: Int, $maxNodes: Int, $kinds: [String!]) {
  lineage(id: $id, direction: $direction, maxDepth: $maxDepth, maxNodes: $maxNodes, kinds: $kinds) {
    root { id } nodes { node { id kind } depth direction } edges { from to type role } truncated truncatedReason
  }
}`;
const IMPACT = `query($target: ID!, $scope: ImpactScope, $maxDepth: Int) {
  impact(target: $target, scope: $scope, maxDepth: $maxDepth) {
    target { id } scope startIds total truncated truncatedReason
    affected { node { id } depth why }
    byKind { kind count items { node { id } } }
    byEnvironment { environment count items { node { id } } }
    productionDeploymentsAtRisk { node { id ... on Deployment { environment } } why }
    ownersToNotify { owner { __typename ... on User { id } ... on Team { id } } owns }
  }
}`;
const depths = (nodes: { node: { id: string }; depth: number }[]) =>
  Object.fromEntries(nodes.map((n) => [n.node.id, n.depth]));

describe('lineage', () => {
  it('returns each downstream node once with its shortest depth, through a diamond', async () => {
    const { lineage } = await harness.ok(LINEAGE, {
      id: ids.raw1,
      direction: 'DOWNSTREAM',
      maxDepth: 10,
      kinds: ['DatasetVersion', 'ModelVersion', 'Deployment'],
    });
    expect(depths(lineage.nodes)).toEqual({
      [ids.clean1]: 1,
      [ids.a1]: 2,
      [ids.b1]: 2,
      [ids.joined1]: 3,
      [ids.model1]: 5,
      [ids.prod]: 6,
      [ids.staging]: 6,
    });
    expect(lineage.truncated).toBe(false);
  });

  it('returns the whole downstream closure with runs, each once, and the edges between them', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: ids.raw1, direction: 'DOWNSTREAM', maxDepth: 10 });
    const nodeIds = lineage.nodes.map((n: { node: { id: string } }) => n.node.id);
    expect(nodeIds).toHaveLength(new Set(nodeIds).size);
    expect(nodeIds).toHaveLength(7 + 1 + 30); // the 7 above, r1, 30 fan-out runs
    expect(lineage.edges).toEqual(
      expect.arrayContaining([
        { from: ids.joined1, to: ids.a1, type: 'DERIVED_FROM', role: null },
        { from: r1, to: ids.joined1, type: 'USED', role: 'training' },
        { from: ids.model1, to: r1, type: 'GENERATED_BY', role: null },
        { from: ids.prod, to: ids.model1, type: 'SERVES', role: null },
      ]),
    );
  });

  it('follows edges forwards for upstream provenance', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: ids.prod, direction: 'UPSTREAM', maxDepth: 10 });
    expect(depths(lineage.nodes)).toEqual({
      [ids.model1]: 1,
      [r1]: 2,
      [ids.joined1]: 3,
      [ids.a1]: 4,
      [ids.b1]: 4,
      [ids.clean1]: 5,
      [ids.raw1]: 6,
    });
    expect(lineage.nodes.every((n: { direction: string }) => n.direction === 'UPSTREAM')).toBe(true);
  });

  it('starts from every version of a dataset when asked about the dataset itself', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: 'dataset:lin/clean', direction: 'BOTH', maxDepth: 3 });
    expect(lineage.root.id).toBe('dataset:lin/clean');
    const found = depths(lineage.nodes);
    // Its versions one step away, what they came from and what they lead to one step further.
    expect(found).toMatchObject({ [ids.clean1]: 1, [ids.clean2]: 1, [ids.raw1]: 2, [ids.raw2]: 2 });
    expect(found).toMatchObject({ [ids.a1]: 2, [ids.b1]: 2, [r2]: 2, [ids.joined1]: 3 });
    expect(lineage.edges).toEqual(
      expect.arrayContaining([
        { from: ids.clean1, to: 'dataset:lin/clean', type: 'VERSION_OF', role: null },
        { from: ids.clean2, to: 'dataset:lin/clean', type: 'VERSION_OF', role: null },
        { from: ids.clean1, to: ids.raw1, type: 'DERIVED_FROM', role: null },
        { from: ids.a1, to: ids.clean1, type: 'DERIVED_FROM', role: null },
      ]),
    );
    const upstream = await harness.ok(LINEAGE, { id: 'dataset:lin/joined', direction: 'UPSTREAM', maxDepth: 10 });
    expect(depths(upstream.lineage.nodes)).toEqual({
      [ids.joined1]: 1,
      [ids.a1]: 2,
      [ids.b1]: 2,
      [ids.clean1]: 3,
      [ids.raw1]: 4,
    });
  });

  it("names each version's dataset, through a fragment too, with one lookup for all of them", async () => {
    const query = (withDatasets: boolean) => `query($id: ID!) {
      lineage(id: $id, direction: BOTH, maxDepth: 4) { nodes { node { id kind ${withDatasets ? '...Named' : ''} } } }
    }
    ${withDatasets ? 'fragment Named on Node { ... on DatasetVersion { dataset { id name } } }' : ''}`;
    harness.roundTrips.reset();
    await harness.ok(query(false), { id: 'dataset:lin/clean' });
    const without = harness.roundTrips.count;
    harness.roundTrips.reset();
    const { lineage } = await harness.ok(query(true), { id: 'dataset:lin/clean' });
    expect(harness.roundTrips.count).toBe(without + 1);
    const versions = lineage.nodes.filter(
      (entry: { node: { kind: string } }) => entry.node.kind === 'DatasetVersion',
    ) as { node: { id: string; dataset: { id: string; name: string } } }[];
    expect(versions.length).toBeGreaterThanOrEqual(6);
    for (const { node } of versions) {
      expect(node.dataset.id).toBe(node.id.split('@')[0]);
      const { node: dataset } = await harness.ok(`query($id: ID!) { node(id: $id) { ... on Dataset { name } } }`, {
        id: node.dataset.id,
      });
      expect(node.dataset.name).toBe(dataset.name);
    }
  });

  it('says when the depth cap cut the graph short', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: ids.raw1, direction: 'DOWNSTREAM', maxDepth: 2 });
    expect(Object.values(depths(lineage.nodes)).every((d) => (d as number) <= 2)).toBe(true);
    expect(lineage).toMatchObject({ truncated: true, truncatedReason: 'MAX_DEPTH' });
  });

  it('says when the node cap cut the graph short, keeping the nearest nodes', async () => {
    const { lineage } = await harness.ok(LINEAGE, { id: ids.raw1, direction: 'DOWNSTREAM', maxDepth: 10, maxNodes: 5 });
    expect(lineage.nodes).toHaveLength(5);
    expect(lineage).toMatchObject({ truncated: true, truncatedReason: 'MAX_NODES' });
    expect(Math.max(...Object.values(depths(lineage.nodes)).map(Number))).toBeLessThanOrEqual(2);
  });

  it.each([
    ['a negative depth', { id: ids.raw1, maxDepth: -1 }, 'BAD_USER_INPUT'],
    ['a huge depth', { id: ids.raw1, maxDepth: 1000 }, 'BAD_USER_INPUT'],
    ['a zero node cap', { id: ids.raw1, maxNodes: 0 }, 'BAD_USER_INPUT'],
    ['an unknown id', { id: 'dataset:lin/ghost@1' }, 'NOT_FOUND'],
  ])('answers %s with %s', async (_case, variables, code) => {
    const result = await harness.gql(LINEAGE, variables);
    expect(result.errors?.[0].extensions?.code).toBe(code);
  });

  it('traverses breadth-first with pruning: each node expanded once, paths never enumerated', async () => {
    for (const direction of ['downstream', 'upstream']) {
      const session = harness.db.driver.session();
      try {
        const result = await session.run(`EXPLAIN ${cypher(`lineage/${direction}-closure`, { maxDepth: 10 })}`, {
          ids: [ids.raw1],
          limit: 10,
        });
        expect(JSON.stringify(result.summary.plan)).toContain('VarLengthExpand(Pruning,BFS');
      } finally {
        await session.close();
      }
    }
  });
});

describe('impact', () => {
  it('for one version: grouped by kind and environment, production at risk, owners, and a why-path for each', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw1 });
    expect(impact).toMatchObject({
      target: { id: ids.raw1 },
      scope: 'VERSION',
      startIds: [ids.raw1],
      total: 38,
      truncated: false,
    });
    const kinds = Object.fromEntries(impact.byKind.map((g: { kind: string; count: number }) => [g.kind, g.count]));
    expect(kinds).toEqual({ Deployment: 2, ModelVersion: 1, Run: 31, DatasetVersion: 4 });
    expect(impact.byKind[0].kind).toBe('Deployment');
    expect(impact.byEnvironment.map((g: { environment: string; count: number }) => [g.environment, g.count])).toEqual([
      ['PROD', 1],
      ['STAGING', 1],
    ]);
    expect(impact.productionDeploymentsAtRisk).toEqual([
      {
        node: { id: ids.prod, environment: 'PROD' },
        why: [ids.prod, ids.model1, r1, ids.joined1, ids.a1, ids.clean1, ids.raw1],
      },
    ]);
    const owners = Object.fromEntries(
      impact.ownersToNotify.map((o: { owner: { id: string }; owns: string[] }) => [o.owner.id, o.owns.sort()]),
    );
    expect(Object.keys(owners).sort()).toEqual(['team:data', 'user:uma', 'user:viktor']);
    expect(owners['user:viktor']).toEqual([ids.model1]);
    expect(owners['team:data']).toEqual([ids.prod, ids.staging, ids.joined1].sort());
    for (const item of impact.affected) {
      expect(item.why[0]).toBe(item.node.id);
      expect(item.why[item.why.length - 1]).toBe(ids.raw1);
      expect(item.why).toHaveLength(item.depth + 1);
    }
  });

  it('a version-pinned impact excludes the consumers of other versions', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw1 });
    const affected = impact.affected.map((i: { node: { id: string } }) => i.node.id);
    expect(affected).not.toContain(ids.clean2);
    expect(affected).not.toContain(r2);
    expect(affected).not.toContain(ids.dev);
  });

  it('for a whole dataset: every version, so other versions’ consumers are included', async () => {
    const { impact } = await harness.ok(IMPACT, { target: 'dataset:lin/raw' });
    expect(impact.scope).toBe('ALL_VERSIONS');
    expect(impact.startIds.sort()).toEqual([ids.raw1, ids.raw2]);
    expect(impact.byEnvironment.map((g: { environment: string }) => g.environment)).toEqual(['PROD', 'STAGING', 'DEV']);
    const dev = impact.affected.find((i: { node: { id: string } }) => i.node.id === ids.dev);
    expect(dev.why).toEqual([ids.dev, ids.model2, r2, ids.clean2, ids.raw2]);
  });

  it('says when the depth cap cut the blast radius short', async () => {
    const { impact } = await harness.ok(IMPACT, { target: ids.raw1, maxDepth: 3 });
    expect(impact).toMatchObject({ truncated: true, truncatedReason: 'MAX_DEPTH' });
    expect(impact.productionDeploymentsAtRisk).toEqual([]);
  });

  it.each([
    ['an unknown target', { target: 'dataset:lin/nothing' }, 'NOT_FOUND'],
    ['a run as target', { target: 'experiment:lin/train' }, 'BAD_USER_INPUT'],
    ['scope VERSION on a dataset', { target: 'dataset:lin/raw', scope: 'VERSION' }, 'BAD_USER_INPUT'],
    ['a negative depth', { target: ids.raw1, maxDepth: -3 }, 'BAD_USER_INPUT'],
    ['a huge depth', { target: ids.raw1, maxDepth: 10_000 }, 'BAD_USER_INPUT'],
  ])('answers %s with %s', async (_case, variables, code) => {
    const result = await harness.gql(IMPACT, variables);
    expect(result.errors?.[0].extensions?.code).toBe(code);
  });
});

describe('provenance and lineage diff', () => {
  beforeAll(async () => {
    await harness.ok(
      `mutation($a: ID!, $b: ID!) {
      a: logParams(runId: $a, params: [{ key: "lr", value: "0.1" }, { key: "depth", value: "6" }]) { id }
      b: logParams(runId: $b, params: [{ key: "lr", value: "0.3" }, { key: "depth", value: "6" }]) { id }
    }`,
      { a: r1, b: r2 },
    );
  });

  it('gives the recipe of a model version: training run, upstream data with digests, and what is missing', async () => {
    const { provenance } = await harness.ok(
      `query($id: ID!) {
      provenance(modelVersionId: $id) {
        modelVersion { id } trainingRun { id params { key value } } runs { id }
        dataVersions { id ... on Version { digest } } complete missing truncated
      }
    }`,
      { id: ids.model1 },
    );
    expect(provenance.trainingRun.id).toBe(r1);
    expect(provenance.runs).toEqual([{ id: r1 }]);
    expect(provenance.dataVersions.map((v: { id: string }) => v.id).sort()).toEqual(
      [ids.a1, ids.b1, ids.clean1, ids.joined1, ids.raw1].sort(),
    );
    expect(provenance.dataVersions.every((v: { digest: string }) => v.digest.startsWith('sha256:'))).toBe(true);
    expect(provenance.complete).toBe(false);
    expect(provenance.missing).toEqual(expect.arrayContaining([`${r1} has no code commit`, `${r1} has no seed`]));
  });

  it('compares two model versions: data only in each, and the params that differ', async () => {
    const { lineageDiff } = await harness.ok(
      `query($a: ID!, $b: ID!) {
      lineageDiff(a: $a, b: $b) {
        dataOnlyInA { id } dataOnlyInB { id } sharedData { id } params { field a b } code { field } seed { field }
      }
    }`,
      { a: ids.model1, b: ids.model2 },
    );
    expect(lineageDiff.dataOnlyInB.map((v: { id: string }) => v.id).sort()).toEqual([ids.clean2, ids.raw2]);
    expect(lineageDiff.dataOnlyInA).toHaveLength(5);
    expect(lineageDiff.sharedData).toEqual([]);
    expect(lineageDiff.params).toEqual([{ field: 'lr', a: '0.1', b: '0.3' }]);
    expect(lineageDiff.code).toEqual([]);
    expect(lineageDiff.seed).toBeNull();
  });

  it('refuses provenance of something that is not a model version', async () => {
    const result = await harness.gql(`{ provenance(modelVersionId: "dataset:lin/raw@1") { complete } }`);
    expect(result.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('closure engines', () => {
  const canonical = (closure: Awaited<ReturnType<typeof lineageRepository.closure>>) => ({
    rows: closure.rows.map((row) => ({ ...row, ownerIds: [...row.ownerIds].sort() })),
    edges: closure.edges.map((e) => `${e.from} ${e.type} ${e.to} ${e.role}`).sort(),
  });

  it('finds the procedure in the local Neo4j', async () => {
    expect(await lineageRepository.engineOf(harness.db)).toBe('procedure');
  });

  it.each<[string, Omit<ClosureRequest, 'startIds'>, () => string[]]>([
    [
      'downstream of a raw version',
      { direction: 'downstream', depth: 10, limit: 1000, withEdges: true },
      () => [ids.raw1],
    ],
    [
      'downstream of two versions',
      { direction: 'downstream', depth: 10, limit: 1000, withEdges: true },
      () => [ids.raw1, ids.clean1, ids.raw2],
    ],
    ['downstream, cut by depth', { direction: 'downstream', depth: 2, limit: 1000, withEdges: true }, () => [ids.raw1]],
    [
      'downstream, cut by a node cap mid-level',
      { direction: 'downstream', depth: 10, limit: 7, withEdges: true },
      () => [ids.raw1],
    ],
    ['upstream of a deployment', { direction: 'upstream', depth: 10, limit: 1000, withEdges: true }, () => [ids.prod]],
    ['upstream without edges', { direction: 'upstream', depth: 10, limit: 1000, withEdges: false }, () => [ids.model1]],
    [
      'an unknown start',
      { direction: 'downstream', depth: 10, limit: 1000, withEdges: true },
      () => ['dataset:lin/none@1'],
    ],
  ])('the procedure and the Cypher queries agree: %s', async (name, request, startIds) => {
    const full = { ...request, startIds: startIds() };
    const byProcedure = await lineageRepository.closure(harness.db, 'procedure', full);
    const byCypher = await lineageRepository.closure(harness.db, 'cypher', full);
    expect(canonical(byProcedure)).toEqual(canonical(byCypher));
    expect(byProcedure.rows.length > 0).toBe(name !== 'an unknown start');
  });

  it('gives the same impact report either way', async () => {
    const viaCypher = new LineageService(harness.db, 'cypher');
    const viaProcedure = new LineageService(harness.db, 'procedure');
    for (const targetId of [ids.raw1, 'dataset:lin/clean']) {
      const [a, b] = await Promise.all([viaCypher, viaProcedure].map((s) => s.impact({ targetId, maxDepth: 8 })));
      expect(b).toEqual(a);
    }
  });
});

describe('lineage folded into groups', () => {
  const FOLDED = `query($id: ID!, $direction: LineageDirection, $up: Int, $down: Int, $limit: Int, $expanded: [ID!]) {
    lineage(id: $id, direction: $direction, maxDepth: 10, upstreamDepth: $up, downstreamDepth: $down,
            fanOutLimit: $limit, expandedGroups: $expanded) {
      nodes { node { id } depth direction } edges { from to type role }
      groups { id kind anchor count depth direction memberIds }
    }
  }`;
  const fanGroup = `group:${ids.raw1}|in|Run`;

  it('answers a wide fan-out as one group with its edges, the rest node by node', async () => {
    const { lineage } = await harness.ok(FOLDED, { id: ids.raw1, direction: 'DOWNSTREAM', limit: 12 });
    expect(lineage.groups).toEqual([
      {
        id: fanGroup,
        kind: 'Run',
        anchor: ids.raw1,
        count: 30,
        depth: 1,
        direction: 'DOWNSTREAM',
        memberIds: expect.arrayContaining([expect.stringMatching(/^run:/)]),
      },
    ]);
    const nodeIds = lineage.nodes.map((n: { node: { id: string } }) => n.node.id);
    expect(new Set([...nodeIds, ...lineage.groups[0].memberIds]).size).toBe(30 + 8);
    expect(nodeIds).toEqual(expect.arrayContaining([ids.clean1, ids.joined1, r1, ids.model1, ids.prod]));
    expect(nodeIds.filter((id: string) => id.startsWith('run:') && id !== r1)).toEqual([]);
    // Thirty USED edges became one, from the group.
    expect(lineage.edges.filter((e: { from: string }) => e.from === fanGroup)).toEqual([
      { from: fanGroup, to: ids.raw1, type: 'USED', role: 'training' },
    ]);
  });

  it('answers an expanded group member by member, and no fold without fanOutLimit', async () => {
    const expanded = await harness.ok(FOLDED, {
      id: ids.raw1,
      direction: 'DOWNSTREAM',
      limit: 12,
      expanded: [fanGroup],
    });
    const everything = await harness.ok(FOLDED, { id: ids.raw1, direction: 'DOWNSTREAM' });
    for (const { lineage } of [expanded, everything]) {
      expect(lineage.groups).toEqual([]);
      expect(lineage.nodes).toHaveLength(30 + 8);
    }
  });

  it('goes as deep as asked on each side', async () => {
    const { lineage } = await harness.ok(FOLDED, { id: ids.joined1, direction: 'BOTH', up: 1, down: 2, limit: 12 });
    expect(depths(lineage.nodes)).toEqual({ [ids.a1]: 1, [ids.b1]: 1, [r1]: 1, [ids.model1]: 2 });
  });

  it.each([
    ['a fan-out limit of 0', { limit: 0 }, 'fanOutLimit must be a whole number from 1 to 1000'],
    ['an upstream depth of 51', { up: 51 }, 'upstreamDepth must be a whole number from 1 to 50'],
    [
      '1,001 expanded groups',
      { expanded: Array.from({ length: 1001 }, (_, i) => `group:${i}`) },
      'expandedGroups takes at most 1000',
    ],
    ['a group id of 4,001 characters', { expanded: ['x'.repeat(4001)] }, 'A group id is at most 4000 characters'],
  ])('refuses %s in words', async (_, variables, message) => {
    const { errors } = await harness.gql(FOLDED, { id: ids.raw1, ...variables });
    expect(errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(errors?.[0].message).toContain(message);
  });
});
