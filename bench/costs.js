// @ts-check
// `npm run bench -- costs`: the cost and drift queries on a large project (bench/costs-generate.js:
// 20,000 runs, 40 experiments in 8 families, GPU utilisation series, 200 dataset versions, PROD
// deployments), through the real api over HTTP (createApp, GraphQL, auth off, as the tests run it),
// against its own local Neo4j. Every query is warmed up before it is timed; the database round trips
// of a page of 100 runs with their costs are counted with the driver the api itself uses.
// Results are printed and appended to docs/benchmarks.md.
'use strict';

const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { benchNeo4j, serveApi } = require('./api.js');
const { generateCostProject, PROJECT_ID, BIGGEST_FAMILY } = require('./costs-generate.js');
const { appendRecord, expectFigures, percentile, sized, TINY } = require('./record.js');

const API = path.join(__dirname, '../services/api/dist');
require('reflect-metadata');
const { createDriver, GraphDatabase } = require(path.join(API, 'platform/neo4j.js'));
const { countRoundTrips } = require(path.join(API, 'platform/round-trips.js'));
const { migrate } = require(path.join(API, 'platform/migrations.js'));

// Tiny (MNEMO_BENCH_TINY=1): a project of 400 runs, every query timed twice.
const RUNS = sized('MNEMO_BENCH_COST_RUNS', 20_000, 400);
const ITERATIONS = sized('MNEMO_BENCH_ITERATIONS', 12, 2);
const WARMUP = sized('MNEMO_BENCH_WARMUP', 2, 1); // rounds of every query before any is timed
const HEAP = TINY ? '1g' : '2g';
const PAGE_CACHE = TINY ? '256m' : '2g';
const log = (line) => console.log(`[bench] ${line}`);

const QUERIES = {
  summary: `query($p: ID!, $g: CostGrouping!) { costSummary(projectId: $p, groupBy: $g) {
    key label runCount totalUsd recordedUsd derivedUsd unknownCount } }`,
  improvement: `query($p: ID!, $f: String!) { improvementPerDollar(projectId: $p, family: $f, metric: "auc") {
    label totalUsd unknownCostRuns points { runId startedAt costUsd cumulativeUsd value bestSoFar newBest gain
    spendSincePreviousBestUsd gainPerDollar } } }`,
  waste: `query($p: ID!) { costWaste(projectId: $p) { idleUsd idleAcceleratorHours lostUsd totalUsd runs {
    runId status costUsd costSource utilizationMetrics idleAcceleratorHours idleUsd lostUsd explanation } } }`,
  drift: `query($p: ID!) { driftFlags(projectId: $p) { kind subjectId previousId column metric measure value
    threshold affectsProduction productionModelVersionIds productionDeploymentIds explanation lineageRootId } }`,
  page: `query($p: ID!) { runs(first: 100, filter: { projectId: $p }) { nodes { id name status
    cost { usd source unknownReason hours explanation pricesEffectiveFrom prices { kind name usdPerHour count } } } } }`,
  pageWithoutCost: `query($p: ID!) { runs(first: 100, filter: { projectId: $p }) { nodes { id name status } } }`,
};

