// @ts-check
// A server that accepts every call and stores nothing, in a process of its own (so it does not share an
// event loop with the clients or with Mnemo): the ceiling the benchmarks' clients themselves set on this
// machine. It speaks just enough of both protocols for the unmodified clients:
//   POST /api/v1/lineage            201 {"status":"recorded"} (OpenLineage's HTTP transport)
//   /api/2.0/mlflow/...             what the mlflow client reads back from experiments/create, runs/create
//                                   and metrics/get-history (a history of MNEMO_NULL_HISTORY points), {} else
// As a script it prints `listening <port>` once ready; startNullServer() runs it and answers its url.
'use strict';

const { spawn } = require('node:child_process');
const http = require('node:http');
const path = require('node:path');

function serve(historyLength) {
  let runs = 0;
  const history = JSON.stringify({
    metrics: Array.from({ length: historyLength }, (_, step) => ({ key: 'm0', value: 0, step, timestamp: 0 })),
  });
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const url = req.url ?? '';
      res.setHeader('content-type', 'application/json');
      if (url.startsWith('/api/v1/lineage')) {
        res.statusCode = 201;
        return res.end('{"status":"recorded"}');
      }
      if (url.includes('experiments/create')) return res.end('{"experiment_id":"1"}');
      if (url.includes('runs/create')) {
        const id = `r${++runs}`;
        const info = { run_id: id, run_uuid: id, experiment_id: '1', status: 'RUNNING', lifecycle_stage: 'active' };
        return res.end(JSON.stringify({ run: { info, data: {} } }));
      }
      if (url.includes('get-history')) return res.end(history);
      res.end('{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => {
    const address = /** @type {import('node:net').AddressInfo} */ (server.address());
    console.log(`listening ${address.port}`);
  });
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref(); // a client that keeps its connection open
  });
}

/**
 * Starts the store-nothing server in a child process.
 * @param {{ history?: number }} [options] how many points metrics/get-history answers
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
function startNullServer(options = {}) {
  const child = spawn(process.execPath, [path.join(__dirname, 'null-server.js')], {
    env: { ...process.env, MNEMO_NULL_HISTORY: String(options.history ?? 0) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the store-nothing server exited (${code}) before listening`)));
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const match = /listening (\d+)/.exec(out);
      if (!match) return;
      child.removeAllListeners('exit');
      const exited = new Promise((done) => child.once('exit', done));
      resolve({
        url: `http://127.0.0.1:${match[1]}`,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            await exited;
          }
        },
      });
    });
  });
}

if (require.main === module) serve(Number(process.env.MNEMO_NULL_HISTORY ?? 0));

module.exports = { startNullServer };
