import type { Browser, BrowserContext, Page } from 'playwright-core';
import { type Caller, callerWith, localAdminSecret, okWith } from '../../services/api/src/test-support/auth';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * Signing in to the explorer, end to end, against the real API with authentication on: tokens are
 * made through GraphQL by the local admin, roles granted on project:churn, and each test drives its
 * own browser context (its own cookies) in Chromium over the production build.
 */
let harness: Harness;
let admin: Caller;
let web: WebServer;
let browser: Browser;
let context: BrowserContext;
let page: Page;
let runId: string;
const secrets: Record<'viola' | 'eddie' | 'audrey' | 'nora' | 'mona', string> = {
  viola: '',
  eddie: '',
  audrey: '',
  nora: '',
  mona: '',
};
const RESTRICTED = 'dataset:churn/card-holders';

/** A user with a name and a token of its own, made by the admin; answers the token's secret. */
async function person(handle: string, name: string, teamIds: string[] = []): Promise<string> {
  const ok = okWith(admin);
  await ok(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { handle, name, teamIds } });
  const { createApiToken } = await ok(
    `mutation($u: ID!) { createApiToken(input: { name: "explorer", userId: $u }) { secret } }`,
    { u: `user:${handle}` },
  );
  return createApiToken.secret;
}

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  const ok = okWith(admin);
  await ok(`mutation {
    churn: createProject(input: { slug: "churn", name: "Customer churn" }) { id }
    fraud: createProject(input: { slug: "fraud", name: "Fraud" }) { id }
  }`);
  await ok(`mutation {
    createExperiment(input: { projectId: "project:churn", slug: "xgb", name: "XGBoost baseline" }) { id }
  }`);
  runId = (await ok(`mutation { startRun(input: { experimentId: "experiment:churn/xgb" }) { id } }`)).startRun.id;
  secrets.viola = await person('viola', 'Viola Viewer');
  secrets.eddie = await person('eddie', 'Eddie Editor');
  secrets.audrey = await person('audrey', 'Audrey Auditor');
  secrets.nora = await person('nora', 'Nora');
  // The maintainer is of the owning team: a restricted dataset stays readable to whoever restricts it.
  await ok(`mutation { createTeam(input: { slug: "risk-data", name: "Risk data" }) { id } }`);
  secrets.mona = await person('mona', 'Mona Maintainer', ['team:risk-data']);
  await ok(`mutation {
    registerDataset(input: { projectId: "project:churn", slug: "card-holders", name: "Card holders", ownerIds: ["team:risk-data"] }) { id }
  }`);
  await ok(`mutation {
    viola: grantProjectRole(projectId: "project:churn", memberId: "user:viola", role: VIEWER) { role }
    eddie: grantProjectRole(projectId: "project:churn", memberId: "user:eddie", role: EDITOR) { role }
    eddieFraud: grantProjectRole(projectId: "project:fraud", memberId: "user:eddie", role: VIEWER) { role }
    audrey: setOrgRole(userId: "user:audrey", role: AUDITOR, granted: true) { id }
    mona: grantProjectRole(projectId: "project:churn", memberId: "user:mona", role: MAINTAINER) { role }
  }`);
  await okWith(callerWith(harness, secrets.eddie))(
    `mutation($id: ID!) { addReview(input: { entityId: $id, objective: "Beat the baseline", method: "Five seeds", confidence: HIGH, decision: APPROVED }) { id } }`,
    { id: runId },
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
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterEach(async () => {
  await context?.close();
});

const entityUrl = (id: string) => `${web.url}/n/${encodeURIComponent(id)}`;
const session = () => page.getByRole('region', { name: 'Session' });
const reviews = () => page.getByRole('region', { name: 'Reviews' });

/** Signs in through the page and waits until the header names `name` (someone else may be signed in). */
async function signIn(secret: string, name: string): Promise<void> {
  await page.goto(`${web.url}/sign-in`);
  await page.getByLabel('API token').fill(secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${web.url}/`);
  await session().getByText(`Signed in as ${name}`).waitFor();
}

const tokenCookies = async () => (await context.cookies()).filter((cookie) => cookie.name === 'mnemo_token');

test('signing in with a token shows who you are and your roles; signing out forgets the token', async () => {
  await page.goto(web.url);
  await session().getByText('Not signed in.').waitFor();
  await session().getByRole('link', { name: 'Sign in' }).click();
  await page.waitForURL('**/sign-in**');
  await page.getByText('mnemo token create').first().waitFor();
  await page.getByText('.mnemo/admin-token').waitFor();
  await checkPage(page, 'sign-in');

  await page.getByLabel('API token').fill(secrets.eddie);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${web.url}/`);
  await session().getByText('Signed in as Eddie Editor').waitFor();
  expect(await session().getByText('user:eddie').textContent()).toBe('user:eddie');
  const roles = await session().getByLabel('Roles').textContent();
  expect(roles).toContain('project:churn EDITOR');
  expect(roles).toContain('project:fraud VIEWER');
  await checkPage(page, 'signed-in');

  // The token sits in an httpOnly cookie: sent to the explorer's server, unreadable by page scripts.
  const [cookie] = await tokenCookies();
  expect(cookie).toMatchObject({ value: secrets.eddie, httpOnly: true, sameSite: 'Strict' });
  expect(await page.evaluate(() => document.cookie)).not.toContain('mnemo_');

  // It survives a reload (same browser session), and is gone after signing out.
  await page.reload();
  await session().getByText('Signed in as Eddie Editor').waitFor();
  await session().getByRole('button', { name: 'Sign out' }).click();
  await session().getByText('Not signed in.').waitFor();
  expect(await tokenCookies()).toEqual([]);
  await page.reload();
  await session().getByText('Not signed in.').waitFor();
});

