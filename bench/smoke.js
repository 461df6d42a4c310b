// @ts-check
// Every benchmark part at a tiny size (MNEMO_BENCH_TINY=1), one after another, so a bench cannot rot
// unseen: `npm test` runs this after the tests (`node bench/smoke.js [part ...]` runs it alone). Each part
// must finish with its figures (bench/record.js's expectFigures) and records nothing. The parts that serve
// the api from their own process share one throw-away Neo4j started here (MNEMO_BENCH_NEO4J_URI, wiped by
// each part); `ingest` starts its own, since its first-start measure is the time to start one on an empty
// folder. Free ports and temp folders only: nothing collides with the tests' Neo4j instances.
'use strict';

const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { startNeo4j } = require('../services/neo4j-local/launcher.js');

const PARTS = {
  lineage: 'run.js',
  costs: 'costs.js',
  mlflow: 'mlflow.js',
  ingest: 'ingest.js',
  growth: 'growth.js',
  explorer: 'explorer.js',
};
const log = (line) => console.log(`[bench smoke] ${line}`);

/** One part as its own process; answers its exit code. */
function runPart(script, env) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(__dirname, script)], { env, stdio: 'inherit' });
    child.once('error', () => resolve(1));
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

async function main() {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((part) => !(part in PARTS));
  if (unknown.length)
    throw new Error(`unknown part ${unknown.join(', ')}; the parts are ${Object.keys(PARTS).join(', ')}`);
  const parts = wanted.length ? wanted : Object.keys(PARTS);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'mnemo-bench-smoke-neo4j-'));
  const neo4j = await startNeo4j({ home, heap: '1g', pageCache: '256m', log: () => {} });
  /** @type {[string, number, number][]} */
  const outcomes = [];
  try {
    for (const part of parts) {
      log(`${part} (MNEMO_BENCH_TINY=1) ...`);
      const began = performance.now();
      const code = await runPart(PARTS[part], {
        ...process.env,
        MNEMO_BENCH_TINY: '1',
        MNEMO_BENCH_NEO4J_URI: neo4j.uri,
      });
      outcomes.push([part, code, (performance.now() - began) / 1000]);
    }
  } finally {
    try {
      process.kill(/** @type {number} */ (neo4j.pid), 'SIGKILL'); // thrown away next: no clean stop needed
    } catch {
      /* already gone */
    }
    await neo4j.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
  log(
    outcomes
      .map(
        ([part, code, seconds]) => `${part} ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds.toFixed(0)} s`,
      )
      .join(', '),
  );
  const failed = outcomes.filter(([, code]) => code !== 0).map(([part]) => part);
  if (failed.length) throw new Error(`bench parts failed at a tiny size: ${failed.join(', ')}`);
}

main().catch((error) => {
  console.error(`[bench smoke] ${error.message}`);
  process.exit(1);
});
