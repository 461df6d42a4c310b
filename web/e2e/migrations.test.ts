import type { Browser, Page } from 'playwright-core';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { seedMigrationChain } from '../../services/api/src/test-support/migration-fixtures';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * A planned migration in the explorer, end to end (production build, real Chromium, real API and
 * Neo4j): linked from its dataset's page, who answered what, the production deployment still at
 * risk, a consumer new since planning, and "Notify again" recording the reminder.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;
const MIGRATION = 'dataset:mig/orders@1/migration/1';

beforeAll(async () => {
  harness = await startHarness();
  await harness.ok(`mutation {
    createProject(input: { slug: "mig", name: "Migrations" }) { id }
    a: createTeam(input: { slug: "warehouse", name: "Warehouse" }) { id }
    b: createTeam(input: { slug: "ml-platform", name: "ML platform" }) { id }
    c: createUser(input: { handle: "bo", name: "Bo" }) { id }
    d: createUser(input: { handle: "carl", name: "Carl" }) { id }
  }`);
  await seedMigrationChain((query, variables) => harness.ok(query, variables));
  await harness.ok(
    `mutation { planMigration(target: "dataset:mig/orders@1", kind: DROP, effectiveAt: "2027-01-15T00:00:00Z", note: "orders@2 replaces it") { id } }`,
  );
  await harness.ok(
    `mutation { objectToMigration(id: "${MIGRATION}", ownerId: "user:bo", comment: "feats@1 still reads orders@1") { state } }`,
  );
  // After planning: a second production deployment whose owner was never asked.
  await harness.ok(
    `mutation { createDeployment(input: { projectId: "project:mig", slug: "prod-eu", name: "Scoring EU", environment: PROD, modelVersionId: "model:mig/clf@1", ownerIds: ["user:carl"] }) { id } }`,
  );
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
    extraHTTPHeaders: { 'x-mnemo-actor': 'user:maintainer' },
  });
});
afterEach(async () => {
  await page.close();
});

const entityUrl = (id: string) => `${web.url}/n/${encodeURIComponent(id)}`;

test("a dataset's page links to its migration, which shows answers, risks and what changed since planning", async () => {
  await page.goto(entityUrl('dataset:mig/orders'));
  const panel = page.getByRole('region', { name: 'Planned migrations' });
  await panel.getByText('1 of 2 owner(s) answered').waitFor();
  await panel.getByRole('link', { name: 'DROP dataset:mig/orders@1' }).click();
  await page.waitForURL(`**/m/${encodeURIComponent(MIGRATION)}`);

  const acks = page.getByRole('region', { name: 'Acknowledgements (2)' });
  await acks.getByText('Objected').waitFor();
  await acks.getByText('feats@1 still reads orders@1').waitFor();

  const atRisk = page.getByRole('region', { name: 'Production deployments at risk (2)' });
  await atRisk.getByText('team:ml-platform').waitFor();
  await atRisk.getByText('has not answered').waitFor();
  await atRisk.getByText('not asked (appeared after planning)').waitFor();

  const radius = page.getByRole('region', { name: 'Blast radius: 4 as planned, 5 now' });
  const fresh = radius.getByRole('row', { name: /Scoring EU/ });
  await fresh.getByText('New since planning').waitFor();
  await checkPage(page, 'migration');
});

test('"Notify again" records a reminder naming the owners who have not cleared the migration', async () => {
  await page.goto(`${web.url}/m/${encodeURIComponent(MIGRATION)}`);
  const remind = page.getByRole('region', { name: 'Ask the owners again' });
  await remind.getByText('team:ml-platform, user:bo have not cleared this migration.').waitFor();
  await remind.getByRole('button', { name: 'Notify again' }).click();
  await remind.getByText('Reminder recorded for 2 owner(s)').waitFor();
  const events = await harness.db.runScript(
    "MATCH (e:AuditEvent {action: 'planned-migration.reminder-requested'}) RETURN e.actor AS actor, e.after AS after",
  );
  expect(events.map((event) => [event.actor, JSON.parse(String(event.after)).ownerIds])).toEqual([
    ['user:maintainer', ['team:ml-platform', 'user:bo']],
  ]);
});

test('an unknown migration and a dataset without one are said in words', async () => {
  await page.goto(`${web.url}/m/${encodeURIComponent('dataset:mig/orders@1/migration/9')}`);
  await page.getByRole('alert').getByText('No planned migration with id "dataset:mig/orders@1/migration/9".').waitFor();
  await checkPage(page, 'migration-unknown');
  await page.goto(entityUrl('featureset:mig/feats'));
  await page.getByRole('region', { name: 'Planned migrations' }).getByText('No migration planned.').waitFor();
  await checkPage(page, 'entity-feature-set');
});
