import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { digestOf } from '../../services/api/src/test-support/fixtures';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { columnId, columnImpactHref, columnLineageHref, entityHref } from '../lib/routes';
import { checkPage } from './support/accessibility';
import { graphNodes, launchChromium, tableRows } from './support/browser';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * Dataset pages that lead with the table, and column lineage and column impact pages (issue 21), end
 * to end: a production build in real Chromium over the real API and a real Neo4j. The pipeline comes
 * in as OpenLineage events with column lineage, as a dbt project would send it:
 *
 *   raw.orders (id, amount, customer_id) → stg_orders → stg.orders (order_id ← id, amount ← amount)
 *   stg.orders → revenue → mart.revenue (total ← SUM(amount))
 *
 * mart.revenue is owned by team:finance; a training run reads it and builds a churn model (owned by
 * team:analytics) that a PROD deployment serves. stg.orders' version carries two data-quality checks.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;

const NAMESPACE = 'postgres://dp.internal:5432';
const ids = {
  raw: '',
  stg: '',
  mart: '',
  rawVersion: '',
  stgVersion: '',
  martVersion: '',
};

const schemaFacet = (...fields: string[]) => ({
  schema: {
    _producer: 'e2e',
    _schemaURL: 'x',
    fields: fields.map((name) => ({ name, type: 'string' })),
  },
});
const table = (name: string, ...columns: string[]) => ({
  namespace: NAMESPACE,
  name,
  facets: schemaFacet(...columns),
});
const from = (name: string, field: string, subtype = 'IDENTITY') => ({
  namespace: NAMESPACE,
  name,
  field,
  transformations: [{ type: 'DIRECT', subtype }],
});
const columnLineage = (fields: Record<string, object[]>) => ({
  _producer: 'https://example.org/e2e',
  _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
  fields: Object.fromEntries(Object.entries(fields).map(([column, inputFields]) => [column, { inputFields }])),
});
const job = (name: string, hour: number, inputs: object[], output: object) => ({
  producer: 'https://example.org/e2e',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: randomUUID() },
  job: { namespace: 'dp', name },
  eventType: 'COMPLETE',
  eventTime: `2026-11-05T${String(hour).padStart(2, '0')}:00:00Z`,
  inputs,
  outputs: [output],
});

beforeAll(async () => {
  harness = await startHarness();
  const staging = job('stg_orders', 10, [table('raw.orders', 'id', 'amount', 'customer_id')], {
    ...table('stg.orders', 'order_id', 'amount'),
    facets: {
      ...schemaFacet('order_id', 'amount'),
      columnLineage: columnLineage({
        order_id: [from('raw.orders', 'id')],
        amount: [from('raw.orders', 'amount')],
      }),
    },
  });
  const mart = job('revenue', 11, [table('stg.orders', 'order_id', 'amount')], {
    ...table('mart.revenue', 'total'),
    facets: {
      ...schemaFacet('total'),
      columnLineage: columnLineage({
        total: [from('stg.orders', 'amount', 'AGGREGATION')],
      }),
    },
  });
  for (const event of [staging, mart]) {
    const response = await fetch(harness.url.replace(/\/graphql$/, '/api/v1/lineage'), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(event),
    });
    expect(response.status).toBe(201);
  }
  const { dataSources } = await harness.ok(
    `{ dataSources { nodes { namespace datasets { id ... on Dataset { name versions { id } } } } } }`,
  );
  const source = dataSources.nodes.find((s: { namespace: string }) => s.namespace === NAMESPACE);
  const byName = (name: string) => source.datasets.find((d: { name: string }) => d.name === name);
  for (const [key, name] of [
    ['raw', 'raw.orders'],
    ['stg', 'stg.orders'],
    ['mart', 'mart.revenue'],
  ] as const) {
    ids[key] = byName(name).id;
    ids[`${key}Version`] = byName(name).versions[0].id;
  }

  await harness.ok(`mutation {
    createProject(input: { slug: "products", name: "Data products" }) { id }
    finance: createTeam(input: { slug: "finance", name: "Finance" }) { id }
    analytics: createTeam(input: { slug: "analytics", name: "Analytics" }) { id }
  }`);
  await harness.ok(
    `mutation($mart: ID!) {
    setOwners(entityId: $mart, ownerIds: ["team:finance"]) { id }
    registerModel(input: { projectId: "project:products", slug: "churn", name: "Churn", ownerIds: ["team:analytics"] }) { id }
    createExperiment(input: { projectId: "project:products", slug: "train", name: "Train" }) { id }
    bare: registerDataset(input: { projectId: "project:products", slug: "bare", name: "Bare" }) { id }
  }`,
    { mart: ids.mart },
  );
  const { startRun } = await harness.ok(`mutation($input: StartRunInput!) { startRun(input: $input) { id } }`, {
    input: {
      experimentId: 'experiment:products/train',
      inputs: [{ versionId: ids.martVersion, role: 'training' }],
    },
  });
  await harness.ok(`mutation($id: ID!) { finishRun(input: { runId: $id, status: FINISHED }) { id } }`, {
    id: startRun.id,
  });
  const { registerModelVersion } = await harness.ok(
    `mutation($runId: ID!, $digest: String!) {
      registerModelVersion(input: { modelId: "model:products/churn", runId: $runId, digest: $digest }) { id }
    }`,
    { runId: startRun.id, digest: digestOf('dp-churn-1') },
  );
  await harness.ok(`mutation { createDeployment(input: { projectId: "project:products", slug: "prod", name: "Churn API",
    environment: PROD, modelVersionId: "${registerModelVersion.id}", ownerIds: ["team:analytics"] }) { id } }`);
  await harness.ok(
    `mutation($runId: ID!, $checks: [DataQualityCheckInput!]!) { recordDataQualityChecks(runId: $runId, checks: $checks) { id } }`,
    {
      runId: startRun.id,
      checks: [
        {
          name: 'not_null(order_id)',
          passed: true,
          datasetVersionId: ids.stgVersion,
        },
        {
          name: 'unique(order_id)',
          passed: false,
          datasetVersionId: ids.stgVersion,
        },
      ],
    },
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
    viewport: { width: 1280, height: 800 },
    acceptDownloads: true,
  });
});

