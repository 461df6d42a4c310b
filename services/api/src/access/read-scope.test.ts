import { type Harness, startHarness } from '../test-support/harness';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

/**
 * Lists, search, the audit trail, project-scoped queries and MLflow's reads, as callers with
 * different roles see them: what a caller may not read is left out of lists and search (pages
 * included), and asking for it by project is FORBIDDEN.
 */
let harness: Harness;
let admin: Caller;
/** VIEWER of alpha. */
let vera: Caller;
/** VIEWER of alpha, and a member of team:risk, which owns alpha's restricted dataset. */
let tom: Caller;
/** MAINTAINER of alpha. */
let mia: Caller;
/** Org AUDITOR. */
let olga: Caller;
/** No role anywhere. */
let nora: Caller;
const secrets: Record<string, string> = {};

const SECRET = 'dataset:alpha/card-holders';
const SECRET_V1 = 'dataset:alpha/card-holders@1';
const OPEN = 'dataset:alpha/transactions';
const OPEN_V1 = 'dataset:alpha/transactions@1';
const OTHER = 'dataset:beta/transactions';
const RUN = 'run:read-scope-1';

const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;

// Some thirty writes through GraphQL: generous on a machine busy with other suites.
beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation { createProject(input: { slug: "alpha", name: "Alpha" }) { id } }`);
  await ok(`mutation { createProject(input: { slug: "beta", name: "Beta" }) { id } }`);
  await ok(`mutation { createProject(input: { slug: "mlflow", name: "MLflow" }) { id } }`);
  await ok(`mutation { createTeam(input: { slug: "risk", name: "Risk data" }) { id } }`);
  for (const handle of ['vera', 'mia', 'olga', 'nora']) secrets[handle] = await userWithToken(admin, handle);
  secrets.tom = await userWithToken(admin, 'tom', ['team:risk']);
  const grant = (member: string, projectId: string, role: string) =>
    ok(`mutation($p: ID!, $m: ID!) { grantProjectRole(projectId: $p, memberId: $m, role: ${role}) { role } }`, {
      p: projectId,
      m: member,
    });
  await grant('user:vera', 'project:alpha', 'VIEWER');
  await grant('user:vera', 'project:mlflow', 'VIEWER');
  await grant('user:tom', 'project:alpha', 'VIEWER');
  await grant('user:mia', 'project:alpha', 'MAINTAINER');
  await ok(`mutation { setOrgRole(userId: "user:olga", role: AUDITOR, granted: true) { id } }`);

  const dataset = (projectId: string, slug: string, owners: string[] = []) =>
    ok(`mutation($i: RegisterDatasetInput!) { registerDataset(input: $i) { id } }`, {
      i: { projectId, slug, name: 'Card transactions ledger', ownerIds: owners },
    });
  await dataset('project:alpha', 'transactions');
  await dataset('project:alpha', 'card-holders', ['team:risk']);
  await dataset('project:beta', 'transactions');
  for (const [i, id] of [OPEN, SECRET, OTHER].entries()) {
    await ok(
      `mutation($id: ID!, $d: String!) { registerDatasetVersion(input: { datasetId: $id, version: "1", digest: $d }) { id } }`,
      {
        id,
        d: digest(i + 1),
      },
    );
  }
  // Restricted directly in the graph (setRestricted copies the flag onto versions the same way).
  await harness.db.runScript(
    'MATCH (n:Entity) WHERE n.id = $id OR (n)-[:VERSION_OF]->(:Entity {id: $id}) SET n.restricted = true',
    { id: SECRET },
  );
  await ok(`mutation { createExperiment(input: { projectId: "project:alpha", slug: "fraud", name: "Fraud" }) { id } }`);
  await ok(`mutation($id: ID!) { startRun(input: { id: $id, experimentId: "experiment:alpha/fraud" }) { id } }`, {
    id: RUN,
  });
  await ok(`mutation($id: ID!, $i: [UsedVersionInput!]!) { recordRunInputs(runId: $id, inputs: $i) { id } }`, {
    id: RUN,
    i: [
      { versionId: OPEN_V1, role: 'training' },
      { versionId: SECRET_V1, role: 'training' },
    ],
  });
  await ok(`mutation { createExperiment(input: { projectId: "project:beta", slug: "churn", name: "Churn" }) { id } }`);
  await ok(`mutation { startRun(input: { id: "run:read-scope-beta", experimentId: "experiment:beta/churn" }) { id } }`);

  vera = callerWith(harness, secrets.vera);
  tom = callerWith(harness, secrets.tom);
  mia = callerWith(harness, secrets.mia);
  olga = callerWith(harness, secrets.olga);
  nora = callerWith(harness, secrets.nora);
}, 240_000);
afterAll(() => harness.close());

const DATASETS = `query($f: CatalogFilter, $first: Int) {
  datasets(filter: $f, first: $first) { nodes { id } pageInfo { hasNextPage } } }`;
const ids = (nodes: { id: string }[]) => nodes.map((node) => node.id).sort();

describe('lists', () => {
  it("leave out other projects' entities and restricted ones the caller is not granted", async () => {
    const seen = (await okWith(vera)(DATASETS)).datasets;
    expect(ids(seen.nodes)).toEqual([OPEN]);
    expect(ids((await okWith(tom)(DATASETS)).datasets.nodes)).toEqual([SECRET, OPEN].sort());
    expect(ids((await okWith(olga)(DATASETS)).datasets.nodes)).toEqual([SECRET, OPEN, OTHER].sort());
    expect((await okWith(nora)(DATASETS)).datasets.nodes).toEqual([]);
  });

  it('page by what the caller may read: no next page made of hidden items', async () => {
    const page = (await okWith(vera)(DATASETS, { first: 1 })).datasets;
    expect(ids(page.nodes)).toEqual([OPEN]);
    expect(page.pageInfo.hasNextPage).toBe(false);
    expect((await okWith(olga)(DATASETS, { first: 1 })).datasets.pageInfo.hasNextPage).toBe(true);
  });

  it('list only the projects the caller holds a role in', async () => {
    const projects = await okWith(vera)(`{ projects { nodes { id } } }`);
    expect(ids(projects.projects.nodes)).toEqual(['project:alpha', 'project:mlflow']);
    expect((await okWith(nora)(`{ projects { nodes { id } } }`)).projects.nodes).toEqual([]);
  });

  it('refuse a list of a project the caller cannot read, and record the refusal', async () => {
    const refused = await vera(DATASETS, { f: { projectId: 'project:beta' } });
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('project:beta');
    const [denied] = await harness.db.runScript(
      "MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:vera', entityId: 'project:beta'}) RETURN count(e) AS n",
    );
    expect(Number(denied.n)).toBeGreaterThan(0);
    const allowed = await okWith(vera)(DATASETS, { f: { projectId: 'project:alpha' } });
    expect(ids(allowed.datasets.nodes)).toEqual([OPEN]);
  });

  it('leave runs of other projects out, and a run leaves out the inputs the caller may not read', async () => {
    const runs = await okWith(vera)(`{ runs { nodes { id } } }`);
    expect(ids(runs.runs.nodes)).toEqual([RUN]);
    expect(ids((await okWith(olga)(`{ runs { nodes { id } } }`)).runs.nodes)).toEqual(
      [RUN, 'run:read-scope-beta'].sort(),
    );
    const INPUTS = `query($id: ID!) { run(id: $id) { inputs { role version { ... on Node { id } } } } }`;
    const asVera = await okWith(vera)(INPUTS, { id: RUN });
    expect(asVera.run.inputs.map((input: { version: { id: string } }) => input.version.id)).toEqual([OPEN_V1]);
    const asTom = await okWith(tom)(INPUTS, { id: RUN });
    expect(asTom.run.inputs.map((input: { version: { id: string } }) => input.version.id).sort()).toEqual(
      [OPEN_V1, SECRET_V1].sort(),
    );
  });

  it('leave unreadable versions out of a dataset', async () => {
    const asVera = await okWith(vera)(`{ dataset(id: "${OPEN}") { versions { id } } }`);
    expect(asVera.dataset.versions).toEqual([{ id: OPEN_V1 }]);
  });
});

describe('search', () => {
  const SEARCH = `query($t: String!) { search(text: $t) { node { id } } }`;
  const found = async (caller: Caller) =>
    ((await okWith(caller)(SEARCH, { t: 'ledger' })).search as { node: { id: string } }[])
      .map((hit) => hit.node.id)
      .sort();

  it("never returns another project's entity or a restricted one the caller is not granted", async () => {
    expect(await found(vera)).toEqual([OPEN]);
    expect(await found(nora)).toEqual([]);
  });

  it('returns restricted ones to their owners and everything to an org AUDITOR', async () => {
    expect(await found(tom)).toEqual([SECRET, OPEN].sort());
    expect(await found(olga)).toEqual([SECRET, OPEN, OTHER].sort());
  });

  it('refuses a search within a project the caller cannot read', async () => {
    const refused = await vera(`{ search(text: "ledger", projectId: "project:beta") { node { id } } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

describe('project-scoped queries', () => {
  it('need a role in the project', async () => {
    for (const query of [
      `{ metadataTemplate(projectId: "project:beta", kind: "dataset") { kind } }`,
      `{ projectCompleteness(projectId: "project:beta") { projectId } }`,
      `{ promotionPolicy(projectId: "project:beta", environment: PROD) { projectId } }`,
    ]) {
      const refused = await vera(query);
      expect([query, refused.errors?.[0].extensions?.code]).toEqual([query, 'FORBIDDEN']);
    }
    await okWith(vera)(`{ metadataTemplate(projectId: "project:alpha", kind: "dataset") { kind } }`);
    await okWith(vera)(`{ promotionPolicy(projectId: "project:alpha", environment: PROD) { projectId } }`);
  });

  it('about one entity need it readable', async () => {
    const refused = await vera(`{ openLineageEvents(id: "${SECRET}") { id } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('restricted');
    expect((await okWith(tom)(`{ openLineageEvents(id: "${SECRET}") { id } }`)).openLineageEvents).toEqual([]);
  });
});

describe('the audit trail', () => {
  const TRAIL = `query($p: ID, $e: ID) { auditTrail(projectId: $p, entityId: $e, first: 500) { projectId action } }`;

  it('is read whole by an org AUDITOR', async () => {
    const events = (await okWith(olga)(TRAIL)).auditTrail as { projectId: string | null }[];
    const projects = new Set(events.map((event) => event.projectId));
    expect(projects).toEqual(new Set(['project:alpha', 'project:beta', 'project:mlflow', null]));
  });

  it("is read by a MAINTAINER for their projects' events only", async () => {
    const events = (await okWith(mia)(TRAIL)).auditTrail as { projectId: string | null }[];
    expect(events.length).toBeGreaterThan(0);
    expect(new Set(events.map((event) => event.projectId))).toEqual(new Set(['project:alpha']));
    expect((await okWith(mia)(TRAIL, { p: 'project:alpha' })).auditTrail.length).toBe(events.length);
    expect((await okWith(mia)(TRAIL, { e: OPEN })).auditTrail.length).toBeGreaterThan(0);
    // Maintaining a project does not grant its restricted assets (a grant does).
    expect((await mia(TRAIL, { e: SECRET })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await okWith(tom)(`{ dataset(id: "${SECRET}") { id } }`)).dataset.id).toBe(SECRET);
  });

  it('refuses a project or entity trail the caller may not read', async () => {
    expect((await mia(TRAIL, { p: 'project:beta' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await vera(TRAIL, { p: 'project:alpha' })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await vera(TRAIL, { e: SECRET })).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await okWith(vera)(TRAIL)).auditTrail).toEqual([]);
  });

  it('is exported under the same rule, refusals answered 403 in REST shape', async () => {
    const base = harness.url.replace('/graphql', '');
    const get = (secret: string, query: string) =>
      fetch(`${base}/api/audit/export${query}`, { headers: { authorization: `Bearer ${secret}` } });
    const refused = await get(secrets.mia, '?projectId=project:beta');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'FORBIDDEN', message: expect.any(String) } });
    const exported = await get(secrets.mia, '');
    expect(exported.status).toBe(200);
    const lines = (await exported.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(new Set(lines.map((event) => event.projectId))).toEqual(new Set(['project:alpha']));
  });
});

describe('MLflow reads', () => {
  const mlflow = (secret: string, endpoint: string, body: unknown = {}) =>
    fetch(`${harness.url.replace('/graphql', '')}/api/2.0/mlflow/${endpoint}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  it("need VIEWER on MLflow's project", async () => {
    const allowed = await mlflow(secrets.vera, 'runs/search', { experiment_ids: [] });
    expect(allowed.status).toBe(200);
    // Without experiments named, the runs of every project vera reads: alpha's, none of beta's.
    const { runs } = (await allowed.json()) as { runs: { info: { experiment_id: string } }[] };
    const found = runs.map((run) => run.info.experiment_id);
    expect(found).toEqual(['alpha~fraud']);
    const refused = await mlflow(secrets.nora, 'runs/search', { experiment_ids: [] });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error_code: 'PERMISSION_DENIED', message: expect.any(String) });
    const experiments = await mlflow(secrets.nora, 'experiments/search');
    expect(experiments.status).toBe(403);
    const listing = await fetch(`${harness.url.replace('/graphql', '')}/api/2.0/mlflow-artifacts/artifacts`, {
      headers: { authorization: `Bearer ${secrets.nora}` },
    });
    expect(listing.status).toBe(403);
    expect((await mlflow(secrets.olga, 'experiments/search')).status).toBe(200);
  });
});
