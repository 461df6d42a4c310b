import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { CYPHER_DIR } from '../platform/cypher';
import { digestOf } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';
import { parsePriceTable, PRICE_TABLE_FILE, PriceTableError } from './price-table';

/*
 * The fixture: project `costs`, priced by this table (not the repo's, so edits there never move these numbers).
 *   cpu.large  $0.50/h          gpu.host  $0.20/h (the machine without its accelerators)
 *   GPU-A      $1.00/h a device GPU-B     $3.00/h a device
 */
const PRICES = `# test prices
currency: USD
effectiveFrom: 2026-01-01
instances:
  cpu.large: 0.50
  gpu.host: 0.20
accelerators:
  GPU-A: 1.00
  GPU-B: 3.00
`;

/*
 * Experiments and their families:
 *   ranker-xgb, ranker-nn  runs generate versions of model:costs/ranker  → family model:costs/ranker ("Ranker")
 *   sweep-1 (meta.family = tuning), sweep-2 (tag family:tuning)         → family family:tuning ("tuning")
 *   scratch                                                             → family experiment:costs/scratch
 *
 * Runs (start → end, UTC) and their costs:
 *   r1 ranker-xgb alice cpu.large                 09-10 00:00 → 02:00  2 h × 0.50                 =  1.00 DERIVED  auc 0.70  → ranker v1
 *   r2 ranker-xgb alice gpu.host + 2 × GPU-A      09-20 00:00 → 01:30  1.5 h × (0.20 + 2 × 1.00) =  3.30 DERIVED  auc 0.68
 *   r3 ranker-xgb bob   recorded $5.00            10-01 00:00 → 03:00                              =  5.00 RECORDED auc 0.75  → ranker v2
 *   r4 ranker-nn  bob   gpu.host + 1 × GPU-B      10-05 00:00 → 04:00  4 h × (0.20 + 3.00)        = 12.80 DERIVED  FAILED
 *   r5 ranker-nn  alice gpu.host + [GPU-A, GPU-A] 10-10 00:00 → 02:00  2 h × (0.20 + 2 × 1.00)   =  4.40 DERIVED  auc 0.80  → ranker v3
 *   r6 ranker-nn  —     gpu.host + 1 × GPU-A      10-12 00:00 → (running)                          UNKNOWN RUNNING
 *   r7 sweep-1    alice mystery.xl                09-15 01:00 → 02:00                              UNKNOWN INSTANCE_NOT_PRICED
 *   r8 sweep-1    bob   gpu.host + 1 × GPU-A      10-20 00:00 → 05:00  5 h × (0.20 + 1.00)        =  6.00 DERIVED  KILLED
 *   r9 sweep-2    alice gpu.host + 1 × GPU-B      11-02 00:00 → 03:00  3 h × (0.20 + 3.00)        =  9.60 DERIVED
 *   r10 scratch   alice (no instance type)        11-03 00:00 → 01:00                              UNKNOWN NO_INSTANCE_TYPE
 *   r11 scratch   bob   gpu.host + 1 × GPU-Z      11-04 00:00 → 01:00                              UNKNOWN ACCELERATOR_NOT_PRICED
 *   r12 scratch   bob   gpu.host, 2 accelerators of no recorded type 11-05 00:00 → 01:00           UNKNOWN ACCELERATOR_TYPE_UNKNOWN
 *
 * Recorded 5.00; derived 1.00 + 3.30 + 12.80 + 4.40 + 6.00 + 9.60 = 37.10; total 42.10; 5 unknown of 12 runs.
 */
