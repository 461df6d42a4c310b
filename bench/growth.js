// @ts-check
// `npm run bench -- growth`: how costs grow with the graph (issue 16). On the synthetic lineage graph of
// each size (bench/generate.js; 10k, 100k and 1M nodes, each kept in its own .mnemo folder and reused), the
// same two measures: `impact` of the hub version through GraphQL (its closure is the hub pipeline's ~8.6k
// nodes at every size, so what grows is only the graph around it) and OpenLineage START+COMPLETE pairs of
// chained jobs from 8 clients (bench/lineage-events.js) into the api served on that graph. One table,
// printed and appended to docs/benchmarks.md.
//
// The events stay in the graphs they were sent to (namespace bench-growth-warehouse): each run adds its
// jobs' tables, versions and runs beside the generated ones, as a producer would.
//
// Then, on the first graph, how an event's cost grows with the versions of a table it reads (a table
// written hourly holds ~10,000 after a year): a table written once by an event, given that many older
// versions (copies of its version, an hour apart, as a run wrote them), then chained jobs that each read
// it and their own upstream table.
'use strict';

const os = require('node:os');
const { performance } = require('node:perf_hooks');
const { generatedGraph, serveApi } = require('./api.js');
const { HUB_ID } = require('./generate.js');
const { chainedJobs, postLineage } = require('./lineage-events.js');
const { appendRecord, expectFigures, percentile, sized, TINY } = require('./record.js');

/** Graph sizes in nodes; tiny: the hub pipeline alone. */
const SIZES = TINY
  ? [8_621]
  : (process.env.MNEMO_BENCH_GROWTH_SIZES ?? '10000,100000,1000000').split(',').map((size) => Number(size.trim()));
const ITERATIONS = sized('MNEMO_BENCH_ITERATIONS', 20, 2);
const WARMUP = sized('MNEMO_BENCH_WARMUP', 5, 1);
const CLIENTS = sized('MNEMO_BENCH_GROWTH_CLIENTS', 8, 2);
const EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_GROWTH_EVENTS', 1_000, 8) / 2);
const WARMUP_EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_GROWTH_WARMUP_EVENTS', 1_000, 4) / 2);
/** How many versions the table every event reads has, one row each. */
const VERSION_COUNTS = TINY
  ? [10, 100]
  : (process.env.MNEMO_BENCH_GROWTH_VERSIONS ?? '10,1000,10000,30000').split(',').map((count) => Number(count.trim()));
const HOT_EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_GROWTH_HOT_EVENTS', 600, 8) / 2);
const HEAP = TINY ? '1g' : '4g';
const PAGE_CACHE = TINY ? '256m' : '6g';
const log = (line) => console.log(`[bench] ${line}`);

const IMPACT_QUERY = `query($t: ID!, $d: Int) { impact(target: $t, maxDepth: $d) {
  total affected { node { id } depth why } productionDeploymentsAtRisk { node { id } } ownersToNotify { owns } } }`;