afterEach(async () => {
  await page.close();
});

const region = (name: string | RegExp) => page.getByRole('region', { name, exact: typeof name === 'string' });
const cells = (label: string) => tableRows(page, label);

test('a dataset page leads with its latest version and columns, where it flows, its consumers by team and checks, then its versions', async () => {
  const { impact } = await harness.ok(
    `query($id: ID!) { impact(target: $id) { ownersToNotify { owner { ... on Team { id } ... on User { id } } owns } } }`,
    { id: ids.stg },
  );
  await page.goto(`${web.url}${entityHref(ids.stg)}`);
  const latest = region(/^Latest version/);
  await latest.getByRole('table', { name: 'Columns of the latest version' }).waitFor();
  expect((await cells('Columns of the latest version')).map((row) => row[0])).toEqual(['order_id', 'amount']);
  expect(await latest.getByRole('link', { name: ids.stgVersion }).getAttribute('href')).toBe(
    entityHref(ids.stgVersion),
  );

  const flows = region('Where it comes from and flows to');
  await flows.getByRole('list', { name: 'Upstream datasets' }).waitFor();
  expect(await flows.getByRole('list', { name: 'Upstream datasets' }).getByRole('link').allInnerTexts()).toEqual([
    'raw.orders',
  ]);
  expect(await flows.getByRole('list', { name: 'Downstream datasets' }).getByRole('link').allInnerTexts()).toEqual([
    'mart.revenue',
  ]);
  // OpenLineage records the output version as derived from the input version: one step.
  expect(await flows.getByRole('list', { name: 'Upstream datasets' }).innerText()).toContain('1 step away');

  const consumers = region('Consumers by team');
  await consumers.getByRole('table', { name: 'Teams consuming this dataset' }).waitFor();
  const teams = await cells('Teams consuming this dataset');
  const expected = impact.ownersToNotify.filter((o: { owner: { id: string } }) => o.owner.id.startsWith('team:'));
  // Analytics owns the model version and the deployment, Finance the mart's version: most first.
  expect(teams.map((row) => row[0])).toEqual(['Analytics', 'Finance']);
  const owned = (id: string) => expected.find((o: { owner: { id: string } }) => o.owner.id === id).owns.length;
  expect([owned('team:analytics'), owned('team:finance')]).toEqual([2, 1]);
  expect(teams.map((row) => row[1].split(':')[0])).toEqual(['2 items', '1 item']);

  await page.getByText('1 of 2 checks failed.').waitFor();
  expect(await cells('Data-quality checks of the latest version')).toEqual([
    ['not_null(order_id)', 'passed', expect.stringMatching(/^run:/)],
    ['unique(order_id)', 'failed', expect.stringMatching(/^run:/)],
  ]);

  // The table first, the versions timeline after it.
  const headings = await page.getByRole('heading', { level: 2 }).allInnerTexts();
  const at = (pattern: RegExp) => headings.findIndex((text) => pattern.test(text));
  expect(at(/^Latest version: /)).toBeLessThan(at(/^Where it comes from/));
  expect(at(/^Where it comes from/)).toBeLessThan(at(/^Consumers by team/));
  expect(at(/^Consumers by team/)).toBeLessThan(at(/^Data-quality checks of the latest version/));
  expect(at(/^Data-quality checks of the latest version/)).toBeLessThan(at(/^Versions \(1\)/));
  await checkPage(page, 'entity-dataset-overview');
});

test('a dataset with no versions, and one with nothing around it, say so in words', async () => {
  await page.goto(`${web.url}${entityHref('dataset:products/bare')}`);
  await page.getByText('No versions registered yet: there is no table to show.').waitFor();
  await region('Consumers by team').getByText('No version yet, so nobody consumes it.').waitFor();
  await region('Where it comes from and flows to')
    .getByText('Nothing recorded upstream: its versions were not derived from other data.')
    .waitFor();
  await checkPage(page, 'entity-dataset-overview-empty');

  await page.goto(`${web.url}${entityHref(ids.raw)}`);
  await region('Where it comes from and flows to')
    .getByText('Nothing recorded upstream: its versions were not derived from other data.')
    .waitFor();
  await page.getByText('No data-quality checks were recorded about this version.').waitFor();
});

