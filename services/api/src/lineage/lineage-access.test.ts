import { placeholderId } from '../access/restricted-placeholder';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { IMPACT_EXPORT_QUERY } from './impact-export';

/**
 * Lineage never lies about its size: what a caller may not read is shown as a placeholder, with
 * edges, why-paths and impact counts intact.
 *
 *   (project lacb) run:lacb-extract ─GENERATED→ landing@1 ←DERIVED_FROM─ raw@1 (restricted, team:risk)
 *   raw@1 ←USED─ run:laca-prep ←GENERATED_BY─ features@1 ←USED─ run:laca-train ←GENERATED_BY─ scorer@1
 *   scorer@1 ←SERVES─ deployment:laca/scorer-prod (PROD)
 *   features@1 ←USED─ run:lacb-score (project lacb)
 */
let harness: Harness;
let admin: Caller;
let viewer: Caller; // VIEWER on project:laca, not in team:risk
let member: Caller; // VIEWER on project:laca, member of team:risk (owns raw)
let auditor: Caller; // org AUDITOR, no project role
let viewerSecret: string;

const ids = {
  landing: 'dataset:laca/landing@1',
  raw: 'dataset:laca/raw@1',
  features: 'featureset:laca/features@1',
  scorer: 'model:laca/scorer@1',
  prod: 'deployment:laca/scorer-prod',
  prep: 'run:laca-prep',
  train: 'run:laca-train',
  extract: 'run:lacb-extract',
  score: 'run:lacb-score',
};
const RAW_SUMMARY = '1 restricted dataset version, owned by team risk';
const SCORE_SUMMARY = '1 run in a project you cannot read (project:lacb)';

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation {
    a: createProject(input: { slug: "laca", name: "A" }) { id }
    b: createProject(input: { slug: "lacb", name: "B" }) { id }
    createTeam(input: { slug: "risk", name: "Risk" }) { id }
  }`);
  await ok(`mutation {
    landing: registerDataset(input: { projectId: "project:laca", slug: "landing", name: "Landing", ownerIds: ["user:admin"] }) { id }
    raw: registerDataset(input: { projectId: "project:laca", slug: "raw", name: "Raw", ownerIds: ["team:risk"] }) { id }
    registerFeatureSet(input: { projectId: "project:laca", slug: "features", name: "Features", ownerIds: ["user:admin"] }) { id }
    registerModel(input: { projectId: "project:laca", slug: "scorer", name: "Scorer", ownerIds: ["user:admin"] }) { id }
    ea: createExperiment(input: { projectId: "project:laca", slug: "train", name: "Train" }) { id }
    eb: createExperiment(input: { projectId: "project:lacb", slug: "etl", name: "ETL" }) { id }
  }`);
  const run = (id: string, experimentId: string, inputs: string[]) =>
    ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
      i: { id, experimentId, name: id, inputs: inputs.map((versionId) => ({ versionId })) },
    });
  await run(ids.extract, 'experiment:lacb/etl', []);
  await ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
    i: { datasetId: 'dataset:laca/landing', version: '1', digest: digestOf('landing'), generatedByRunId: ids.extract },
  });
  await ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
    i: { datasetId: 'dataset:laca/raw', version: '1', digest: digestOf('raw'), derivedFromIds: [ids.landing] },
  });
  await run(ids.prep, 'experiment:laca/train', [ids.raw]);
  await ok(`mutation($i: RegisterFeatureSetVersionInput!) { registerFeatureSetVersion(input: $i) { id } }`, {
    i: {
      featureSetId: 'featureset:laca/features',
      version: '1',
      digest: digestOf('features'),
      generatedByRunId: ids.prep,
    },
  });
  await run(ids.train, 'experiment:laca/train', [ids.features]);
  await run(ids.score, 'experiment:lacb/etl', [ids.features]);
  await ok(`mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { id } }`, {
    i: { modelId: 'model:laca/scorer', runId: ids.train, version: '1', digest: digestOf('scorer') },
  });
  await ok(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
    i: {
      projectId: 'project:laca',
      slug: 'scorer-prod',
      name: 'Scorer prod',
      environment: 'PROD',
      modelVersionId: ids.scorer,
      ownerIds: ['user:admin'],
    },
  });
  // Marked restricted the way setRestricted does: on the dataset and copied onto its versions.
  await harness.db.runScript("MATCH (d:Entity) WHERE d.id STARTS WITH 'dataset:laca/raw' SET d.restricted = true");

  viewerSecret = await userWithToken(admin, 'lvera');
  viewer = callerWith(harness, viewerSecret);
  member = callerWith(harness, await userWithToken(admin, 'ltom', ['team:risk']));
  auditor = callerWith(harness, await userWithToken(admin, 'lolga'));
  for (const user of ['user:lvera', 'user:ltom']) {
    await ok(`mutation($m: ID!) { grantProjectRole(projectId: "project:laca", memberId: $m, role: VIEWER) { role } }`, {
      m: user,
    });
  }
  await ok(`mutation { setOrgRole(userId: "user:lolga", role: AUDITOR, granted: true) { id } }`);
}, 120_000);
afterAll(() => harness.close());

const LINEAGE = `query($id: ID!) {
  lineage(id: $id, direction: BOTH, maxDepth: 10) {
    root { id }
    nodes { depth direction node { id kind ... on RestrictedNode { hiddenKind reason ownerName summary createdAt } } }
    edges { from to type }
  }
}`;
const PROVENANCE = `query($id: ID!) {
  provenance(modelVersionId: $id) {
    trainingRun { id }
    runs { id }
    dataVersions { id kind ... on RestrictedNode { hiddenKind summary } }
    complete
    missing
  }
}`;

type LineageAnswer = {
  lineage: {
    nodes: { depth: number; node: Record<string, string> }[];
    edges: { from: string; to: string; type: string }[];
  };
};
const nodeIds = (answer: LineageAnswer) => answer.lineage.nodes.map((entry) => entry.node.id).sort();

async function deniedEvents(actor: string, entityId: string) {
  return harness.db.runScript(
    "MATCH (e:AuditEvent {action: 'access.denied'}) WHERE e.actor = $actor AND e.entityId = $entityId RETURN e.after AS after",
    { actor, entityId },
  );
}

describe('lineage with nodes the caller may not read', () => {
  it("shows a restricted version and another project's run as placeholders, in words, edges still connected", async () => {
    const seen = await okWith(viewer)<LineageAnswer>(LINEAGE, { id: ids.features });
    const full = await okWith(admin)<LineageAnswer>(LINEAGE, { id: ids.features });
    expect(seen.lineage.nodes).toHaveLength(full.lineage.nodes.length);
    expect(seen.lineage.edges).toHaveLength(full.lineage.edges.length);

    const raw = seen.lineage.nodes.find((entry) => entry.node.id === placeholderId(ids.raw))!;
    expect(raw.node).toEqual({
      id: placeholderId(ids.raw),
      kind: 'RestrictedNode',
      hiddenKind: 'DatasetVersion',
      reason: 'RESTRICTED',
      ownerName: 'team:risk',
      summary: RAW_SUMMARY,
      createdAt: new Date(0).toISOString(),
    });
    const score = seen.lineage.nodes.find((entry) => entry.node.id === placeholderId(ids.score))!;
    expect(score.node).toMatchObject({ hiddenKind: 'Run', reason: 'OTHER_PROJECT', summary: SCORE_SUMMARY });
    // The B run upstream of landing@1 (through the hidden raw@1) is a placeholder too.
    expect(nodeIds(seen)).toContain(placeholderId(ids.extract));

    const text = JSON.stringify(seen);
    for (const hidden of [ids.raw, ids.score, ids.extract]) expect(text).not.toContain(hidden);
    expect(seen.lineage.edges).toContainEqual({ from: ids.prep, to: placeholderId(ids.raw), type: 'USED' });
    expect(seen.lineage.edges).toContainEqual({ from: placeholderId(ids.raw), to: ids.landing, type: 'DERIVED_FROM' });
    expect(seen.lineage.edges).toContainEqual({ from: placeholderId(ids.score), to: ids.features, type: 'USED' });
    const shown = new Set([ids.features, ...nodeIds(seen)]);
    for (const edge of seen.lineage.edges) {
      expect(shown.has(edge.from) && shown.has(edge.to)).toBe(true);
    }
  });

  it('shows a member of the owning team and an org auditor the real nodes', async () => {
    const full = await okWith(admin)<LineageAnswer>(LINEAGE, { id: ids.features });
    const asMember = await okWith(member)<LineageAnswer>(LINEAGE, { id: ids.features });
    expect(nodeIds(asMember)).toContain(ids.raw);
    expect(nodeIds(asMember)).toContain(placeholderId(ids.score)); // project lacb stays closed to the member
    expect(await okWith(auditor)(LINEAGE, { id: ids.features })).toEqual(full);
    expect(nodeIds(full)).toEqual(expect.arrayContaining([ids.raw, ids.score, ids.extract]));
  });

  it('refuses lineage and impact of a root the caller may not read, FORBIDDEN and audited', async () => {
    const lineage = await viewer(LINEAGE, { id: ids.raw });
    expect(lineage.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(lineage.errors?.[0].message).toContain('user:lvera may not read dataset:laca/raw@1');
    expect(lineage.data).toBeNull();
    const impact = await viewer(`query($t: ID!) { impact(target: $t) { total } }`, { t: ids.raw });
    expect(impact.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const events = await deniedEvents('user:lvera', ids.raw);
    expect(events.length).toBeGreaterThanOrEqual(2);
    expect(JSON.parse(String(events[0].after))).toMatchObject({ action: 'entity.read' });
  });
});

describe('impact with nodes the caller may not read', () => {
  const IMPACT = `query($t: ID!, $asOf: String) {
    impact(target: $t, asOf: $asOf) {
      total
      affected { depth why node { id kind ... on RestrictedNode { hiddenKind summary } } }
      byKind { kind count }
      byEnvironment { environment count }
      productionDeploymentsAtRisk { node { id } }
      ownersToNotify { owner { ... on User { id } ... on Team { id } } owns }
    }
  }`;

  it('counts the placeholders: totals, kinds and environments equal what the org admin sees', async () => {
    const { impact: seen } = await okWith(viewer)(IMPACT, { t: ids.landing });
    const { impact: full } = await okWith(admin)(IMPACT, { t: ids.landing });
    expect(seen.total).toBe(full.total);
    expect(seen.total).toBe(7); // raw, prep, features, train, score, scorer, prod
    expect(seen.byKind).toEqual(full.byKind);
    expect(seen.byEnvironment).toEqual(full.byEnvironment);
    expect(seen.productionDeploymentsAtRisk).toEqual([{ node: { id: ids.prod } }]);

    const raw = seen.affected.find((item: any) => item.node.id === placeholderId(ids.raw));
    expect(raw).toEqual({
      depth: 1,
      why: [placeholderId(ids.raw), ids.landing],
      node: { id: placeholderId(ids.raw), kind: 'RestrictedNode', hiddenKind: 'DatasetVersion', summary: RAW_SUMMARY },
    });
    const prod = seen.affected.find((item: any) => item.node.id === ids.prod);
    expect(prod.why).toEqual([
      ids.prod,
      ids.scorer,
      ids.train,
      ids.features,
      ids.prep,
      placeholderId(ids.raw),
      ids.landing,
    ]);
    expect(JSON.stringify(seen)).not.toContain(ids.raw);
    expect(JSON.stringify(seen)).not.toContain(ids.score);

    const risk = seen.ownersToNotify.find((o: any) => o.owner.id === 'team:risk');
    expect(risk.owns).toEqual([placeholderId(ids.raw)]);
  });

  it('hides exactly the same nodes as of a date as today, placeholders and counts alike', async () => {
    const asOf = new Date().toISOString();
    for (const caller of [viewer, admin]) {
      const { impact: then } = await okWith(caller)(IMPACT, { t: ids.landing, asOf });
      const { impact: today } = await okWith(caller)(IMPACT, { t: ids.landing });
      expect(then).toEqual(today);
    }
    const { impact: seen } = await okWith(viewer)(IMPACT, { t: ids.landing, asOf });
    expect(JSON.stringify(seen)).not.toContain(ids.raw);
    expect(seen.affected.map((item: any) => item.node.id)).toContain(placeholderId(ids.raw));
  });

  it('exports the placeholders by their summary, and refuses an unreadable root with 403', async () => {
    const base = harness.url.replace(/\/graphql$/, '');
    const download = (id: string, format: string) =>
      fetch(`${base}/api/impact/${encodeURIComponent(id)}?format=${format}`, {
        headers: { authorization: `Bearer ${viewerSecret}` },
      });
    const json = await download(ids.landing, 'json');
    expect(json.status).toBe(200);
    const report = (await json.json()) as any;
    expect(report).toEqual((await okWith(viewer)(IMPACT_EXPORT_QUERY, { target: ids.landing })).impact);
    expect(report.total).toBe(7);
    const csv = await (await download(ids.landing, 'csv')).text();
    expect(csv).toContain(`${placeholderId(ids.raw)},RestrictedNode,"${RAW_SUMMARY}"`);
    expect(csv).not.toContain(ids.raw);
    expect(csv.split('\r\n').find((line) => line.startsWith(ids.prod))).toContain(',yes,');

    const refused = await download(ids.raw, 'csv');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as any).error.code).toBe('FORBIDDEN');
  });
});

describe('provenance and lineageDiff with nodes the caller may not read', () => {
  it('lists hidden data versions as placeholders and leaves unreadable runs out, saying so', async () => {
    const { provenance: seen } = await okWith(viewer)(PROVENANCE, { id: ids.scorer });
    const { provenance: full } = await okWith(admin)(PROVENANCE, { id: ids.scorer });
    expect(seen.trainingRun).toEqual({ id: ids.train });
    expect(seen.runs.map((r: { id: string }) => r.id).sort()).toEqual([ids.prep, ids.train]);
    expect(full.runs.map((r: { id: string }) => r.id)).toContain(ids.extract);
    expect(seen.dataVersions).toHaveLength(full.dataVersions.length);
    expect(seen.dataVersions).toContainEqual({
      id: placeholderId(ids.raw),
      kind: 'RestrictedNode',
      hiddenKind: 'DatasetVersion',
      summary: RAW_SUMMARY,
    });
    expect(seen.missing).toContain('1 upstream run you cannot read');
    expect(seen.complete).toBe(false);
    expect(JSON.stringify(seen)).not.toContain(ids.extract);
  });

  it('diffs two model versions through placeholders that agree between views', async () => {
    const DIFF = `query($a: ID!, $b: ID!) { lineageDiff(a: $a, b: $b) { sharedData { id } dataOnlyInA { id } } }`;
    const { lineageDiff } = await okWith(viewer)(DIFF, { a: ids.scorer, b: ids.scorer });
    expect(lineageDiff.dataOnlyInA).toEqual([]);
    expect(lineageDiff.sharedData.map((v: { id: string }) => v.id)).toContain(placeholderId(ids.raw));
    const refused = await viewer(DIFF, { a: ids.scorer, b: ids.raw });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
