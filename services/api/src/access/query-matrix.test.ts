import { randomUUID } from 'node:crypto';
import { type GraphQLObjectType } from 'graphql';
import { type Harness, startHarness } from '../test-support/harness';
import { callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';
import { mnemoSchema } from '../schema';
import { ACCESS_DENIED } from './roles';

/**
 * ROLE × GRAPHQL QUERY: every query field of the schema (enumerated from it, so a new query without a
 * rule here fails the first test) asked by each kind of caller about project:churn's things.
 * - `open`: anyone, even anonymous (whoami).
 * - `authenticated`: any caller with a token; lists answer only what the caller may read, so `sees`
 *   says whether churn's item is in the answer, which it must be exactly for churn's readers.
 * - `project`: reads one of churn's things (or churn itself): its readers (any project role, or an
 *   org role) are answered; anyone else is FORBIDDEN (audited as access.denied), anonymous
 *   UNAUTHENTICATED.
 */
const SUBJECTS = [
  'anonymous',
  'no role here (VIEWER elsewhere)',
  'VIEWER',
  'EDITOR',
  'MAINTAINER',
  'project ADMIN',
  'org AUDITOR',
  'org ADMIN',
] as const;
type Subject = (typeof SUBJECTS)[number];
const READERS: readonly Subject[] = ['VIEWER', 'EDITOR', 'MAINTAINER', 'project ADMIN', 'org AUDITOR', 'org ADMIN'];
/** Who sees churn's audit events: its maintainers and admins, and the org roles. */
const TRAIL_READERS: readonly Subject[] = ['MAINTAINER', 'project ADMIN', 'org AUDITOR', 'org ADMIN'];
const PROJECT_ROLE: Partial<Record<Subject, string>> = {
  VIEWER: 'VIEWER',
  EDITOR: 'EDITOR',
  MAINTAINER: 'MAINTAINER',
  'project ADMIN': 'ADMIN',
};
const ORG_ROLE: Partial<Record<Subject, string>> = { 'org AUDITOR': 'AUDITOR', 'org ADMIN': 'ADMIN' };

type Data = Record<string, any>;
interface QueryRule {
  access: 'open' | 'authenticated' | 'project';
  query: string;
  /** For lists: whether the answer holds churn's item. */
  sees?: (data: Data) => boolean;
  /** Who must see churn's item in a list (default READERS). */
  seenBy?: readonly Subject[];
}

const ids = (list: { id: string }[]) => list.map((item) => item.id);
const has = (list: { id: string }[], id: string) => ids(list).includes(id);

const QUERIES: Record<string, QueryRule> = {
  whoami: { access: 'open', query: '{ whoami { authenticated } }' },
  apiTokens: { access: 'authenticated', query: '{ apiTokens { id } }' },
  // One's own notifications: anyone signed in (another user's or a team's: org roles, notifications tests).
  mySubscriptions: { access: 'authenticated', query: '{ mySubscriptions { id } }' },
  webhookEndpoints: { access: 'authenticated', query: '{ webhookEndpoints { id deliveries { id } } }' },
  inbox: { access: 'authenticated', query: '{ inbox { unreadCount notifications { id } } }' },
  auditTrail: {
    access: 'authenticated',
    query: '{ auditTrail(first: 500) { projectId } }',
    sees: (data) => data.auditTrail.some((event: Data) => event.projectId === 'project:churn'),
    seenBy: TRAIL_READERS,
  },
  node: { access: 'project', query: '{ node(id: "dataset:churn/raw") { id } }' },
  project: { access: 'project', query: '{ project(id: "project:churn") { id } }' },
  projects: {
    access: 'authenticated',
    query: '{ projects(first: 100) { nodes { id } } }',
    sees: (data) => has(data.projects.nodes, 'project:churn'),
  },
  team: { access: 'authenticated', query: '{ team(id: "team:churn-team") { id } }' },
  teams: { access: 'authenticated', query: '{ teams { nodes { id } } }' },
  user: { access: 'authenticated', query: '{ user(id: "user:admin") { id } }' },
  users: { access: 'authenticated', query: '{ users { nodes { id } } }' },
  // Data sources belong to no project; their dataset lists go through the read guard like every list.
  dataSource: { access: 'authenticated', query: '{ dataSource(id: "datasource:none") { id } }' },
  dataSources: { access: 'authenticated', query: '{ dataSources { nodes { id datasetCount datasets { id } } } }' },
  dataset: { access: 'project', query: '{ dataset(id: "dataset:churn/raw") { id } }' },
  datasets: {
    access: 'authenticated',
    query: '{ datasets(first: 100) { nodes { id } } }',
    sees: (data) => has(data.datasets.nodes, 'dataset:churn/raw'),
  },
  datasetVersion: { access: 'project', query: '{ datasetVersion(id: "dataset:churn/raw@1") { id } }' },
  deployment: { access: 'project', query: '{ deployment(id: "deployment:churn/scoring") { id } }' },
  deployments: {
    access: 'authenticated',
    query: '{ deployments(first: 100) { nodes { id } } }',
    sees: (data) => has(data.deployments.nodes, 'deployment:churn/scoring'),
  },
  experiment: { access: 'project', query: '{ experiment(id: "experiment:churn/train") { id } }' },
  experiments: {
    access: 'authenticated',
    query: '{ experiments(first: 100) { nodes { id } } }',
    sees: (data) => has(data.experiments.nodes, 'experiment:churn/train'),
  },
  featureSet: { access: 'project', query: '{ featureSet(id: "featureset:churn/features") { id } }' },
  featureSets: {
    access: 'authenticated',
    query: '{ featureSets(first: 100) { nodes { id } } }',
    sees: (data) => has(data.featureSets.nodes, 'featureset:churn/features'),
  },
  featureSetVersion: {
    access: 'project',
    query: '{ featureSetVersion(id: "featureset:churn/features@1") { id } }',
  },
  metadataTemplate: {
    access: 'project',
    query: '{ metadataTemplate(projectId: "project:churn", kind: "dataset") { kind } }',
  },
  projectCompleteness: {
    access: 'project',
    query: '{ projectCompleteness(projectId: "project:churn") { projectId } }',
  },
  model: { access: 'project', query: '{ model(id: "model:churn/clf") { id } }' },
  models: {
    access: 'authenticated',
    query: '{ models(first: 100) { nodes { id } } }',
    sees: (data) => has(data.models.nodes, 'model:churn/clf'),
  },
  modelVersion: { access: 'project', query: '{ modelVersion(id: "model:churn/clf@1") { id } }' },
  promotionPolicy: {
    access: 'project',
    query: '{ promotionPolicy(projectId: "project:churn", environment: PROD) { environment } }',
  },
  checkPromotion: {
    access: 'project',
    query: '{ checkPromotion(modelVersionId: "model:churn/clf@1", environment: PROD) { passed } }',
  },
  lineage: { access: 'project', query: '{ lineage(id: "featureset:churn/features@1") { nodes { depth } } }' },
  impact: { access: 'project', query: '{ impact(target: "dataset:churn/raw@1") { total } }' },
  columnLineage: {
    access: 'project',
    query: '{ columnLineage(versionId: "dataset:churn/raw@1", column: "amount") { hidden columns { id } } }',
  },
  columnImpact: {
    access: 'project',
    query: '{ columnImpact(versionId: "dataset:churn/raw@1", column: "amount") { hidden downstream { total } } }',
  },
  provenance: { access: 'project', query: '{ provenance(modelVersionId: "model:churn/clf@1") { complete } }' },
  lineageDiff: {
    access: 'project',
    query: '{ lineageDiff(a: "model:churn/clf@1", b: "model:churn/clf@1") { __typename } }',
  },
  costSummary: {
    access: 'project',
    query: '{ costSummary(projectId: "project:churn", groupBy: EXPERIMENT) { runCount } }',
  },
  improvementPerDollar: {
    access: 'project',
    query:
      '{ improvementPerDollar(projectId: "project:churn", family: "model:churn/clf", metric: "auc") { __typename } }',
  },
  costWaste: { access: 'project', query: '{ costWaste(projectId: "project:churn") { idleUsd } }' },
  driftFlags: { access: 'project', query: '{ driftFlags(projectId: "project:churn") { kind } }' },
  run: { access: 'project', query: '{ run(id: "run:churn-train-1") { id } }' },
  runs: {
    access: 'authenticated',
    query: '{ runs(first: 100) { nodes { id } } }',
    sees: (data) => has(data.runs.nodes, 'run:churn-train-1'),
  },
  openLineageEvents: { access: 'project', query: '{ openLineageEvents(id: "run:churn-train-1") { id } }' },
  migration: {
    access: 'project',
    query: '{ migration(id: "dataset:churn/raw@1/migration/1") { id status { atRisk } acknowledgements { state } } }',
  },
  migrations: {
    access: 'authenticated',
    query: '{ migrations(projectId: "project:churn") { id } }',
    sees: (data) => has(data.migrations, 'dataset:churn/raw@1/migration/1'),
  },
  search: {
    access: 'authenticated',
    query: '{ search(text: "churn") { node { id } } }',
    sees: (data) => data.search.some((hit: Data) => String(hit.node.id).includes(':churn/')),
  },
};

let harness: Harness;
const secrets = new Map<Subject, string | null>();

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  const admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  for (const slug of ['churn', 'elsewhere'])
    await ok(`mutation($s: String!) { createProject(input: { slug: $s, name: $s }) { id } }`, { s: slug });
  await ok(`mutation { createTeam(input: { slug: "churn-team", name: "Churn" }) { id } }`);
  await churnFixtures(ok);
  for (const subject of SUBJECTS) {
    if (subject === 'anonymous') {
      secrets.set(subject, null);
      continue;
    }
    const handle = `s${SUBJECTS.indexOf(subject)}`;
    secrets.set(subject, await userWithToken(admin, handle));
    const grant = (projectId: string, role: string) =>
      ok(
        `mutation($p: ID!, $m: ID!, $r: ProjectRole!) { grantProjectRole(projectId: $p, memberId: $m, role: $r) { role } }`,
        {
          p: projectId,
          m: `user:${handle}`,
          r: role,
        },
      );
    if (PROJECT_ROLE[subject]) await grant('project:churn', PROJECT_ROLE[subject]!);
    if (subject === 'no role here (VIEWER elsewhere)') await grant('project:elsewhere', 'VIEWER');
    if (ORG_ROLE[subject])
      await ok(`mutation($u: ID!, $r: OrgRole!) { setOrgRole(userId: $u, role: $r, granted: true) { id } }`, {
        u: `user:${handle}`,
        r: ORG_ROLE[subject],
      });
  }
});
afterAll(() => harness.close());