const RUNS: {
  id: string;
  experiment: string;
  owner?: string;
  start: string;
  end?: string;
  status?: string;
  recorded?: number;
  infrastructure?: Record<string, unknown>;
  auc?: number;
}[] = [
  {
    id: 'r1',
    experiment: 'ranker-xgb',
    owner: 'alice',
    start: '2026-09-10T00:00:00Z',
    end: '2026-09-10T02:00:00Z',
    infrastructure: { instanceType: 'cpu.large' },
    auc: 0.7,
  },
  {
    id: 'r2',
    experiment: 'ranker-xgb',
    owner: 'alice',
    start: '2026-09-20T00:00:00Z',
    end: '2026-09-20T01:30:00Z',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-A'], acceleratorCount: 2 },
    auc: 0.68,
  },
  {
    id: 'r3',
    experiment: 'ranker-xgb',
    owner: 'bob',
    start: '2026-10-01T00:00:00Z',
    end: '2026-10-01T03:00:00Z',
    recorded: 5,
    auc: 0.75,
  },
  {
    id: 'r4',
    experiment: 'ranker-nn',
    owner: 'bob',
    start: '2026-10-05T00:00:00Z',
    end: '2026-10-05T04:00:00Z',
    status: 'FAILED',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-B'] },
  },
  {
    id: 'r5',
    experiment: 'ranker-nn',
    owner: 'alice',
    start: '2026-10-10T00:00:00Z',
    end: '2026-10-10T02:00:00Z',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-A', 'GPU-A'] },
    auc: 0.8,
  },
  {
    id: 'r6',
    experiment: 'ranker-nn',
    start: '2026-10-12T00:00:00Z',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-A'] },
  },
  {
    id: 'r7',
    experiment: 'sweep-1',
    owner: 'alice',
    start: '2026-09-15T01:00:00Z',
    end: '2026-09-15T02:00:00Z',
    infrastructure: { instanceType: 'mystery.xl' },
  },
  {
    id: 'r8',
    experiment: 'sweep-1',
    owner: 'bob',
    start: '2026-10-20T00:00:00Z',
    end: '2026-10-20T05:00:00Z',
    status: 'KILLED',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-A'] },
  },
  {
    id: 'r9',
    experiment: 'sweep-2',
    owner: 'alice',
    start: '2026-11-02T00:00:00Z',
    end: '2026-11-02T03:00:00Z',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-B'] },
  },
  {
    id: 'r10',
    experiment: 'scratch',
    owner: 'alice',
    start: '2026-11-03T00:00:00Z',
    end: '2026-11-03T01:00:00Z',
  },
  {
    id: 'r11',
    experiment: 'scratch',
    owner: 'bob',
    start: '2026-11-04T00:00:00Z',
    end: '2026-11-04T01:00:00Z',
    infrastructure: { instanceType: 'gpu.host', accelerators: ['GPU-Z'] },
  },
  {
    id: 'r12',
    experiment: 'scratch',
    owner: 'bob',
    start: '2026-11-05T00:00:00Z',
    end: '2026-11-05T01:00:00Z',
    infrastructure: { instanceType: 'gpu.host', acceleratorCount: 2 },
  },
];
const runId = (short: string) => `run:costs-${short}`;

/*
 * Utilisation samples (percent) at minutes after the run's start; each holds until the next, the last until the end.
 *   r2 system/gpu_0_utilization_percentage  0: 90, 60: 95                   → never idle (not listed)
 *   r5 system/gpu_0_utilization_percentage  0: 50, 30: 5, 60: 80, 90: 2    → idle 30–60 and 90–120: 1.0 h
 *      system/gpu_1_utilization_percentage  0: 3, 60: 90                    → idle 0–60: 1.0 h      → 2.0 device-hours
 *   r8 system/gpu_utilization               0: 0                            → idle 0–300: 5 h × 1 device (KILLED)
 *   r9 system/gpu_utilization               0: 5, 60: 60, 120: 8            → idle 0–60 and 120–180: 2 h × 1 device
 */
const UTILISATION: Record<string, Record<string, [number, number][]>> = {
  r2: {
    'system/gpu_0_utilization_percentage': [
      [0, 90],
      [60, 95],
    ],
  },
  r5: {
    'system/gpu_0_utilization_percentage': [
      [0, 50],
      [30, 5],
      [60, 80],
      [90, 2],
    ],
    'system/gpu_1_utilization_percentage': [
      [0, 3],
      [60, 90],
    ],
  },
  r8: { 'system/gpu_utilization': [[0, 0]] },
  r9: {
    'system/gpu_utilization': [
      [0, 5],
      [60, 60],
      [120, 8],
    ],
  },
};

