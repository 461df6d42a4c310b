import type { Browser, BrowserContext, Page } from 'playwright-core';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The "as of" date on the impact and lineage pages. A history over whole days (the control picks a
 * day): raw@1 registered 40 days ago; r1, scorer@1 and prod 30 days ago; raw@2 and r2 today. The
 * graph is built through the api now, then its creation times are set back, as if recorded then.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;

const RAW1 = 'dataset:wasof/raw@1';
const RAW2 = 'dataset:wasof/raw@2';
const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000).toISOString().slice(0, 10);
const inWords = (date: string) =>
  new Date(`${date}T00:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  });

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation { createProject(input: { slug: "wasof", name: "As of" }) { id } }`);
  await harness.ok(`mutation {
    registerDataset(input: { projectId: "project:wasof", slug: "raw", name: "Raw" }) { id }
    registerModel(input: { projectId: "project:wasof", slug: "scorer", name: "Scorer" }) { id }
    createExperiment(input: { projectId: "project:wasof", slug: "train", name: "Train" }) { id }
  }`);
  const version = (v: string, derivedFromIds: string[]) =>
    harness.ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
      i: { datasetId: 'dataset:wasof/raw', version: v, digest: digestOf(`raw ${v}`), derivedFromIds },
    });
  const run = (id: string, versionId: string) =>
    harness.ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
      i: { id, experimentId: 'experiment:wasof/train', name: id, inputs: [{ versionId }] },
    });
  await version('1', []);
  await run('run:wasof-r1', RAW1);
  await harness.ok(
    `mutation { registerModelVersion(input: { modelId: "model:wasof/scorer", runId: "run:wasof-r1", version: "1", digest: "${digestOf('m1')}" }) { id } }`,
  );
  await harness.ok(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
    i: {
      projectId: 'project:wasof',
      slug: 'prod',
      name: 'Scorer prod',
      environment: 'PROD',
      modelVersionId: 'model:wasof/scorer@1',
    },
  });
  await version('2', [RAW1]);
  await run('run:wasof-r2', RAW2);
  const backdate = (ids: string[], date: string) =>
    harness.db.runScript('MATCH (n:Entity) WHERE n.id IN $ids SET n.createdAt = datetime($at)', {
      ids,
      at: `${date}T12:00:00Z`,
    });
  await backdate(['dataset:wasof/raw', 'model:wasof/scorer', 'experiment:wasof/train', RAW1], day(40));
  await backdate(['run:wasof-r1', 'model:wasof/scorer@1', 'deployment:wasof/prod'], day(30));
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(20_000);
});

afterEach(async () => {
  await context?.close();
});

test('the impact page answers as of the date picked, and back to today', async () => {
  await page.goto(`${web.url}/impact/${encodeURIComponent(RAW1)}`);
  await page.getByText('5 items downstream').waitFor(); // raw@2, r1, r2, scorer@1, prod

  await page.getByLabel('As of').fill(day(20));
  await page.waitForURL(new RegExp(`asOf=${day(20)}`));
  await page.getByText('3 items downstream').waitFor(); // r1, scorer@1, prod
  await page.getByText(`Showing the graph as of ${inWords(day(20))}`).waitFor();
  await page.getByRole('region', { name: /Production deployments at risk \(1\)/ }).waitFor();
  await checkPage(page, 'impact-as-of');
  // The downloads are of the report on the page: as of that date too.
  const csvHref = await page.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  expect(csvHref).toContain(`asOf=${day(20)}`);
  const csv = await context.request.get(`${web.url}${csvHref}`);
  expect(csv.status()).toBe(200);
  expect((await csv.text()).trim().split('\n')).toHaveLength(1 + 3); // the header, r1, scorer@1, prod

  await page.getByRole('button', { name: 'Back to today' }).click();
  await page.getByText('5 items downstream').waitFor();
  expect(page.url()).not.toContain('asOf=');
});

test('says in words when nothing depended on it yet, and when it did not exist yet', async () => {
  await page.goto(`${web.url}/impact/${encodeURIComponent(RAW1)}?asOf=${day(35)}`);
  await page.getByText(`Nothing depended on this as of ${inWords(day(35))}`).waitFor();

  await page.goto(`${web.url}/impact/${encodeURIComponent(RAW2)}?asOf=${day(35)}`);
  const alert = page.getByRole('alert');
  await alert.getByText(`Could not load the impact analysis as of ${inWords(day(35))}.`).waitFor();
  await alert.getByText(/did not exist yet/).waitFor();
  await checkPage(page, 'impact-as-of-error');
});

test('the lineage page draws the graph as of the date, and says so when it was empty', async () => {
  await page.goto(`${web.url}/lineage/${encodeURIComponent(RAW1)}?asOf=${day(20)}`);
  await page.getByText('4 nodes and 3 edges shown.').waitFor(); // raw@1, r1, scorer@1, prod
  expect(await page.getByLabel('As of').inputValue()).toBe(day(20));
  await checkPage(page, 'lineage-as-of');

  await page.goto(`${web.url}/lineage/${encodeURIComponent(RAW1)}?asOf=${day(35)}`);
  await page.getByText(`Nothing was linked to`).waitFor();
  await page
    .getByText(`as of ${inWords(day(35))}`, { exact: false })
    .first()
    .waitFor();
});
