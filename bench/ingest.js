// @ts-check
// `npm run bench -- ingest`: how fast Mnemo takes writes from real producers, side by side in one run, with
// the targets of issue 16 printed beside each figure:
//   1. the first start on an empty folder: services/api/dist/main.js (what `npm start` runs) with a fresh data
//      folder and fresh ports, its own local Neo4j, auth on; timed from spawn until a GraphQL query for a demo
//      project answers (with the admin token the first start writes);
//   2. OpenLineage START+COMPLETE pairs from concurrent clients (keep-alive HTTP) to POST /api/v1/lineage of
//      that api, chained jobs (each reads 2 datasets and writes 1; job i writes what later jobs read), beside
//      the same clients against a server that stores nothing (bench/null-server.js, its own process), and
//      Neo4j's floor: the same events written straight into that Neo4j the cheapest way (bench/neo4j-floor.js);
//   3. the unmodified mlflow client's log_metric and log_batch (bench/mlflow_workload.py, client processes)
//      against that api, a real `mlflow server` (SQLite backend) and the store-nothing server.
// Sizes: MNEMO_BENCH_INGEST_* (see below); MNEMO_BENCH_TINY=1 for a smoke run of seconds (demo off, nothing
// recorded). The table is printed and appended to docs/benchmarks.md.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { startMlflow, workload } = require('./mlflow.js');
const { freePort } = require('./net.js');
const { chainedJobs, lineageEvent, postLineage } = require('./lineage-events.js');
const { neo4jFloor } = require('./neo4j-floor.js');
const { startNullServer } = require('./null-server.js');
const { appendRecord, expectFigures, percentile, sized, TINY } = require('./record.js');

const ROOT = path.join(__dirname, '..');
const MAIN = path.join(ROOT, 'services/api/dist/main.js');

const CLIENTS = sized('MNEMO_BENCH_INGEST_CLIENTS', 8, 2);
/** OpenLineage events sent to Mnemo (START+COMPLETE pairs, so even), after one warm-up pair per client. */
const EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_INGEST_EVENTS', 1_000, 8) / 2);
/** The same clients against the store-nothing server: more events, so its far shorter run is still measurable. */
const CEILING_EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_INGEST_CEILING_EVENTS', 20_000, 200) / 2);
/** Events written for Neo4j's floor (bench/neo4j-floor.js), after as many as a warm-up: its run is short. */
const FLOOR_EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_INGEST_FLOOR_EVENTS', 4_000, 8) / 2);
const MLFLOW_CLIENTS = sized('MNEMO_BENCH_INGEST_MLFLOW_CLIENTS', CLIENTS, 2);
/** log_metric calls per mlflow client. */
const SINGLES = sized('MNEMO_BENCH_INGEST_SINGLES', 200, 5);
/** log_batch calls per mlflow client, of BATCH_SIZE points each (ten metrics, BATCH_SIZE / 10 steps). */
const BATCHES = sized('MNEMO_BENCH_INGEST_BATCHES', 50, 2);
const BATCH_SIZE = sized('MNEMO_BENCH_INGEST_BATCH_SIZE', 100, 100);
/**
 * Warm-up before anything is measured, for every server alike: OpenLineage events (START+COMPLETE pairs)
 * and rounds of the mlflow workload as large as the measured one. The first start is measured cold on
 * its own; after it, Neo4j's JVM spends minutes compiling its hot paths, and a server runs for days, so
 * the throughput parts measure it warm. How long that takes was measured on this 2-core machine
 * (2026-12-06, a Neo4j of its own, rounds of 400 log_batch and 1,600 log_metric calls): the C2 compiler
 * thread took 7.6, 4.1, 3.1, 2.2 and 1.1 CPU-s in rounds 1–5, and the round's figures rose with it
 * (log_batch 4.7k → 19.7k points/s, log_metric 136 → 355/s by round 7). So six rounds, and the compilers'
 * CPU in each round is printed (and recorded for the measured one), to show whether they had settled.
 */
