import type { Browser, Page } from 'playwright-core';
import { digestOf, seedChurnProject } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { CLEAN_RUN, trainModelVersion } from '../../services/api/src/test-support/promotion-fixtures';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * Governance in the explorer, end to end: a production build in real Chromium over the real API and
 * a real Neo4j. Reviews are written through the form and read back from the API.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;
let runId: string;
let modelVersionId: string;

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
  const { startRun } = await harness.ok(
    `mutation { startRun(input: { experimentId: "experiment:churn/xgb" }) { id } }`,
  );
  runId = startRun.id;
  const { registerModelVersion } = await harness.ok(
    `mutation($runId: ID!, $digest: String!) {
      registerModelVersion(input: { modelId: "model:churn/churn-classifier", runId: $runId, digest: $digest }) { id }
    }`,
    { runId, digest: digestOf('churn-classifier-1') },
  );
  modelVersionId = registerModelVersion.id;
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    extraHTTPHeaders: { 'x-mnemo-actor': 'user:alice' },
  });
});

afterEach(async () => {
  await page.close();
});

const entityUrl = (id: string) => `${web.url}/n/${encodeURIComponent(id)}`;

test('a review written in the form is saved by its author and appears in the history', async () => {
  await page.goto(entityUrl(runId));
  const reviews = page.getByRole('region', { name: 'Reviews' });
  await reviews.getByText('No reviews yet').waitFor();
  // This api runs with auth off: the header says so, and the form is there for anyone.
  await page.getByRole('region', { name: 'Session' }).getByText('Auth is off').waitFor();

  // Sent empty, the form says what is missing, in words, and sends nothing.
  await reviews.getByRole('button', { name: 'Add review' }).click();
  await reviews.getByText('Say what the work set out to show.').waitFor();
  await reviews.getByText('Say how it was done and checked.').waitFor();
  await reviews.getByText('Choose a decision').waitFor();
  expect(await reviews.getByLabel('Objective').getAttribute('aria-invalid')).toBe('true');
  expect((await harness.ok(`query($id: ID!) { run(id: $id) { reviews { id } } }`, { id: runId })).run.reviews).toEqual(
    [],
  );

  await reviews.getByLabel('Objective').fill('Beat the logistic baseline on recall');
  await reviews.getByLabel('Method').fill('Held-out October transactions, five seeds');
  await reviews.getByLabel('Confidence').selectOption('HIGH');
  await reviews.getByLabel('Decision').selectOption('APPROVED');
  await reviews.getByLabel('Next action (optional)').fill('Check the age buckets for fairness');

  // Hold the mutation back so "saving" can be seen, then let it through.
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/graphql', async (route) => {
    if (route.request().postData()?.includes('AddReview')) await held;
    await route.continue();
  });
  await reviews.getByRole('button', { name: 'Add review' }).click();
  await reviews.getByRole('button', { name: 'Saving…' }).waitFor();
  expect(await reviews.getByRole('button', { name: 'Saving…' }).isDisabled()).toBe(true);
  release();

  const entry = reviews.getByRole('listitem', { name: 'Approved by user:alice' });
  await entry.waitFor();
  await reviews.getByText('Review added.').waitFor();
  expect(await entry.textContent()).toContain('High confidence');
  expect(await entry.textContent()).toContain('Beat the logistic baseline on recall');
  expect(await entry.textContent()).toContain('Check the age buckets for fairness');
  expect(await reviews.getByLabel('Objective').inputValue()).toBe('');

  const { run } = await harness.ok(
    `query($id: ID!) { run(id: $id) { reviews { author decision confidence objective } } }`,
    {
      id: runId,
    },
  );
  expect(run.reviews).toEqual([
    {
      author: 'user:alice',
      decision: 'APPROVED',
      confidence: 'HIGH',
      objective: 'Beat the logistic baseline on recall',
    },
  ]);

  // After a reload the history comes from the API, newest first.
  await harness.gql(
    `mutation($id: ID!) { addReview(input: { entityId: $id, objective: "Recheck", method: "Replay", confidence: LOW, decision: CHANGES_REQUESTED }) { id } }`,
    { id: runId },
    'user:bob',
  );
  await page.reload();
  const items = page
    .getByRole('region', { name: 'Reviews' })
    .getByRole('list', { name: 'Reviews, newest first' })
    .getByRole('listitem');
  await items.first().waitFor();
  expect(await items.evaluateAll((list) => list.map((item) => item.getAttribute('aria-label')))).toEqual([
    'Changes requested by user:bob',
    'Approved by user:alice',
  ]);
  await checkPage(page, 'entity-run-reviews');
});

test('a review the API refuses is explained in words and nothing is added', async () => {
  await page.goto(entityUrl(modelVersionId));
  const reviews = page.getByRole('region', { name: 'Reviews' });
  await reviews.getByText('No reviews yet').waitFor();
  await reviews.getByLabel('Objective').fill('x'.repeat(20));
  await reviews.getByLabel('Method').fill('Shadow traffic for a week');
  await reviews.getByLabel('Decision').selectOption('REJECTED');
  // The model version disappears between loading the page and sending the review: the API says so.
  await page.route('**/graphql', async (route) => {
    const body = route.request().postData() ?? '';
    if (!body.includes('AddReview')) return route.continue();
    const request = JSON.parse(body);
    request.variables.input.entityId = 'model:churn/churn-classifier@999';
    await route.continue({ postData: JSON.stringify(request) });
  });
  await reviews.getByRole('button', { name: 'Add review' }).click();
  const alert = reviews.getByRole('alert');
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/The review was not saved\..*model:churn\/churn-classifier@999/);
  await reviews.getByText('No reviews yet').waitFor();
  expect(await reviews.getByLabel('Objective').inputValue()).toBe('x'.repeat(20));
});