test('a bad token is refused in words and nothing is kept', async () => {
  await page.goto(`${web.url}/sign-in`);
  // Scoped to the form: Next's route announcer is an alert too.
  const alert = page.getByRole('form', { name: 'Your token' }).getByRole('alert');

  await page.getByLabel('API token').fill('mnemo_' + 'x'.repeat(40));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.waitFor();
  expect(await alert.textContent()).toMatch(/^Not signed in\. The API refused this token: \S/);
  expect(await page.getByLabel('API token').getAttribute('aria-invalid')).toBe('true');

  await page.getByLabel('API token').fill('hunter2');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.getByText('That is not a Mnemo API token').waitFor();

  // A revoked token is refused too.
  const { createApiToken } = await okWith(callerWith(harness, secrets.nora))(
    `mutation { createApiToken(input: { name: "short-lived" }) { token { id } secret } }`,
  );
  await okWith(callerWith(harness, secrets.nora))(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, {
    id: createApiToken.token.id,
  });
  await page.getByLabel('API token').fill(createApiToken.secret);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await alert.getByText('The API refused this token').waitFor();
  await checkPage(page, 'sign-in-refused');

  expect(await tokenCookies()).toEqual([]);
  await session().getByText('Not signed in.').waitFor();
  expect(page.url()).toBe(`${web.url}/sign-in`);
});

test('a viewer sees the reviews but not the form, and is told why; so is an auditor', async () => {
  await signIn(secrets.viola, 'Viola Viewer');
  await page.goto(entityUrl(runId));
  await reviews().getByRole('listitem', { name: 'Approved by user:eddie' }).waitFor();
  await reviews().getByText('Your role on project:churn is VIEWER; reviews need EDITOR.').waitFor();
  expect(await reviews().getByRole('button', { name: 'Add review' }).count()).toBe(0);
  expect(await reviews().getByLabel('Objective').count()).toBe(0);
  await checkPage(page, 'entity-run-reviews-viewer');

  await signIn(secrets.audrey, 'Audrey Auditor');
  await page.goto(entityUrl(runId));
  await reviews().getByText('Your org role is AUDITOR, which reads everything and writes nothing').waitFor();
  await reviews().getByRole('listitem', { name: 'Approved by user:eddie' }).waitFor();
  expect(await reviews().getByRole('button', { name: 'Add review' }).count()).toBe(0);
});

test('an anonymous visitor reads nothing and is sent to sign in; back as an editor, the review is saved under their name', async () => {
  await page.goto(entityUrl(runId));
  const refusal = page.getByRole('alert').filter({ hasText: `Sign in to read ${runId}.` });
  await refusal.waitFor();
  expect(await reviews().count()).toBe(0);
  await checkPage(page, 'entity-anonymous-sign-in');

  await refusal.getByRole('link', { name: 'Sign in' }).click();
  await page.getByLabel('API token').fill(secrets.eddie);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(entityUrl(runId));
  await session().getByText('Signed in as Eddie Editor').waitFor();

  await reviews().getByLabel('Objective').fill('Check recall on the new month');
  await reviews().getByLabel('Method').fill('Replayed November');
  await reviews().getByLabel('Decision').selectOption('CHANGES_REQUESTED');
  await reviews().getByRole('button', { name: 'Add review' }).click();
  await reviews().getByText('Review added.').waitFor();
  await reviews().getByRole('listitem', { name: 'Changes requested by user:eddie' }).waitFor();

  const { run } = await okWith(admin)(`query($id: ID!) { run(id: $id) { reviews { author objective } } }`, {
    id: runId,
  });
  expect(run.reviews[0]).toEqual({ author: 'user:eddie', objective: 'Check recall on the new month' });
});