const WARMUP_EVENTS = 2 * Math.ceil(sized('MNEMO_BENCH_INGEST_WARMUP_EVENTS', 6_000, 2) / 2);
/** Rounds of the mlflow workload, each as large as the measured round, before it is measured. */
const WARMUP_ROUNDS = sized('MNEMO_BENCH_INGEST_WARMUP_ROUNDS', 6, 1);
/**
 * Cold first starts, each on an empty folder of its own; the median is the figure (a single start moved
 * by ±3 s with the shared machine's load, 2026-12-06). The last one's process takes the writes after it.
 */
const FIRST_STARTS = sized('MNEMO_BENCH_INGEST_FIRST_STARTS', 3, 1);
/** The first start loads the demo organisation (as `npm start` does); tiny runs leave it out (it takes minutes). */
const DEMO = (process.env.MNEMO_BENCH_INGEST_DEMO ?? (TINY ? 'off' : 'on')) !== 'off';
/** `first-start`, `lineage` or `mlflow` for that part alone (while working on it): printed, not recorded. */
const ONLY = process.env.MNEMO_BENCH_INGEST_ONLY ?? '';
const START_TIMEOUT_MS = 15 * 60_000;
const log = (line) => console.log(`[bench] ${line}`);

/** What the issue asks for (issue 16), beside each figure. */
const TARGETS = {
  lineage: '≥ 1,000 events/s (or ≥ 50% of the store-nothing server when it takes < 2,000/s)',
  logMetric: '≥ 3× MLflow',
  logBatch: '≥ 3× MLflow and ≥ 40% of the store-nothing server',
  firstStart: '< 20 s',
};

/** The last lines of a log file, for an error message. */
function tail(file, lines = 30) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * 1. `node services/api/dist/main.js` on an empty folder with fresh ports (its own local Neo4j), timed until
 * a GraphQL query for a demo project (MLflow's project without the demo) answers with its token.
 */
async function firstStart(scratch) {
  const port = await freePort();
  let boltPort = await freePort();
  while (boltPort === port) boltPort = await freePort();
  const tokenFile = path.join(scratch, 'admin-token');
  const logFile = path.join(scratch, 'api.log');
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    MNEMO_HOST: '127.0.0.1',
    MNEMO_PORT: String(port),
    MNEMO_LOCAL_BOLT_PORT: String(boltPort),
    MNEMO_DATA_DIR: path.join(scratch, 'neo4j'),
    MNEMO_ARTIFACT_ROOT: path.join(scratch, 'artifacts'),
    MNEMO_ADMIN_TOKEN_FILE: tokenFile,
    MNEMO_AUTH: 'on',
    MNEMO_DEMO: DEMO ? 'on' : 'off',
  };
  for (const name of ['NEO4J_URI', 'NEO4J_USER', 'NEO4J_PASSWORD', 'NEO4J_DATABASE']) delete env[name];
  const url = `http://127.0.0.1:${port}`;
  const projectId = DEMO ? 'project:churn' : 'project:mlflow';
  const output = fs.openSync(logFile, 'a');
  const began = performance.now();
  // Its own process group, with the Neo4j it starts: a tiny run, whose folder is thrown away, ends both at once.
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env, stdio: ['ignore', output, output], detached: true });
  fs.closeSync(output);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const group = -(/** @type {number} */ (child.pid));
  const stop = async () => {
    if (TINY) {
      try {
        process.kill(group, 'SIGKILL');
      } catch {
        /* already gone */
      }
      return;
    }
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM'); // main.ts stops its Neo4j cleanly, then exits
    const killer = setTimeout(() => process.kill(group, 'SIGKILL'), 120_000);
    await exited;
    clearTimeout(killer);
  };
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the api exited (${child.exitCode}) before answering`);
      if (performance.now() - began > START_TIMEOUT_MS)
        throw new Error(`the api did not answer in ${START_TIMEOUT_MS} ms`);
      if (fs.existsSync(tokenFile)) {
        const secret = fs.readFileSync(tokenFile, 'utf8').trim();
        const answer = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
          body: JSON.stringify({
            query: 'query($id: ID!) { project(id: $id) { id name } }',
            variables: { id: projectId },
          }),
        })
          .then((response) => response.json())
          .catch(() => null);
        if (answer?.data?.project?.id === projectId) {
          const seconds = (performance.now() - began) / 1000;
          const bolt = `bolt://127.0.0.1:${boltPort}`;
          return { url, secret, seconds, projectId, logFile, stop, bolt, home: path.join(scratch, 'neo4j') };
        }
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw new Error(`${error.message}\n--- the api's log (last lines) ---\n${tail(logFile)}`);
  }
}

