#!/usr/bin/env node
// The README's commands. Plain Node with no dependencies, because it runs before anything is installed:
//   npm start   install if needed, build, then run Mnemo (local Neo4j unless NEO4J_URI is set) and the web
//               explorer on http://127.0.0.1:3000
//   npm test    install if needed, check formatting, lint and types, then every test on a real Neo4j,
//               the explorer's in a real Chromium, then the real mlflow/openlineage clients (pytest)
//   npm run codegen  the explorer's typed GraphQL operations (web/lib/gql) from schema/schema.graphql
//   npm run bench  the benchmarks (docs/benchmarks.md): lineage on a generated 1M-node graph, the explorer's
//                  time to interactive on a 5,000-node lineage in Chromium, ingestion and search_runs against a
//                  real mlflow server, cost queries, and ingest (OpenLineage, mlflow log_metric/log_batch, first
//                  start) side by side; `npm run bench -- explorer` (or lineage, mlflow, costs, ingest, growth) for one.
//                  `npm test` runs every part at a tiny size (bench/smoke.js)
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureMinio } from './minio.mjs';
import { ensurePythonEnv } from './python-env.mjs';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_STAMP = path.join(ROOT, 'node_modules', '.mnemo-install-digest');
const MANIFESTS = [
  'package.json',
  'package-lock.json',
  'services/api/package.json',
  'services/neo4j-local/package.json',
  'web/package.json',
];
const WEB = path.join(ROOT, 'web');
const WEB_BUILD_STAMP = path.join(WEB, '.next', 'mnemo-source-digest');
/** The browser tests drive Debian's Chromium; the project installs it itself where it is missing. */
const CHROMIUM = '/usr/bin/chromium';
/** Next asks the network to "fix" a lock file without other platforms' SWC builds, and sends telemetry. */
const NEXT_ENV = { ...process.env, NEXT_IGNORE_INCORRECT_LOCKFILE: '1', NEXT_TELEMETRY_DISABLED: '1' };

const say = (line) => console.log(`[mnemo] ${line}`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  if (result.error) throw new Error(`could not run ${command}: ${result.error.message}`);
  if (result.status !== 0) {
    const error = new Error(`${command} ${args.join(' ')} failed with exit code ${result.status}`);
    error.exitCode = result.status ?? 1;
    throw error;
  }
}

/**
 * Installs when node_modules is missing or the manifests changed since the last install. `npm install`
 * rather than `npm ci`: this npm omits other platforms' optional packages from the lock file, which
 * `npm ci` then rejects as out of sync; `npm install` still installs the locked versions.
 */
function ensureInstalled() {
  const digest = createHash('sha256');
  for (const file of MANIFESTS) digest.update(readFileSync(path.join(ROOT, file)));
  const wanted = digest.digest('hex');
  if (existsSync(INSTALL_STAMP) && readFileSync(INSTALL_STAMP, 'utf8') === wanted) return;
  say('installing npm dependencies ...');
  run('npm', ['install', '--no-audit', '--no-fund']);
  writeFileSync(INSTALL_STAMP, wanted);
}

/** Builds the local Neo4j jar with Maven unless it is current (the launcher keeps a source digest). */
function ensureNeo4jJar() {
  if (process.env.NEO4J_URI && process.argv[2] === 'start') return;
  require('../services/neo4j-local/launcher.js').ensureJar({ log: say });
}

function build() {
  say('building the api (tsc) ...');
  run('npx', ['tsc', '-b', 'services/api']);
}

/** Digest of the explorer's sources: every file under web/ but the build output and the browser tests. */
function webSourceDigest() {
  const digest = createHash('sha256');
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (['.next', 'node_modules', 'e2e'].includes(entry.name)) continue;
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else digest.update(`${path.relative(WEB, file)}\0`).update(readFileSync(file));
    }
  };
  walk(WEB);
  return digest.digest('hex');
}

/** Next's own CLI, resolved once installed (npx from web/ could fetch a package instead of the hoisted one). */
const nextBin = () => require.resolve('next/dist/bin/next', { paths: [WEB] });

/**
 * The explorer's typed GraphQL documents (web/lib/gql, git-ignored) from schema/schema.graphql and every
 * `gql(...)` operation under web/app, web/components and web/lib (web/codegen.ts). Fails, naming the
 * operation and the field, when an operation is not valid against the schema: no build goes past it.
 */
function codegen() {
  say("generating the explorer's typed GraphQL operations (graphql-codegen) ...");
  const cli = require
    .resolve('@graphql-codegen/cli/package.json', { paths: [WEB] })
    .replace(/package\.json$/, 'cjs/bin.js');
  run('node', [cli, '--config', 'codegen.ts'], { cwd: WEB });
}

/** `next build` (production) unless the last build was of these very sources (the generated documents among them). */
function buildWeb() {
  codegen();
  const wanted = webSourceDigest();
  if (existsSync(WEB_BUILD_STAMP) && readFileSync(WEB_BUILD_STAMP, 'utf8') === wanted) return;
  say('building the web explorer (next build) ...');
  run('node', [nextBin(), 'build'], { cwd: WEB, env: NEXT_ENV });
  writeFileSync(WEB_BUILD_STAMP, wanted);
}

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  say('installing Chromium for the browser tests (apt-get) ...');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium'], {
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

