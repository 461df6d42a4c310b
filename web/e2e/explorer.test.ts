import { readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { loadDemoOrganisation } from '../../services/api/src/demo/demo-organisation';
import { type Harness, startHarness } from '../../services/api/src/test-support/harness';
import { graphNodes, launchChromium, representedIds, screenshot } from './support/browser';
import { checkPage } from './support/accessibility';
import { freePort, startWebServer, type WebServer } from './support/web-server';

/**
 * The explorer end to end: a production build in real Chromium, over the real API and a real Neo4j
 * holding the demo organisation. Expectations come from the API itself, never from copies.
 */
let harness: Harness;
let web: WebServer;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  harness = await startHarness();
  await loadDemoOrganisation(harness.db, () => {});
  web = await startWebServer(harness.url.replace(/\/graphql$/, ''));
  browser = await launchChromium();
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await web?.stop();
  await harness?.close();
});

beforeEach(async () => {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 }, acceptDownloads: true });
});

afterEach(async () => {
  await page.close();
});

const RAW = 'dataset:churn/transactions-raw';
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('search finds a dataset; its lineage, plain view and impact follow, and the CSV export downloads', async () => {
  const { dataset } = await harness.ok(`{ dataset(id: "${RAW}") { name versions { id } } }`);
  const newest: string = dataset.versions[0].id;
  const { lineage } = await harness.ok(
    `{ lineage(id: "${newest}", direction: BOTH, maxDepth: 5) { nodes { node { id kind } } } }`,
  );
  // The page asks the API to fold wide fan-outs; asked the same, the API says who is in each group.
  const { lineage: folded } = await harness.ok(
    `{ lineage(id: "${newest}", direction: BOTH, maxDepth: 5, fanOutLimit: 12) { groups { id memberIds } } }`,
  );
  const membersOf = new Map<string, string[]>(
    folded.groups.map((group: { id: string; memberIds: string[] }) => [group.id, group.memberIds]),
  );
  const { impact } = await harness.ok(
    `{ impact(target: "${RAW}") { productionDeploymentsAtRisk { node { id ... on Deployment { name } } } } }`,
  );

  await page.goto(web.url);
  await page.getByLabel('Search text').fill('transactions raw');
  await page.getByLabel('Search text').press('Enter');
  await page.getByRole('link', { name: dataset.name, exact: true }).first().waitFor();
  await checkPage(page, 'home-search');
  await page.getByRole('link', { name: dataset.name, exact: true }).first().click();
  await page.waitForURL(`**/n/${encodeURIComponent(RAW)}`);
  await page.getByRole('heading', { name: /Versions \(\d+\)/ }).waitFor();
  await checkPage(page, 'entity-dataset');

  await page.getByRole('link', { name: 'Lineage of the newest version' }).click();
  await page.waitForURL(`**/lineage/${encodeURIComponent(newest)}`);
  const drawn = await graphNodes(page);
  const expected = new Set([newest, ...lineage.nodes.map((entry: { node: { id: string } }) => entry.node.id)]);
  expect(representedIds(drawn, membersOf)).toEqual(expected);
  expect(drawn.some((node) => node.kind === 'Run')).toBe(true);
  await checkPage(page, 'lineage');

  // A folded fan-out ("15 runs") opens from the side panel into its members.
  const group = drawn.find((node) => node.count);
  if (group) {
    await page.evaluate((id) => window.__mnemoCy!.getElementById(id).emit('tap'), group.id);
    await page.getByRole('button', { name: `Show all ${group.count}` }).click();
    await page.waitForFunction((id) => window.__mnemoCy!.getElementById(id).empty(), group.id);
    const expanded = await graphNodes(page);
    expect(expanded.map((node) => node.id)).toEqual(expect.arrayContaining(membersOf.get(group.id)!));
    const { lineage: unfolded } = await harness.ok(
      `query($groups: [ID!]) { lineage(id: "${newest}", direction: BOTH, maxDepth: 5, fanOutLimit: 12,
         expandedGroups: $groups) { groups { id memberIds } } }`,
      { groups: [group.id] },
    );
    const stillFolded = new Map<string, string[]>(
      unfolded.groups.map((other: { id: string; memberIds: string[] }) => [other.id, other.memberIds]),
    );
    expect(representedIds(expanded, stillFolded)).toEqual(expected);
  }

  await page.getByRole('button', { name: /Plain view/ }).click();
  await page.waitForURL(/view=plain/);
  await page.waitForFunction(() => window.__mnemoGraphReady === true);
  const plain = await graphNodes(page);
  expect(plain.filter((node) => node.kind === 'Run')).toEqual([]);
  expect(plain.some((node) => node.kind === 'DatasetVersion')).toBe(true);
  await checkPage(page, 'lineage-plain');

  await page.goBack();
  await page.waitForURL(`**/n/${encodeURIComponent(RAW)}`);
  await page.getByRole('link', { name: 'Impact: what depends on it' }).click();
  await page.waitForURL(`**/impact/${encodeURIComponent(RAW)}`);
  const atRisk = page.getByRole('region', { name: /Production deployments at risk/ });
  for (const item of impact.productionDeploymentsAtRisk) {
    await atRisk.getByRole('link', { name: item.node.name }).waitFor();
  }
  await atRisk.getByRole('row', { name: `${impact.productionDeploymentsAtRisk[0].node.name}: show why` }).click();
  await page.getByRole('heading', { name: /^Why .* is affected$/ }).waitFor();
  await graphNodes(page);
  await checkPage(page, 'impact');

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('link', { name: 'Download CSV' }).click(),
  ]);
  const csv = readFileSync((await download.path())!, 'utf8');
  for (const item of impact.productionDeploymentsAtRisk) expect(csv).toContain(item.node.id);
}, 180_000);

