import type { Browser, BrowserContext, Page } from 'playwright-core';
import { placeholderId } from '../../services/api/src/access/restricted-placeholder';
import {
  type Caller,
  callerWith,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../../services/api/src/test-support/auth';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { graphNodes, launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * The explorer shows a viewer what it may not read as grey locked placeholders, in words, in the
 * lineage graph and the impact page (auth on, the viewer signed in with its token):
 *   landing@1 ← raw@1 (restricted, team:risk) ← prep run ← features@1 ← training run ← scorer@1 ← prod
 */
let harness: Harness;
let admin: Caller;
let web: WebServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let viewerSecret: string;

const LANDING = 'dataset:wacc/landing@1';
const RAW = 'dataset:wacc/raw@1';
const FEATURES = 'featureset:wacc/features@1';
const LABEL = '🔒 1 restricted dataset version, owned by team risk';

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation {
    createProject(input: { slug: "wacc", name: "A" }) { id }
    createTeam(input: { slug: "risk", name: "Risk" }) { id }
  }`);
  await ok(`mutation {
    landing: registerDataset(input: { projectId: "project:wacc", slug: "landing", name: "Landing", ownerIds: ["user:admin"] }) { id }
    raw: registerDataset(input: { projectId: "project:wacc", slug: "raw", name: "Raw", ownerIds: ["team:risk"] }) { id }
    registerFeatureSet(input: { projectId: "project:wacc", slug: "features", name: "Features" }) { id }
    registerModel(input: { projectId: "project:wacc", slug: "scorer", name: "Scorer" }) { id }
    createExperiment(input: { projectId: "project:wacc", slug: "train", name: "Train" }) { id }
  }`);
  const version = (datasetId: string, derivedFromIds: string[]) =>
    ok(`mutation($i: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $i) { id } }`, {
      i: { datasetId, version: '1', digest: digestOf(datasetId), derivedFromIds },
    });
  const run = (id: string, versionId: string) =>
    ok(`mutation($i: StartRunInput!) { startRun(input: $i) { id } }`, {
      i: { id, experimentId: 'experiment:wacc/train', name: id, inputs: [{ versionId }] },
    });
  await version('dataset:wacc/landing', []);
  await version('dataset:wacc/raw', [LANDING]);
  await run('run:wacc-prep', RAW);
  await ok(`mutation($i: RegisterFeatureSetVersionInput!) { registerFeatureSetVersion(input: $i) { id } }`, {
    i: {
      featureSetId: 'featureset:wacc/features',
      version: '1',
      digest: digestOf('f'),
      generatedByRunId: 'run:wacc-prep',
    },
  });
  await run('run:wacc-train', FEATURES);
  await ok(`mutation($i: RegisterModelVersionInput!) { registerModelVersion(input: $i) { id } }`, {
    i: { modelId: 'model:wacc/scorer', runId: 'run:wacc-train', version: '1', digest: digestOf('m') },
  });
  await ok(`mutation($i: CreateDeploymentInput!) { createDeployment(input: $i) { id } }`, {
    i: {
      projectId: 'project:wacc',
      slug: 'prod',
      name: 'Scorer prod',
      environment: 'PROD',
      modelVersionId: 'model:wacc/scorer@1',
    },
  });
  // Marked restricted the way setRestricted does: on the dataset and copied onto its versions.
  await harness.db.runScript("MATCH (d:Entity) WHERE d.id STARTS WITH 'dataset:wacc/raw' SET d.restricted = true");
  viewerSecret = await userWithToken(admin, 'wvera');
  await ok(`mutation { grantProjectRole(projectId: "project:wacc", memberId: "user:wvera", role: VIEWER) { role } }`);
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
  await page.goto(`${web.url}/sign-in`);
  await page.getByLabel('API token').fill(viewerSecret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${web.url}/`);
  await page.getByRole('region', { name: 'Session' }).getByText('Signed in as wvera').waitFor();
});

afterEach(async () => {
  await context?.close();
});

test('the lineage graph draws a restricted version as a grey locked node with its summary, and no link', async () => {
  await page.goto(`${web.url}/lineage/${encodeURIComponent(FEATURES)}`);
  const drawn = await graphNodes(page);
  const hidden = placeholderId(RAW);
  expect(drawn).toContainEqual({ id: hidden, kind: 'RestrictedNode', count: undefined });
  expect(drawn.map((node) => node.id)).not.toContain(RAW);
  const look = await page.evaluate((id) => {
    const node = window.__mnemoCy!.getElementById(id);
    return { label: node.data('label'), colour: node.style('background-color'), edges: node.connectedEdges().length };
  }, hidden);
  expect(look).toEqual({ label: LABEL, colour: 'rgb(156,163,175)', edges: 2 });
  await checkPage(page, 'lineage-restricted');

  await page.evaluate((id) => window.__mnemoCy!.getElementById(id).emit('tap'), hidden);
  const panel = page.getByRole('complementary', { name: 'Selected node' });
  await panel.getByRole('heading', { name: LABEL }).waitFor();
  await panel.getByText('Dataset version you may not read').waitFor();
  await panel.getByText('Ask team:risk for access.').waitFor();
  expect(await panel.getByRole('link', { name: 'Open its page' }).count()).toBe(0);
  expect(await page.content()).not.toContain(RAW);
});

test('the impact page counts and lists the placeholder by its summary, without a link', async () => {
  const { impact } = await okWith(admin)(`query($t: ID!) { impact(target: $t) { total } }`, { t: LANDING });
  await page.goto(`${web.url}/impact/${encodeURIComponent(LANDING)}`);
  await page.getByText(`${impact.total} items downstream`).waitFor();
  const versions = page.getByRole('region', { name: /Dataset versions \(1\)/ });
  const row = versions.getByRole('row', { name: `${LABEL}: show why it is affected` });
  await row.waitFor();
  expect(await row.getByRole('link').count()).toBe(0);
  await graphNodes(page);
  await page
    .getByRole('region', { name: /Production deployments at risk \(1\)/ })
    .getByRole('row', { name: 'Scorer prod: show why it is affected' })
    .click();
  await page.getByRole('heading', { name: 'Why Scorer prod is affected' }).waitFor();
  await page.getByRole('listitem').filter({ hasText: LABEL }).waitFor();
  await checkPage(page, 'impact-restricted');
  expect(await page.content()).not.toContain(RAW);
});
