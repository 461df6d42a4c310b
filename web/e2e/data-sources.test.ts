import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { entityHref } from '../lib/routes';
import { launchChromium } from './support/browser';
import { checkPage } from './support/accessibility';
import { startWebServer, type WebServer } from './support/web-server';

/**
 * Data sources in the explorer, end to end (issue 17): OpenLineage names tables by namespace and
 * name; the namespace is a data source with its own page listing its datasets, and a dataset's page
 * says where it lives. A production build in real Chromium over the real API and a real Neo4j.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;
let sourceId: string;

beforeAll(async () => {
  harness = await startHarness();
  const response = await fetch(harness.url.replace(/\/graphql$/, '/api/v1/lineage'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      eventType: 'COMPLETE',
      eventTime: '2026-11-10T10:00:00Z',
      producer: 'https://example.org/e2e',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: randomUUID() },
      job: { namespace: 'warehouse', name: 'build_orders' },
      inputs: [{ namespace: 'postgres://db.internal:5432', name: 'public.raw_orders' }],
      outputs: [{ namespace: 'postgres://db.internal:5432', name: 'public.orders' }],
    }),
  });
  expect(response.status).toBe(201);
  const { dataSources } = await harness.ok(`{ dataSources { nodes { id namespace } } }`);
  sourceId = dataSources.nodes.find((s: { namespace: string }) => s.namespace === 'postgres://db.internal:5432').id;
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
});

afterEach(async () => {
  await page.close();
});

const fact = (term: string) => page.locator('dt', { hasText: term }).locator('xpath=following-sibling::dd[1]');

test('a data source page names its platform and host and lists its datasets; a dataset page says where it lives', async () => {
  await page.goto(`${web.url}${entityHref(sourceId)}`);
  await fact('Platform').waitFor();
  expect(await fact('Platform').innerText()).toBe('postgres');
  expect(await fact('Host').innerText()).toBe('db.internal:5432');
  expect((await fact('Datasets').getByRole('link').allInnerTexts()).sort()).toEqual([
    'public.orders',
    'public.raw_orders',
  ]);

  await fact('Datasets').getByRole('link', { name: 'public.orders' }).click();
  await fact('Lives in').waitFor();
  expect(await fact('Lives in').getByRole('link').getAttribute('href')).toBe(entityHref(sourceId));
  await checkPage(page, 'entity-dataset-data-source');
});