function start() {
  ensureInstalled();
  ensureNeo4jJar();
  build();
  buildWeb();
  // The demo's webhook endpoint posts to a receiver on this machine, which prints what it gets.
  const webhookEnv = {
    MNEMO_DEMO_WEBHOOK_PORT: process.env.MNEMO_DEMO_WEBHOOK_PORT ?? '4010',
    MNEMO_DEMO_WEBHOOK_SECRET_FILE:
      process.env.MNEMO_DEMO_WEBHOOK_SECRET_FILE ?? path.join(ROOT, '.mnemo', 'demo-webhook-secret'),
  };
  const receiver = spawn('node', ['scripts/webhook-receiver.mjs'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...webhookEnv },
  });
  receiver.on('error', () => undefined);
  // Ctrl-C reaches both (same process group); the api stops Neo4j cleanly. When either ends, so does the other.
  const api = spawn('node', ['services/api/dist/main.js'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...webhookEnv },
  });
  const apiPort = process.env.MNEMO_PORT ?? '4000';
  const web = spawn(
    'node',
    [nextBin(), 'start', '--hostname', '127.0.0.1', '--port', process.env.MNEMO_WEB_PORT ?? '3000'],
    {
      cwd: WEB,
      stdio: 'inherit',
      env: { ...NEXT_ENV, MNEMO_API_URL: process.env.MNEMO_API_URL ?? `http://127.0.0.1:${apiPort}` },
    },
  );
  say(`web explorer: http://127.0.0.1:${process.env.MNEMO_WEB_PORT ?? '3000'}`);
  for (const signal of ['SIGINT', 'SIGTERM'])
    process.on(signal, () => [api, web].forEach((child) => child.kill(signal)));
  let exitCode = null;
  const ended = (other) => (code) => {
    exitCode ??= code ?? 0;
    if (other.exitCode === null && other.signalCode === null) other.kill('SIGTERM');
    else process.exit(exitCode);
  };
  api.on('exit', ended(web));
  web.on('exit', ended(api));
  for (const child of [api, web]) child.on('exit', () => receiver.kill('SIGTERM'));
}

function test(extraArgs) {
  ensureInstalled();
  ensureNeo4jJar();
  say('checking formatting (prettier), lint (eslint) and types (tsc) ...');
  run('npx', ['prettier', '--check', '.', '--log-level', 'warn']);
  run('npx', ['eslint', '.']);
  run('npx', ['tsc', '-p', 'services/api/tsconfig.test.json']);
  codegen(); // web/lib/gql, which the explorer's type check needs
  run('npx', ['tsc', '-p', 'web/tsconfig.json']);
  run('npx', ['tsc', '-p', 'web/e2e/tsconfig.json']);
  build(); // the CLI tests run the compiled CLI as a real process
  buildWeb(); // the browser tests serve this production build
  ensureChromium();
  const python = ensurePythonEnv(ROOT, say);
  ensureMinio(ROOT, say); // the S3 server the artifact tests (jest and pytest) start
  say('running every test against real Neo4j instances, the explorer in Chromium ...');
  run('npx', ['jest', ...extraArgs]);
  say('running the compatibility tests with the real mlflow and openlineage-python clients and the SDK ...');
  run(python, ['-m', 'pytest', '-q', '-p', 'no:cacheprovider', '--rootdir', '.', 'compat/tests', 'sdk/python/tests']);
  if (extraArgs.length) {
    say('benchmark smoke test skipped: jest was given arguments (plain `npm test` runs it)');
    return;
  }
  say('running every benchmark part at a tiny size (smoke test, nothing recorded) ...');
  run('node', ['bench/smoke.js']);
}

function emitSchema() {
  ensureInstalled();
  build();
  const { printMnemoSchema } = require('../services/api/dist/schema.js');
  mkdirSync(path.join(ROOT, 'schema'), { recursive: true });
  writeFileSync(path.join(ROOT, 'schema', 'schema.graphql'), printMnemoSchema());
  say('schema/schema.graphql written');
  codegen(); // the explorer's operations, checked against the schema just written
}

/** `npm run bench [-- part ...]`: every part by default, or the ones named (lineage, explorer, mlflow, costs, ingest, growth). */
function bench(parts) {
  const known = ['lineage', 'explorer', 'mlflow', 'costs', 'ingest', 'growth'];
  const unknown = parts.filter((part) => !known.includes(part));
  if (unknown.length) throw new Error(`unknown bench part ${unknown.join(', ')}; the parts are ${known.join(', ')}`);
  const wanted = (part) => parts.length === 0 || parts.includes(part);
  ensureInstalled();
  ensureNeo4jJar();
  build();
  if (wanted('lineage')) run('node', ['bench/run.js']);
  if (wanted('explorer')) {
    buildWeb();
    ensureChromium();
    run('node', ['bench/explorer.js']);
  }
  if (wanted('mlflow')) run('node', ['bench/mlflow.js']);
  if (wanted('costs')) run('node', ['bench/costs.js']);
  if (wanted('ingest')) run('node', ['bench/ingest.js']);
  if (wanted('growth')) run('node', ['bench/growth.js']);
}

const [command, ...rest] = process.argv.slice(2);
const commands = {
  start: () => start(),
  test: () => test(rest),
  bench: () => bench(rest),
  'emit-schema': () => emitSchema(),
  codegen: () => {
    ensureInstalled();
    codegen();
  },
};
try {
  if (!commands[command])
    throw new Error(`unknown command "${command}"; use one of ${Object.keys(commands).join(', ')}`);
  commands[command]();
} catch (error) {
  console.error(`[mnemo] ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
