// @ts-check
// `npm run bench` (part two): how long a 5,000-node lineage takes to become interactive in the explorer,
// measured in Debian's Chromium against the real API, Neo4j and the explorer's production build.
// "Interactive" = the page was opened, the lineage fetched, laid out in the Web Worker and drawn, and a
// real mouse click on a node has opened its side panel. Appended to docs/benchmarks.md.
/* global window, document, performance, MutationObserver, PerformanceObserver, requestAnimationFrame -- the functions handed to page.evaluate run in the browser */
'use strict';

const { spawn } = require('node:child_process');
const { existsSync } = require('node:fs');
const { freePort } = require('./net.js');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { benchNeo4j, serveApi } = require('./api.js');
const { addWidePipeline, generate, HUB_ID, WIDE_ID } = require('./generate.js');
const { appendRecord, expectFigures, percentile, sized } = require('./record.js');

const API = path.join(__dirname, '../services/api/dist');
require('reflect-metadata');
const { createDriver, GraphDatabase } = require(path.join(API, 'platform/neo4j.js'));
const { migrate } = require(path.join(API, 'platform/migrations.js'));

const WEB = path.join(__dirname, '../web');
/** Only the hub pipeline of the generator: its closure (~8.6k nodes) is cut at the explorer's 5,000-node cap. */
const GRAPH_NODES = 8_621;
const ROUNDS = sized('MNEMO_BENCH_EXPLORER_ROUNDS', 7, 1); // tiny (MNEMO_BENCH_TINY=1): one timed visit
/** The wide pipeline's runs: its closure is 221 + 2.2 × runs nodes, 20,021 at full size. */
const WIDE_RUNS = sized('MNEMO_BENCH_EXPLORER_WIDE_RUNS', 9_000, 900);
const VIEWPORT = { width: 1280, height: 800 };

