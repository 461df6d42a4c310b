// @ts-check
// Builds (once, cached) and runs the local Neo4j in LocalNeo4j.java. Plain Node with no dependencies,
// because `npm start` and `npm test` call it before anything else is installed.
'use strict';

const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const PROJECT_DIR = __dirname;
const JAR = path.join(PROJECT_DIR, 'target', 'neo4j-local.jar');
const BUILD_STAMP = path.join(PROJECT_DIR, 'target', '.mnemo-build-digest');
const READY_PREFIX = 'MNEMO_NEO4J_READY ';

/** Digest of everything the jar is built from, so the jar is rebuilt exactly when they change. */
function sourceDigest() {
  const hash = crypto.createHash('sha256');
  const files = [path.join(PROJECT_DIR, 'pom.xml')];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.push(full);
    }
  };
  walk(path.join(PROJECT_DIR, 'src'));
  for (const file of files) {
    hash.update(path.relative(PROJECT_DIR, file));
    hash.update(fs.readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * Builds the jar with Maven unless the one in target/ was built from the current sources.
 * @param {{ log?: (line: string) => void }} [options]
 */
function ensureJar(options = {}) {
  const log = options.log ?? ((line) => console.log(line));
  const digest = sourceDigest();
  const built = fs.existsSync(JAR) && fs.existsSync(BUILD_STAMP) && fs.readFileSync(BUILD_STAMP, 'utf8') === digest;
  if (built) return JAR;
  log('neo4j-local: building the local Neo4j with Maven (the first build downloads ~130 MB from Maven Central)...');
  const result = spawnSync('mvn', ['-q', '-B', 'package', '-DskipTests'], { cwd: PROJECT_DIR, stdio: 'inherit' });
  if (result.error) throw new Error(`neo4j-local: could not run Maven (is it installed?): ${result.error.message}`);
  if (result.status !== 0) throw new Error(`neo4j-local: the Maven build failed with exit code ${result.status}`);
  fs.writeFileSync(BUILD_STAMP, digest);
  return JAR;
}

/** Asks the OS for a free TCP port on loopback. */
function findFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * @typedef {object} LocalNeo4j
 * @property {string} uri Bolt URI, e.g. bolt://127.0.0.1:7687
 * @property {number} port
 * @property {string} home data folder
 * @property {number | undefined} pid
 * @property {() => Promise<void>} stop stops the database cleanly (SIGTERM, then SIGKILL after 60 s)
 */

/**
 * Starts a real Neo4j with Bolt on 127.0.0.1 and resolves once it accepts queries.
 * @param {{ home: string, port?: number, heap?: string, pageCache?: string, log?: (line: string) => void,
 *           timeoutMs?: number }} options
 * @returns {Promise<LocalNeo4j>}
 */
async function startNeo4j(options) {
  const log = options.log ?? ((line) => console.log(line));
  const jar = ensureJar({ log });
  const port = options.port ?? (await findFreePort());
  const home = path.resolve(options.home);
  fs.mkdirSync(home, { recursive: true });
  const heap = options.heap ?? '1g';
  const args = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    '-XX:+UseG1GC',
    '-XX:+ExitOnOutOfMemoryError',
    '-jar',
    jar,
    '--home',
    home,
    '--port',
    String(port),
    '--pagecache',
    options.pageCache ?? '512m',
  ];
  const child = spawn('java', args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const stderrTail = [];
  child.stderr.on('data', (chunk) => {
    stderrTail.push(String(chunk));
    if (stderrTail.length > 40) stderrTail.shift();
  });

  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const ready = new Promise((resolve, reject) => {
    let buffer = '';
    const timer = setTimeout(
      () => reject(new Error(`neo4j-local: not ready after ${options.timeoutMs ?? 120000} ms`)),
      options.timeoutMs ?? 120000,
    );
    child.stdout.on('data', (chunk) => {
      buffer += String(chunk);
      const line = buffer.split('\n').find((l) => l.startsWith(READY_PREFIX));
      if (line) {
        clearTimeout(timer);
        resolve(line.slice(READY_PREFIX.length).trim());
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(new Error(`neo4j-local: could not start java (is a JDK 17+ installed?): ${error.message}`));
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(
        new Error(
          `neo4j-local: Neo4j exited before it was ready (code ${code}, signal ${signal}).\n` +
            `Last output:\n${stderrTail.join('')}\nSee ${path.join(home, 'logs')} for the database's own logs.`,
        ),
      );
    });
  });

  let uri;
  try {
    uri = /** @type {string} */ (await ready);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }

  let stopping;
  const stop = () => {
    stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 60000);
      await exited;
      clearTimeout(killer);
    })();
    return stopping;
  };
  return { uri, port, home, pid: child.pid, stop };
}

module.exports = { ensureJar, findFreePort, startNeo4j, sourceDigest };