async function main() {
  const neo4j = await benchNeo4j(RUNS === 20_000 ? 'bench-costs-neo4j' : `bench-costs-neo4j-${RUNS}`, {
    heap: HEAP,
    pageCache: PAGE_CACHE,
    log,
  });
  const counting = countRoundTrips(createDriver({ uri: neo4j.uri }));
  const db = new GraphDatabase(counting.driver);
  try {
    await migrate(db);
    const project = await generateCostProject(db.driver, RUNS, log);
    // Auth off, the caller named by x-mnemo-actor, as the tests' harness runs the api (bench/api.js).
    const api = await serveApi(db, { auth: 'off', actor: 'user:bench-costs-0' });
    const graphql = (query, variables) => api.graphql(query, { p: PROJECT_ID, ...variables });

    /** @type {[string, () => Promise<string>][]} */
    const tasks = [
      ...['EXPERIMENT', 'FAMILY', 'PROJECT', 'OWNER', 'MONTH'].map(
        (g) =>
          /** @type {[string, () => Promise<string>]} */ ([
            `costSummary(groupBy: ${g})`,
            async () => {
              const { costSummary: groups } = await graphql(QUERIES.summary, { g });
              const runs = groups.reduce((n, group) => n + group.runCount, 0);
              const total = groups.reduce((n, group) => n + group.totalUsd, 0);
              const unknown = groups.reduce((n, group) => n + group.unknownCount, 0);
              return `${groups.length} groups, ${runs} runs, $${Math.round(total).toLocaleString('en')}, ${unknown} unknown`;
            },
          ]),
      ),
      [
        'improvementPerDollar (biggest family, auc)',
        async () => {
          const { improvementPerDollar: curve } = await graphql(QUERIES.improvement, { f: BIGGEST_FAMILY });
          const bests = curve.points.filter((point) => point.newBest).length;
          return `${curve.points.length} runs, ${bests} new bests, ${curve.unknownCostRuns} unknown cost`;
        },
      ],
      [
        'costWaste (threshold 10%)',
        async () => {
          const { costWaste: waste } = await graphql(QUERIES.waste, {});
          const idle = waste.runs.filter((run) => run.idleAcceleratorHours > 0).length;
          return `${waste.runs.length} runs (${idle} idle), idle $${Math.round(waste.idleUsd).toLocaleString('en')}, lost $${Math.round(waste.lostUsd).toLocaleString('en')}`;
        },
      ],
      [
        'driftFlags (all kinds)',
        async () => {
          const { driftFlags: flags } = await graphql(QUERIES.drift, {});
          const byKind = new Map();
          for (const flag of flags) byKind.set(flag.kind, (byKind.get(flag.kind) ?? 0) + 1);
          const prod = flags.filter((flag) => flag.affectsProduction).length;
          return `${flags.length} flags (${[...byKind].map(([k, n]) => `${n} ${k}`).join(', ')}; ${prod} reach PROD)`;
        },
      ],
      [
        'Run.cost, a page of 100 runs',
        async () => {
          const { runs } = await graphql(QUERIES.page, {});
          const sources = new Map();
          for (const run of runs.nodes) sources.set(run.cost.source, (sources.get(run.cost.source) ?? 0) + 1);
          return `${runs.nodes.length} runs (${[...sources].map(([k, n]) => `${n} ${k}`).join(', ')})`;
        },
      ],
      [
        'the same page without cost',
        async () => `${(await graphql(QUERIES.pageWithoutCost, {})).runs.nodes.length} runs`,
      ],
    ];

    const roundTrips = async (query) => {
      await graphql(query, {});
      counting.reset();
      await graphql(query, {});
      return counting.count;
    };
    const trips = { page: await roundTrips(QUERIES.page), pageWithoutCost: await roundTrips(QUERIES.pageWithoutCost) };
    log(`round trips: page of 100 runs with cost ${trips.page}, without cost ${trips.pageWithoutCost}`);

    log(`warming up: ${WARMUP} rounds of every query ...`);
    const firstCalls = new Map();
    for (let round = 0; round < WARMUP; round++) {
      for (const [name, fn] of tasks) {
        const began = performance.now();
        await fn();
        if (round === 0) firstCalls.set(name, performance.now() - began);
      }
    }
    const results = [];
    for (const [name, fn] of tasks) {
      const times = [];
      let detail = '';
      for (let i = 0; i < ITERATIONS; i++) {
        const began = performance.now();
        detail = await fn();
        times.push(performance.now() - began);
      }
      times.sort((a, b) => a - b);
      const result = {
        name,
        p50: percentile(times, 50),
        p95: percentile(times, 95),
        first: firstCalls.get(name),
        detail,
      };
      log(`${name}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms (${detail})`);
      results.push(result);
    }
    expectFigures('costs', {
      ...Object.fromEntries(results.map((result) => [`${result.name} p50`, result.p50])),
      'runs in the page': Number.parseInt(results[results.length - 1].detail, 10),
      'round trips of the page': trips.page,
    });
    record(project, results, trips);
    await api.stop();
  } finally {
    await db.close();
    await neo4j.stop();
  }
}

function record(project, results, trips) {
  const ms = (x) => `${x.toFixed(1)} ms`;
  const generation = project.reused
    ? `generated in ${project.seconds.toFixed(0)} s when first built (reused this run)`
    : `generated in ${project.seconds.toFixed(0)} s`;
  appendRecord(
    `Cost and drift queries on ${project.runs.toLocaleString('en')} runs`,
    [
      `Through the api over HTTP (createApp, GraphQL, auth off), its own local Neo4j 5.26 (heap ${HEAP}, page cache ` +
        `${PAGE_CACHE}), same process as the client. Project (bench/costs-generate.js, ${generation}): ` +
        `${project.runs.toLocaleString('en')} runs in ${project.experiments} experiments of ${project.families} families ` +
        `(the biggest 12 experiments), ${project.metrics.toLocaleString('en')} metrics with ` +
        `${project.points.toLocaleString('en')} points (GPU utilisation: 300 a device for ~10% of the runs), ` +
        `${project.datasetVersions} dataset versions with schemas and column statistics, ${project.modelVersions} model ` +
        `versions, ${project.deployments} deployments (${project.prodDeployments} PROD). ${ITERATIONS} timed calls each ` +
        `after ${WARMUP} warm-up rounds of all; load average at the end ${os.loadavg()[0].toFixed(1)} (the machine ` +
        `is shared).`,
      '',
      '| measurement | p50 | p95 | first call | result |',
      '|---|---|---|---|---|',
      ...results.map((r) => `| ${r.name} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.first)} | ${r.detail} |`),
      '',
      `Database round trips for the page of 100 runs with \`cost\`: **${trips.page}** (without \`cost\`: ` +
        `${trips.pageWithoutCost}), so the 100 costs are ${trips.page - trips.pageWithoutCost} batched query.`,
    ].join('\n'),
    'npm run bench -- costs',
  );
}

main().catch((error) => {
  console.error('[bench] failed:', error);
  process.exit(1);
});
