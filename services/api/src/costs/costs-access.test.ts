import { type Harness, startHarness } from '../test-support/harness';
import { type Caller, callerWith, localAdminSecret, okWith, userWithToken } from '../test-support/auth';

/*
 * Cost queries with auth on. Project `spend` (vera and rita are VIEWERs; rita owns run spend-rita), project
 * `other` (no role for either). Costs are recorded, so no price table is involved:
 *   experiment:spend/open    spend-open   $2.00 FINISHED  auc 0.6
 *                            spend-rita   $3.00 FAILED    restricted, owned by rita
 *   experiment:spend/secret  spend-hidden $5.00 FINISHED  auc 0.9; the experiment is restricted (no owner)
 */
let harness: Harness;
let admin: Caller;
let vera: Caller;
let rita: Caller;
let auditor: Caller;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation {
    spend: createProject(input: { slug: "spend", name: "Spend" }) { id }
    other: createProject(input: { slug: "other", name: "Other" }) { id }
  }`);
  vera = callerWith(harness, await userWithToken(admin, 'vera'));
  rita = callerWith(harness, await userWithToken(admin, 'rita'));
  auditor = callerWith(harness, await userWithToken(admin, 'olga'));
  await ok(`mutation { setOrgRole(userId: "user:olga", role: AUDITOR, granted: true) { id } }`);
  for (const member of ['user:vera', 'user:rita']) {
    await ok(
      `mutation($m: ID!) { grantProjectRole(projectId: "project:spend", memberId: $m, role: VIEWER) { role } }`,
      {
        m: member,
      },
    );
  }
  await ok(`mutation {
    a: createExperiment(input: { projectId: "project:spend", slug: "open", name: "Open", tags: ["family:search"] }) { id }
    b: createExperiment(input: { projectId: "project:spend", slug: "secret", name: "Secret", tags: ["family:search"] }) { id }
    c: createExperiment(input: { projectId: "project:other", slug: "x", name: "X" }) { id }
  }`);
  const runs = [
    { id: 'run:spend-open', experiment: 'open', cost: 2, status: 'FINISHED', auc: 0.6, start: '2026-10-01T00:00:00Z' },
    {
      id: 'run:spend-rita',
      experiment: 'open',
      cost: 3,
      status: 'FAILED',
      owner: 'user:rita',
      start: '2026-10-02T00:00:00Z',
    },
    {
      id: 'run:spend-hidden',
      experiment: 'secret',
      cost: 5,
      status: 'FINISHED',
      auc: 0.9,
      start: '2026-10-03T00:00:00Z',
    },
  ];
  for (const run of runs) {
    await ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: {
        id: run.id,
        experimentId: `experiment:spend/${run.experiment}`,
        ownerId: run.owner ?? null,
        startedAt: run.start,
      },
    });
    if (run.auc !== undefined) {
      await ok(
        `mutation($id: ID!, $v: Float!) { logMetrics(runId: $id, metrics: [{ key: "auc", value: $v }]) { id } }`,
        {
          id: run.id,
          v: run.auc,
        },
      );
    }
    await ok(`mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }`, {
      input: { runId: run.id, status: run.status, computeCostUsd: run.cost, endedAt: '2026-10-04T00:00:00Z' },
    });
  }
  // Restricted the way setRestricted marks them.
  await harness.db.runScript(
    "MATCH (n:Entity) WHERE n.id IN ['run:spend-rita', 'experiment:spend/secret'] SET n.restricted = true",
  );
});
afterAll(() => harness.close());

const TOTALS = `{
  costSummary(projectId: "project:spend", groupBy: PROJECT) { runCount totalUsd }
  costWaste(projectId: "project:spend") { lostUsd runs { runId } }
  improvementPerDollar(projectId: "project:spend", family: "family:search", metric: "auc") {
    totalUsd points { runId newBest }
  }
}`;

describe('cost queries with read access', () => {
  it('a project viewer sees the spend of the runs it may read, not of restricted ones', async () => {
    const { data, errors } = await vera(TOTALS);
    expect(errors).toBeUndefined();
    expect(data).toEqual({
      costSummary: [{ runCount: 1, totalUsd: 2 }],
      costWaste: { lostUsd: 0, runs: [] },
      improvementPerDollar: { totalUsd: 2, points: [{ runId: 'run:spend-open', newBest: true }] },
    });
  });

  it('the owner of a restricted run sees it; an org auditor sees everything', async () => {
    const owner = await rita(TOTALS);
    expect(owner.data?.costSummary).toEqual([{ runCount: 2, totalUsd: 5 }]);
    expect(owner.data?.costWaste).toEqual({ lostUsd: 3, runs: [{ runId: 'run:spend-rita' }] });
    const all = await auditor(TOTALS);
    expect(all.data?.costSummary).toEqual([{ runCount: 3, totalUsd: 10 }]);
    expect(all.data?.improvementPerDollar.points).toEqual([
      { runId: 'run:spend-open', newBest: true },
      { runId: 'run:spend-rita', newBest: false },
      { runId: 'run:spend-hidden', newBest: true },
    ]);
  });

  it('a project the caller holds no role in is FORBIDDEN and audited; an anonymous caller is UNAUTHENTICATED', async () => {
    const refused = await vera(`{ costSummary(projectId: "project:other", groupBy: EXPERIMENT) { key } }`);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(refused.errors?.[0].message).toContain('project:other');
    const [denied] = await harness.db.runScript(
      "MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:vera', entityId: 'project:other'}) RETURN count(e) AS n",
    );
    expect(denied.n).toBeGreaterThanOrEqual(1);
    for (const query of [
      `{ costWaste(projectId: "project:other") { idleUsd } }`,
      `{ improvementPerDollar(projectId: "project:other", family: "experiment:other/x", metric: "auc") { totalUsd } }`,
    ]) {
      expect((await vera(query)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    }
    const anonymous = await callerWith(
      harness,
      null,
    )(`{ costSummary(projectId: "project:spend", groupBy: PROJECT) { key } }`);
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});