/** Runs `work` with the api served on the generated graph of `size` nodes, and stops both after it. */
async function onServedGraph(size, work) {
  const { neo4j, db, graph } = await generatedGraph(size, { heap: HEAP, pageCache: PAGE_CACHE, log });
  try {
    const api = await serveApi(db);
    try {
      return await work({ api, db, graph });
    } finally {
      await api.stop();
    }
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

/** The two measures on the graph of one size. */
function onGraphOf(size) {
  return onServedGraph(size, async ({ api, graph }) => {
    const impact = async () => (await api.graphql(IMPACT_QUERY, { t: HUB_ID, d: 20 })).impact.total;
    for (let i = 0; i < WARMUP; i++) await impact();
    const times = [];
    let affected = 0;
    for (let i = 0; i < ITERATIONS; i++) {
      const began = performance.now();
      affected = await impact();
      times.push(performance.now() - began);
    }
    times.sort((a, b) => a - b);
    // A prefix of its own per run and size: each run's jobs write new tables, as the ingest bench's do.
    const prefix = `growth${Date.now().toString(36)}`;
    const send = (jobs) => postLineage(api.url, api.headers, jobs, CLIENTS);
    await send(chainedJobs(`${prefix}.warmup`, Math.max(CLIENTS, WARMUP_EVENTS / 2)));
    const lineage = await send(chainedJobs(prefix, EVENTS / 2));
    if (lineage.failures.length) log(`  failed: ${lineage.failures.join('\n          ')}`);
    const row = {
      size,
      nodes: graph.nodes,
      edges: graph.edges,
      affected,
      impactP50: percentile(times, 50),
      impactP95: percentile(times, 95),
      eventsPerSecond: lineage.perSecond,
      failed: lineage.failed,
    };
    log(`  ${JSON.stringify(row)}`);
    return row;
  });
}

/** Gives the version a run wrote `count - 1` older copies, an hour apart, written by the same run. */
const OLDER_VERSIONS = `
MATCH (version:DatasetVersion {id: $versionId})-[:VERSION_OF]->(dataset:Dataset)
MATCH (version)-[:GENERATED_BY]->(run:Run)
UNWIND range(1, $count - 1) AS i
CALL (version, dataset, run, i) {
  WITH version, dataset, run, i, coalesce(version.writtenTime, datetime(version.writtenAt)) - duration({hours: i}) AS writtenTime
  CREATE (copy:Entity:DatasetVersion)
  SET copy = version {.*, id: version.id + '.' + i, version: version.version + '.' + i, writtenTime: writtenTime,
                      createdAt: writtenTime, writtenAt: toString(writtenTime)}
  CREATE (copy)-[:VERSION_OF]->(dataset), (copy)-[:GENERATED_BY]->(run)
} IN TRANSACTIONS OF 5000 ROWS`;

/** OpenLineage events/s of jobs that each read a table of `count` versions, on the graph of `size` nodes. */
function onHotTable(size, counts) {
  return onServedGraph(size, async ({ api, db }) => {
    const rows = [];
    const send = (jobs) => postLineage(api.url, api.headers, jobs, CLIENTS);
    // A warm-up round first (a table of one version, not recorded): the api was just started.
    for (const [round, count] of [1, ...counts].entries()) {
      const prefix = `hot${Date.now().toString(36)}`;
      const hot = `${prefix}.hot`;
      const [writer] = chainedJobs(prefix, 1);
      await send([{ ...writer, output: hot }]);
      const [written] = await db.runScript(
        'MATCH (v:DatasetVersion)-[:GENERATED_BY]->(:Run {id: $run}) RETURN v.id AS id',
        { run: `run:${writer.runId.replace(/-/g, '')}` },
      );
      await db.runScript(OLDER_VERSIONS, { versionId: written.id, count: Math.max(count, 1) });
      const readers = chainedJobs(`${prefix}.r`, HOT_EVENTS / 2).map((job) => ({
        ...job,
        inputs: [hot, job.inputs[1]],
      }));
      const lineage = await send(readers);
      if (lineage.failures.length) log(`  failed: ${lineage.failures.join('\n          ')}`);
      const row = { count, eventsPerSecond: lineage.perSecond, startP50: lineage.startP50, failed: lineage.failed };
      log(`  ${JSON.stringify(row)}`);
      if (round > 0) rows.push(row);
    }
    return rows;
  });
}

async function main() {
  const rows = [];
  for (const size of SIZES) {
    log(`graph of ${size.toLocaleString('en')} nodes: impact ×${ITERATIONS}, then ${EVENTS} OpenLineage events ...`);
    rows.push(await onGraphOf(size));
  }
  log(
    `graph of ${SIZES[0].toLocaleString('en')} nodes: ${HOT_EVENTS} OpenLineage events reading a table of ${VERSION_COUNTS.join(', ')} versions ...`,
  );
  const hotRows = await onHotTable(SIZES[0], VERSION_COUNTS);
  expectFigures('growth (versions)', { 'events/s': hotRows[hotRows.length - 1].eventsPerSecond });
  expectFigures('growth', {
    'impact p50': rows[0].impactP50,
    'events/s': rows[0].eventsPerSecond,
    'impact closure': rows[0].affected,
  });
  const failed = [...rows, ...hotRows].reduce((sum, row) => sum + row.failed, 0);
  if (failed > 0) throw new Error(`${failed} OpenLineage events were refused or failed (see above)`);
  if (TINY) return;
  const n = (value) => value.toLocaleString('en');
  appendRecord(
    'How costs grow: impact and OpenLineage events/s on graphs of 10k, 100k and 1M nodes, and on tables of many versions',
    [
      `Per size, the generated graph (bench/generate.js, kept and reused) in a local Neo4j 5.26 (heap ${HEAP}, ` +
        `page cache ${PAGE_CACHE}), the api in the bench process with auth on (the local admin's token): ` +
        `\`impact\` of the hub version through GraphQL, ${ITERATIONS} calls after ${WARMUP}, then ${n(EVENTS)} ` +
        `OpenLineage events (START+COMPLETE of chained jobs, bench/lineage-events.js) from ${CLIENTS} keep-alive ` +
        `clients after ${n(WARMUP_EVENTS)} of warm-up. The hub's closure is the same pipeline at every size, so ` +
        `the rows show what the rest of the graph costs. Load average at the end ${os.loadavg()[0].toFixed(1)} ` +
        `(the machine is shared).`,
      '',
      '| graph | impact p50 | impact p95 | affected | OpenLineage events/s |',
      '|---|---|---|---|---|',
      ...rows.map(
        (row) =>
          `| ${n(row.nodes)} nodes, ${n(row.edges)} edges | ${row.impactP50.toFixed(1)} ms | ` +
          `${row.impactP95.toFixed(1)} ms | ${n(row.affected)} | ${row.eventsPerSecond.toFixed(1)} |`,
      ),
      '',
      `Then, on the ${n(rows[0].nodes)}-node graph, ${n(HOT_EVENTS)} OpenLineage events (START+COMPLETE of ` +
        `chained jobs, ${CLIENTS} clients) that each read one table and their own upstream table, the table ` +
        `given that many versions first (a version written by an event, and copies of it an hour apart each), ` +
        `after a warm-up round on a table of one version:`,
      '',
      '| versions of the table every event reads | OpenLineage events/s | START p50 |',
      '|---|---|---|',
      ...hotRows.map(
        (row) => `| ${n(row.count)} | ${row.eventsPerSecond.toFixed(1)} | ${row.startP50.toFixed(1)} ms |`,
      ),
    ].join('\n'),
    'npm run bench -- growth',
  );
}

main().catch((error) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