test('an entity page of every other kind reads without serious accessibility problems at both sizes', async () => {
  const lists = await harness.ok(`{
    projects(first: 1) { nodes { id } }
    teams(first: 1) { nodes { id } }
    users(first: 1) { nodes { id } }
    experiments(first: 1) { nodes { id } }
    models(first: 1) { nodes { id versions { id } } }
    featureSets(first: 1) { nodes { id versions { id } } }
  }`);
  const pages: [string, string][] = [
    ['entity-project', lists.projects.nodes[0].id],
    ['entity-team', lists.teams.nodes[0].id],
    ['entity-user', lists.users.nodes[0].id],
    ['entity-experiment', lists.experiments.nodes[0].id],
    ['entity-model', lists.models.nodes[0].id],
    ['entity-feature-set-version', lists.featureSets.nodes[0].versions[0].id],
  ];
  for (const [name, id] of pages) {
    await page.goto(`${web.url}/n/${encodeURIComponent(id)}`);
    await page.getByText(id, { exact: true }).first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.state-loading').length === 0);
    await checkPage(page, name);
  }
}, 180_000);

test('a run page charts each metric history', async () => {
  const { run } = await harness.ok(`{ run(id: "run:demo-churn-xgb-baseline-2") { metrics { key } } }`);
  await page.goto(`${web.url}/n/${encodeURIComponent('run:demo-churn-xgb-baseline-2')}`);
  await page.getByRole('heading', { name: /^Metrics/ }).waitFor();
  for (const { key } of run.metrics) {
    await page.getByRole('img', { name: new RegExp(`^${key} \\(latest`) }).waitFor();
  }
  await checkPage(page, 'entity-run');
});

