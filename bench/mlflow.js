// @ts-check
// `npm run bench -- mlflow`: Mnemo against a real MLflow tracking server (`mlflow server`, SQLite backend),
// both driven by the same workload through the unmodified mlflow client (bench/mlflow_workload.py):
// 8 concurrent clients logging metrics with log_batch (1,000 points a call) and with log_metric, then
// search_runs over 100k runs with a param + metric filter, sorted, page 100 (and with LIKE, and IN on run
// ids), then search_model_versions over a registry of 10k versions, then search_experiments and
// search_registered_models over 5,000 of each. A server that answers
// without doing anything measures what the clients alone can send on this machine. startMlflow and
// workload serve `npm run bench -- ingest` (bench/ingest.js) too.
'use strict';

const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync } = require('node:fs');
const { freePort } = require('./net.js');
const http = require('node:http');
const path = require('node:path');
const { benchNeo4j, serveApi } = require('./api.js');
const { startNullServer } = require('./null-server.js');
const { appendRecord, dataHome, expectFigures, sized, TINY } = require('./record.js');

const ROOT = path.join(__dirname, '..');
const API = path.join(ROOT, 'services/api/dist');
require('reflect-metadata');
const { createDriver, GraphDatabase } = require(path.join(API, 'platform/neo4j.js'));
const { migrate } = require(path.join(API, 'platform/migrations.js'));

// Tiny (MNEMO_BENCH_TINY=1): 2 clients, a few calls, 2,000 search runs (130 match the filter: still a full page).
const CLIENTS = sized('MNEMO_BENCH_MLFLOW_CLIENTS', 8, 2);
const BATCHES = sized('MNEMO_BENCH_MLFLOW_BATCHES', 20, 2);
const SINGLES = sized('MNEMO_BENCH_MLFLOW_SINGLES', 100, 5);
const SEARCH_RUNS = sized('MNEMO_BENCH_MLFLOW_RUNS', 100_000, 2_000);
const SEARCH_ROUNDS = sized('MNEMO_BENCH_MLFLOW_ROUNDS', 10, 1);
const SEARCH_EXPERIMENT = 'bench-search';
// The registry search: MODELS registered models of VERSIONS versions each (10,000 versions; tiny 200).
const MODELS = sized('MNEMO_BENCH_MLFLOW_MODELS', 100, 10);
const VERSIONS = sized('MNEMO_BENCH_MLFLOW_VERSIONS', 100, 20);
// The catalog searches: CATALOG experiments and CATALOG registered models (5,000 each; tiny 100).
const CATALOG = sized('MNEMO_BENCH_MLFLOW_CATALOG', 5_000, 100);
const log = (line) => console.log(`[bench] ${line}`);

