// @ts-check
// `npm run bench`: builds (or reuses) the synthetic lineage graph in a local Neo4j and measures
// impact and lineage through GraphQL against the same traversal as raw Cypher through the driver.
// Results are printed and appended to docs/benchmarks.md with the command and the machine.
'use strict';

const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { generatedGraph, serveApi } = require('./api.js');
const { addColumnLineage, BENCH_AS_OF, HUB_ID } = require('./generate.js');
const { appendRecord, expectFigures, percentile, sized, TINY } = require('./record.js');

const API = path.join(__dirname, '../services/api/dist');
require('reflect-metadata');
const { cypher } = require(path.join(API, 'platform/cypher.js'));

// Tiny (MNEMO_BENCH_TINY=1): the hub pipeline alone (its closure is the ~8.6k nodes impact walks).
const NODES = sized('MNEMO_BENCH_NODES', 1_000_000, 8_621);
const ITERATIONS = sized('MNEMO_BENCH_ITERATIONS', 30, 2);
const WARMUP = sized('MNEMO_BENCH_WARMUP', 10, 1); // rounds of every measurement before any is timed: JITs settle
const IMPACT_DEPTH = 20;
const HEAP = TINY ? '1g' : '4g';
const PAGE_CACHE = TINY ? '256m' : '6g';