test('comparing runs highlights the params that differ', async () => {
  const { runs } = await harness.ok(
    `{ runs(first: 2, filter: { experimentId: "experiment:churn/xgb-baseline" }) { nodes { id params { key value } } } }`,
  );
  const [a, b] = runs.nodes as { id: string; params: { key: string; value: string }[] }[];
  const differing = a.params.find((param) => b.params.find((other) => other.key === param.key)?.value !== param.value);
  expect(differing).toBeDefined();

  await page.goto(`${web.url}/compare?runs=${encodeURIComponent(a.id)},${encodeURIComponent(b.id)}`);
  const row = page.getByRole('row', { name: new RegExp(`^${differing!.key} \\(differs\\)`) });
  await row.waitFor();
  expect(await row.getAttribute('data-differs')).toBe('true');
  expect(await row.locator('td.differs').first().textContent()).toBe(differing!.value);
  await checkPage(page, 'compare');
});

test("the demo churn overview shows spend by family, the improvement-per-dollar curve and the drifting dataset's flags", async () => {
  const CHURN = 'project:churn';
  const { costSummary, driftFlags } = await harness.ok(`{
    costSummary(projectId: "${CHURN}", groupBy: FAMILY) { label runCount }
    driftFlags(projectId: "${CHURN}", kinds: [SCHEMA_CHANGE, STATISTICS_DRIFT]) { kind subjectId explanation }
  }`);
  const drifting = driftFlags.filter(
    (flag: { subjectId: string }) => flag.subjectId === 'dataset:churn/subscriptions-raw@2026-10',
  );
  expect(drifting.map((flag: { kind: string }) => flag.kind).sort()).toEqual(['SCHEMA_CHANGE', 'STATISTICS_DRIFT']);

  await page.goto(`${web.url}/p/${encodeURIComponent(CHURN)}`);
  await page.getByRole('heading', { name: /: overview$/ }).waitFor();
  const families = page.getByRole('table', { name: 'Spend by experiment family' });
  await families.waitFor();
  for (const group of costSummary) {
    await families.getByRole('row', { name: new RegExp(`^${escapeRegExp(group.label)} ${group.runCount} `) }).waitFor();
  }
  // The churn classifier family has the most spend; its curve of auc (the metric its gates judge).
  expect(await page.getByRole('combobox', { name: /^Family/ }).inputValue()).toBe('model:churn/churn-classifier');
  await page.getByRole('combobox', { name: /^Metric/ }).selectOption('auc');
  await page.getByRole('img', { name: /^Best auc against cumulative spend\./ }).waitFor();
  await page.getByRole('table', { name: 'New bests and what they cost' }).waitFor();
  const flags = page.getByRole('region', { name: 'Open flags' });
  for (const flag of drifting) {
    const item = flags.locator('li', { hasText: flag.explanation });
    await item.waitFor();
    expect(await item.getByRole('link', { name: 'Lineage that explains it' }).getAttribute('href')).toBe(
      `/lineage/${encodeURIComponent(flag.subjectId)}`,
    );
  }
  await page.waitForFunction(() => document.querySelectorAll('[data-chart-ready]').length === 3);
  await checkPage(page, 'demo-churn-overview');
});

test('with the API down, every page says so in words', async () => {
  const deadApi = await startWebServer(`http://127.0.0.1:${await freePort()}`);
  try {
    await page.goto(deadApi.url);
    // Each region says it in words (Next's own route announcer is an empty alert, hence the filter).
    const alerts = page.getByRole('alert').filter({ hasText: 'Could not load' });
    await alerts.first().waitFor();
    expect(await alerts.first().textContent()).toMatch(/Could not load .*cannot be reached/);
    await checkPage(page, 'api-down-home');

    await page.goto(`${deadApi.url}/lineage/${encodeURIComponent(RAW)}`);
    await page.getByRole('alert').filter({ hasText: 'Could not load the lineage' }).waitFor();
  } finally {
    await deadApi.stop();
  }
});

