import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { parsePriceTable, PRICE_TABLE_FILE } from '../../services/api/src/costs/price-table';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { type CostGroup, costCsv, formatUsd, formatValue } from '../lib/dashboards';
import { plural } from '../lib/format';
import { percentage } from '../lib/metadata';
import { lineageHref } from '../lib/routes';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The project dashboards end to end: a production build in real Chromium over the real API and a
 * real Neo4j. A small project with hand-computed costs; the overview and the cost page must show
 * those figures, and they must be the ones the API answers.
 *
 * Prices come from the price table the API reads (governance/prices.yaml unless MNEMO_PRICE_TABLE):
 *   G = g5.xlarge + 1 × NVIDIA A10G per hour (today 0.206 + 0.80 = 1.006), M = m6i.xlarge (0.192), A = A10G.
 *
 *   run  experiment owner start (UTC)      hours  cost                       status    auc   model
 *   r1   ranker-a   alice 2026-09-07 00:00 2      4.00 RECORDED                           0.70  ranker v1
 *   r2   ranker-a   bob   2026-09-14 00:00 2      2 × G DERIVED (2.012)                   0.76  ranker v2
 *   r3   ranker-a   alice 2026-10-05 00:00 5      5 × M DERIVED (0.96)                    0.74
 *   r4   sweep      bob   2026-10-12 00:00 1      1 × G DERIVED (1.006)      FAILED
 *   r5   sweep      alice 2026-10-19 00:00 1      3.00 RECORDED                           0.80
 *   r6   sweep      alice 2026-10-20 00:00 1      UNKNOWN (no instance type)
 *
 * Families: ranker-a's runs generated versions of model Ranker → "Ranker"; sweep is tagged family:tuning.
 * r2 samples system/gpu_0_utilization_percentage 80 at 0 min and 5 at 60 min: 1 idle A10G-hour below 10%.
 * Dataset events: v1 (user_id int64, amount double) → v2 (user_id int64, amount string, country string).
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;

const table = parsePriceTable(readFileSync(process.env.MNEMO_PRICE_TABLE ?? PRICE_TABLE_FILE, 'utf8'));
const A = table.accelerators['NVIDIA A10G'];
const G = table.instances['g5.xlarge'] + A;
const M = table.instances['m6i.xlarge'];
const r2 = 2 * G;
const r3 = 5 * M;
const r4 = 1 * G;

const RUNS = [
  { id: 'r1', experiment: 'ranker-a', owner: 'alice', start: '2026-09-07T00:00:00Z', hours: 2, recorded: 4, auc: 0.7 },
  {
    id: 'r2',
    experiment: 'ranker-a',
    owner: 'bob',
    start: '2026-09-14T00:00:00Z',
    hours: 2,
    infrastructure: { instanceType: 'g5.xlarge', accelerators: ['NVIDIA A10G'] },
    auc: 0.76,
    utilisation: [
      [0, 80],
      [60, 5],
    ],
  },
  {
    id: 'r3',
    experiment: 'ranker-a',
    owner: 'alice',
    start: '2026-10-05T00:00:00Z',
    hours: 5,
    infrastructure: { instanceType: 'm6i.xlarge' },
    auc: 0.74,
  },
  {
    id: 'r4',
    experiment: 'sweep',
    owner: 'bob',
    start: '2026-10-12T00:00:00Z',
    hours: 1,
    infrastructure: { instanceType: 'g5.xlarge', accelerators: ['NVIDIA A10G'] },
    status: 'FAILED',
  },
  { id: 'r5', experiment: 'sweep', owner: 'alice', start: '2026-10-19T00:00:00Z', hours: 1, recorded: 3, auc: 0.8 },
  { id: 'r6', experiment: 'sweep', owner: 'alice', start: '2026-10-20T00:00:00Z', hours: 1 },
] as const satisfies readonly {
  id: string;
  experiment: string;
  owner: string;
  start: string;
  hours: number;
  recorded?: number;
  infrastructure?: Record<string, unknown>;
  auc?: number;
  status?: string;
  utilisation?: readonly (readonly [number, number])[];
}[];

const PROJECT = 'project:dash';
const runId = (short: string) => `run:dash-${short}`;
const group = (
  key: string,
  label: string,
  runCount: number,
  recordedUsd: number,
  derivedUsd: number,
  unknownCount = 0,
) => ({
  key,
  label,
  runCount,
  totalUsd: recordedUsd + derivedUsd,
  recordedUsd,
  derivedUsd,
  unknownCount,
});