/** The explorer's production build on a free port (scripts/mnemo.mjs builds it before the bench). */
async function startExplorer(apiUrl) {
  if (!existsSync(path.join(WEB, '.next', 'BUILD_ID')))
    throw new Error('no production build of web/ (run npm run bench)');
  const port = await freePort();
  const next = require.resolve('next/dist/bin/next', { paths: [WEB] });
  const child = spawn(process.execPath, [next, 'start', '--hostname', '127.0.0.1', '--port', String(port)], {
    cwd: WEB,
    env: { ...process.env, MNEMO_API_URL: apiUrl, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  for (let attempt = 0; ; attempt++) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not listening yet
    }
    if (attempt > 600) throw new Error(`next start did not answer on ${url}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

/**
 * Opens the lineage page in a fresh tab and clicks a node once the graph is drawn.
 * @returns {Promise<{ drawnAt: number, interactiveAt: number, nodes: number, edges: number }>}
 */
async function openLineage(browser, url) {
  const page = await browser.newPage({ viewport: VIEWPORT });
  const problems = [];
  page.on('pageerror', (error) => problems.push(error.message));
  // Where the time goes: main-thread tasks over 50 ms, recorded from the first script on.
  await page.addInitScript(() => {
    const tasks = [];
    Object.assign(window, { __longTasks: tasks });
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) tasks.push([Math.round(entry.startTime), Math.round(entry.duration)]);
    }).observe({ type: 'longtask', buffered: true });
    // When the bench's click reaches the page (the first press; panning presses again later).
    window.addEventListener(
      'pointerdown',
      () => {
        if (!('__clickAt' in window)) Object.assign(window, { __clickAt: performance.now() });
      },
      { capture: true },
    );
  });
  // MNEMO_BENCH_EXPLORER_PROFILE=<file>: a CPU profile of the page (the last visit) for Chrome's DevTools.
  const profiler = process.env.MNEMO_BENCH_EXPLORER_PROFILE ? await page.context().newCDPSession(page) : null;
  if (profiler) {
    await profiler.send('Profiler.enable');
    await profiler.send('Profiler.start');
  }
  try {
    await page.goto(url);
    await page.waitForFunction(
      () => window.__mnemoGraphReady === true && Object.assign(window, { __readySeenAt: performance.now() }),
      null,
      { timeout: 120_000, polling: 20 },
    );
    // A node that is on screen, not the centre: the side panel must switch to it when clicked. The
    // first one found will do (asking where every node is drawn cost the page 250 ms of 5,000 nodes,
    // the bench's work counted as the explorer's), and the panel's opening is noted in the page itself.
    const target = await page.evaluate(() => {
      const cy = /** @type {import('cytoscape').Core} */ (window.__mnemoCy);
      const extent = cy.extent();
      const container = /** @type {HTMLElement} */ (cy.container());
      const box = container.getBoundingClientRect();
      const node = cy.nodes().find((candidate) => {
        const { x, y } = candidate.position();
        if (candidate.hasClass('centre') || x <= extent.x1 || x >= extent.x2 || y <= extent.y1 || y >= extent.y2)
          return false;
        // Not under the controls or the overview drawn over the canvas.
        const at = candidate.renderedPosition();
        const hit = document.elementFromPoint(box.left + at.x, box.top + at.y);
        return hit !== null && container.contains(hit);
      });
      const id = node.id();
      // The panel shows a node's id; a group (folded views) has none of its own, its panel is headed by its label.
      const [selector, expected] = node.data('count') ? ['aside h2', node.data('label')] : ['aside .mono', id];
      new MutationObserver((_, observer) => {
        if ([...document.querySelectorAll(selector)].some((element) => element.textContent === expected)) {
          Object.assign(window, { __panelOpenedAt: performance.now() });
          observer.disconnect();
        }
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
      return {
        id,
        x: box.left + node.renderedPosition().x,
        y: box.top + node.renderedPosition().y,
        nodes: cy.nodes().length,
        // A large graph's edges are lines on the edge layer under the canvas, not Cytoscape elements.
        edges: cy.edges().length + (window.__mnemoEdgeLayer ?? 0),
      };
    });
    await page.mouse.click(target.x, target.y);
    await page.waitForFunction(() => window.__panelOpenedAt !== undefined, null, { timeout: 60_000, polling: 'raf' });
    const interactiveAt = await page.evaluate(() => /** @type {number} */ (window.__panelOpenedAt));
    const panning = await panningFps(page);
    // The profile covers the panning too.
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      require('node:fs').writeFileSync(
        /** @type {string} */ (process.env.MNEMO_BENCH_EXPLORER_PROFILE),
        JSON.stringify(profile),
      );
    }
    const drawnAt = await page.evaluate(() => /** @type {number} */ (window.__mnemoGraphReadyAt));
    const timeline = await page.evaluate(() => {
      // The lineage is the largest of the page's GraphQL answers (the first one is the signed-in user's).
      const fetched = /** @type {PerformanceResourceTiming[]} */ (performance.getEntriesByType('resource'))
        .filter((entry) => entry.name.endsWith('/graphql'))
        .sort((a, b) => b.encodedBodySize - a.encodedBodySize)[0];
      return {
        lineageFetched: fetched ? [Math.round(fetched.startTime), Math.round(fetched.responseEnd)] : null,
        clickAt: Math.round(/** @type {any} */ (window).__clickAt),
        // When the bench saw the graph ready (it polls every 20 ms): after it, the bench's own steps.
        readySeenAt: Math.round(/** @type {any} */ (window).__readySeenAt),
        longTasks: /** @type {any} */ (window).__longTasks,
      };
    });
    if (process.env.MNEMO_BENCH_EXPLORER_TRACE) console.log(JSON.stringify({ drawnAt, interactiveAt, ...timeline }));
    return { drawnAt, interactiveAt, nodes: target.nodes, edges: target.edges, ...panning };
  } catch (error) {
    const text = await page.evaluate(() => document.body.innerText).catch(() => '(page gone)');
    throw new Error(
      `${error.message}\npage errors: ${problems.join('; ') || 'none'}\npage text: ${text.slice(0, 800)}`,
    );
  } finally {
    await page.close();
  }
}

/**
 * Frames per second while a person pans the graph, counted in the browser: the real mouse is pressed
 * on empty canvas and dragged for about two seconds (left, then back), while requestAnimationFrame
 * counts the frames the browser managed to give. A renderer taking 100 ms per frame gets 10.
 */
async function panningFps(page) {
  const start = await page.evaluate(() => {
    const cy = /** @type {import('cytoscape').Core} */ (window.__mnemoCy);
    const box = /** @type {HTMLElement} */ (cy.container()).getBoundingClientRect();
    const boxes = cy.nodes().map((node) => node.renderedBoundingBox({ includeLabels: true }));
    // A point of the canvas with no node under it (a drag there pans; on a node it would move the node).
    for (let y = box.height * 0.3; y < box.height * 0.9; y += 17) {
      for (let x = box.width * 0.5; x < box.width * 0.9; x += 23) {
        const free = boxes.every((b) => x < b.x1 - 4 || x > b.x2 + 4 || y < b.y1 - 4 || y > b.y2 + 4);
        const hit = document.elementFromPoint(box.left + x, box.top + y);
        if (free && hit && cy.container()?.contains(hit)) return { x: box.left + x, y: box.top + y };
      }
    }
    return null;
  });
  if (!start) throw new Error('no empty spot on the canvas to pan from');
  await page.evaluate(() => {
    const counter = { frames: 0, began: performance.now(), running: true };
    Object.assign(window, { __panCounter: counter });
    const step = () => {
      if (!counter.running) return;
      counter.frames++;
      requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  });
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  const began = Date.now();
  for (let i = 0; Date.now() - began < 2000; i++) {
    const dx = Date.now() - began < 1000 ? -(i % 200) : 0;
    await page.mouse.move(start.x + dx - 2 * (i % 2), start.y);
  }
  await page.mouse.up();
  return page.evaluate(() => {
    const counter = /** @type {any} */ (window).__panCounter;
    counter.running = false;
    return {
      fps: (counter.frames * 1000) / (performance.now() - counter.began),
      renderer: `${window.__mnemoRenderer ?? 'canvas'}${window.__mnemoEdgeLayer ? ' + edge layer' : ''}`,
    };
  });
}

/** One view of the lineage, opened once to warm the caches, then ROUNDS times timed. */
async function measureView(browser, name, url) {
  await openLineage(browser, url);
  const rounds = [];
  for (let i = 0; i < ROUNDS; i++) rounds.push(await openLineage(browser, url));
  const interactive = rounds.map((round) => round.interactiveAt).sort((a, b) => a - b);
  const drawn = rounds.map((round) => round.drawnAt).sort((a, b) => a - b);
  const result = {
    name,
    p50: percentile(interactive, 50),
    max: interactive[interactive.length - 1],
    drawnP50: percentile(drawn, 50),
    fps: percentile(
      rounds.map((round) => round.fps).sort((a, b) => a - b),
      50,
    ),
    renderer: rounds[0].renderer,
    nodes: rounds[0].nodes,
    edges: rounds[0].edges,
  };
  console.log(
    `${name}: interactive p50 ${result.p50.toFixed(0)} ms, max ${result.max.toFixed(0)} ms ` +
      `(drawn p50 ${result.drawnP50.toFixed(0)} ms; ${result.nodes} nodes, ${result.edges} edges drawn by ` +
      `${result.renderer}; panning ${result.fps.toFixed(0)} FPS)`,
  );
  return result;
}

/**
 * The generator writes bare lineage (ids, kinds, edges), enough for the traversal benchmarks. The explorer
 * asks what a user's graph has: every version's number and the dataset/feature set/model it belongs to,
 * and when things were created. Idempotent: only what is missing is added.
 */
async function dress(db) {
  await db.runScript(`
    MATCH (v:Entity) WHERE v.kind IN ['DatasetVersion', 'FeatureSetVersion', 'ModelVersion'] AND NOT (v)-[:VERSION_OF]->()
    WITH v, split(v.id, '@') AS parts,
         CASE v.kind WHEN 'DatasetVersion' THEN 'Dataset' WHEN 'FeatureSetVersion' THEN 'FeatureSet' ELSE 'Model' END AS parentKind
    MERGE (parent:Entity {id: parts[0]})
      ON CREATE SET parent.kind = parentKind, parent.name = replace(split(parts[0], ':')[1], 'bench/', ''),
                    parent.createdAt = datetime()
    SET parent:$(parentKind), v.version = parts[1]
    MERGE (v)-[:VERSION_OF]->(parent)`);
  await db.runScript('MATCH (n:Entity) WHERE n.createdAt IS NULL SET n.createdAt = datetime()');
}

async function main() {
  const log = (line) => console.log(`[bench] explorer: ${line}`);
  const neo4j = await benchNeo4j('bench-explorer-neo4j', { heap: '1g', pageCache: '1g', log });
  const db = new GraphDatabase(createDriver({ uri: neo4j.uri }));
  const stops = [];
  try {
    await migrate(db);
    await generate(db.driver, GRAPH_NODES, (line) => console.log(`[bench] ${line}`));
    await addWidePipeline(db.driver, WIDE_RUNS, (line) => console.log(`[bench] ${line}`));
    await dress(db);
    // Auth off, as the explorer's browser tests run it: the page's own calls carry no token (bench/api.js).
    const api = await serveApi(db, { auth: 'off' });
    stops.push(api.stop);
    const explorer = await startExplorer(api.url);
    stops.push(explorer.stop);
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    });
    stops.push(() => browser.close());

    const lineageUrl = `${explorer.url}/lineage/${encodeURIComponent(HUB_ID)}?up=20&down=20`;
    const grouped = await measureView(browser, 'explorer: 8,621-node lineage, folded by the API', lineageUrl);
    const everyNode = await measureView(
      browser,
      'explorer: 5,000-node lineage, every node drawn',
      `${lineageUrl}&groups=off`,
    );

    const wideNodes = Math.round(221 + 2.2 * WIDE_RUNS);
    const wide = await measureView(
      browser,
      `explorer: ${wideNodes.toLocaleString('en')}-node lineage, folded by the API`,
      `${explorer.url}/lineage/${encodeURIComponent(WIDE_ID)}?up=20&down=20`,
    );

    expectFigures('explorer', {
      'wide folded interactive p50': wide.p50,
      'wide folded nodes drawn': wide.nodes,
      'grouped interactive p50': grouped.p50,
      'grouped nodes drawn': grouped.nodes,
      'every node interactive p50': everyNode.p50,
      'every node nodes drawn': everyNode.nodes,
      'grouped panning FPS': grouped.fps,
      'every node panning FPS': everyNode.fps,
    });
    const row = (r) =>
      `| ${r.name.replace('explorer: ', '')} | ${r.nodes} / ${r.edges} | ${r.drawnP50.toFixed(0)} ms | ` +
      `${r.p50.toFixed(0)} ms | ${r.max.toFixed(0)} ms | ${r.renderer} | ${r.fps.toFixed(0)} |`;
    appendRecord(
      'Explorer time to interactive',
      [
        `Lineage page of \`${HUB_ID}\` (up and down depth 20), whose closure is cut at the explorer's 5,000-node cap ` +
          `(every node) or not (folded: ~8,600 nodes), and of \`${WIDE_ID}\`, whose ${wideNodes.toLocaleString('en')}-node ` +
          `closure the API folds into groups (fanOutLimit 12, a group anchoring its members' fan-outs); ` +
          `Chromium ${browser.version()} headless at ${VIEWPORT.width}×${VIEWPORT.height}, the explorer's production ` +
          `build, the API (auth off) and Neo4j on the same machine. Time from navigation start until a real mouse click on a node ` +
          `has opened its side panel (after one warm-up visit; ${ROUNDS} visits each); then panning for two seconds, ` +
          `the real mouse dragging empty canvas, frames per second counted with requestAnimationFrame (p50 of the ` +
          `visits). Targets (issue 21): every node drawn interactive < 2 s; 20,000-node lineage folded < 3 s; panning ≥ 30 FPS. Chromium has no GPU ` +
          `here (--disable-gpu): WebGL runs on SwiftShader, on the CPU.`,
        '',
        '| view | nodes / edges drawn | drawn p50 | interactive p50 | interactive max | renderer | panning FPS p50 |',
        '|---|---|---|---|---|---|---|',
        row(grouped),
        row(everyNode),
        row(wide),
      ].join('\n'),
      'npm run bench -- explorer',
    );
  } finally {
    for (const stop of stops.reverse()) await stop();
    await db.close();
    await neo4j.stop();
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