test("the production model's lineage opens fitted to the canvas, stays fitted as the window changes, and fits again on demand", async () => {
  /** The ids of the drawn nodes outside the canvas's view. */
  const outside = () =>
    page.evaluate(() => {
      const cy = window.__mnemoCy!;
      const view = cy.extent();
      return cy
        .nodes()
        .filter((node) => {
          const at = node.position();
          return at.x < view.x1 || at.x > view.x2 || at.y < view.y1 || at.y > view.y2;
        })
        .map((node) => node.id());
    });
  /** Waits (a few seconds at most) until every node is in view again; answers what is still outside. */
  const settled = async () => {
    await page
      .waitForFunction(
        () => {
          const cy = window.__mnemoCy!;
          const view = cy.extent();
          const away = cy.nodes().filter((node) => {
            const at = node.position();
            return at.x < view.x1 || at.x > view.x2 || at.y < view.y1 || at.y > view.y2;
          });
          return away.length === 0;
        },
        undefined,
        { timeout: 5_000 },
      )
      .catch(() => undefined);
    return outside();
  };
  await page.goto(`${web.url}/lineage/${encodeURIComponent('model:churn/churn-classifier@2')}`);
  const drawn = await graphNodes(page);
  expect(drawn.length).toBeGreaterThan(8);
  expect(await outside()).toEqual([]);
  // The canvas keeps its width from 1280 up (the page's own width is capped); narrower, it shrinks.
  for (const size of [
    { width: 1920, height: 1080 },
    { width: 1100, height: 800 },
  ]) {
    await page.setViewportSize(size);
    expect(await settled()).toEqual([]);
  }
  await checkPage(page, 'lineage-fitted');
  expect(await settled()).toEqual([]); // back at 1100 wide, fitted again
  // Zoomed far in by the person, the Fit control shows the whole graph again. The resize back from the
  // accessibility check's sizes is let through first (two frames): it fits the graph, as it should.
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
  await page.evaluate(() => {
    const cy = window.__mnemoCy!;
    cy.zoom({ level: 3, renderedPosition: { x: 10, y: 10 } });
    cy.emit('scrollzoom'); // as Cytoscape says of a person's wheel
  });
  expect((await outside()).length).toBeGreaterThan(0);
  await page.getByRole('button', { name: 'Fit to view' }).click();
  expect(await outside()).toEqual([]);

  // The overview (minimap), closed on a graph shown whole, opened on demand: zoomed in, a click on its
  // left end moves the view to the graph's upstream end.
  const overview = page.getByRole('img', { name: /Overview of the whole graph/ });
  expect(await overview.count()).toBe(0);
  await page.getByRole('button', { name: 'Overview' }).click();
  await page.evaluate(() => {
    const cy = window.__mnemoCy!;
    cy.zoom({ level: 2, renderedPosition: { x: 600, y: 300 } });
    cy.emit('scrollzoom');
  });
  const box = (await overview.boundingBox())!;
  const before = await page.evaluate(() => window.__mnemoCy!.extent());
  await page.mouse.click(box.x + 10, box.y + box.height / 2);
  const after = await page.evaluate(() => window.__mnemoCy!.extent());
  expect(after.x1).toBeLessThan(before.x1);
  expect(after.x2 - after.x1).toBeCloseTo(before.x2 - before.x1, 0); // the zoom is kept
  await checkPage(page, 'lineage-overview');
  await page.getByRole('button', { name: 'Overview' }).click();
  expect(await overview.count()).toBe(0);
}, 180_000);

