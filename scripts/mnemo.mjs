#!/usr/bin/env node
// The README's commands. Plain Node with no dependencies, because it runs before anything is installed:
//   npm start   install if needed, build, then run Mnemo (local Neo4j unless NEO4J_URI is set)
//   npm test    install if needed, check formatting, lint and types, then every test on a real Neo4j
//   npm run bench  the lineage benchmarks on a generated 1M-node graph (docs/benchmarks.md)
import { spawnSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const INSTALL_STAMP = path.join(ROOT, 'node_modules', '.mnemo-install-digest');
const MANIFESTS = [
  'package.json',
  'package-lock.json',
  'services/api/package.json',
  'services/neo4j-local/package.json',
];

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

function start() {
  ensureInstalled();
  ensureNeo4jJar();
  build();
  // Ctrl-C reaches the api too (same process group); it stops Neo4j cleanly and exits, then so do we.
  const api = spawn('node', ['services/api/dist/main.js'], { cwd: ROOT, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => api.kill(signal));
  api.on('exit', (code) => process.exit(code ?? 0));
}

function test(extraArgs) {
  ensureInstalled();
  ensureNeo4jJar();
  say('checking formatting (prettier), lint (eslint) and types (tsc) ...');
  run('npx', ['prettier', '--check', '.', '--log-level', 'warn']);
  run('npx', ['eslint', '.']);
  run('npx', ['tsc', '-p', 'services/api/tsconfig.test.json']);
  build(); // the CLI tests run the compiled CLI as a real process
  say('running every test against real Neo4j instances ...');
  run('npx', ['jest', ...extraArgs]);
}

function emitSchema() {
  ensureInstalled();
  build();
  const { printMnemoSchema } = require('../services/api/dist/schema.js');
  mkdirSync(path.join(ROOT, 'schema'), { recursive: true });
  writeFileSync(path.join(ROOT, 'schema', 'schema.graphql'), printMnemoSchema());
  say('schema/schema.graphql written');
}

function bench() {
  ensureInstalled();
  ensureNeo4jJar();
  build();
  run('node', ['bench/run.js']);
}

const [command, ...rest] = process.argv.slice(2);
const commands = {
  start: () => start(),
  test: () => test(rest),
  bench: () => bench(),
  'emit-schema': () => emitSchema(),
};
try {
  if (!commands[command])
    throw new Error(`unknown command "${command}"; use one of ${Object.keys(commands).join(', ')}`);
  commands[command]();
} catch (error) {
  console.error(`[mnemo] ${error.message}`);
  process.exit(error.exitCode ?? 1);
}