/**
 * CPU-seconds Neo4j's JIT compiler threads (C1 and C2) have used so far, in the local Neo4j whose data
 * folder is `home`: the difference over a round says whether the JVM was still compiling its hot paths.
 * Read from /proc (Linux); null elsewhere, for no `home`, or when the process is not found.
 * @param {string} home
 * @returns {number | null}
 */
function jitSeconds(home) {
  const pid = neo4jPid(home);
  if (!pid) return null;
  try {
    let total = 0;
    for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
      const comm = fs.readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8');
      if (/^C[12] CompilerThre/.test(comm)) total += cpuSeconds(`/proc/${pid}/task/${task}/stat`);
    }
    return total;
  } catch {
    return null;
  }
}

/**
 * CPU-seconds the local Neo4j whose data folder is `home` has used so far (null as for jitSeconds).
 * @param {string} home
 */
function neo4jSeconds(home) {
  const pid = neo4jPid(home);
  try {
    return pid ? cpuSeconds(`/proc/${pid}/stat`) : null;
  } catch {
    return null;
  }
}

/** The pid of the local Neo4j whose data folder is `home`, from /proc (Linux); undefined when not found. */
function neo4jPid(/** @type {string} */ home) {
  if (!home) return undefined;
  try {
    return fs.readdirSync('/proc').find((entry) => {
      if (!/^\d+$/.test(entry)) return false;
      try {
        const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        return args[0].endsWith('java') && args.includes(home);
      } catch {
        return false; // gone meanwhile
      }
    });
  } catch {
    return undefined;
  }
}