/** raw@1 → (prep) features@1 → train run → clf@1 ← deployment scoring; all in project:churn. */
async function churnFixtures(ok: ReturnType<typeof okWith>) {
  const digest = (c: string) => `sha256:${c.repeat(64)}`;
  await ok(
    `mutation { registerDataset(input: { projectId: "project:churn", slug: "raw", name: "Churn raw" }) { id } }`,
  );
  await ok(
    `mutation($g: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/raw", version: "1", digest: $g }) { id } }`,
    { g: digest('a') },
  );
  await ok(
    `mutation { registerFeatureSet(input: { projectId: "project:churn", slug: "features", name: "Churn features" }) { id } }`,
  );
  await ok(
    `mutation($g: String!) { registerFeatureSetVersion(input: { featureSetId: "featureset:churn/features", version: "1", digest: $g, derivedFromIds: ["dataset:churn/raw@1"] }) { id } }`,
    { g: digest('b') },
  );
  await ok(
    `mutation { createExperiment(input: { projectId: "project:churn", slug: "train", name: "Churn training" }) { id } }`,
  );
  await ok(
    `mutation { startRun(input: { experimentId: "experiment:churn/train", id: "run:churn-train-1", inputs: [{ versionId: "featureset:churn/features@1" }] }) { id } }`,
  );
  await ok(
    `mutation { registerModel(input: { projectId: "project:churn", slug: "clf", name: "Churn classifier" }) { id } }`,
  );
  await ok(
    `mutation($g: String!) { registerModelVersion(input: { modelId: "model:churn/clf", runId: "run:churn-train-1", version: "1", digest: $g }) { id } }`,
    { g: digest('c') },
  );
  await ok(
    `mutation { createDeployment(input: { projectId: "project:churn", slug: "scoring", name: "Churn scoring", environment: STAGING, modelVersionId: "model:churn/clf@1" }) { id } }`,
  );
  await ok(
    `mutation { planMigration(target: "dataset:churn/raw@1", kind: DEPRECATE, effectiveAt: "2027-01-01T00:00:00Z") { id } }`,
  );
}

