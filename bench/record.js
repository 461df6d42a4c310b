// @ts-check
// Shared by the benchmarks: sizes (and the tiny smoke-test mode), data folders, percentiles, the check
// that a run produced its figures, and the record appended to docs/benchmarks.md.
'use strict';

const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');
const RECORD = path.join(ROOT, 'docs/benchmarks.md');

/**
 * MNEMO_BENCH_TINY=1: every part at a tiny size (seconds), in throw-away data folders, recording nothing.
 * `npm test` runs each part this way as a smoke test, so a benchmark cannot rot unseen.
 */
const TINY = process.env.MNEMO_BENCH_TINY === '1';

/** A size from the environment (`name`), else the part's default: `tiny` in tiny mode, `normal` otherwise. */
function sized(name, normal, tiny) {
  const value = process.env[name];
  if (value === undefined || value === '') return TINY ? tiny : normal;
  const number = Number(value);
  if (!Number.isFinite(number) || number < 0) throw new Error(`${name} must be a number; got "${value}"`);
  return number;
}

/**
 * A data folder for a part's own Neo4j (or server): `.mnemo/<name>`, kept between runs so a big generated
 * graph is reused; in tiny mode a fresh folder under the OS's temp dir, which `remove()` deletes.
 */
function dataHome(name) {
  if (!TINY) return { dir: path.join(ROOT, '.mnemo', name), remove: () => {} };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `mnemo-bench-${name}-`));
  return { dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** The p-th percentile of an ascending list (nearest rank). */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The machine a figure was measured on, in one line. */
function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/**
 * Fails the run unless every figure is a positive finite number: a part that measured nothing (a
 * client that sent nothing, a query that answered nothing) must not pass, in the smoke test least of all.
 * @param {string} part
 * @param {Record<string, unknown>} figures
 */
function expectFigures(part, figures) {
  const bad = Object.entries(figures).filter(
    ([, value]) => typeof value !== 'number' || !(value > 0) || !Number.isFinite(value),
  );
  if (bad.length) {
    throw new Error(
      `bench ${part}: no figure for ${bad.map(([name, value]) => `${name} (${String(value)})`).join(', ')}`,
    );
  }
  console.log(`[bench] ${part}: ${Object.keys(figures).length} figures measured`);
}

/**
 * Appends a dated section to docs/benchmarks.md: the command, the machine, then `body` (Markdown), and
 * formats the file as `npm test` checks it (Prettier). In tiny mode nothing is written.
 */
function appendRecord(title, body, command = 'npm run bench') {
  if (TINY) {
    console.log(`[bench] tiny run (MNEMO_BENCH_TINY=1): not recorded in docs/benchmarks.md`);
    return;
  }
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${title}`,
    '',
    `Command: \`${command}\`. Machine: ${machine()}.`,
    '',
    body,
    '',
  ];
  fs.appendFileSync(RECORD, lines.join('\n'));
  const prettier = spawnSync(process.execPath, [require.resolve('prettier/bin/prettier.cjs'), '--write', RECORD], {
    cwd: ROOT,
    stdio: 'ignore',
  });
  if (prettier.status !== 0) console.log('[bench] (prettier could not format docs/benchmarks.md; run npm run format)');
  console.log(`[bench] results appended to docs/benchmarks.md`);
}

module.exports = { appendRecord, dataHome, expectFigures, machine, percentile, sized, TINY };