let harness: Harness;
let earlierPriceTable: string | undefined;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'mnemo-prices-'));
  writeFileSync(path.join(dir, 'prices.yaml'), PRICES);
  earlierPriceTable = process.env.MNEMO_PRICE_TABLE;
  process.env.MNEMO_PRICE_TABLE = path.join(dir, 'prices.yaml');
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "costs", name: "Cost fixture" }) { id }
    alice: createUser(input: { handle: "alice", name: "Alice" }) { id }
    bob: createUser(input: { handle: "bob", name: "Bob" }) { id }
  }`);
  await harness.ok(`mutation {
    registerModel(input: { projectId: "project:costs", slug: "ranker", name: "Ranker" }) { id }
    a: createExperiment(input: { projectId: "project:costs", slug: "ranker-xgb", name: "Ranker XGB" }) { id }
    b: createExperiment(input: { projectId: "project:costs", slug: "ranker-nn", name: "Ranker NN" }) { id }
    c: createExperiment(input: { projectId: "project:costs", slug: "sweep-1", name: "Sweep 1",
         metadata: [{ key: "family", value: "tuning" }] }) { id }
    d: createExperiment(input: { projectId: "project:costs", slug: "sweep-2", name: "Sweep 2", tags: ["family:tuning"] }) { id }
    e: createExperiment(input: { projectId: "project:costs", slug: "scratch", name: "Scratch" }) { id }
  }`);
  for (const run of RUNS) {
    await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: {
        id: runId(run.id),
        experimentId: `experiment:costs/${run.experiment}`,
        ownerId: run.owner ? `user:${run.owner}` : null,
        startedAt: run.start,
        infrastructure: run.infrastructure ?? null,
      },
    });
    const metrics = Object.entries(UTILISATION[run.id] ?? {}).flatMap(([key, samples]) =>
      samples.map(([minutes, value], step) => ({
        key,
        value,
        step,
        timestamp: new Date(Date.parse(run.start) + minutes * 60_000).toISOString(),
      })),
    );
    if (run.auc !== undefined) metrics.push({ key: 'auc', value: run.auc, step: 0, timestamp: run.start });
    if (metrics.length > 0) {
      await harness.ok(
        `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`,
        {
          runId: runId(run.id),
          metrics,
        },
      );
    }
    if (run.end) {
      await harness.ok(`mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }`, {
        input: {
          runId: runId(run.id),
          status: run.status ?? 'FINISHED',
          endedAt: run.end,
          computeCostUsd: run.recorded ?? null,
        },
      });
    }
  }
  for (const [short, label] of [
    ['r1', '1'],
    ['r3', '2'],
    ['r5', '3'],
  ]) {
    await harness.ok(
      `mutation($runId: ID!, $digest: String!, $version: String!) {
        registerModelVersion(input: { modelId: "model:costs/ranker", runId: $runId, digest: $digest, version: $version }) { id }
      }`,
      { runId: runId(short), digest: digestOf(`ranker-${label}`), version: label },
    );
  }
});

afterAll(async () => {
  await harness?.close();
  if (earlierPriceTable === undefined) delete process.env.MNEMO_PRICE_TABLE;
  else process.env.MNEMO_PRICE_TABLE = earlierPriceTable;
});

const SUMMARY = `query($groupBy: CostGrouping!, $since: DateTime, $until: DateTime) {
  costSummary(projectId: "project:costs", groupBy: $groupBy, since: $since, until: $until) {
    key label runCount totalUsd recordedUsd derivedUsd unknownCount
  }
}`;

/** Money compared to the cent, so float sums read as the hand arithmetic above. */
function cents<T>(value: T): T {
  return JSON.parse(JSON.stringify(value), (_key, v) =>
    typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e6) / 1e6 : v,
  ) as T;
}

async function summary(groupBy: string, period: { since?: string; until?: string } = {}) {
  const { costSummary } = await harness.ok(SUMMARY, { groupBy, ...period });
  return cents(costSummary);
}

describe('run cost', () => {
  it('a run is priced from its recorded cost, else from the price table × its hours, else unknown with the reason', async () => {
    const { runs } = await harness.ok(`{
      runs(first: 50, filter: { projectId: "project:costs" }, orderBy: { by: STARTED_AT, direction: ASC }) {
        nodes { id cost { usd source unknownReason hours explanation pricesEffectiveFrom prices { kind name usdPerHour count } } }
      }
    }`);
    const byId = Object.fromEntries(
      runs.nodes.map((node: { id: string; cost: unknown }) => [node.id.replace('run:costs-', ''), cents(node.cost)]),
    );
    expect(byId.r3).toEqual({
      usd: 5,
      source: 'RECORDED',
      unknownReason: null,
      hours: 3,
      explanation: 'Recorded by the client: $5.00.',
      pricesEffectiveFrom: null,
      prices: [],
    });
    // 1.5 h × (0.20 + 2 × 1.00) = 3.30
    expect(byId.r2).toEqual({
      usd: 3.3,
      source: 'DERIVED',
      unknownReason: null,
      hours: 1.5,
      explanation:
        'Derived from the price table (effective 2026-01-01): gpu.host $0.2/h + 2 × GPU-A $1/h = $2.2/h × 1.5 h = $3.30.',
      pricesEffectiveFrom: '2026-01-01',
      prices: [
        { kind: 'INSTANCE', name: 'gpu.host', usdPerHour: 0.2, count: 1 },
        { kind: 'ACCELERATOR', name: 'GPU-A', usdPerHour: 1, count: 2 },
      ],
    });
    // 2 h × 0.50 = 1.00; one listed accelerator per device: 2 h × (0.20 + 2 × 1.00) = 4.40
    expect(byId.r1).toMatchObject({ usd: 1, source: 'DERIVED', hours: 2 });
    expect(byId.r5).toMatchObject({ usd: 4.4, source: 'DERIVED' });
    expect(byId.r4).toMatchObject({ usd: 12.8, source: 'DERIVED' });
    expect(byId.r8).toMatchObject({ usd: 6, source: 'DERIVED' });
    expect(byId.r9).toMatchObject({ usd: 9.6, source: 'DERIVED' });
    const unknown = (short: string) => [
      byId[short].source,
      byId[short].usd,
      byId[short].unknownReason,
      byId[short].explanation,
    ];
    expect(unknown('r6')).toEqual([
      'UNKNOWN',
      null,
      'RUNNING',
      'Unknown: the run is still running and its client recorded no cost.',
    ]);
    expect(unknown('r7')).toEqual([
      'UNKNOWN',
      null,
      'INSTANCE_NOT_PRICED',
      'Unknown: instance type mystery.xl is not in the price table.',
    ]);
    expect(unknown('r10')).toEqual([
      'UNKNOWN',
      null,
      'NO_INSTANCE_TYPE',
      'Unknown: the client recorded neither a cost nor an instance type.',
    ]);
    expect(unknown('r11')).toEqual([
      'UNKNOWN',
      null,
      'ACCELERATOR_NOT_PRICED',
      'Unknown: accelerator GPU-Z is not in the price table.',
    ]);
    expect(unknown('r12')).toEqual([
      'UNKNOWN',
      null,
      'ACCELERATOR_TYPE_UNKNOWN',
      'Unknown: the run counted accelerators without recording their type.',
    ]);
  });

  it('the costs of a page of runs cost one query, not one per run', async () => {
    const query = `{ runs(first: 50, filter: { projectId: "project:costs" }) { nodes { id cost { usd source } } } }`;
    await harness.ok(query);
    harness.roundTrips.reset();
    const { runs } = await harness.ok(query);
    expect(runs.nodes).toHaveLength(12);
    // the page itself, then one batched cost lookup
    expect(harness.roundTrips.count).toBeLessThanOrEqual(2);
  });
});

describe('cost roll-ups', () => {
  it('the whole project: 12 runs, $5.00 recorded + $37.10 derived = $42.10, 5 unknown', async () => {
    expect(await summary('PROJECT')).toEqual([
      {
        key: 'project:costs',
        label: 'Cost fixture',
        runCount: 12,
        totalUsd: 42.1,
        recordedUsd: 5,
        derivedUsd: 37.1,
        unknownCount: 5,
      },
    ]);
  });

  it('per experiment, largest first', async () => {
    expect(await summary('EXPERIMENT')).toEqual([
      // r4 12.80 + r5 4.40 (r6 unknown)
      {
        key: 'experiment:costs/ranker-nn',
        label: 'Ranker NN',
        runCount: 3,
        totalUsd: 17.2,
        recordedUsd: 0,
        derivedUsd: 17.2,
        unknownCount: 1,
      },
      // r9
      {
        key: 'experiment:costs/sweep-2',
        label: 'Sweep 2',
        runCount: 1,
        totalUsd: 9.6,
        recordedUsd: 0,
        derivedUsd: 9.6,
        unknownCount: 0,
      },
      // r1 1.00 + r2 3.30 derived, r3 5.00 recorded
      {
        key: 'experiment:costs/ranker-xgb',
        label: 'Ranker XGB',
        runCount: 3,
        totalUsd: 9.3,
        recordedUsd: 5,
        derivedUsd: 4.3,
        unknownCount: 0,
      },
      // r8 (r7 unknown)
      {
        key: 'experiment:costs/sweep-1',
        label: 'Sweep 1',
        runCount: 2,
        totalUsd: 6,
        recordedUsd: 0,
        derivedUsd: 6,
        unknownCount: 1,
      },
      {
        key: 'experiment:costs/scratch',
        label: 'Scratch',
        runCount: 3,
        totalUsd: 0,
        recordedUsd: 0,
        derivedUsd: 0,
        unknownCount: 3,
      },
    ]);
  });

  it('per family: experiments generating versions of one model, then meta.family or a family: tag, then the experiment alone', async () => {
    expect(await summary('FAMILY')).toEqual([
      // ranker-xgb 9.30 + ranker-nn 17.20
      {
        key: 'model:costs/ranker',
        label: 'Ranker',
        runCount: 6,
        totalUsd: 26.5,
        recordedUsd: 5,
        derivedUsd: 21.5,
        unknownCount: 1,
      },
      // sweep-1 (meta.family) 6.00 + sweep-2 (tag) 9.60
      {
        key: 'family:tuning',
        label: 'tuning',
        runCount: 3,
        totalUsd: 15.6,
        recordedUsd: 0,
        derivedUsd: 15.6,
        unknownCount: 1,
      },
      {
        key: 'experiment:costs/scratch',
        label: 'Scratch',
        runCount: 3,
        totalUsd: 0,
        recordedUsd: 0,
        derivedUsd: 0,
        unknownCount: 3,
      },
    ]);
  });

  it("per owner (the run's), runs without one together", async () => {
    expect(await summary('OWNER')).toEqual([
      // r3 5.00 recorded; r4 12.80 + r8 6.00 derived; r11, r12 unknown
      { key: 'user:bob', label: 'Bob', runCount: 5, totalUsd: 23.8, recordedUsd: 5, derivedUsd: 18.8, unknownCount: 2 },
      // r1 1.00 + r2 3.30 + r5 4.40 + r9 9.60; r7, r10 unknown
      {
        key: 'user:alice',
        label: 'Alice',
        runCount: 6,
        totalUsd: 18.3,
        recordedUsd: 0,
        derivedUsd: 18.3,
        unknownCount: 2,
      },
      {
        key: 'none',
        label: 'No owner recorded',
        runCount: 1,
        totalUsd: 0,
        recordedUsd: 0,
        derivedUsd: 0,
        unknownCount: 1,
      },
    ]);
  });

  it('per month of the start (UTC), in order', async () => {
    expect(await summary('MONTH')).toEqual([
      // r1 1.00 + r2 3.30; r7 unknown
      {
        key: '2026-09',
        label: 'September 2026',
        runCount: 3,
        totalUsd: 4.3,
        recordedUsd: 0,
        derivedUsd: 4.3,
        unknownCount: 1,
      },
      // r3 5.00 recorded; r4 12.80 + r5 4.40 + r8 6.00 = 23.20 derived; r6 unknown
      {
        key: '2026-10',
        label: 'October 2026',
        runCount: 5,
        totalUsd: 28.2,
        recordedUsd: 5,
        derivedUsd: 23.2,
        unknownCount: 1,
      },
      // r9 9.60; r10, r11, r12 unknown
      {
        key: '2026-11',
        label: 'November 2026',
        runCount: 4,
        totalUsd: 9.6,
        recordedUsd: 0,
        derivedUsd: 9.6,
        unknownCount: 3,
      },
    ]);
  });

  it('since and until keep the runs that started in [since, until)', async () => {
    expect(await summary('PROJECT', { since: '2026-10-01T00:00:00Z', until: '2026-11-01T00:00:00Z' })).toEqual([
      {
        key: 'project:costs',
        label: 'Cost fixture',
        runCount: 5,
        totalUsd: 28.2,
        recordedUsd: 5,
        derivedUsd: 23.2,
        unknownCount: 1,
      },
    ]);
  });

  it('a project that does not exist is NOT_FOUND; since after until is refused', async () => {
    const missing = await harness.gql(`{ costSummary(projectId: "project:nope", groupBy: PROJECT) { key } }`);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const backwards = await harness.gql(SUMMARY, {
      groupBy: 'PROJECT',
      since: '2026-11-01T00:00:00Z',
      until: '2026-10-01T00:00:00Z',
    });
    expect(backwards.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(backwards.errors?.[0].message).toContain('since must not be after until');
  });
});

const CURVE = `query($family: String!, $goal: MetricGoal!) {
  improvementPerDollar(projectId: "project:costs", family: $family, metric: "auc", goal: $goal) {
    family label experimentIds metric goal totalUsd unknownCostRuns
    points { runId costUsd costSource cumulativeUsd value bestSoFar newBest gain spendSincePreviousBestUsd gainPerDollar run { id } }
  }
}`;

describe('improvement per dollar', () => {
  it('a family’s best auc against cumulative spend, with each new best’s gain per dollar since the previous best', async () => {
    const { improvementPerDollar: curve } = await harness.ok(CURVE, { family: 'model:costs/ranker', goal: 'MAXIMIZE' });
    expect(cents({ ...curve, points: undefined })).toEqual({
      family: 'model:costs/ranker',
      label: 'Ranker',
      experimentIds: ['experiment:costs/ranker-nn', 'experiment:costs/ranker-xgb'],
      metric: 'auc',
      goal: 'MAXIMIZE',
      totalUsd: 26.5, // 1.00 + 3.30 + 5.00 + 12.80 + 4.40 (+ r6 unknown, counted 0)
      unknownCostRuns: 1,
    });
    const point = (p: Record<string, unknown>) => [
      (p.runId as string).replace('run:costs-', ''),
      p.cumulativeUsd,
      p.value,
      p.bestSoFar,
      p.newBest,
      p.gain,
      p.spendSincePreviousBestUsd,
      p.gainPerDollar,
    ];
    expect(cents(curve.points).map(point)).toEqual([
      // run  spent so far  auc   best  new?   gain  spent since previous best  gain per dollar
      ['r1', 1, 0.7, 0.7, true, null, null, null], // the first best
      ['r2', 4.3, 0.68, 0.7, false, null, null, null],
      ['r3', 9.3, 0.75, 0.75, true, 0.05, 8.3, 0.006024], // 0.05 / (9.30 − 1.00) = 0.0060241
      ['r4', 22.1, null, 0.75, false, null, null, null], // failed, no auc: spend only
      ['r5', 26.5, 0.8, 0.8, true, 0.05, 17.2, 0.002907], // 0.05 / (26.50 − 9.30) = 0.0029070
      ['r6', 26.5, null, 0.8, false, null, null, null], // running, unknown cost
    ]);
    expect(curve.points[0].run).toEqual({ id: runId('r1') });
  });

  it('minimising turns the curve around: a lower auc is the new best', async () => {
    const { improvementPerDollar: curve } = await harness.ok(CURVE, { family: 'model:costs/ranker', goal: 'MINIMIZE' });
    const bests = cents(curve.points)
      .filter((p: { newBest: boolean }) => p.newBest)
      .map((p: Record<string, unknown>) => [p.runId, p.gain, p.spendSincePreviousBestUsd, p.gainPerDollar]);
    // r2: 0.70 − 0.68 = 0.02 for its 3.30 → 0.0060606 a dollar
    expect(bests).toEqual([
      [runId('r1'), null, null, null],
      [runId('r2'), 0.02, 3.3, 0.006061],
    ]);
  });

  it('a family of experiments sharing a family name; an unknown family is NOT_FOUND', async () => {
    const { improvementPerDollar: curve } = await harness.ok(CURVE, { family: 'family:tuning', goal: 'MAXIMIZE' });
    expect(cents([curve.experimentIds, curve.totalUsd, curve.points.length])).toEqual([
      ['experiment:costs/sweep-1', 'experiment:costs/sweep-2'],
      15.6,
      3,
    ]);
    const missing = await harness.gql(CURVE, { family: 'family:nothing', goal: 'MAXIMIZE' });
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(missing.errors?.[0].message).toContain('family:nothing');
  });
});

const WASTE = `query($threshold: Float) {
  costWaste(projectId: "project:costs", utilizationThreshold: $threshold) {
    projectId utilizationThreshold idleUsd idleAcceleratorHours lostUsd totalUsd
    runs { runId status costUsd costSource utilizationMetrics idleAcceleratorHours idleUsd lostUsd explanation run { id } }
  }
}`;

describe('idle waste and lost spend', () => {
  it('accelerator hours below 10% are priced as idle; failed and killed runs are lost whole', async () => {
    const { costWaste } = await harness.ok(WASTE, {});
    expect(cents({ ...costWaste, runs: undefined })).toEqual({
      projectId: 'project:costs',
      utilizationThreshold: 10,
      idleUsd: 8, // r5 2.0 device-hours × 1.00 + r9 2 h × 3.00
      idleAcceleratorHours: 9, // r5 2 + r8 5 + r9 2
      lostUsd: 18.8, // r4 12.80 + r8 6.00
      totalUsd: 26.8,
    });
    const row = (r: Record<string, unknown>) => [
      (r.runId as string).replace('run:costs-', ''),
      r.status,
      r.idleAcceleratorHours,
      r.idleUsd,
      r.lostUsd,
    ];
    expect(cents(costWaste.runs).map(row)).toEqual([
      ['r4', 'FAILED', 0, 0, 12.8],
      ['r5', 'FINISHED', 2, 2, 0],
      ['r8', 'KILLED', 5, 0, 6], // its idle hours are inside the loss, not counted twice
      ['r9', 'FINISHED', 2, 6, 0],
    ]);
    const r5 = costWaste.runs[1];
    expect(r5.utilizationMetrics).toEqual([
      'system/gpu_0_utilization_percentage',
      'system/gpu_1_utilization_percentage',
    ]);
    expect(r5.explanation).toBe(
      '2 h of accelerator time below 10% utilisation (system/gpu_0_utilization_percentage, ' +
        'system/gpu_1_utilization_percentage) × $1/h per accelerator = $2.00 idle.',
    );
    expect(costWaste.runs[0].explanation).toBe('Failed: its whole cost, $12.80 (derived), is lost spend.');
    expect(costWaste.runs[2].explanation).toBe(
      'Killed: its whole cost, $6.00 (derived), is lost spend; it also had 5 h of accelerator time below 10% ' +
        'utilisation (system/gpu_utilization), counted in the loss.',
    );
    expect(costWaste.runs[3].run).toEqual({ id: runId('r9') });
  });

  it('the threshold is an argument: below 6%, r9 idles one hour instead of two', async () => {
    const { costWaste } = await harness.ok(WASTE, { threshold: 6 });
    // r5: 5 and 2 are still below 6, 3 too: 2 device-hours × 1.00; r9: only the 5% hour × 3.00
    expect(cents([costWaste.idleUsd, costWaste.idleAcceleratorHours, costWaste.lostUsd])).toEqual([5, 8, 18.8]);
    const refused = await harness.gql(WASTE, { threshold: 140 });
    expect(refused.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('the price table', () => {
  it("the repo's governance/prices.yaml is a valid table", () => {
    const table = parsePriceTable(readFileSync(PRICE_TABLE_FILE, 'utf8'));
    expect(table.currency).toBe('USD');
    expect(Object.keys(table.instances).length).toBeGreaterThan(0);
    expect(Object.keys(table.accelerators).length).toBeGreaterThan(0);
  });

  it('a bad table is refused naming each bad line', () => {
    const text = [
      'currency: EUR', // line 1
      'effectiveFrom: soon', // line 2
      'instances:', // line 3
      '  cpu.large: cheap', // line 4
      '  gpu.host: -1', // line 5
      'accelerators:', // line 6
      '  GPU-A: 1.0', // line 7
      'discounts: 10', // line 8
    ].join('\n');
    let error: unknown;
    try {
      parsePriceTable(text, 'prices.yaml');
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(PriceTableError);
    expect((error as PriceTableError).problems).toEqual([
      {
        line: 8,
        problem: '"discounts" is not a price table setting; use currency, effectiveFrom, instances, accelerators',
      },
      { line: 1, problem: 'currency must be USD (the only currency Mnemo reports in)' },
      { line: 2, problem: 'effectiveFrom must be a date, YYYY-MM-DD; got "soon"' },
      { line: 4, problem: 'instances.cpu.large must be a price in USD per hour (a number, 0 or more); got "cheap"' },
      { line: 5, problem: 'instances.gpu.host must be a price in USD per hour (a number, 0 or more); got -1' },
    ]);
    expect((error as Error).message).toContain('prices.yaml is not a usable price table:\n  line 8: "discounts"');
  });

  it('invalid YAML and missing settings are named too', () => {
    expect(() => parsePriceTable('currency: USD\ninstances: [\n', 'p.yaml')).toThrow(/line \d+: not valid YAML/);
    expect(() => parsePriceTable('currency: USD\n', 'p.yaml')).toThrow(/effectiveFrom is missing/);
  });

  it('every query that prices runs holds the same cost formula, family rule and read filter', () => {
    const dir = path.join(CYPHER_DIR, 'queries', 'costs');
    const block = (text: string, name: string) => {
      const match = new RegExp(`// ${name}: begin[\\s\\S]*?// ${name}: end`).exec(text);
      return match?.[0].replace(/^[ \t]+/gm, '');
    };
    const files = readdirSync(dir).map((file) => [file, readFileSync(path.join(dir, file), 'utf8')] as const);
    for (const name of ['cost-of-run', 'family-of-experiment', 'readable-run']) {
      const blocks = files
        .filter(([, text]) => text.includes(`// ${name}: begin`))
        .map(([file, text]) => [file, block(text, name)]);
      expect(blocks.length).toBeGreaterThan(0);
      for (const [file, text] of blocks) expect([file, text]).toEqual([file, blocks[0][1]]);
    }
  });
});