test('picking a column draws its upstream and downstream columns; another column is one pick away', async () => {
  await page.goto(`${web.url}${entityHref(ids.stg)}`);
  await page
    .getByRole('table', { name: 'Columns of the latest version' })
    .getByRole('link', { name: 'amount', exact: true })
    .click();
  await page.waitForURL(`${web.url}${columnLineageHref(ids.stgVersion, 'amount')}`);
  const drawn = await graphNodes(page);
  expect(drawn.map((node) => node.id).sort()).toEqual(
    [columnId(ids.stgVersion, 'amount'), columnId(ids.rawVersion, 'amount'), columnId(ids.martVersion, 'total')].sort(),
  );
  const upstream = region('Computed from');
  const downstream = region('Computed from it');
  expect(await upstream.getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/ · amount$/)]);
  expect(await downstream.getByRole('link').allInnerTexts()).toEqual([expect.stringMatching(/ · total$/)]);
  await checkPage(page, 'column-lineage');

  await page.getByRole('combobox', { name: 'Column' }).selectOption('order_id');
  await page.waitForURL(`${web.url}${columnLineageHref(ids.stgVersion, 'order_id')}`);
  await page.waitForFunction((id) => window.__mnemoCy?.getElementById(id).nonempty(), columnId(ids.rawVersion, 'id'));
  expect((await graphNodes(page)).map((node) => node.id).sort()).toEqual(
    [columnId(ids.stgVersion, 'order_id'), columnId(ids.rawVersion, 'id')].sort(),
  );
});

test('a column nothing was computed from or into says so, and its impact is empty', async () => {
  await page.goto(`${web.url}${columnLineageHref(ids.rawVersion, 'customer_id')}`);
  await page
    .getByText('No column lineage was recorded for this column', {
      exact: false,
    })
    .waitFor();
  await page.goto(`${web.url}${columnImpactHref(ids.rawVersion, 'customer_id')}`);
  await page.getByText('Nothing depends on this column yet', { exact: false }).waitFor();
  await checkPage(page, 'column-impact-empty');
  await page.goto(`${web.url}${columnImpactHref('dataset:products/nowhere@1', 'x')}`);
  await page.getByRole('alert').getByText('Could not load the column impact analysis.').waitFor();
});

test('the column impact page groups the affected columns and what is downstream, with owners and the exports', async () => {
  const { columnImpact } = await harness.ok(
    `query($id: ID!) { columnImpact(versionId: $id, column: "amount") {
      columns { id } downstream { total productionDeploymentsAtRisk { node { id } } ownersToNotify { owner { ... on Team { name } } } }
    } }`,
    { id: ids.rawVersion },
  );
  expect(columnImpact.columns.map((c: { id: string }) => c.id)).toEqual([
    columnId(ids.stgVersion, 'amount'),
    columnId(ids.martVersion, 'total'),
  ]);
  await page.goto(`${web.url}${columnImpactHref(ids.rawVersion, 'amount')}`);
  const affected = region(/^Affected columns/);
  await affected.getByRole('table').first().waitFor();
  expect(await affected.getByRole('heading').innerText()).toBe('Affected columns (2)');
  // Grouped by the version holding them, each with its why-path from the column asked about.
  const rows = await cells('Affected columns, by the version holding them');
  expect(rows.map((row) => row.slice(1))).toEqual([
    [],
    ['1', 'raw.orders.amount → stg.orders.amount'],
    [],
    ['2', 'raw.orders.amount → stg.orders.amount → mart.revenue.total'],
  ]);
  expect(rows.map((row) => row[0])).toEqual([
    expect.stringMatching(/^stg\.orders /),
    'amount',
    expect.stringMatching(/^mart\.revenue /),
    'total',
  ]);

  // The dataset impact page's report, about what is downstream of the versions holding them.
  const atRisk = region(/^Production deployments at risk/);
  await atRisk.getByRole('link', { name: 'Churn API' }).waitFor();
  expect(await atRisk.getByRole('heading').innerText()).toBe(
    `Production deployments at risk (${columnImpact.downstream.productionDeploymentsAtRisk.length})`,
  );
  const owners = region(/^Owners to notify/);
  expect((await owners.getByRole('link').allInnerTexts()).sort()).toEqual(
    columnImpact.downstream.ownersToNotify.map((o: { owner: { name: string } }) => o.owner.name).sort(),
  );
  await graphNodes(page);
  await checkPage(page, 'column-impact');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv).toContain(`${columnId(ids.martVersion, 'total')},Column,mart.revenue.total,2`);
  for (const item of columnImpact.downstream.productionDeploymentsAtRisk) expect(csv).toContain(item.node.id);
}, 120_000);
