// @ts-check
// Shared by the benchmarks that serve Mnemo's api from their own process (createApp over their own Neo4j):
// that Neo4j, and how they call the api now that access control is on. With auth on (the default, as `npm start` runs) the
// calls carry a token of the local admin (org ADMIN), made the way main.ts makes it on a first start;
// with auth off (MNEMO_BENCH_AUTH=off, or a part that asks for it) callers name themselves with
// x-mnemo-actor, as the tests' harness does.
'use strict';

const path = require('node:path');
const { startNeo4j } = require('../services/neo4j-local/launcher.js');
const { dataHome, TINY } = require('./record.js');

const API = path.join(__dirname, '../services/api/dist');
require('reflect-metadata');
const { createApp, listen } = require(path.join(API, 'app.js'));
const { createDriver, GraphDatabase } = require(path.join(API, 'platform/neo4j.js'));
const { createServices } = require(path.join(API, 'services.js'));
const { ensureLocalAdmin, LOCAL_ADMIN_ID } = require(path.join(API, 'access/local-admin.js'));
const { migrate } = require(path.join(API, 'platform/migrations.js'));

/**
 * A token's secret for the local admin: made with the admin on a fresh database, or a new token of the
 * admin on a database a previous run left (a secret is shown once and never stored in clear).
 * @returns {Promise<string>}
 */
async function adminSecret(db) {
  const services = createServices(db);
  const secret = await ensureLocalAdmin(services);
  if (secret) return secret;
  const made = await services.access.createToken('mnemo', { name: `bench-${Date.now()}`, userId: LOCAL_ADMIN_ID });
  return made.secret;
}

/**
 * Mnemo's api on a free port of 127.0.0.1, in this process.
 * @param {any} db a GraphDatabase
 * @param {{ auth?: 'on' | 'off', artifactRoot?: string, actor?: string }} [options]
 * @returns {Promise<{ url: string, graphqlUrl: string, auth: 'on' | 'off', secret: string | null,
 *   headers: Record<string, string>, graphql: (query: string, variables?: object) => Promise<any>,
 *   stop: () => Promise<void> }>}
 */
async function serveApi(db, options = {}) {
  const auth = options.auth ?? (process.env.MNEMO_BENCH_AUTH === 'off' ? 'off' : 'on');
  const secret = auth === 'on' ? await adminSecret(db) : null;
  const { app, apollo } = await createApp(db, { auth, artifactRoot: options.artifactRoot });
  const server = await listen(app, '127.0.0.1', 0);
  const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
  /** @type {Record<string, string>} */
  const headers = secret ? { authorization: `Bearer ${secret}` } : { 'x-mnemo-actor': options.actor ?? 'user:bench' };
  const graphqlUrl = `${url}/graphql`;
  const graphql = async (query, variables = {}) => {
    const response = await fetch(graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = await response.json();
    if (body.errors) throw new Error(`GraphQL (HTTP ${response.status}): ${JSON.stringify(body.errors)}`);
    return body.data;
  };
  const stop = async () => {
    await new Promise((resolve) => server.close(resolve));
    await apollo.stop();
  };
  return { url, graphqlUrl, auth, secret, headers, graphql, stop };
}

/**
 * The part's own local Neo4j, in `.mnemo/<name>` (kept, so a generated graph is reused) or, in tiny mode, a
 * throw-away folder. Tiny runs may share one instead: MNEMO_BENCH_NEO4J_URI (bench/smoke.js sets it), which
 * is wiped first, so never point it at data you keep (it is ignored outside tiny mode).
 * @param {string} name
 * @param {{ heap: string, pageCache: string, log: (line: string) => void }} options
 * @returns {Promise<{ uri: string, home: string, stop: () => Promise<void> }>}
 */
async function benchNeo4j(name, { heap, pageCache, log }) {
  const shared = TINY ? process.env.MNEMO_BENCH_NEO4J_URI : undefined;
  if (shared) {
    const db = new GraphDatabase(createDriver({ uri: shared }));
    try {
      let deleted;
      do {
        [{ deleted }] = await db.runScript('MATCH (n) WITH n LIMIT 20000 DETACH DELETE n RETURN count(*) AS deleted');
      } while (Number(deleted) > 0);
    } finally {
      await db.close();
    }
    log(`using the shared tiny-run Neo4j at ${shared} (wiped)`);
    return { uri: shared, home: shared, stop: async () => {} };
  }
  const data = dataHome(name);
  log(`starting Neo4j (data in ${data.dir}) ...`);
  // These benches measure a Neo4j as production runs one, for hours, with the JVM's full tiered JIT
  // (C2), whatever MNEMO_NEO4J_JIT says for `npm start`'s local Neo4j.
  const neo4j = await startNeo4j({ home: data.dir, heap, pageCache, log, jit: 'full' });
  const stop = async () => {
    // A tiny run's folder is thrown away next: no clean stop (its checkpoint costs seconds for nothing).
    if (TINY && neo4j.pid) {
      try {
        process.kill(neo4j.pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    await neo4j.stop();
    data.remove();
  };
  return { uri: neo4j.uri, home: data.dir, stop };
}

/**
 * The generated lineage graph of `nodes` nodes (bench/generate.js) in its own kept Neo4j
 * (`.mnemo/bench-neo4j` for 1M nodes, `.mnemo/bench-neo4j-<nodes>` otherwise), migrated: made on first
 * use, reused after. The caller closes `db` and stops `neo4j`.
 * @param {number} nodes
 * @param {{ heap: string, pageCache: string, log: (line: string) => void }} options
 */
async function generatedGraph(nodes, options) {
  const { generate } = require('./generate.js');
  const neo4j = await benchNeo4j(nodes >= 1_000_000 ? 'bench-neo4j' : `bench-neo4j-${nodes}`, options);
  const db = new GraphDatabase(createDriver({ uri: neo4j.uri }));
  try {
    await migrate(db);
    const began = Date.now();
    const graph = await generate(db.driver, nodes, options.log);
    options.log(
      `graph ready: ${graph.nodes} nodes, ${graph.edges} edges (${((Date.now() - began) / 1000).toFixed(0)} s)`,
    );
    return { neo4j, db, graph };
  } catch (error) {
    await db.close();
    await neo4j.stop();
    throw error;
  }
}

module.exports = { adminSecret, benchNeo4j, generatedGraph, serveApi };
