// @ts-check
// OpenLineage load as producers send it, shared by the benchmarks that post it (ingest, growth): chained
// jobs (job i reads two tables written by earlier jobs and writes table i), each run's START then COMPLETE,
// from concurrent keep-alive HTTP clients, one request at a time each.
'use strict';

const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { performance } = require('node:perf_hooks');
const { percentile } = require('./record.js');

/** POST a JSON body with keep-alive; answers the status and the body's text (never throws on an HTTP status). */
function poster(base, pathname, headers, sockets) {
  const { hostname, port } = new (require('node:url').URL)(base);
  const agent = new http.Agent({ keepAlive: true, maxSockets: sockets });
  const post = (body) =>
    new Promise((resolve, reject) => {
      const request = http.request(
        {
          agent,
          hostname,
          port,
          path: pathname,
          method: 'POST',
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (chunk) => (text += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        },
      );
      request.on('error', reject);
      request.end(body);
    });
  return { post, close: () => agent.destroy() };
}

/** Chained jobs: job i reads two tables written by earlier jobs (sources for the first ones) and writes table i. */
function chainedJobs(prefix, count) {
  const table = (i) => `${prefix}.table_${i}`;
  return Array.from({ length: count }, (_, i) => ({
    runId: randomUUID(),
    name: `${prefix}.job_${i}`,
    inputs:
      i === 0
        ? ['source.orders', 'source.customers']
        : [table(i - 1), i >= 2 ? table(Math.floor((i - 1) / 2)) : 'source.customers'],
    output: table(i),
  }));
}

const PRODUCER = 'https://github.com/mnemo/bench/lineage-events.js';
const facetBase = {
  _producer: PRODUCER,
  _schemaURL: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json',
};
const SCHEMA = {
  schema: {
    ...facetBase,
    fields: ['customer_id', 'amount', 'day'].map((name) => ({ name, type: name === 'amount' ? 'double' : 'string' })),
  },
};

/** One event of a job's run as OpenLineage's HTTP transport posts it: START reads, COMPLETE reads and writes. */
function lineageEvent(job, eventType, at) {
  return JSON.stringify({
    eventType,
    eventTime: new Date(at).toISOString(),
    producer: PRODUCER,
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: job.runId },
    job: {
      namespace: 'bench-etl',
      name: job.name,
      facets: { sql: { ...facetBase, query: `INSERT INTO ${job.output} SELECT * FROM ${job.inputs.join(' JOIN ')}` } },
    },
    inputs: job.inputs.map((name) => ({ namespace: 'bench-warehouse', name, facets: SCHEMA })),
    outputs: eventType === 'COMPLETE' ? [{ namespace: 'bench-warehouse', name: job.output, facets: SCHEMA }] : [],
  });
}

/**
 * 2. `clients` concurrent clients, each posting START then COMPLETE for its share of the jobs (job i goes to
 * client i mod clients), one request at a time each. Answers events/s (2xx answers only) and latencies.
 */
async function postLineage(base, headers, jobs, clients) {
  const { post, close } = poster(base, '/api/v1/lineage', headers, clients);
  const latencies = { START: /** @type {number[]} */ ([]), COMPLETE: /** @type {number[]} */ ([]) };
  const failures = new Map();
  let recorded = 0;
  let already = 0;
  const began = performance.now();
  const clock = Date.now();
  try {
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let i = client; i < jobs.length; i += clients) {
          for (const eventType of /** @type {const} */ (['START', 'COMPLETE'])) {
            const sent = performance.now();
            const body = lineageEvent(jobs[i], eventType, clock + i * 1000 + (eventType === 'COMPLETE' ? 500 : 0));
            const answer = await post(body).catch((error) => ({ status: 0, text: String(error.message) }));
            latencies[eventType].push(performance.now() - sent);
            if (answer.status === 201) recorded++;
            else if (answer.status === 200) already++;
            else {
              const key = `${answer.status} ${answer.text.slice(0, 160)}`;
              failures.set(key, (failures.get(key) ?? 0) + 1);
            }
          }
        }
      }),
    );
  } finally {
    close();
  }
  const seconds = (performance.now() - began) / 1000;
  const sorted = (list) => [...list].sort((a, b) => a - b);
  const start = sorted(latencies.START);
  const complete = sorted(latencies.COMPLETE);
  return {
    events: jobs.length * 2,
    recorded,
    already,
    failed: jobs.length * 2 - recorded - already,
    failures: [...failures].map(([what, count]) => `${count} × ${what}`),
    seconds,
    perSecond: (recorded + already) / seconds,
    startP50: percentile(start, 50),
    startP95: percentile(start, 95),
    completeP50: percentile(complete, 50),
    completeP95: percentile(complete, 95),
  };
}

module.exports = { chainedJobs, lineageEvent, postLineage };