/** utime + stime of a /proc stat file (fields 14 and 15, counted after the parenthesised name), in seconds. */
function cpuSeconds(/** @type {string} */ statFile) {
  const fields = fs.readFileSync(statFile, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // USER_HZ, 100 on Linux
}

/**
 * Runs `work` and answers its result with the CPU-s the JIT compilers of the local Neo4j at `home`
 * used meanwhile (null when they cannot be read, or for no `home`: a server that is no JVM).
 * @template T
 * @param {string} home
 * @param {() => Promise<T>} work
 * @returns {Promise<{ result: T, jit: number | null }>}
 */
async function withJit(home, work) {
  const before = jitSeconds(home);
  const result = await work();
  const after = jitSeconds(home);
  return { result, jit: before === null || after === null ? null : after - before };
}

/** Milliseconds of CPU per event between two readings of neo4jSeconds (null when either is unknown). */
const perEvent = (
  /** @type {number | null} */ before,
  /** @type {number | null} */ after,
  /** @type {number} */ events,
) => (before === null || after === null ? null : (1000 * (after - before)) / events);

const jitNote = (/** @type {number | null} */ jit) =>
  jit === null ? '' : ` (Neo4j's JIT compilers: ${jit.toFixed(1)} CPU-s meanwhile)`;

/** Lines of the api's log that report a failed request (500s), counted, the first few shown. */
function serverErrors(logFile) {
  const lines = fs
    .readFileSync(logFile, 'utf8')
    .split('\n')
    .filter((line) => /Unexpected error|could not/i.test(line));
  return { count: lines.length, first: lines.slice(0, 3) };
}

/** The mlflow the venv has (compat/requirements.txt pins it). */
function mlflowVersion() {
  const pinned = /^mlflow==(\S+)/m.exec(fs.readFileSync(path.join(ROOT, 'compat/requirements.txt'), 'utf8'));
  return pinned ? `mlflow ${pinned[1]}` : 'mlflow';
}

function sourceState() {
  const git = (...args) => spawnSync('git', ['-C', ROOT, ...args], { encoding: 'utf8' });
  const head = git('rev-parse', '--short', 'HEAD');
  if (head.status !== 0) return 'source: not a git checkout';
  const dirty = git('status', '--porcelain', '--', 'services/api', 'cypher').stdout.trim();
  return `commit ${head.stdout.trim()}${dirty ? ' with uncommitted changes in services/api or cypher' : ''}`;
}

async function main() {
  const { ensurePythonEnv } = await import('../scripts/python-env.mjs');
  const python = ensurePythonEnv(ROOT, log);
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: build the api first (npx tsc -b services/api)`);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'mnemo-bench-ingest-'));
  /** @type {(() => Promise<void>)[]} */
  const stops = [];
  /** @type {Record<string, any>} */
  const r = { jit: {} };
  try {
    /** @type {Awaited<ReturnType<typeof firstStart>> | undefined} */
    let started;
    r.firstStarts = [];
    for (let i = 1; i <= FIRST_STARTS; i++) {
      if (started) await started.stop();
      const folder = path.join(scratch, `start-${i}`);
      fs.mkdirSync(folder);
      log(
        `first start ${i}/${FIRST_STARTS}: services/api/dist/main.js on an empty folder (${folder}), demo ${DEMO ? 'on' : 'off'} ...`,
      );
      started = await firstStart(folder);
      r.firstStarts.push(started.seconds);
      log(`  the api answered for ${started.projectId} after ${started.seconds.toFixed(1)} s`);
    }
    const api = /** @type {Awaited<ReturnType<typeof firstStart>>} */ (started);
    stops.push(api.stop);
    r.firstStart = percentile(
      [...r.firstStarts].sort((a, b) => a - b),
      50,
    );
    if (ONLY === 'first-start') return;
    const headers = { authorization: `Bearer ${api.secret}` };

    const ceiling = await startNullServer({ history: (BATCHES * BATCH_SIZE) / 10 });
    stops.push(ceiling.stop);
    const prefix = `b${Date.now().toString(36)}`;
    for (const [name, base, events, auth] of /** @type {const} */ ([
      ['Mnemo', api.url, EVENTS, headers],
      ['store-nothing', ceiling.url, CEILING_EVENTS, {}],
    ])) {
      if (ONLY === 'mlflow') break;
      log(`OpenLineage: ${CLIENTS} clients, ${events} events (START+COMPLETE, chained jobs) to ${name} ...`);
      const warmup = await withJit(api.home, () =>
        postLineage(base, auth, chainedJobs(`${prefix}.warmup`, Math.max(CLIENTS, WARMUP_EVENTS / 2)), CLIENTS),
      );
      log(`  warm-up: ${warmup.result.events} events at ${warmup.result.perSecond.toFixed(1)}/s${jitNote(warmup.jit)}`);
      const neo4jBefore = neo4jSeconds(api.home);
      const measured = await withJit(api.home, () => postLineage(base, auth, chainedJobs(prefix, events / 2), CLIENTS));
      r[`lineage ${name}`] = measured.result;
      if (name === 'Mnemo') r.neo4jPerEvent = perEvent(neo4jBefore, neo4jSeconds(api.home), events);
      if (name === 'Mnemo') r.jit.lineage = measured.jit;
      const { failures, ...figures } = measured.result;
      log(
        `  ${JSON.stringify(figures)}${jitNote(measured.jit)}` +
          `${failures.length ? `\n  failed: ${failures.join('\n          ')}` : ''}`,
      );
    }

    if (ONLY !== 'mlflow') {
      // Groups of as many events as there are clients: the most a group commit can gather from them.
      log(
        `Neo4j's floor: ${FLOOR_EVENTS} such events straight into Mnemo's Neo4j, ${CLIENTS} a statement, 2 at once ...`,
      );
      const payload = lineageEvent(chainedJobs(`${prefix}.size`, 1)[0], 'START', new Date().toISOString());
      const floor = (/** @type {string} */ name) =>
        neo4jFloor(api.bolt, chainedJobs(`${prefix}.${name}`, FLOOR_EVENTS / 2), { group: CLIENTS, payload });
      const warmup = await withJit(api.home, () => floor('floor-warmup'));
      log(`  warm-up: ${warmup.result.events} events at ${warmup.result.perSecond.toFixed(1)}/s${jitNote(warmup.jit)}`);
      const neo4jBefore = neo4jSeconds(api.home);
      r.floor = await floor('floor');
      r.floor.neo4jPerEvent = perEvent(neo4jBefore, neo4jSeconds(api.home), FLOOR_EVENTS);
      log(`  ${JSON.stringify(r.floor)}`);
    }
    if (ONLY === 'lineage') return;
    log('starting mlflow server (SQLite backend, an empty database) ...');
    const mlflow = await startMlflow(python, path.join(scratch, 'mlflow'));
    stops.push(mlflow.stop);
    const args = [
      ...['--clients', String(MLFLOW_CLIENTS), '--batches', String(BATCHES)],
      ...['--singles', String(SINGLES), '--batch-size', String(BATCH_SIZE)],
    ];
    for (const [name, base, secret] of [
      ['MLflow', mlflow.url, null],
      ['Mnemo', api.url, api.secret],
      ['store-nothing', ceiling.url, null],
    ]) {
      log(
        `mlflow client: ${MLFLOW_CLIENTS} processes, ${BATCHES} log_batch of ${BATCH_SIZE} points then ${SINGLES} ` +
          `log_metric each, against ${name} ...`,
      );
      // The store-nothing server has nothing to warm (and answers a fixed history, sized for the measured round).
      // Neo4j's compilers are counted for Mnemo's rounds only (the others are no JVM).
      const home = name === 'Mnemo' ? api.home : '';
      for (let round = 1; name !== 'store-nothing' && round <= WARMUP_ROUNDS; round++) {
        const warmup = await withJit(home, () => workload(python, ['ingest', base, ...args], secret));
        log(`  warm-up ${round}/${WARMUP_ROUNDS}: ${JSON.stringify(warmup.result)}${jitNote(warmup.jit)}`);
      }
      const measured = await withJit(home, () => workload(python, ['ingest', base, ...args], secret));
      r[`mlflow ${name}`] = measured.result;
      if (name === 'Mnemo') r.jit.mlflow = measured.jit;
      log(`  ${JSON.stringify(measured.result)}${jitNote(measured.jit)}`);
    }
    r.serverErrors = serverErrors(api.logFile);
    if (r.serverErrors.count)
      log(`the api logged ${r.serverErrors.count} failed requests, e.g.\n  ${r.serverErrors.first.join('\n  ')}`);
  } finally {
    for (const stop of stops.reverse()) await stop().catch((error) => log(`(stopping: ${error.message})`));
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  if (ONLY) return;
  report(r);
}

function report(r) {
  const lineage = r['lineage Mnemo'];
  const lineageCeiling = r['lineage store-nothing'];
  const [mlflow, mnemo, ceiling] = ['MLflow', 'Mnemo', 'store-nothing'].map((name) => r[`mlflow ${name}`]);
  const metricRatio = mnemo.single_points_per_s / mlflow.single_points_per_s;
  const batchRatio = mnemo.batch_points_per_s / mlflow.batch_points_per_s;
  const batchShare = mnemo.batch_points_per_s / ceiling.batch_points_per_s;
  const lineageShare = lineage.perSecond / lineageCeiling.perSecond;
  const met = {
    lineage: lineage.perSecond >= 1000 || (lineageCeiling.perSecond < 2000 && lineageShare >= 0.5),
    logMetric: metricRatio >= 3,
    logBatch: batchRatio >= 3 && batchShare >= 0.4,
    firstStart: DEMO && r.firstStart < 20,
  };
  const n = (x, digits = 0) =>
    x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const yes = (ok) => (ok ? 'yes' : '**no**');
  const jitFigure = (/** @type {number | null} */ jit) => (jit === null ? 'an unknown amount' : `${n(jit, 1)} s`);
  const pct = (x) => `${n(100 * x, x < 0.01 ? 2 : 1)}%`;
  const failed = lineage.failed ? `; **${n(lineage.failed)} of ${n(lineage.events)} failed**` : '';
  const rows = [
    '| measure | Mnemo | MLflow server | Mnemo / MLflow | store-nothing server | Mnemo / store-nothing | target | met |',
    '|---|---|---|---|---|---|---|---|',
    `| OpenLineage START+COMPLETE, ${CLIENTS} clients, chained jobs (2 read, 1 written) | ` +
      `**${n(lineage.perSecond, 1)} events/s** (START p50 ${n(lineage.startP50)} ms, p95 ${n(lineage.startP95)} ms; ` +
      `COMPLETE p50 ${n(lineage.completeP50)} ms, p95 ${n(lineage.completeP95)} ms${failed}) | — | — | ` +
      `${n(lineageCeiling.perSecond)} events/s | ${pct(lineageShare)} | ${TARGETS.lineage} | ${yes(met.lineage)} |`,
    `| mlflow client \`log_metric\`, ${MLFLOW_CLIENTS} clients | **${n(mnemo.single_points_per_s, 1)} points/s** | ` +
      `${n(mlflow.single_points_per_s, 1)} points/s | **${metricRatio.toFixed(2)}×** | ${n(ceiling.single_points_per_s)} points/s | ` +
      `${pct(mnemo.single_points_per_s / ceiling.single_points_per_s)} | ${TARGETS.logMetric} | ${yes(met.logMetric)} |`,
    `| mlflow client \`log_batch\` of ${BATCH_SIZE} points, ${MLFLOW_CLIENTS} clients | **${n(mnemo.batch_points_per_s)} points/s** | ` +
      `${n(mlflow.batch_points_per_s)} points/s | **${batchRatio.toFixed(2)}×** | ${n(ceiling.batch_points_per_s)} points/s | ` +
      `${pct(batchShare)} | ${TARGETS.logBatch} | ${yes(met.logBatch)} |`,
    `| first start on an empty folder until the API answers ${DEMO ? 'with the demo loaded' : '(demo off)'} | ` +
      `**${n(r.firstStart, 1)} s**${r.firstStarts.length > 1 ? ` (median of ${r.firstStarts.map((x) => n(x, 1)).join(', ')} s)` : ''} | ` +
      `— | — | — | — | ${TARGETS.firstStart} | ${DEMO ? yes(met.firstStart) : 'n/a (demo off)'} |`,
  ];
  const ms = (/** @type {number | null} */ x) => (x === null ? 'an unknown amount' : `${n(x, 2)} ms`);
  const floor =
    `Neo4j's floor for the same OpenLineage load (bench/neo4j-floor.js: ${n(r.floor.events)} such events, after as many ` +
    `as a warm-up, written straight into Mnemo's Neo4j, one statement per group of ${CLIENTS}, two transactions at once, ` +
    `no api, no reads): ` +
    `**${n(r.floor.perSecond)} events/s**, with ${ms(r.floor.neo4jPerEvent)} of Neo4j CPU per event; ` +
    `Mnemo's events took ${ms(r.neo4jPerEvent)} of Neo4j CPU each.`;
  console.log(['', ...rows, '', floor, ''].join('\n'));
  expectFigures('ingest', {
    'OpenLineage events/s (Mnemo)': lineage.recorded > 0 ? lineage.perSecond : 0,
    'OpenLineage events/s (store-nothing)': lineageCeiling.perSecond,
    'OpenLineage events/s (Neo4j floor)': r.floor.perSecond,
    ...Object.fromEntries(
      ['MLflow', 'Mnemo', 'store-nothing'].flatMap((name) => [
        [`log_metric points/s (${name})`, r[`mlflow ${name}`].single_points_per_s],
        [`log_batch points/s (${name})`, r[`mlflow ${name}`].batch_points_per_s],
      ]),
    ),
    'first start s': r.firstStart,
  });
  const failures = lineage.failures.length
    ? `\n\nOpenLineage events Mnemo did not take: ${lineage.failures.map((f) => `\`${f.replace(/\|/g, '/')}\``).join('; ')}.`
    : '';
  const errors = r.serverErrors.count ? ` The api logged ${r.serverErrors.count} failed requests.` : '';
  appendRecord(
    'Ingest: OpenLineage, mlflow log_metric / log_batch, first start',
    [
      `One run, side by side (${sourceState()}). Mnemo is \`services/api/dist/main.js\` as \`npm start\` runs it ` +
        `(auth on, the first start's admin token; its own local Neo4j 5.26, heap 2g, page cache 1g), started on an ` +
        `empty folder with fresh ports (${FIRST_STARTS} time${FIRST_STARTS > 1 ? 's, each on a folder of its own, one after the other; the median counts' : ''}): the first start is timed from spawn until \`project(id: "${DEMO ? 'project:churn' : 'project:mlflow'}")\` ` +
        `answers${DEMO ? ' (the demo organisation loaded)' : ''}, and the last start's process then takes the writes (the demo in its graph). ` +
        `OpenLineage: ${CLIENTS} concurrent keep-alive HTTP clients in the bench process, one request at a time each, ` +
        `${n(EVENTS)} events (${n(EVENTS / 2)} jobs, START then COMPLETE; job i reads tables i−1 and ⌊(i−1)/2⌋ and ` +
        `writes table i) after a warm-up of ${n(Math.max(2 * CLIENTS, WARMUP_EVENTS))} events (first start measured cold; ` +
        `the throughput parts warm, as a server runs); the store-nothing server (bench/null-server.js, its own ` +
        `process, 201 to every POST) got ${n(CEILING_EVENTS)} events from the same clients. mlflow: the unmodified ` +
        `client (bench/mlflow_workload.py, ${mlflowVersion()}), ${MLFLOW_CLIENTS} client processes at once, each ${BATCHES} ` +
        `\`log_batch\` calls of ${BATCH_SIZE} points then ${SINGLES} \`log_metric\` calls, after ${WARMUP_ROUNDS} ` +
        `warm-up round${WARMUP_ROUNDS > 1 ? 's' : ''} of the same size (MLflow and Mnemo alike), against \`mlflow server\` ` +
        `(SQLite backend, an empty database at its start, its default workers), Mnemo and the store-nothing server, one after ` +
        `the other. Neo4j's JIT compilers (C1, C2) used ${jitFigure(r.jit.lineage)} of CPU during the measured OpenLineage ` +
        `events and ${jitFigure(r.jit.mlflow)} during the measured mlflow round (printed for every round while it runs). ` +
        `Load average at the end ${os.loadavg()[0].toFixed(1)} (the machine is shared).${errors}`,
      '',
      ...rows,
      '',
      floor,
    ].join('\n') + failures,
    'npm run bench -- ingest',
  );
}

main().catch((error) => {
  console.error('[bench] ingest failed:', error);
  process.exit(1);
});