/** The roll-ups by hand, largest first (months in calendar order), as costSummary orders them. */
const EXPECTED = {
  project: [group(PROJECT, 'Dashboard fixture', 6, 7, r2 + r3 + r4, 1)],
  month: [group('2026-09', 'September 2026', 2, 4, r2), group('2026-10', 'October 2026', 4, 3, r3 + r4, 1)],
  experiment: [
    group('experiment:dash/ranker-a', 'Ranker A', 3, 4, r2 + r3),
    group('experiment:dash/sweep', 'Sweep', 3, 3, r4, 1),
  ],
  family: [group('model:dash/ranker', 'Ranker', 3, 4, r2 + r3), group('family:tuning', 'tuning', 3, 3, r4, 1)],
  owner: [group('user:alice', 'Alice', 4, 7, r3, 1), group('user:bob', 'Bob', 2, 0, r2 + r4)],
};

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "dash", name: "Dashboard fixture" }) { id }
    alice: createUser(input: { handle: "alice", name: "Alice" }) { id }
    bob: createUser(input: { handle: "bob", name: "Bob" }) { id }
  }`);
  await harness.ok(`mutation {
    registerModel(input: { projectId: "project:dash", slug: "ranker", name: "Ranker" }) { id }
    a: createExperiment(input: { projectId: "project:dash", slug: "ranker-a", name: "Ranker A" }) { id }
    b: createExperiment(input: { projectId: "project:dash", slug: "sweep", name: "Sweep", tags: ["family:tuning"] }) { id }
    registerDataset(input: { projectId: "project:dash", slug: "events", name: "Events" }) { id }
  }`);
  for (const run of RUNS) {
    await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
      input: {
        id: runId(run.id),
        name: run.id,
        experimentId: `experiment:dash/${run.experiment}`,
        ownerId: `user:${run.owner}`,
        startedAt: run.start,
        infrastructure: 'infrastructure' in run ? run.infrastructure : null,
      },
    });
    const metrics = [
      ...('utilisation' in run ? run.utilisation : []).map(([minutes, value], step) => ({
        key: 'system/gpu_0_utilization_percentage',
        value,
        step,
        timestamp: new Date(Date.parse(run.start) + minutes * 60_000).toISOString(),
      })),
      ...('auc' in run ? [{ key: 'auc', value: run.auc, step: 0, timestamp: run.start }] : []),
    ];
    if (metrics.length > 0) {
      await harness.ok(
        `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`,
        { runId: runId(run.id), metrics },
      );
    }
    await harness.ok(`mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }`, {
      input: {
        runId: runId(run.id),
        status: 'status' in run ? run.status : 'FINISHED',
        endedAt: new Date(Date.parse(run.start) + run.hours * 3_600_000).toISOString(),
        computeCostUsd: 'recorded' in run ? run.recorded : null,
      },
    });
  }
  for (const [short, version] of [
    ['r1', '1'],
    ['r2', '2'],
  ]) {
    await harness.ok(
      `mutation($runId: ID!, $digest: String!, $version: String!) {
        registerModelVersion(input: { modelId: "model:dash/ranker", runId: $runId, digest: $digest, version: $version }) { id }
      }`,
      { runId: runId(short), digest: digestOf(`dash-ranker-${version}`), version },
    );
  }
  const column = (name: string, type: string) => ({ name, type });
  for (const [version, schema] of [
    ['1', [column('user_id', 'int64'), column('amount', 'double')]],
    ['2', [column('user_id', 'int64'), column('amount', 'string'), column('country', 'string')]],
  ] as const) {
    await harness.ok(
      `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`,
      { input: { datasetId: 'dataset:dash/events', version, digest: digestOf(`dash-events-${version}`), schema } },
    );
  }
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
});

afterEach(async () => {
  await page.close();
});

const SUMMARY = `query($groupBy: CostGrouping!) {
  costSummary(projectId: "project:dash", groupBy: $groupBy) { key label runCount totalUsd recordedUsd derivedUsd unknownCount }
}`;

/** Money to a millionth, so float sums compare with the hand arithmetic. */
const rounded = (groups: CostGroup[]) =>
  groups.map((g) => ({
    ...g,
    totalUsd: Number(g.totalUsd.toFixed(6)),
    recordedUsd: Number(g.recordedUsd.toFixed(6)),
    derivedUsd: Number(g.derivedUsd.toFixed(6)),
  }));

/** The cells of a table's body, row by row, as the reader sees them. */
const rowsOf = (page: Page, label: string) =>
  page
    .getByRole('table', { name: label, exact: true })
    .locator('tbody tr')
    .evaluateAll((rows) =>
      rows.map((row) =>
        Array.from(row.querySelectorAll('th, td')).map((cell) => (cell as HTMLElement).innerText.trim()),
      ),
    );

/** A cost table's rows as the page writes them. */
const costRows = (groups: CostGroup[]) =>
  groups.map((g) => [
    g.label,
    String(g.runCount),
    formatUsd(g.totalUsd),
    formatUsd(g.recordedUsd),
    formatUsd(g.derivedUsd),
    g.unknownCount === 0 ? 'none' : `${g.unknownCount} run${g.unknownCount === 1 ? '' : 's'}`,
  ]);

const GROUPINGS = [
  ['MONTH', 'month', 'Spend by month'],
  ['EXPERIMENT', 'experiment', 'Spend by experiment'],
  ['FAMILY', 'family', 'Spend by experiment family'],
  ['OWNER', 'owner', 'Spend by owner'],
] as const;

test('the API rolls the fixture up as computed by hand', async () => {
  for (const [groupBy, field] of [['PROJECT', 'project'], ...GROUPINGS] as const) {
    const { costSummary } = await harness.ok<{ costSummary: CostGroup[] }>(SUMMARY, { groupBy });
    expect(rounded(costSummary)).toEqual(rounded(EXPECTED[field]));
  }
});

test('the overview shows runs over time, spend by family, improvement per dollar, completeness and the drift flag', async () => {
  await page.goto(`${web.url}/p/${encodeURIComponent(PROJECT)}`);
  await page.getByRole('heading', { name: 'Dashboard fixture: overview' }).waitFor();

  // Runs over time: 6 runs over the 7 weeks from Monday 2026-09-07 to Monday 2026-10-19 (r5 and r6 share it).
  const runsChart = page.getByRole('img', { name: /^Runs started per week, by status\./ });
  await runsChart.waitFor();
  expect(await runsChart.getAttribute('aria-label')).toBe(
    'Runs started per week, by status. 6 runs started over 7 weeks from the week of 2026-09-07 to the week of ' +
      '2026-10-19: 5 finished, 1 failed. Busiest: the week of 2026-10-19, 2 runs.',
  );
  expect(await runsChart.locator('svg').count()).toBe(1);

  // Spend by family: the hand figures, and the API's.
  const familyTable = page.getByRole('table', { name: 'Spend by experiment family' });
  await familyTable.waitFor();
  const byFamily = (await harness.ok<{ costSummary: CostGroup[] }>(SUMMARY, { groupBy: 'FAMILY' })).costSummary;
  const familyRows = (groups: CostGroup[]) =>
    groups.map((g) => [
      g.label,
      String(g.runCount),
      formatUsd(g.totalUsd),
      g.unknownCount === 0 ? 'none' : `${g.unknownCount} run`,
    ]);
  expect(await rowsOf(page, 'Spend by experiment family')).toEqual(familyRows(EXPECTED.family));
  expect(familyRows(EXPECTED.family)).toEqual(familyRows(byFamily));
  const spendPanel = page.getByRole('region', { name: 'Spend by experiment family' });
  expect(await spendPanel.getByText(/across 2 families/).textContent()).toBe(
    `${formatUsd(7 + r2 + r3 + r4)} across 2 families (1 run of unknown cost not included).`,
  );

  // Improvement per dollar: the family with the most spend (Ranker) and its auc. r1 is the first best
  // at $4.00; r2 beats it by 0.06 for its own cost, r2; r3 (0.74) is no new best.
  const bests = page.getByRole('table', { name: 'New bests and what they cost' });
  await bests.waitFor();
  expect(await page.getByRole('combobox', { name: /^Family/ }).inputValue()).toBe('model:dash/ranker');
  expect(await page.getByRole('combobox', { name: /^Metric/ }).inputValue()).toBe('auc');
  const handBests = [
    ['r1', '0.7', '$4.00', 'first', '—', '—'],
    ['r2', '0.76', formatUsd(4 + r2), '0.06', formatUsd(r2), formatValue(0.06 / r2)],
  ];
  expect(await rowsOf(page, 'New bests and what they cost')).toEqual(handBests);
  const { improvementPerDollar: curve } = await harness.ok(`{
    improvementPerDollar(projectId: "project:dash", family: "model:dash/ranker", metric: "auc") {
      totalUsd points { runName value cumulativeUsd newBest gain spendSincePreviousBestUsd gainPerDollar }
    }
  }`);
  expect(
    curve.points
      .filter((p: { newBest: boolean }) => p.newBest)
      .map((p: Record<string, number | null>) => [
        p.runName,
        formatValue(p.value),
        formatUsd(p.cumulativeUsd),
        p.gain === null ? 'first' : formatValue(p.gain),
        formatUsd(p.spendSincePreviousBestUsd),
        formatValue(p.gainPerDollar),
      ]),
  ).toEqual(handBests);
  expect(curve.totalUsd).toBeCloseTo(4 + r2 + r3, 9);
  const curveChart = page.getByRole('img', { name: /^Best auc against cumulative spend\./ });
  expect(await curveChart.getAttribute('aria-label')).toContain(
    `3 runs, ${formatUsd(4 + r2 + r3)} in all, best 0.76. New bests: r1 reached 0.7 at $4.00 spent; r2 reached 0.76 at ` +
      `${formatUsd(4 + r2)} spent (${formatValue(0.06 / r2)} per dollar).`,
  );

  // Completeness: the API's score, in the panel's words.
  const { projectCompleteness } = await harness.ok(
    `{ projectCompleteness(projectId: "project:dash") { score entities } }`,
  );
  const completeness = page.getByRole('region', { name: 'Metadata completeness' });
  await completeness.getByText(/on average over/).waitFor();
  expect(await completeness.getByText(/on average over/).textContent()).toBe(
    `${percentage(projectCompleteness.score)} on average over ${plural(projectCompleteness.entities, 'governed entity', 'governed entities')}.`,
  );

  // The schema change of events v2 (amount retyped, country added), with the API's explanation and its lineage.
  const { driftFlags } = await harness.ok(
    `{ driftFlags(projectId: "project:dash") { kind subjectId explanation measure value lineageRootId } }`,
  );
  const schemaFlag = driftFlags.find((flag: { kind: string }) => flag.kind === 'SCHEMA_CHANGE');
  expect(schemaFlag).toMatchObject({ subjectId: 'dataset:dash/events@2', measure: 'columns_changed', value: 2 });
  const flags = page.getByRole('region', { name: 'Open flags' });
  await flags.locator('li').first().waitFor();
  expect(await flags.locator('li').count()).toBe(driftFlags.length);
  const item = flags.locator('li', { hasText: 'Schema change' });
  expect(await item.textContent()).toContain(schemaFlag.explanation);
  const lineage = item.getByRole('link', { name: 'Lineage that explains it' });
  expect(await lineage.getAttribute('href')).toBe(lineageHref('dataset:dash/events@2'));

  await page.waitForFunction(() => document.querySelectorAll('[data-chart-ready]').length === 3);
  await checkPage(page, 'dashboard-overview');

  // The project's own page leads back to its dashboards.
  await page.getByRole('link', { name: 'Project details and history' }).click();
  await page.waitForURL(`**/n/${encodeURIComponent(PROJECT)}`);
  await page.getByRole('link', { name: 'Costs', exact: true }).waitFor();
  await page.getByRole('link', { name: 'Overview dashboard' }).click();
  await page.waitForURL(`**/p/${encodeURIComponent(PROJECT)}`);

  await lineage.click();
  await page.waitForURL(`**${lineageHref('dataset:dash/events@2')}`);
});

test('the cost page shows each roll-up with its sources, the waste and the CSV, as the API answers', async () => {
  await page.goto(`${web.url}/p/${encodeURIComponent(PROJECT)}/costs`);
  await page.getByRole('heading', { name: 'Dashboard fixture: costs' }).waitFor();
  await page.getByRole('table', { name: 'Spend by month' }).waitFor();

  const total = 7 + r2 + r3 + r4;
  expect(await page.locator('.cost-total').innerText()).toBe(
    `${formatUsd(total)} over 6 runs: $7.00 recorded by the runs' clients, ${formatUsd(r2 + r3 + r4)} derived from ` +
      `the price table; 1 run of unknown cost left out (each run's reason is listed under “Each run's cost”).`,
  );
  const answered: Record<string, CostGroup[]> = {};
  for (const [groupBy, field, label] of GROUPINGS) {
    answered[field] = (await harness.ok<{ costSummary: CostGroup[] }>(SUMMARY, { groupBy })).costSummary;
    expect(await rowsOf(page, label)).toEqual(costRows(EXPECTED[field]));
    expect(costRows(answered[field])).toEqual(costRows(EXPECTED[field]));
  }
  const monthChart = page.getByRole('img', { name: /^Spend by month\./ });
  expect(await monthChart.getAttribute('aria-label')).toBe(
    `Spend by month. September 2026 ${formatUsd(4 + r2)} (2 runs); October 2026 ${formatUsd(3 + r3 + r4)} ` +
      '(4 runs, 1 of unknown cost).',
  );

  // Idle and lost: r2's hour below 10% on one A10G, and r4's whole cost (it failed).
  const waste = page.getByRole('region', { name: 'Idle and lost spend' });
  await waste.locator('.waste-total').waitFor();
  expect(await waste.locator('.waste-total').innerText()).toBe(
    `${formatUsd(A + r4)} wasted: ${formatUsd(A)} for 1 idle accelerator-hour (below 10% utilisation), ` +
      `${formatUsd(r4)} lost on failed or killed runs.`,
  );
  const wasteRows = await rowsOf(page, 'Runs that wasted spend');
  expect(wasteRows.map((row) => row.slice(0, 6))).toEqual([
    ['r2', 'finished', `${formatUsd(r2)} (derived)`, '1', formatUsd(A), '$0.00'],
    ['r4', 'failed', `${formatUsd(r4)} (derived)`, '0', '$0.00', formatUsd(r4)],
  ]);
  const { costWaste } = await harness.ok(`{
    costWaste(projectId: "project:dash") {
      utilizationThreshold idleUsd lostUsd totalUsd idleAcceleratorHours runs { runName explanation }
    }
  }`);
  expect(costWaste.utilizationThreshold).toBe(10);
  expect(costWaste.idleAcceleratorHours).toBe(1);
  expect(costWaste.idleUsd).toBeCloseTo(A, 9);
  expect(costWaste.lostUsd).toBeCloseTo(r4, 9);
  expect(costWaste.totalUsd).toBeCloseTo(A + r4, 9);
  expect(wasteRows.map((row) => row[6])).toEqual(costWaste.runs.map((run: { explanation: string }) => run.explanation));

  // Each run's cost with its source.
  await page.getByText(/^6 runs: 2 recorded, 3 derived from the price table, 1 unknown/).click();
  const runRows = await rowsOf(page, "Each run's cost");
  expect(runRows.map((row) => [row[0], row[4], row[5]])).toEqual([
    ['r1', '$4.00', 'recorded'],
    ['r2', formatUsd(r2), 'derived'],
    ['r3', formatUsd(r3), 'derived'],
    ['r4', formatUsd(r4), 'derived'],
    ['r5', '$3.00', 'recorded'],
    ['r6', '—', 'unknown'],
  ]);

  await page.waitForFunction(() => document.querySelectorAll('[data-chart-ready]').length === 1);
  await checkPage(page, 'dashboard-costs');

  // The CSV holds the four tables, as the API answers them.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download the tables as CSV' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('dash-costs.csv');
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toBe(costCsv(GROUPINGS.map(([grouping, field]) => ({ grouping, groups: answered[field] }))));
  expect(csv.split('\r\n')).toContain(
    `experiment family,model:dash/ranker,Ranker,3,${(4 + r2 + r3).toFixed(2)},4.00,${(r2 + r3).toFixed(2)},0`,
  );
  expect(csv.split('\r\n').length).toBe(1 + 2 + 2 + 2 + 2 + 1);

  // A stricter threshold: r2 idled its whole two hours below 90%.
  await waste.getByRole('spinbutton').fill('90');
  await waste.getByRole('button', { name: 'Apply' }).click();
  await waste.locator('.waste-total', { hasText: 'below 90% utilisation' }).waitFor();
  expect(await waste.locator('.waste-total').innerText()).toBe(
    `${formatUsd(2 * A + r4)} wasted: ${formatUsd(2 * A)} for 2 idle accelerator-hours (below 90% utilisation), ` +
      `${formatUsd(r4)} lost on failed or killed runs.`,
  );
});

test('a project that does not exist is said in words, once', async () => {
  await page.goto(`${web.url}/p/${encodeURIComponent('project:nowhere')}/costs`);
  await page.getByText('No project is registered under the id').waitFor();
  expect(await page.getByRole('table').count()).toBe(0);
});
