import type { Browser, Page } from 'playwright-core';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { type VersionFlag } from '../lib/columns';
import { entityHref, lineageHref } from '../lib/routes';
import { launchChromium, tableRows } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * A version's Columns panel end to end: a production build in real Chromium over the real API and a
 * real Neo4j. dataset:cols/orders has three versions:
 *
 *   v1  id int64, plan string (nullable), amount double          amount mean 50 (std 10)
 *   v2  id string, amount double, country string, region string   amount mean 90 (4 previous std away); score only in stats
 *   v3  as v2, no statistics
 *
 * so v2 adds country and region, removes plan and retypes id (2 added, 1 removed, 1 retyped) and drifts
 * in amount's mean. A run of "train" read v2 and generated churn v1, which deployment:cols/prod serves
 * in PROD: both flags on v2 reach production. dataset:cols/bare@1 was sent with no schema at all.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;

const V1 = 'dataset:cols/orders@1';
const V2 = 'dataset:cols/orders@2';
const V3 = 'dataset:cols/orders@3';
const DEPLOYMENT = 'deployment:cols/prod';
const MODEL_VERSION = 'model:cols/churn@1';

const REGISTER = `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`;
const column = (name: string, type: string, nullable?: boolean) => ({ name, type, nullable });
const V2_SCHEMA = [
  column('id', 'string', false),
  column('amount', 'double'),
  column('country', 'string', true),
  column('region', 'string'),
];

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation { createProject(input: { slug: "cols", name: "Columns fixture" }) { id } }`);
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:cols", slug: "orders", name: "Orders" }) { id }
    bare: registerDataset(input: { projectId: "project:cols", slug: "bare", name: "Bare" }) { id }
    registerModel(input: { projectId: "project:cols", slug: "churn", name: "Churn" }) { id }
    createExperiment(input: { projectId: "project:cols", slug: "train", name: "Train" }) { id }
  }`);
  const versions: [string, Record<string, unknown>][] = [
    [
      '1',
      {
        schema: [column('id', 'int64', false), column('plan', 'string', true), column('amount', 'double')],
        columnStats: [{ column: 'amount', count: 1200, nulls: 0, mean: 50, std: 10, distinct: 900 }],
      },
    ],
    [
      '2',
      {
        schema: V2_SCHEMA,
        columnStats: [
          { column: 'amount', count: 1250, nulls: 4, mean: 90, std: 10.25, distinct: 940 },
          { column: 'score', count: 1250, nulls: 0, mean: 0.123456, std: 0.05, distinct: 1250 },
        ],
      },
    ],
    ['3', { schema: V2_SCHEMA }],
  ];
  for (const [version, extra] of versions) {
    await harness.ok(REGISTER, {
      input: { datasetId: 'dataset:cols/orders', version, digest: digestOf(`cols-orders-${version}`), ...extra },
    });
  }
  await harness.ok(REGISTER, {
    input: { datasetId: 'dataset:cols/bare', version: '1', digest: digestOf('cols-bare') },
  });

  // The chain to production: orders@2 ← training run ← churn v1 ← PROD deployment.
  const { startRun } = await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
    input: { experimentId: 'experiment:cols/train', inputs: [{ versionId: V2, role: 'training' }] },
  });
  await harness.ok(`mutation($input: FinishRunInput!) { finishRun(input: $input) { id } }`, {
    input: { runId: startRun.id, status: 'FINISHED' },
  });
  await harness.ok(
    `mutation($runId: ID!, $digest: String!) {
      registerModelVersion(input: { modelId: "model:cols/churn", runId: $runId, digest: $digest }) { id }
    }`,
    { runId: startRun.id, digest: digestOf('cols-churn-1') },
  );
  await harness.ok(`mutation { createDeployment(input: { projectId: "project:cols", slug: "prod", name: "Churn API",
    environment: PROD, modelVersionId: "${MODEL_VERSION}" }) { id } }`);

  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
});

afterEach(async () => {
  await page.close();
});

const rowsOf = (label: string) => tableRows(page, label);

const columnsPanel = () => page.getByRole('region', { name: 'Columns', exact: true });

async function openVersion(id: string) {
  await page.goto(`${web.url}${entityHref(id)}`);
  await columnsPanel().waitFor();
}