async function ask(subject: Subject, query: string, requestId: string) {
  const secret = secrets.get(subject) ?? null;
  const response = await fetch(harness.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-request-id': requestId,
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as {
    data?: Data | null;
    errors?: { message: string; extensions?: { code?: string } }[];
  };
}

function expected(subject: Subject, rule: QueryRule): 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED' {
  if (rule.access === 'open') return 'allowed';
  if (subject === 'anonymous') return 'UNAUTHENTICATED';
  if (rule.access === 'authenticated' || READERS.includes(subject)) return 'allowed';
  return 'FORBIDDEN';
}

describe('role × GraphQL query', () => {
  it('has a rule for every query field of the schema, and none for a field it lacks', () => {
    const fields = Object.keys((mnemoSchema().getQueryType() as GraphQLObjectType).getFields());
    expect(Object.keys(QUERIES).sort()).toEqual(fields.sort());
  });

  const cells: { subject: Subject; query: string; outcome: string }[] = [];

  it.each(SUBJECTS)(
    'as %s, answers and refuses each query as the policy says',
    async (subject) => {
      for (const [name, rule] of Object.entries(QUERIES)) {
        const requestId = `queries-${randomUUID()}`;
        const result = await ask(subject, rule.query, requestId);
        const outcome = expected(subject, rule);
        if (outcome === 'allowed') {
          expect({ subject, name, errors: result.errors }).toEqual({ subject, name, errors: undefined });
          if (rule.sees) {
            const mustSee = (rule.seenBy ?? READERS).includes(subject);
            expect({ subject, name, sees: rule.sees(result.data!) }).toEqual({ subject, name, sees: mustSee });
          }
        } else {
          expect({ subject, name, code: result.errors?.[0]?.extensions?.code }).toEqual({
            subject,
            name,
            code: outcome,
          });
          if (outcome === 'FORBIDDEN') {
            const events = await harness.db.runScript(
              'MATCH (e:AuditEvent {requestId: $requestId}) RETURN e.action AS action, e.projectId AS projectId',
              { requestId },
            );
            expect({ subject, name, events }).toEqual({
              subject,
              name,
              events: expect.arrayContaining([{ action: ACCESS_DENIED, projectId: 'project:churn' }]),
            });
          }
        }
        cells.push({ subject, query: name, outcome });
      }
    },
    300_000,
  );

  it('asked every cell of the table', () => {
    expect(cells.length).toBe(SUBJECTS.length * Object.keys(QUERIES).length);
    console.log(
      `role × GraphQL query: ${SUBJECTS.length} callers × ${Object.keys(QUERIES).length} queries = ${cells.length} cells, ` +
        ['allowed', 'FORBIDDEN', 'UNAUTHENTICATED']
          .map((outcome) => `${cells.filter((cell) => cell.outcome === outcome).length} ${outcome}`)
          .join(', '),
    );
  });
});
