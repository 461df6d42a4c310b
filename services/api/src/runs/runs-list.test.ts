import { digestOf, seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

const RUN_COUNT = 100;
let harness: Harness;

/** 100 finished runs: depth cycles 3..7, auc rises with the index, every 10th run FAILED and tagged. */
beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  await harness.ok(
    `mutation($d: String!) { registerDatasetVersion(input: { datasetId: "dataset:churn/transactions", version: "1", digest: $d }) { id } }`,
    { d: digestOf('tx1') },
  );
  for (let i = 0; i < RUN_COUNT; i++) {
    const { startRun } = await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: {
        experimentId: 'experiment:churn/xgb',
        name: `run-${i}`,
        ownerId: 'user:alice',
        params: [
          { key: 'max_depth', value: String(3 + (i % 5)) },
          { key: 'lr', value: '0.1' },
        ],
        tags: i % 10 === 0 ? [{ key: 'flaky', value: 'yes' }] : [],
        inputs: [{ versionId: 'dataset:churn/transactions@1', role: 'training' }],
        startedAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000).toISOString(),
      },
    });
    await harness.ok(
      `mutation($id: ID!, $m: [MetricInput!]!, $f: FinishRunInput!) { logMetrics(runId: $id, metrics: $m) { id } finishRun(input: $f) { id } }`,
      {
        id: startRun.id,
        m: [
          { key: 'auc', value: 0.5 + i / 250, step: 1 },
          { key: 'loss', value: 1 - i / 200, step: 1 },
        ],
        f: {
          runId: startRun.id,
          status: i % 10 === 0 ? 'FAILED' : 'FINISHED',
          endedAt: new Date(Date.UTC(2026, 9, 1) + i * 60_000 + 30_000).toISOString(),
        },
      },
    );
  }
}, 180_000);
afterAll(() => harness.close());

const RUNS = `query($filter: RunFilterInput, $orderBy: RunOrderInput, $first: Int, $after: String) {
  runs(filter: $filter, orderBy: $orderBy, first: $first, after: $after) {
    nodes { id name metric(key: "auc") { value } }
    pageInfo { endCursor hasNextPage }
  }
}`;
const names = (runs: { nodes: { name: string }[] }) => runs.nodes.map((n) => n.name);

describe('listing runs', () => {
  it('a page of 100 runs with params, latest metrics, inputs and owners costs at most 5 round trips', async () => {
    harness.roundTrips.reset();
    const { runs } = await harness.ok(`{
      runs(first: 100, filter: { experimentId: "experiment:churn/xgb" }) {
        nodes {
          id params { key value } metrics { key value step }
          inputs { role version { ... on DatasetVersion { id } } }
          owner { ... on User { id name } }
        }
      }
    }`);
    const roundTrips = harness.roundTrips.count;
    expect(runs.nodes).toHaveLength(100);
    expect(
      runs.nodes.every(
        (run: { params: unknown[]; metrics: unknown[]; inputs: unknown[]; owner: unknown }) =>
          run.params.length === 2 && run.metrics.length === 2 && run.inputs.length === 1 && run.owner,
      ),
    ).toBe(true);
    expect(roundTrips).toBeLessThanOrEqual(5);
    console.log(`round trips for a page of 100 runs with params, latest metrics, inputs and owners: ${roundTrips}`);
  });

  it('orders newest first by default and pages by cursor without gaps or repeats', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const { runs }: { runs: { nodes: { name: string }[]; pageInfo: { endCursor: string; hasNextPage: boolean } } } =
        await harness.ok(RUNS, { first: 30, after });
      seen.push(...names(runs));
      if (!runs.pageInfo.hasNextPage) break;
      after = runs.pageInfo.endCursor;
    }
    expect(seen).toEqual(Array.from({ length: RUN_COUNT }, (_, i) => `run-${RUN_COUNT - 1 - i}`));
  });

  it('sorts by a metric and filters on a metric threshold and a param value', async () => {
    const { runs } = await harness.ok(RUNS, {
      filter: { metrics: [{ key: 'auc', op: 'GT', value: 0.85 }], params: [{ key: 'max_depth', value: '7' }] },
      orderBy: { by: 'METRIC', metricKey: 'auc', direction: 'DESC' },
      first: 100,
    });
    // auc > 0.85 means i > 87.5; max_depth 7 means i % 5 == 4 → runs 89, 94, 99
    expect(names(runs)).toEqual(['run-99', 'run-94', 'run-89']);
    expect(runs.nodes[0].metric.value).toBeCloseTo(0.896);
  });

  it('pages through a metric ordering too', async () => {
    const first = (await harness.ok(RUNS, { orderBy: { by: 'METRIC', metricKey: 'auc', direction: 'ASC' }, first: 3 }))
      .runs;
    const second = (
      await harness.ok(RUNS, {
        orderBy: { by: 'METRIC', metricKey: 'auc', direction: 'ASC' },
        first: 3,
        after: first.pageInfo.endCursor,
      })
    ).runs;
    expect([...names(first), ...names(second)]).toEqual(['run-0', 'run-1', 'run-2', 'run-3', 'run-4', 'run-5']);
  });

  it('filters by status, tag, owner and project', async () => {
    const failed = (await harness.ok(RUNS, { filter: { status: 'FAILED' }, first: 100 })).runs;
    expect(failed.nodes).toHaveLength(10);
    const flaky = (await harness.ok(RUNS, { filter: { tag: { key: 'flaky', value: 'yes' } }, first: 100 })).runs;
    expect(names(flaky).sort()).toEqual(names(failed).sort());
    const mine = (await harness.ok(RUNS, { filter: { ownerId: 'user:alice', projectId: 'project:churn' }, first: 1 }))
      .runs;
    expect(mine.pageInfo.hasNextPage).toBe(true);
    const nobody = (await harness.ok(RUNS, { filter: { ownerId: 'user:nobody' } })).runs;
    expect(nobody.nodes).toEqual([]);
  });

  it('answers ordering by METRIC without a key, or a page of 0, with BAD_USER_INPUT', async () => {
    const noKey = await harness.gql(RUNS, { orderBy: { by: 'METRIC' } });
    expect(noKey.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const empty = await harness.gql(RUNS, { first: 0 });
    expect(empty.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});