test('the second version shows its columns and statistics, what changed, and its flags reaching production', async () => {
  const { driftFlags } = await harness.ok<{ driftFlags: VersionFlag[] }>(
    `{ driftFlags(projectId: "project:cols", kinds: [SCHEMA_CHANGE, STATISTICS_DRIFT]) {
        kind subjectId column measure value threshold explanation affectsProduction
        productionModelVersionIds productionDeploymentIds lineageRootId
      } }`,
  );
  const onV2 = driftFlags.filter((flag) => flag.subjectId === V2);
  // The API judges v2 as the fixture means: one schema change, amount's mean drift; both reach production.
  expect(onV2.map((flag) => [flag.kind, flag.column, flag.measure]).sort()).toEqual([
    ['SCHEMA_CHANGE', null, 'columns_changed'],
    ['STATISTICS_DRIFT', 'amount', 'mean_shift_sd'],
  ]);
  for (const flag of onV2) {
    expect(flag).toMatchObject({ affectsProduction: true, productionDeploymentIds: [DEPLOYMENT] });
  }

  await openVersion(V2);
  await page.getByRole('table', { name: 'Columns of this version' }).waitFor();
  expect(await rowsOf('Columns of this version')).toEqual([
    ['id', 'int64 → string', 'no', '—', '—', '—', '—', '—'],
    ['amount', 'double', '—', '1,250', '4', '90', '10.25', '940'],
    ['country added', 'string', 'yes', '—', '—', '—', '—', '—'],
    ['region added', 'string', '—', '—', '—', '—', '—', '—'],
    ['score', '—', '—', '1,250', '0', '0.1235', '0.05', '1,250'],
  ]);

  const panel = columnsPanel();
  expect(await panel.locator('.columns-change').innerText()).toBe(
    `Compared with ${V1}: 2 columns added, 1 removed, 1 retyped.`,
  );
  expect(await panel.getByRole('link', { name: V1 }).first().getAttribute('href')).toBe(entityHref(V1));
  expect(await panel.locator('.columns-removed').innerText()).toBe(`Removed since ${V1}: plan (string).`);

  const flags = panel.getByRole('list', { name: 'Drift flags of this version' }).locator('li');
  await flags.first().waitFor();
  expect(await flags.count()).toBe(onV2.length);
  expect((await flags.locator('.flag-explanation').allInnerTexts()).sort()).toEqual(
    onV2.map((flag) => flag.explanation).sort(),
  );
  const notes = panel.getByRole('note');
  expect(await notes.count()).toBe(2);
  for (const note of await notes.all()) {
    expect(await note.innerText()).toBe(
      `This change reaches production: it feeds ${DEPLOYMENT}, serving ${MODEL_VERSION}.`,
    );
    expect(await note.getByRole('link', { name: DEPLOYMENT }).getAttribute('href')).toBe(entityHref(DEPLOYMENT));
  }
  const schemaItem = flags.filter({ hasText: 'Schema change' });
  expect(await schemaItem.getByRole('link', { name: 'Lineage that explains it' }).getAttribute('href')).toBe(
    lineageHref(V2),
  );

  await checkPage(page, 'version-columns');
});

test('an unchanged version says so, a first version says nothing of a change, and no schema is said in words', async () => {
  await openVersion(V3);
  const panel = columnsPanel();
  await panel.locator('.columns-change').waitFor();
  expect(await panel.locator('.columns-change').innerText()).toBe(`No change in columns since ${V2}.`);
  // No statistics were sent: the table has no statistics columns.
  expect(await rowsOf('Columns of this version')).toEqual([
    ['id', 'string', 'no'],
    ['amount', 'double', '—'],
    ['country', 'string', 'yes'],
    ['region', 'string', '—'],
  ]);
  await panel.getByText('No drift flags:').waitFor();

  await openVersion(V1);
  await page.getByRole('table', { name: 'Columns of this version' }).waitFor();
  expect((await rowsOf('Columns of this version')).map((row) => row[0])).toEqual(['id', 'plan', 'amount']);
  await panel.getByText('No drift flags:').waitFor();
  expect(await panel.locator('.columns-change').count()).toBe(0);
  expect(await panel.locator('.columns-removed').count()).toBe(0);

  await openVersion('dataset:cols/bare@1');
  await panel.getByText('No columns were described for this version: its client sent no schema.').waitFor();
  expect(await panel.getByRole('table').count()).toBe(0);
});

test('pages of other kinds have no Columns panel', async () => {
  await page.goto(`${web.url}${entityHref('dataset:cols/orders')}`);
  await page.getByRole('heading', { name: /Versions \(\d+\)/ }).waitFor();
  expect(await columnsPanel().count()).toBe(0);
});

test('a version page links the versions registered just before and after it', async () => {
  const fact = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');
  await openVersion(V2);
  expect(await fact('Version before').getByRole('link').getAttribute('href')).toBe(entityHref(V1));
  await fact('Version after').getByRole('link').click();
  await page.waitForURL(`${web.url}${entityHref(V3)}`);
  await columnsPanel().waitFor();
  expect(await fact('Version after').innerText()).toBe('none: the latest');
  await openVersion(V1);
  expect(await fact('Version before').innerText()).toBe('none: the first');
});

test('a data version lists the data-quality checks recorded about it, with their results in words', async () => {
  const { startRun } = await harness.ok(
    `mutation { startRun(input: { experimentId: "experiment:cols/train" }) { id } }`,
  );
  await harness.ok(
    `mutation($runId: ID!, $checks: [DataQualityCheckInput!]!) { recordDataQualityChecks(runId: $runId, checks: $checks) { id } }`,
    {
      runId: startRun.id,
      checks: [
        { name: 'not_null(id)', passed: true, datasetVersionId: V3 },
        { name: 'unique(id)', passed: false, datasetVersionId: V3 },
      ],
    },
  );
  await openVersion(V3);
  const table = page.getByRole('table', { name: 'Data-quality checks of this version' });
  await table.waitFor();
  expect(await page.getByText('1 of 2 checks failed.').count()).toBe(1);
  expect(await rowsOf('Data-quality checks of this version')).toEqual([
    ['not_null(id)', 'passed', startRun.id],
    ['unique(id)', 'failed', startRun.id],
  ]);
  await openVersion(V1);
  await page.getByText('No data-quality checks were recorded about this version.').waitFor();
});