async function waitFor(url, what, child) {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child && child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const ok = await new Promise((resolve) => {
      http.get(url, (res) => resolve(res.statusCode === 200) || res.resume()).on('error', () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`${what} did not answer on ${url}`);
}

/**
 * `mlflow server` with its SQLite backend (its database and artifacts in `data`), in its own process group
 * (it starts workers and job consumers).
 */
async function startMlflow(python, data) {
  const port = await freePort();
  mkdirSync(data, { recursive: true });
  const mlflow = path.join(path.dirname(python), 'mlflow');
  const child = spawn(
    mlflow,
    [
      'server',
      '--backend-store-uri',
      `sqlite:///${path.join(data, 'mlflow.db')}`,
      '--artifacts-destination',
      path.join(data, 'mlflow-artifacts'),
      '--host',
      '127.0.0.1',
      '--port',
      String(port),
      // Tiny runs: one worker and no job runner, which start in a fraction of the time.
      ...(TINY ? ['--workers', '1'] : []),
    ],
    {
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: TINY ? { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: 'false' } : process.env,
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitFor(`${url}/health`, 'mlflow server', child);
  const stop = async () => {
    try {
      process.kill(-(/** @type {number} */ (child.pid)), TINY ? 'SIGKILL' : 'SIGTERM'); // tiny: its folder goes next
    } catch {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, TINY ? 200 : 3000));
    try {
      process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
    } catch {
      /* already gone */
    }
  };
  return { url, stop };
}

/**
 * Runs the Python workload without blocking this process, which may serve Mnemo's api meanwhile.
 * `secret`: Mnemo's token, sent by the mlflow client as MLFLOW_TRACKING_TOKEN (null for other servers).
 */
function workload(python, args, secret = null) {
  return new Promise((resolve, reject) => {
    /** @type {NodeJS.ProcessEnv} */
    const env = { ...process.env, MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' };
    delete env.MLFLOW_TRACKING_TOKEN;
    if (secret) env.MLFLOW_TRACKING_TOKEN = secret;
    const child = spawn(python, [path.join(__dirname, 'mlflow_workload.py'), ...args], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env,
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) reject(new Error(`mlflow_workload.py ${args[0]} failed (exit ${code})`));
      else resolve(JSON.parse(out.trim().split('\n').pop() ?? '{}'));
    });
  });
}

/** The same 100k runs for both servers: run i's id, params and metrics follow from i alone. */
function searchRun(i) {
  const hash = createHash('sha256').update(`bench-run-${i}`).digest();
  const acc = 0.5 + (hash.readUInt32BE(0) / 2 ** 32) * 0.5;
  return {
    uuid: hash.toString('hex').slice(0, 32),
    name: `run-${i}`,
    startedAt: 1_760_000_000_000 + i * 1000,
    endedAt: 1_760_000_000_000 + i * 1000 + 600_000,
    params: [
      { key: 'lr', value: ['0.001', '0.01', '0.1'][i % 3] },
      { key: 'depth', value: String(3 + (i % 8)) },
    ],
    metrics: [
      { key: 'acc', value: acc },
      { key: 'loss', value: 1 - acc },
    ],
  };
}

async function loadMnemoSearchRuns(db, mnemoUrl, python, secret) {
  const experimentId = (await workload(python, ['ensure-experiment', mnemoUrl, SEARCH_EXPERIMENT], secret))
    .experiment_id;
  const id = `experiment:mlflow/${experimentId}`;
  const [{ runs }] = await db.runScript(
    'MATCH (r:Run)-[:IN_EXPERIMENT]->(:Experiment {id: $id}) RETURN count(r) AS runs',
    {
      id,
    },
  );
  if (Number(runs) >= SEARCH_RUNS) {
    log(`Mnemo already holds the ${SEARCH_RUNS} search runs`);
    return experimentId;
  }
  const cypher = readFileSync(path.join(__dirname, 'cypher/load-mlflow-runs.cypher'), 'utf8');
  for (let start = Number(runs); start < SEARCH_RUNS; start += 5_000) {
    const batch = [];
    for (let i = start; i < Math.min(start + 5_000, SEARCH_RUNS); i++) {
      const run = searchRun(i);
      batch.push({ ...run, id: `run:${run.uuid}` });
    }
    await db.runScript(cypher, { experimentId: id, runs: batch });
    process.stdout.write(
      `\r[bench] loading Mnemo's search runs: ${Math.min(start + 5_000, SEARCH_RUNS)}/${SEARCH_RUNS}`,
    );
  }
  process.stdout.write('\n');
  return experimentId;
}

/** The registry benchmark's model versions in Mnemo's graph (its models made through the MLflow API first). */
async function loadMnemoRegistry(db, mnemoUrl, python, secret) {
  await workload(python, ['ensure-models', mnemoUrl, String(MODELS)], secret);
  const [{ versions }] = await db.runScript(
    "MATCH (v:ModelVersion)-[:VERSION_OF]->(m:Model)-[:IN_PROJECT]->(:Project {id: 'project:mlflow'}) " +
      "WHERE m.name STARTS WITH 'bench-model-' RETURN count(v) AS versions",
  );
  if (Number(versions) >= MODELS * VERSIONS) return;
  const cypher = readFileSync(path.join(__dirname, 'cypher/load-model-versions.cypher'), 'utf8');
  const rows = [];
  for (let model = 0; model < MODELS; model++)
    for (let number = 1; number <= VERSIONS; number++)
      rows.push({
        model: `bench-model-${model}`,
        version: String(number),
        source: `models:/bench/${model}/${number}`,
        validated: number % 10 === 0,
      });
  for (let start = 0; start < rows.length; start += 5_000)
    await db.runScript(cypher, { projectId: 'project:mlflow', versions: rows.slice(start, start + 5_000) });
}

/** Experiment or registered model i of the catalog benchmark (bench/mlflow_workload.py catalog_item makes the same). */
function catalogItem(kind, i) {
  const name = `${kind === 'Experiment' ? 'bench-exp' : 'bench-registered'}-${String(i).padStart(5, '0')}`;
  return { slug: name, name, createdAt: 1_760_000_000_000 + i * 1000, tag: { key: 'team', value: `team-${i % 10}` } };
}

/** The catalog benchmark's experiments and registered models in Mnemo's graph (reloaded when short). */
async function loadMnemoCatalog(db) {
  const cypher = readFileSync(path.join(__dirname, 'cypher/load-mlflow-catalog.cypher'), 'utf8');
  for (const kind of ['Experiment', 'Model']) {
    const prefix = catalogItem(kind, 0).name.slice(0, -5);
    const [{ have }] = await db.runScript(
      'MATCH (n:$($kind)) WHERE n.name STARTS WITH $prefix RETURN count(n) AS have',
      {
        kind,
        prefix,
      },
    );
    if (Number(have) >= CATALOG) continue;
    await db.runScript(
      'MATCH (n:$($kind)) WHERE n.name STARTS WITH $prefix OPTIONAL MATCH (n)-[:HAS_TAG]->(t) DETACH DELETE n, t',
      { kind, prefix },
    );
    const items = Array.from({ length: CATALOG }, (_, i) => catalogItem(kind, i));
    for (let start = 0; start < items.length; start += 5_000)
      await db.runScript(cypher, { projectId: 'project:mlflow', kind, items: items.slice(start, start + 5_000) });
  }
}

async function main() {
  const { ensurePythonEnv } = await import('../scripts/python-env.mjs');
  const python = ensurePythonEnv(ROOT, log);
  const stops = [];
  /** @type {Record<string, any>} */
  const results = {};
  let auth = 'on';
  const data = dataHome('bench-mlflow');
  try {
    const neo4j = await benchNeo4j('bench-mlflow-neo4j', {
      heap: TINY ? '1g' : '2g',
      pageCache: TINY ? '256m' : '1g',
      log,
    });
    const db = new GraphDatabase(createDriver({ uri: neo4j.uri }));
    stops.push(async () => {
      await db.close();
      await neo4j.stop();
    });
    await migrate(db);
    // As the mlflow client calls it: with auth on, the local admin's token as MLFLOW_TRACKING_TOKEN.
    const api = await serveApi(db, { artifactRoot: path.join(data.dir, 'mnemo-artifacts') });
    stops.push(api.stop);
    auth = api.auth;
    log('starting mlflow server (SQLite backend) ...');
    const mlflow = await startMlflow(python, data.dir);
    stops.push(mlflow.stop);
    const ceiling = await startNullServer({ history: BATCHES * 100 });
    stops.push(ceiling.stop);

    const ingestArgs = ['--clients', String(CLIENTS), '--batches', String(BATCHES), '--singles', String(SINGLES)];
    for (const [name, url, secret] of [
      ['MLflow', mlflow.url, null],
      ['Mnemo', api.url, api.secret],
      ['no server work', ceiling.url, null],
    ]) {
      log(
        `ingest: ${CLIENTS} clients, ${BATCHES} log_batch calls of 1,000 points and ${SINGLES} log_metric each, against ${name} ...`,
      );
      results[name] = { ingest: await workload(python, ['ingest', url, ...ingestArgs], secret) };
      log(`  ${JSON.stringify(results[name].ingest)}`);
    }

    log(`search: loading ${SEARCH_RUNS} runs into each server (skipped when already there) ...`);
    const mlflowExperiment = (
      await workload(python, [
        'load-mlflow',
        mlflow.url,
        path.join(data.dir, 'mlflow.db'),
        SEARCH_EXPERIMENT,
        String(SEARCH_RUNS),
      ])
    ).experiment_id;
    const mnemoExperiment = await loadMnemoSearchRuns(db, api.url, python, api.secret);
    for (const [name, url, experiment, secret] of [
      ['MLflow', mlflow.url, mlflowExperiment, null],
      ['Mnemo', api.url, mnemoExperiment, api.secret],
    ]) {
      log(`search_runs over ${SEARCH_RUNS} runs against ${name} ...`);
      results[name].search = await workload(
        python,
        ['search', url, experiment, '--rounds', String(SEARCH_ROUNDS)],
        secret,
      );
      log(`  ${JSON.stringify(results[name].search)}`);
      // The richer grammar (issue 19): LIKE on a tag, and an IN on 100 run ids.
      for (const query of ['like', 'in']) {
        log(`search_runs (${query}) over ${SEARCH_RUNS} runs against ${name} ...`);
        results[name][`search_${query}`] = await workload(
          python,
          ['search', url, experiment, '--rounds', String(SEARCH_ROUNDS), '--query', query],
          secret,
        );
        log(`  ${JSON.stringify(results[name][`search_${query}`])}`);
      }
    }

    log(`search_model_versions: ${MODELS} registered models of ${VERSIONS} versions in each server ...`);
    await workload(python, ['ensure-models', mlflow.url, String(MODELS)]);
    await workload(python, [
      'load-mlflow-registry',
      path.join(data.dir, 'mlflow.db'),
      String(MODELS),
      String(VERSIONS),
    ]);
    await loadMnemoRegistry(db, api.url, python, api.secret);
    for (const [name, url, secret] of [
      ['MLflow', mlflow.url, null],
      ['Mnemo', api.url, api.secret],
    ]) {
      for (const query of ['name', 'tag']) {
        log(`search_model_versions (${query}) over ${MODELS * VERSIONS} versions against ${name} ...`);
        results[name][`versions_${query}`] = await workload(
          python,
          [
            'search-versions',
            url,
            String(MODELS),
            String(VERSIONS),
            '--rounds',
            String(SEARCH_ROUNDS),
            '--query',
            query,
          ],
          secret,
        );
        log(`  ${JSON.stringify(results[name][`versions_${query}`])}`);
      }
    }

    log(`search_experiments / search_registered_models: ${CATALOG} of each in each server ...`);
    await workload(python, ['load-mlflow-catalog', path.join(data.dir, 'mlflow.db'), String(CATALOG)]);
    await loadMnemoCatalog(db);
    for (const [name, url, secret] of [
      ['MLflow', mlflow.url, null],
      ['Mnemo', api.url, api.secret],
    ]) {
      for (const query of ['experiments', 'models']) {
        log(`search ${query} over ${CATALOG} against ${name} ...`);
        results[name][`catalog_${query}`] = await workload(
          python,
          ['search-catalog', url, String(CATALOG), '--rounds', String(SEARCH_ROUNDS), '--query', query],
          secret,
        );
        log(`  ${JSON.stringify(results[name][`catalog_${query}`])}`);
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop();
    data.remove();
  }

  const m = results.MLflow;
  const n = results.Mnemo;
  const c = results['no server work'];
  const rate = (x) => `${Math.round(x).toLocaleString('en-US')} points/s`;
  const ms = (x) => `${x.toFixed(1)} ms`;
  const batchRatio = n.ingest.batch_points_per_s / m.ingest.batch_points_per_s;
  const singleRatio = n.ingest.single_points_per_s / m.ingest.single_points_per_s;
  const failed = (r) => `failed after ${r.failed_after_s.toFixed(0)} s: ${r.error.replace(/\|/g, '/')}`;
  const searchCell = (r, key) => (r.error ? failed(r) : ms(r[key]));
  const searchRatio = m.search.error || n.search.error ? null : m.search.p95_ms / n.search.p95_ms;
  const faster = (key) =>
    m.search.error || n.search.error ? '—' : `${(m.search[key] / n.search[key]).toFixed(2)}× faster`;
  console.log(
    `mlflow bench: log_batch Mnemo/MLflow ${batchRatio.toFixed(2)}×, search_runs p95 MLflow/Mnemo ` +
      `${searchRatio === null ? 'n/a' : `${searchRatio.toFixed(2)}×`}`,
  );
  expectFigures('mlflow', {
    ...Object.fromEntries(
      Object.entries(results).flatMap(([name, r]) => [
        [`${name} log_batch points/s`, r.ingest.batch_points_per_s],
        [`${name} log_metric points/s`, r.ingest.single_points_per_s],
      ]),
    ),
    // MLflow's own server may fail the search (recorded as such); Mnemo's must answer.
    'Mnemo search_runs p95': n.search.p95_ms,
    'Mnemo search_runs LIKE p95': n.search_like.p95_ms,
    'Mnemo search_runs IN p95': n.search_in.p95_ms,
    'Mnemo search_model_versions by name p95': n.versions_name.p95_ms,
    'Mnemo search_model_versions by tag p95': n.versions_tag.p95_ms,
    'Mnemo search_experiments p95': n.catalog_experiments.p95_ms,
    'Mnemo search_registered_models p95': n.catalog_models.p95_ms,
  });
  appendRecord(
    'Ingestion and search against a real MLflow tracking server',
    [
      `The unmodified mlflow client (bench/mlflow_workload.py) against \`mlflow server\` (SQLite backend, its default ` +
        `workers) and Mnemo (the api in the bench process, its own local Neo4j, auth ${auth}` +
        `${auth === 'on' ? ": the local admin's token as MLFLOW_TRACKING_TOKEN" : ''}), one after the other on the same machine. ` +
        `Ingest: ${CLIENTS} client processes at once, each ${BATCHES} \`log_batch\` calls of 1,000 points, then ${SINGLES} ` +
        `\`log_metric\` calls. Search: \`search_runs\` over ${SEARCH_RUNS.toLocaleString('en-US')} runs of one experiment, ` +
        `\`params.lr = '0.01' and metrics.acc > 0.9\`, \`order_by metrics.acc DESC\`, \`max_results=100\` (${SEARCH_ROUNDS} ` +
        `calls after a checked first one). The search runs were bulk-loaded into each store directly (MLflow's tables via ` +
        `SQLite, Mnemo's graph via UNWIND), the same runs in both. Registry: \`search_model_versions\` over ` +
        `${MODELS} registered models of ${VERSIONS} versions each (created through each server's API, their versions ` +
        `bulk-loaded the same way), every tenth version tagged \`validated\`. \`search_experiments\` and ` +
        `\`search_registered_models\` over ${CATALOG.toLocaleString('en-US')} experiments and as many registered models ` +
        `(bulk-loaded the same way), a tenth of them tagged \`team = 'team-3'\`. "No server work" is a server that stores nothing (bench/null-server.js, its own ` +
        `process): what the clients alone can send here.`,
      '',
      '| measurement | MLflow | Mnemo | Mnemo / MLflow | no server work |',
      '|---|---|---|---|---|',
      `| log_batch, ${CLIENTS} clients | ${rate(m.ingest.batch_points_per_s)} | ${rate(n.ingest.batch_points_per_s)} | ` +
        `**${batchRatio.toFixed(2)}×** | ${rate(c.ingest.batch_points_per_s)} |`,
      `| log_metric, ${CLIENTS} clients | ${rate(m.ingest.single_points_per_s)} | ${rate(n.ingest.single_points_per_s)} | ` +
        `${singleRatio.toFixed(2)}× | ${rate(c.ingest.single_points_per_s)} |`,
      `| search_runs, first call | ${searchCell(m.search, 'first_ms')} | ${searchCell(n.search, 'first_ms')} | ${faster('first_ms')} | — |`,
      `| search_runs p50 | ${searchCell(m.search, 'p50_ms')} | ${searchCell(n.search, 'p50_ms')} | ${faster('p50_ms')} | — |`,
      `| search_runs p95 | ${searchCell(m.search, 'p95_ms')} | ${searchCell(n.search, 'p95_ms')} | **${faster('p95_ms')}** | — |`,
      ...['like', 'in'].map((query) => {
        const [mq, nq] = [m[`search_${query}`], n[`search_${query}`]];
        const ratio = mq.error || nq.error ? '—' : `${(mq.p95_ms / nq.p95_ms).toFixed(2)}× faster`;
        const what = query === 'like' ? "`tags.mlflow.runName LIKE 'run-1%'` by run name" : '`run_id IN` 100 ids';
        return `| search_runs p95, ${what} | ${searchCell(mq, 'p95_ms')} | ${searchCell(nq, 'p95_ms')} | ${ratio} | — |`;
      }),
      ...['name', 'tag'].map((query) => {
        const [mq, nq] = [m[`versions_${query}`], n[`versions_${query}`]];
        const what =
          query === 'name'
            ? `one model's versions above a number, newest first`
            : "`tags.validated = 'yes'` across every model, page of 100";
        return (
          `| search_model_versions p95 over ${(MODELS * VERSIONS).toLocaleString('en-US')} versions, ${what} | ` +
          `${ms(mq.p95_ms)} | ${ms(nq.p95_ms)} | ${(mq.p95_ms / nq.p95_ms).toFixed(2)}× faster | — |`
        );
      }),
      ...['experiments', 'models'].map((query) => {
        const [mq, nq] = [m[`catalog_${query}`], n[`catalog_${query}`]];
        const what = query === 'experiments' ? 'search_experiments' : 'search_registered_models';
        return (
          `| ${what} p95 over ${CATALOG.toLocaleString('en-US')}, \`name LIKE\` and a tag, by name DESC, page of 100 | ` +
          `${ms(mq.p95_ms)} | ${ms(nq.p95_ms)} | ${(mq.p95_ms / nq.p95_ms).toFixed(2)}× faster | — |`
        );
      }),
    ].join('\n'),
    'npm run bench -- mlflow',
  );
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

module.exports = { startMlflow, waitFor, workload };