test('a lineage of more than a thousand nodes draws its edges on the edge layer, and a click on a node still selects it', async () => {
  const hub = 'dataset:e2e-wide/raw@1';
  const runs = 1_100;
  await harness.db.runScript(
    `CREATE (d:Entity:Dataset {id: 'dataset:e2e-wide/raw', kind: 'Dataset', name: 'e2e-wide raw', createdAt: datetime()})
     CREATE (v:Entity:DatasetVersion {id: $hub, kind: 'DatasetVersion', version: '1', createdAt: datetime()})-[:VERSION_OF]->(d)
     WITH v UNWIND range(1, $runs) AS i
     CREATE (:Entity:Run {id: 'run:e2e-wide-' + i, kind: 'Run', name: 'wide ' + i, status: 'FINISHED', createdAt: datetime()})-[:USED]->(v)`,
    { hub, runs },
  );
  await page.goto(`${web.url}/lineage/${encodeURIComponent(hub)}?groups=off`);
  expect(await graphNodes(page)).toHaveLength(runs + 1);
  const drawn = await page.evaluate(() => {
    const layer = document.querySelector<HTMLCanvasElement>('.graph-canvas [aria-hidden] canvas')!;
    const pixels = layer.getContext('2d')!.getImageData(0, 0, layer.width, layer.height).data;
    let inked = 0;
    for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
    return { layer: window.__mnemoEdgeLayer, elements: window.__mnemoCy!.edges().length, inked };
  });
  expect(drawn).toEqual({ layer: runs, elements: 0, inked: expect.any(Number) });
  expect(drawn.inked).toBeGreaterThan(0);

  // Only the nodes in view are labelled (Cytoscape measures every label it is given), and after the
  // view moves, the ones then in view.
  const labelling = () =>
    page.evaluate(() => {
      const cy = window.__mnemoCy!;
      const view = cy.extent();
      const inView = cy.nodes().filter((node) => {
        const { x, y } = node.position();
        return x >= view.x1 && x <= view.x2 && y >= view.y1 && y <= view.y2;
      });
      const labelled = cy.nodes('.labelled');
      return { inView: inView.length, same: labelled.same(inView), total: cy.nodes().length };
    });
  const first = await labelling();
  expect(first).toMatchObject({ same: true });
  expect(first.inView).toBeGreaterThan(0);
  expect(first.inView).toBeLessThan(first.total);
  await page.evaluate(() => window.__mnemoCy!.panBy({ x: 0, y: -600 }));
  await page.waitForFunction(() => {
    const cy = window.__mnemoCy!;
    const view = cy.extent();
    return cy
      .nodes('.labelled')
      .filter((node) => node.position().y < view.y1 || node.position().y > view.y2)
      .empty();
  });
  expect(await labelling()).toMatchObject({ same: true });

  // A real click on a node on screen (not the centre) opens it in the side panel.
  const target = await page.evaluate(() => {
    const cy = window.__mnemoCy!;
    const box = cy.container()!.getBoundingClientRect();
    const node = cy.nodes().filter((each) => {
      const at = each.renderedPosition();
      const hit = document.elementFromPoint(box.left + at.x, box.top + at.y);
      return !each.hasClass('centre') && hit !== null && cy.container()!.contains(hit);
    })[0];
    return { id: node.id(), x: box.left + node.renderedPosition().x, y: box.top + node.renderedPosition().y };
  });
  await page.mouse.click(target.x, target.y);
  await page.getByRole('complementary', { name: 'Selected node' }).getByText(target.id, { exact: true }).waitFor();
  await screenshot(page, 'lineage-large');

  // As the page opens by default, the API folds the runs into one group, unfolded on demand. The
  // lineage is asked for once: the request sent as the page's module loads is the one the page uses.
  const asked: string[] = [];
  const noteLineage = (request: { postData(): string | null }) => {
    if (request.postData()?.includes('query Lineage')) asked.push(request.postData()!);
  };
  page.on('request', noteLineage);
  await page.goto(`${web.url}/lineage/${encodeURIComponent(hub)}`);
  const group = `group:${hub}|in|Run`;
  expect(await graphNodes(page)).toEqual(
    expect.arrayContaining([
      { id: hub, kind: 'DatasetVersion', count: undefined },
      { id: group, kind: 'Run', count: runs },
    ]),
  );
  expect(await graphNodes(page)).toHaveLength(2);
  expect(asked).toHaveLength(1);
  page.off('request', noteLineage);
  await screenshot(page, 'lineage-folded');
  await page.evaluate((id) => window.__mnemoCy!.getElementById(id).emit('tap'), group);
  await page.getByRole('button', { name: `Show all ${runs}` }).click();
  await page.waitForFunction((id) => window.__mnemoCy!.getElementById(id).empty(), group);
  expect(await graphNodes(page)).toHaveLength(runs + 1);
}, 180_000);