/** Times fn ITERATIONS times; every measurement is warmed up first (see main), so order does not favour any. */
async function measure(name, fn) {
  const times = [];
  let detail;
  for (let i = 0; i < ITERATIONS; i++) {
    const start = performance.now();
    detail = await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  const result = { name, p50: percentile(times, 50), p95: percentile(times, 95), detail };
  console.log(`${name}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms (${detail})`);
  return result;
}

async function main() {
  const log = (line) => console.log(`[bench] ${line}`);
  const { neo4j, db, graph } = await generatedGraph(NODES, { heap: HEAP, pageCache: PAGE_CACHE, log });
  try {
    graph.columns = await addColumnLineage(db.driver, (line) => console.log(`[bench] ${line}`));

    // As a user calls it: with auth on, the local admin's token (bench/api.js).
    const api = await serveApi(db);
    const { graphql } = api;

    const impactQuery = `query($t: ID!, $d: Int, $asOf: String) { impact(target: $t, maxDepth: $d, asOf: $asOf) {
      total truncated affected { node { id kind } depth why } productionDeploymentsAtRisk { node { id } }
      ownersToNotify { owns } } }`;
    const lineageQuery = `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, maxDepth: 5) {
      nodes { node { id } depth } edges { from to type } truncated } }`;
    const rawRecords = async (text, params) => {
      const session = db.driver.session();
      try {
        return (await session.run(text, params)).records;
      } finally {
        await session.close();
      }
    };
    const columnQuery = `query($v: ID!) { columnLineage(versionId: $v, column: "c0", direction: DOWNSTREAM, maxDepth: 20) {
      columns { id depth why } edges { from to } hidden } }`;
    const columnImpactQuery = `query($v: ID!) { columnImpact(versionId: $v, column: "c0", maxDepth: 20) {
      columns { id } downstream { total productionDeploymentsAtRisk { node { id } } } } }`;
    const closureText = cypher('lineage/downstream-closure', { maxDepth: IMPACT_DEPTH + 1 });
    const procedureText = cypher('lineage/closure-procedure');
    const tasks = {
      impact: [
        'impact via GraphQL (10k closure)',
        async () => {
          const { impact: report } = await graphql(impactQuery, { t: HUB_ID, d: IMPACT_DEPTH });
          return `${report.total} affected, ${report.productionDeploymentsAtRisk.length} in production`;
        },
      ],
      // The same closure as the graph stood at a date after every node was created (so the same
      // answer): the procedure's as-of walk, then promotion history and the owners' audit trail.
      impactAsOf: [
        'impact asOf a date via GraphQL (10k closure)',
        async () => {
          const { impact: report } = await graphql(impactQuery, { t: HUB_ID, d: IMPACT_DEPTH, asOf: BENCH_AS_OF });
          return `${report.total} affected, ${report.productionDeploymentsAtRisk.length} in production`;
        },
      ],
      raw: [
        'same traversal as raw Cypher (driver)',
        async () => `${(await rawRecords(closureText, { ids: [HUB_ID], limit: 50_001 })).length} nodes`,
      ],
      procedure: [
        "same closure by Mnemo's procedure (driver)",
        async () => {
          const [record] = await rawRecords(procedureText, {
            ids: [HUB_ID],
            direction: 'downstream',
            maxDepth: IMPACT_DEPTH + 1,
            limit: 50_001,
            withEdges: false,
            asOf: '',
          });
          return `${record.get('nodes').length} nodes`;
        },
      ],
      upstream: [
        'lineage depth 5 upstream of a model version (GraphQL)',
        async () => {
          const { lineage } = await graphql(lineageQuery, { id: 'model:bench/hub/model@17' });
          return `${lineage.nodes.length} nodes, ${lineage.edges.length} edges`;
        },
      ],
      columns: [
        'column closure downstream of a raw column (GraphQL)',
        async () => {
          const { columnLineage } = await graphql(columnQuery, { v: HUB_ID });
          return `${columnLineage.columns.length} columns, ${columnLineage.edges.length} edges`;
        },
      ],
      columnImpact: [
        'column impact of a raw column (GraphQL)',
        async () => {
          const { columnImpact } = await graphql(columnImpactQuery, { v: HUB_ID });
          return `${columnImpact.columns.length} columns, ${columnImpact.downstream.total} downstream`;
        },
      ],
    };
    console.log(`[bench] warming up: ${WARMUP} rounds of every measurement ...`);
    for (let round = 0; round < WARMUP; round++) for (const [, fn] of Object.values(tasks)) await fn();
    const results = {};
    for (const [key, [name, fn]] of Object.entries(tasks)) results[key] = await measure(name, fn);
    const { impact, impactAsOf, raw, procedure, upstream, columns, columnImpact } = results;
    if (impactAsOf.detail !== impact.detail) {
      throw new Error(
        `impact asOf found ${impactAsOf.detail}, today's ${impact.detail}: the same graph should answer alike`,
      );
    }
    const asOfRatio = impactAsOf.p50 / impact.p50;
    console.log(`[bench] impact asOf / impact at p50: ${asOfRatio.toFixed(2)}x (target <= 1.5x)`);

    const ratio = impact.p50 / raw.p50;
    console.log(
      `[bench] GraphQL / raw Cypher at p50: ${ratio.toFixed(2)}x (target <= 1.2x); impact p50 target < 250 ms`,
    );
    expectFigures('lineage', {
      'impact p50': impact.p50,
      'impact asOf p50': impactAsOf.p50,
      'raw p50': raw.p50,
      'procedure p50': procedure.p50,
      'upstream p50': upstream.p50,
      'column closure p50': columns.p50,
      'column impact p50': columnImpact.p50,
      'column closure size': Number.parseInt(columns.detail, 10),
      'impact closure': Number.parseInt(impact.detail, 10),
    });
    console.log(`[bench] column closure p50 ${columns.p50.toFixed(1)} ms (target < 250 ms)`);
    record({ graph, ...results, ratio, asOfRatio, auth: api.auth });
    await api.stop();
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

function record({
  graph,
  impact,
  impactAsOf,
  raw,
  procedure,
  upstream,
  columns,
  columnImpact,
  ratio,
  asOfRatio,
  auth,
}) {
  appendRecord(
    `${graph.nodes.toLocaleString('en')} nodes, ${graph.edges.toLocaleString('en')} edges`,
    [
      `MNEMO_BENCH_NODES=${NODES}, ${ITERATIONS} iterations after ${WARMUP} warm-up rounds of all; Neo4j 5.26 local ` +
        `(heap ${HEAP}, page cache ${PAGE_CACHE}); the api in the bench process, auth ${auth}` +
        `${auth === 'on' ? " (the local admin's token)" : ''}. Column lineage over the hub pipeline: ` +
        `${graph.columns.columns.toLocaleString('en')} columns, ${graph.columns.edges.toLocaleString('en')} edges ` +
        `(bench/generate.js, addColumnLineage); the column closure target is p50 < 250 ms.`,
      '',
      '| measurement | p50 | p95 | result |',
      '|---|---|---|---|',
      ...[impact, impactAsOf, raw, procedure, upstream, columns, columnImpact].map(
        (m) => `| ${m.name} | ${m.p50.toFixed(1)} ms | ${m.p95.toFixed(1)} ms | ${m.detail} |`,
      ),
      '',
      `GraphQL impact / raw Cypher closure at p50: **${ratio.toFixed(2)}×**; GraphQL impact / the procedure's raw call: ${(impact.p50 / procedure.p50).toFixed(2)}×.`,
      `impact asOf ${BENCH_AS_OF} / today's impact at p50: **${asOfRatio.toFixed(2)}×** (target ≤ 1.5×).`,
    ].join('\n'),
    'npm run bench -- lineage',
  );
}

main().catch((error) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