test('a signed-in token revoked elsewhere is dropped at the next page, saying so', async () => {
  const nora = okWith(callerWith(harness, secrets.nora));
  const { createApiToken } = await nora(
    `mutation { createApiToken(input: { name: "browser" }) { token { id } secret } }`,
  );
  await signIn(createApiToken.secret, 'Nora');
  await session().getByText('no roles yet').waitFor();
  await nora(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id: createApiToken.token.id });

  await page.goto(entityUrl(runId));
  await session().getByRole('alert').getByText('The API no longer accepts your token').waitFor();
  await session().getByText('Not signed in.').waitFor();
  expect(await tokenCookies()).toEqual([]);
  // The page's own queries, refused with the old token, asked again anonymously: and refused.
  await page
    .getByRole('alert')
    .filter({ hasText: `Sign in to read ${runId}.` })
    .waitFor();
  await checkPage(page, 'signed-out-revoked-token');
});

test('a maintainer marks a dataset restricted and grants it; a viewer is told why not, a granted editor reads it', async () => {
  const access = () => page.getByRole('region', { name: 'Access', exact: true });
  await signIn(secrets.mona, 'Mona Maintainer');
  await page.goto(entityUrl(RESTRICTED));
  await access().getByText('Not restricted: everyone with a role in project:churn may read it.').waitFor();
  await access().getByRole('button', { name: 'Mark restricted' }).click();
  await access().getByText('Readable by team:risk-data (owner), and by org auditors and admins.').waitFor();
  await access().getByLabel('Grant read access to').fill('user:eddie');
  await access().getByRole('button', { name: 'Grant read access' }).click();
  await access()
    .getByText('Readable by team:risk-data (owner) and user:eddie (granted), and by org auditors and admins.')
    .waitFor();
  await access().getByRole('list', { name: 'Granted read access' }).getByText('user:eddie').waitFor();
  await checkPage(page, 'entity-restricted-maintainer');

  await signIn(secrets.viola, 'Viola Viewer');
  await page.goto(entityUrl(RESTRICTED));
  await page
    .getByText(`You may not read ${RESTRICTED}: it is restricted to team:risk-data and those granted it.`)
    .waitFor();
  await checkPage(page, 'entity-restricted-forbidden');

  await signIn(secrets.eddie, 'Eddie Editor');
  await page.goto(entityUrl(RESTRICTED));
  await access().getByText('Restricted', { exact: true }).waitFor();
  await access()
    .getByText('Your role on project:churn is EDITOR; restrictions and read grants need MAINTAINER.')
    .waitFor();
  expect(await access().getByRole('button', { name: 'Mark restricted' }).count()).toBe(0);
  expect(await access().getByRole('button', { name: 'Lift the restriction' }).count()).toBe(0);
  expect(await access().getByLabel('Grant read access to').count()).toBe(0);

  const { dataset } = await okWith(admin)(
    `{ dataset(id: "${RESTRICTED}") { restricted readers { ... on User { id } } } }`,
  );
  expect(dataset).toEqual({ restricted: true, readers: [{ id: 'user:eddie' }] });
});

test('a user with roles in 30 projects gets a one-line header; the roles open on demand and filter by name', async () => {
  const ok = okWith(admin);
  const slugs = Array.from({ length: 30 }, (_, i) => `team-${String(i + 1).padStart(2, '0')}`);
  await ok(
    `mutation { ${slugs.map((s, i) => `p${i}: createProject(input: { slug: "${s}", name: "${s}" }) { id }`).join(' ')} }`,
  );
  const polly = await person('polly', 'Polly Many');
  await ok(
    `mutation { ${slugs.map((s, i) => `g${i}: grantProjectRole(projectId: "project:${s}", memberId: "user:polly", role: VIEWER) { role }`).join(' ')} }`,
  );
  await signIn(polly, 'Polly Many');
  const header = await page.locator('.site-header').boundingBox();
  expect(header!.height).toBeLessThan(80);
  const menu = session().getByText('30 projects');
  await menu.click();
  await session().getByRole('link', { name: 'project:team-07' }).waitFor();
  await session().getByLabel('Filter my projects').fill('team-1');
  const listed = await session().getByLabel('Roles').getByRole('link').allTextContents();
  expect(listed).toEqual(slugs.filter((s) => s.startsWith('team-1')).map((s) => `project:${s}`));
  await checkPage(page, 'roles-menu');
  await session().getByLabel('Filter my projects').fill('nothing-like-it');
  await session().getByText('No project matches “nothing-like-it”.').waitFor();
});
