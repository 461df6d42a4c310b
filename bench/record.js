// @ts-check
// Shared by the benchmarks: percentiles and the record appended to docs/benchmarks.md.
'use strict';

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

/** The p-th percentile of an ascending list (nearest rank). */
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** The machine a figure was measured on, in one line. */
function machine() {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`;
}

/** Appends a dated section to docs/benchmarks.md: the command, the machine, then `body` (Markdown). */
function appendRecord(title, body, command = 'npm run bench') {
  const lines = [
    '',
    `## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — ${title}`,
    '',
    `Command: \`${command}\`. Machine: ${machine()}.`,
    '',
    body,
    '',
  ];
  fs.appendFileSync(path.join(__dirname, '../docs/benchmarks.md'), lines.join('\n'));
  console.log(`[bench] results appended to docs/benchmarks.md`);
}

module.exports = { appendRecord, machine, percentile };