test('a model version page shows its promotions and approvals with each gate, and its deployment links back', async () => {
  const { modelVersionId: promotedId } = await trainModelVersion(harness, {
    experimentId: 'experiment:churn/xgb',
    version: '7',
    metrics: { auc: 0.86 },
    run: CLEAN_RUN,
  });
  const approved = await harness.gql(
    `mutation($id: ID!) { approvePromotion(modelVersionId: $id, environment: DEV, rationale: "Clean recipe, ready for dev") { id } }`,
    { id: promotedId },
    'user:bob',
  );
  expect(approved.errors).toBeUndefined();
  const promoted = await harness.gql(
    `mutation($id: ID!) { promoteModelVersion(id: $id, environment: DEV) { id deployment { id name } } }`,
    { id: promotedId },
    'user:carol',
  );
  expect(promoted.errors).toBeUndefined();
  const deployment = promoted.data!.promoteModelVersion.deployment;
  const { modelVersion } = await harness.ok(
    `query($id: ID!) { modelVersion(id: $id) { version model { name } promotions { gateResults { name passed actual required } } } }`,
    { id: promotedId },
  );
  const gates: { name: string; passed: boolean; actual: string | null; required: string | null }[] =
    modelVersion.promotions[0].gateResults;
  expect(gates.length).toBeGreaterThan(0);

  await page.goto(entityUrl(promotedId));
  const history = page.getByRole('region', { name: 'Promotions and approvals' });
  const promotion = history.getByRole('listitem', { name: 'Promoted to development by user:carol' });
  await promotion.waitFor();
  expect(await promotion.textContent()).toContain('nothing served there before');
  await promotion.getByRole('link', { name: deployment.name }).waitFor();
  for (const gate of gates) {
    const row = promotion.getByRole('row', { name: `${gate.name}: ${gate.passed ? 'passed' : 'failed'}` });
    const cells = await row.getByRole('cell').allTextContents();
    expect(cells).toEqual([gate.passed ? 'passed' : 'failed', gate.actual ?? 'not recorded', gate.required ?? '—']);
  }
  const approval = history.getByRole('listitem', { name: 'Approved for development by user:bob' });
  expect(await approval.textContent()).toContain('Clean recipe, ready for dev');
  await checkPage(page, 'entity-model-version-promotions');

  await page.goto(entityUrl(deployment.id));
  const served = page.getByRole('region', { name: 'Promotions and approvals' });
  await served.getByRole('listitem', { name: 'Promoted to development by user:carol' }).waitFor();
  await checkPage(page, 'entity-deployment');
  await served.getByRole('link', { name: `${modelVersion.model.name} v${modelVersion.version}` }).click();
  await page.waitForURL(`**/n/${encodeURIComponent(promotedId)}`);
  await page.getByRole('region', { name: 'Reviews' }).getByText('No reviews yet').waitFor();
});

test('a model version never promoted says so', async () => {
  await page.goto(entityUrl(modelVersionId));
  const history = page.getByRole('region', { name: 'Promotions and approvals' });
  await history.getByText('Never promoted.').waitFor();
  await history.getByText('No approvals yet.').waitFor();
});

test('an entity page shows its governed metadata and completeness as the API computes them', async () => {
  const DATASET = 'dataset:churn/transactions';
  await harness.ok(
    `mutation { setMetadata(entityId: "${DATASET}", metadata: [{ key: "classification", value: "pii" }]) { id } }`,
  );
  const { dataset } = await harness.ok(
    `{ dataset(id: "${DATASET}") { metadata { key value } completeness { score missingRequired missingRecommended } } }`,
  );
  expect(dataset.metadata).toContainEqual({ key: 'classification', value: 'pii' });
  expect(dataset.completeness.score).toBeLessThan(1);

  await page.goto(entityUrl(DATASET));
  const panel = page.getByRole('region', { name: 'Metadata' });
  const percent = `${Math.round(dataset.completeness.score * 100)}%`;
  await panel.getByText(`Completeness ${percent}`).waitFor();
  expect(await panel.getByRole('meter').getAttribute('aria-label')).toBe(`Completeness ${percent}`);
  const missing = (name: string) => panel.getByLabel(name).textContent();
  expect(await missing('Missing required fields')).toBe(dataset.completeness.missingRequired.join(', ') || 'none');
  expect(await missing('Missing recommended fields')).toBe(
    dataset.completeness.missingRecommended.join(', ') || 'none',
  );
  const row = panel.getByRole('table', { name: 'Governed metadata' }).getByRole('row', { name: /classification/ });
  expect(await row.getByRole('cell').textContent()).toBe('pii');
  await checkPage(page, 'entity-dataset-metadata');
});
