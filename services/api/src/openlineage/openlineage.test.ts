import { randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseNamespaceProjects } from './namespace-projects';
import { type Harness, startHarness } from '../test-support/harness';

/** OpenLineage events as the HTTP transport posts them, against the real api and Neo4j. */
let harness: Harness;
let endpoint: string;

const post = async (event: unknown) => {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof event === 'string' ? event : JSON.stringify(event),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
};

const schema = (...fields: string[]) => ({
  schema: { _producer: 'test', _schemaURL: 'x', fields: fields.map((name) => ({ name, type: 'string' })) },
});

/** A job reading two tables and writing one, as START and COMPLETE events of one run. */
function jobRun(job: string) {
  const runId = randomUUID();
  const base = {
    producer: 'https://example.org/test',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId },
    job: { namespace: 'etl', name: job, facets: { sql: { query: 'INSERT INTO features SELECT ...' } } },
  };
  const inputs = [
    { namespace: 'postgres://db', name: 'public.orders', facets: schema('order_id', 'amount') },
    { namespace: 'postgres://db', name: 'public.customers', facets: schema('customer_id') },
  ];
  const outputs = [{ namespace: 'postgres://db', name: 'public.features', facets: schema('customer_id', 'spend') }];
  return {
    runId,
    start: { ...base, eventType: 'START', eventTime: '2026-11-01T10:00:00Z', inputs, outputs: [] },
    complete: { ...base, eventType: 'COMPLETE', eventTime: '2026-11-01T10:05:00+00:00', inputs, outputs },
  };
}

const LINEAGE = `query($id: ID!) {
  run(id: $id) {
    status startedAt endedAt experiment { name }
    inputs { version { ... on DatasetVersion { id } } }
    outputs { ... on DatasetVersion { id derivedFrom { ... on DatasetVersion { id } } } }
    tags { key value }
  }
}`;

async function lineageOf(runId: string) {
  const { run } = await harness.ok(LINEAGE, { id: `run:${runId.replace(/-/g, '')}` });
  const ids = (list: { id: string }[]) => list.map((v) => v.id).sort();
  return {
    status: run.status,
    startedAt: run.startedAt,
    endedAt: run.endedAt,
    experiment: run.experiment.name,
    inputs: ids(run.inputs.map((i: { version: { id: string } }) => i.version)),
    outputs: run.outputs.map((o: { id: string; derivedFrom: { id: string }[] }) => ({
      id: o.id.replace(/@.*/, ''),
      derivedFrom: ids(o.derivedFrom).map((id) => id.replace(/@.*/, '')),
    })),
    sql: run.tags.find((t: { key: string }) => t.key === 'openlineage.sql')?.value,
  };
}

beforeAll(async () => {
  harness = await startHarness();
  endpoint = harness.url.replace('/graphql', '/api/v1/lineage');
});
afterAll(() => harness.close());

describe('OpenLineage ingestion', () => {
  it('turns START then COMPLETE into a run that used two datasets and generated one derived from both', async () => {
    const { runId, start, complete } = jobRun('build_features');
    expect((await post(start)).status).toBe(201);
    expect((await post(complete)).status).toBe(201);
    const lineage = await lineageOf(runId);
    expect(lineage).toMatchObject({
      status: 'FINISHED',
      startedAt: '2026-11-01T10:00:00.000Z',
      endedAt: '2026-11-01T10:05:00.000Z',
      experiment: 'build_features',
      sql: 'INSERT INTO features SELECT ...',
    });
    expect(lineage.inputs).toHaveLength(2);
    expect(lineage.outputs).toEqual([
      {
        id: expect.stringMatching(/^dataset:postgres-db-[0-9a-f]{8}\/public\.features$/),
        derivedFrom: lineage.inputs.map((id) => id.replace(/@.*/, '')).sort(),
      },
    ]);
  });

  it("keeps a model's long SQL in Chinese as a tag cut to what the tag index holds, not a 500", async () => {
    const { runId, start } = jobRun('build_features_zh');
    // 5,000 characters, 15,000 bytes in UTF-8: more than Neo4j indexes with the tag's key (about 8 KB).
    const query = `SELECT 1 -- ${'注释'.repeat(2_500)}`.slice(0, 5_000);
    const event = { ...start, job: { ...start.job, facets: { sql: { query } } } };
    expect((await post(event)).status).toBe(201);
    const { sql } = await lineageOf(runId);
    expect(query.startsWith(sql)).toBe(true);
    expect(Buffer.byteLength(sql) + Buffer.byteLength('openlineage.sql')).toBeLessThanOrEqual(8_100);
    expect(Buffer.byteLength(sql)).toBeGreaterThan(8_000);
  });

  it('costs a fixed number of statements per event: a new job reading two known tables, then writing a new one', async () => {
    const first = jobRun('count_first');
    for (const event of [first.start, first.complete]) expect((await post(event)).status).toBe(201);
    const { start, complete } = jobRun('count_second');
    const output = [{ namespace: 'postgres://db', name: 'public.counted', facets: schema('customer_id') }];
    harness.roundTrips.reset();
    expect((await post(start)).status).toBe(201);
    const started = harness.roundTrips.count;
    harness.roundTrips.reset();
    expect((await post({ ...complete, outputs: output })).status).toBe(201);
    const completed = harness.roundTrips.count;
    console.log(`statements for an OpenLineage START: ${started}, its COMPLETE: ${completed}`);
    // START: the plan, the new experiment (lookup, template, create), the inputs' locks, the run, the
    // event and the audit events. COMPLETE adds the new table and its version, and finishes the run.
    expect(started).toBeLessThanOrEqual(8);
    expect(completed).toBeLessThanOrEqual(11);
  });

  it('makes the job namespace the project and dataset namespaces data sources, and keeps every event, facets included', async () => {
    const { runId, start, complete } = jobRun('kept_facets');
    await post(start);
    await post(complete);
    const run = `run:${runId.replace(/-/g, '')}`;
    const { experiment, dataset, runEvents, experimentEvents } = await harness.ok(
      `query($run: ID!) {
        experiment(id: "experiment:etl/kept_facets") { project { id name } }
        dataset: run(id: $run) { outputs { ... on DatasetVersion { id dataset { project { id } dataSource { id namespace platform host } } } } }
        runEvents: openLineageEvents(id: $run) { eventType eventTime payload }
        experimentEvents: openLineageEvents(id: "experiment:etl/kept_facets") { id }
      }`,
      { run },
    );
    expect(experiment.project).toEqual({ id: 'project:etl', name: 'etl' });
    const [output] = dataset.outputs;
    // The table is in the project of the job that first named it, and in the data source its namespace names.
    expect(output.dataset.project).toEqual({ id: 'project:etl' });
    expect(output.dataset.dataSource).toEqual({
      id: expect.stringMatching(/^datasource:postgres-db-[0-9a-f]{8}$/),
      namespace: 'postgres://db',
      platform: 'postgres',
      host: 'db',
    });
    const { sources, projects } = await harness.ok(
      `{ sources: dataSources(first: 500) { nodes { id datasetCount datasets { name } } } projects(first: 500) { nodes { id } } }`,
    );
    const source = sources.nodes.find((s: { id: string }) => s.id === output.dataset.dataSource.id);
    expect(source.datasets.map((d: { name: string }) => d.name)).toEqual(
      expect.arrayContaining(['public.orders', 'public.customers', 'public.features']),
    );
    expect(source.datasetCount).toBe(source.datasets.length);
    // A dataset namespace is no project.
    expect(projects.nodes.map((p: { id: string }) => p.id)).not.toContainEqual(expect.stringMatching(/postgres/));
    expect(runEvents.map((e: { eventType: string }) => e.eventType)).toEqual(['START', 'COMPLETE']);
    expect(runEvents[1].eventTime).toBe('2026-11-01T10:05:00.000Z');
    expect(JSON.parse(runEvents[1].payload).outputs[0].facets.schema.fields).toHaveLength(2);
    expect(experimentEvents).toEqual([]);
    const { openLineageEvents } = await harness.ok(
      `query($id: ID!) { openLineageEvents(id: $id) { eventType payload } }`,
      { id: output.id },
    );
    // The version is the content several tests' runs wrote alike: this run's event about it is its COMPLETE.
    const ofThisRun = openLineageEvents.filter((e: { payload: string }) => JSON.parse(e.payload).run.runId === runId);
    expect(ofThisRun.map((e: { eventType: string }) => e.eventType)).toEqual(['COMPLETE']);
  });

  it('puts a job namespace the admin mapped (governance/openlineage.yaml) into that project', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mnemo-ol-')), 'openlineage.yaml');
    writeFileSync(file, 'projects:\n  "airflow://prod": etl\n');
    process.env.MNEMO_OPENLINEAGE_PROJECTS = file;
    try {
      const { start } = jobRun('mapped_job');
      expect((await post({ ...start, job: { ...start.job, namespace: 'airflow://prod' } })).status).toBe(201);
      const { experiment } = await harness.ok(`{ experiment(id: "experiment:etl/mapped_job") { project { id } } }`);
      expect(experiment.project).toEqual({ id: 'project:etl' });
    } finally {
      delete process.env.MNEMO_OPENLINEAGE_PROJECTS;
    }
    expect(() => parseNamespaceProjects('projects:\n  shop: Not A Slug\n', 'x.yaml')).toThrow(
      /x.yaml is not a usable namespace mapping:\n {2}line 2: "Not A Slug" \(for shop\) is not a project slug/,
    );
    expect(() => parseNamespaceProjects('teams: {}\n', 'x.yaml')).toThrow(/one key, projects/);
  });

  it('refuses an event nested 10,000 deep with 400, writing nothing', async () => {
    const { start } = jobRun('deep_facet');
    // It once answered 500 after its run had been committed; now it is refused before any write (and
    // the event is one transaction, so a failure at its end would leave nothing behind either).
    const deep = `${'{"nested":'.repeat(10_000)}{"leaf":true}${'}'.repeat(10_000)}`;
    const facets = `{"deep":{"_producer":"x","_schemaURL":"y","deep":${deep}}}`;
    const event = JSON.stringify({ ...start, run: { ...start.run, facets: '@' } }).replace('"@"', facets);
    const before = await harness.snapshot();
    const answer = await post(event);
    expect(answer).toEqual({
      status: 400,
      body: { error: 'Invalid OpenLineage event', details: [expect.stringContaining('deeper than 500 levels')] },
    });
    expect(await harness.snapshot()).toEqual(before);
  });

  it('changes nothing when any event is replayed', async () => {
    const { start, complete } = jobRun('replayed');
    await post(start);
    await post(complete);
    const before = await harness.snapshot();
    for (const event of [complete, start, complete]) expect((await post(event)).status).toBe(200);
    expect(await harness.snapshot()).toEqual(before);
  });

  it('takes the same event posted many times at once exactly once, and runs racing for the same datasets', async () => {
    const { runId, start, complete } = jobRun('concurrent');
    const statuses = await Promise.all(Array.from({ length: 6 }, () => post(start).then((a) => a.status)));
    expect(statuses.sort()).toEqual([200, 200, 200, 200, 200, 201]);
    const others = Array.from({ length: 4 }, () => jobRun('racing'));
    const answers = await Promise.all([complete, ...others.map((o) => o.complete)].map((e) => post(e)));
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, {
      id: `run:${runId.replace(/-/g, '')}`,
    });
    expect(auditTrail.map((e: { action: string }) => e.action).sort()).toEqual([
      'openlineage.event-recorded', // START, once however often it was posted
      'openlineage.event-recorded', // COMPLETE
      'run.finished',
      'run.started', // with its inputs and tags: the START is one command
    ]);
    for (const other of others) expect((await lineageOf(other.runId)).outputs).toHaveLength(1);
  });

  it('ends in the same graph when COMPLETE arrives before START', async () => {
    const inOrder = jobRun('ordered');
    await post(inOrder.start);
    await post(inOrder.complete);
    const reversed = jobRun('ordered');
    await post(reversed.complete);
    await post(reversed.start);
    const [a, b] = [await lineageOf(inOrder.runId), await lineageOf(reversed.runId)];
    expect({ ...b, inputs: b.inputs.length }).toEqual({ ...a, inputs: a.inputs.length });
    expect(b.status).toBe('FINISHED');
  });

  it('refuses malformed events with 400, every problem listed, and writes nothing', async () => {
    const { start } = jobRun('broken');
    const before = await harness.snapshot();
    for (const [event, problem] of [
      [{ ...start, eventTime: undefined }, 'eventTime is required'],
      [{ ...start, eventTime: 'yesterday' }, 'is not an ISO 8601 date-time'],
      [{ ...start, eventType: 'FINISHED' }, 'eventType must be one of'],
      [{ ...start, run: { runId: '42' } }, 'run.runId must be a UUID'],
      [{ ...start, job: { namespace: 'etl' } }, 'job.name is required'],
      [{ ...start, inputs: [{ namespace: 'x' }] }, 'inputs[0].name is required'],
      [{ producer: 'p' }, 'an event needs run and job'],
      ['{"run": ', 'not valid JSON'],
    ] as const) {
      const answer = await post(event);
      expect(answer.status).toBe(400);
      expect(answer.body.details.join('\n')).toContain(problem);
    }
    const many = await post({ ...start, eventType: 'NOPE', run: { runId: 'x' }, job: {} });
    expect(many.body.details).toHaveLength(4);
    expect(await harness.snapshot()).toEqual(before);
  });

  it('tolerates what real producers leave out, and keeps a failure message', async () => {
    const runId = randomUUID();
    const event = {
      eventTime: '2026-11-02T08:00:00', // no zone: read as UTC
      eventType: 'FAIL',
      run: { runId, facets: { errorMessage: { message: 'disk full', programmingLanguage: 'python' } } },
      job: { namespace: 'etl', name: 'nightly' },
      inputs: [{ namespace: 's3://lake', name: 'raw/events', facets: { version: { datasetVersion: '2026-11-02' } } }],
    };
    const answer = await post(event);
    expect(answer).toMatchObject({ status: 201, body: { tolerated: ['producer is missing', 'schemaURL is missing'] } });
    const { run } = await harness.ok(LINEAGE, { id: `run:${runId.replace(/-/g, '')}` });
    expect(run.status).toBe('FAILED');
    expect(run.inputs[0].version.id).toMatch(/@2026-11-02$/);
    expect(run.tags).toContainEqual({ key: 'openlineage.errorMessage', value: 'disk full' });
  });

  it('links what a job reads to the version an earlier job wrote, so lineage runs the whole chain', async () => {
    // Job i reads table i−1 (job 0 reads a source nobody writes) and writes table i; each run in turn.
    const table = (i: number) => (i < 0 ? 'chain.source' : `chain.t${i}`);
    const runIds: string[] = [];
    for (let i = 0; i < 5; i++) {
      const runId = randomUUID();
      runIds.push(runId);
      const base = {
        producer: 'https://example.org/test',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        run: { runId },
        job: { namespace: 'chain', name: `job_${i}` },
      };
      const inputs = [{ namespace: 'chain-db', name: table(i - 1), facets: schema('id') }];
      const outputs = [{ namespace: 'chain-db', name: table(i), facets: schema('id') }];
      const at = (minute: number) => `2026-11-03T10:${String(2 * i + minute).padStart(2, '0')}:00Z`;
      expect((await post({ ...base, eventType: 'START', eventTime: at(0), inputs, outputs: [] })).status).toBe(201);
      expect((await post({ ...base, eventType: 'COMPLETE', eventTime: at(1), inputs, outputs })).status).toBe(201);
    }
    const last = await lineageOf(runIds[4]);
    const { lineage } = await harness.ok(
      `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, maxDepth: 50) { nodes { node { id } } } }`,
      { id: (await harness.ok(LINEAGE, { id: `run:${runIds[4].replace(/-/g, '')}` })).run.outputs[0].id },
    );
    const upstream: string[] = lineage.nodes.map((entry: { node: { id: string } }) => entry.node.id.replace(/@.*/, ''));
    expect(last.inputs).toHaveLength(1);
    // Every table of the chain and the source are upstream of the last table's version.
    const tables = upstream.filter((id) => id.startsWith('dataset:')).map((id) => id.split('/').pop());
    expect(tables).toEqual(expect.arrayContaining(['chain.t3', 'chain.t2', 'chain.t1', 'chain.t0', 'chain.source']));
    // Reading a source again adds no version of it: one version of the source, one per write of a table.
    const { dataset } = await harness.ok(`query($id: ID!) { dataset(id: $id) { versions { id } } }`, {
      id: upstream.find((id) => id.endsWith('/chain.source')),
    });
    expect(dataset.versions).toHaveLength(1);
  });

  it('links a chain whose events arrive in reverse order: a write re-points the reads that came before it', async () => {
    // Job i reads rev.t(i−1) and writes rev.t(i), at 10:00 + 10 min × i; sent last job first.
    const table = (i: number) => ({
      namespace: 'rev-db',
      name: i < 0 ? 'rev.source' : `rev.t${i}`,
      facets: schema('id'),
    });
    const jobs = Array.from({ length: 5 }, (_, i) => {
      const base = {
        producer: 'https://example.org/test',
        schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
        run: { runId: randomUUID() },
        job: { namespace: 'rev', name: `job_${i}` },
      };
      const at = (minute: number) => `2026-11-07T10:${String(10 * i + minute).padStart(2, '0')}:00Z`;
      return [
        { ...base, eventType: 'START', eventTime: at(0), inputs: [table(i - 1)], outputs: [] },
        { ...base, eventType: 'COMPLETE', eventTime: at(5), inputs: [table(i - 1)], outputs: [table(i)] },
      ];
    });
    for (const events of [...jobs].reverse()) for (const event of events) expect((await post(event)).status).toBe(201);
    const last = (await harness.ok(LINEAGE, { id: `run:${jobs[4][0].run.runId.replace(/-/g, '')}` })).run.outputs[0].id;
    const { lineage } = await harness.ok(
      `query($id: ID!) { lineage(id: $id, direction: UPSTREAM, maxDepth: 50) { nodes { node { id } depth } } }`,
      { id: last },
    );
    const depthOf = new Map<string, number>();
    for (const { node, depth } of lineage.nodes) {
      const dataset = node.id.replace(/@.*/, '');
      if (dataset.startsWith('dataset:')) depthOf.set(dataset, Math.min(depth, depthOf.get(dataset) ?? Infinity));
    }
    // The whole chain is upstream of the last table, each table one derivation further (DERIVED_FROM).
    for (let i = 0; i < 4; i++) expect([i, depthOf.get(`dataset:rev-db/rev.t${i}`)]).toEqual([i, 4 - i]);
    expect(depthOf.get('dataset:rev-db/rev.source')).toBe(5);
  });

  it("reads the version current at the event's time, whatever order the events arrive in", async () => {
    // Two writes of timeline.t (10:00 with column a, 12:00 with a and b), then readers at 9:00, 11:00 and 13:00,
    // sent after both writes: each reads what was there at its time, not what arrived last.
    const event = (
      job: string,
      eventType: string,
      hour: number,
      facets: { inputs?: object[]; outputs?: object[] },
    ) => ({
      producer: 'https://example.org/test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: randomUUID() },
      job: { namespace: 'timeline', name: job },
      eventType,
      eventTime: `2026-11-04T${String(hour).padStart(2, '0')}:00:00Z`,
      inputs: facets.inputs ?? [],
      outputs: facets.outputs ?? [],
    });
    const t = (...columns: string[]) => ({ namespace: 'timeline-db', name: 'timeline.t', facets: schema(...columns) });
    const inputOf = async (sent: { run: { runId: string } }) => (await lineageOf(sent.run.runId)).inputs[0];
    const writes = [
      event('write_a', 'COMPLETE', 10, { outputs: [t('a')] }),
      event('write_ab', 'COMPLETE', 12, { outputs: [t('a', 'b')] }),
    ];
    for (const write of writes) expect((await post(write)).status).toBe(201);
    const [writtenA, writtenAB] = await Promise.all(
      writes.map(
        async (write) =>
          (await harness.ok(LINEAGE, { id: `run:${write.run.runId.replace(/-/g, '')}` })).run.outputs[0].id,
      ),
    );
    const readers = [
      event('read_early', 'COMPLETE', 9, { inputs: [t('a')] }),
      event('read_between', 'COMPLETE', 11, { inputs: [t('a')] }),
      event('read_late', 'COMPLETE', 13, { inputs: [t('a', 'b')] }),
    ];
    for (const reader of readers) expect((await post(reader)).status).toBe(201);
    const [early, between, late] = await Promise.all(readers.map(inputOf));
    expect(between).toBe(writtenA);
    expect(late).toBe(writtenAB);
    // Before anything was written, the reader saw the table as it was: an observed version, not a later write.
    expect(early).toMatch(/^dataset:timeline-db\/timeline\.t@s-/);
  });

  it("turns an input's data-quality assertions (dbt tests) into checks of the version read", async () => {
    const { start } = jobRun('orders_tests');
    const assertions = {
      _producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.40.0/integration/dbt',
      _schemaURL: 'https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json',
      assertions: [
        { assertion: 'not_null', success: true, column: 'order_id' },
        { assertion: 'unique', success: false, column: 'order_id' },
        { assertion: 'row_count_positive', success: true },
      ],
    };
    const event = {
      ...start,
      eventType: 'COMPLETE',
      job: {
        namespace: 'etl',
        name: 'orders.test',
        facets: { jobType: { jobType: 'TEST', integration: 'DBT', processingType: 'BATCH' } },
      },
      inputs: [{ ...start.inputs[0], inputFacets: { dataQualityAssertions: assertions } }],
    };
    expect((await post(event)).status).toBe(201);
    const [versionId] = (await lineageOf(start.run.runId)).inputs;
    const read = async () =>
      (
        await harness.ok(`query($id: ID!) { datasetVersion(id: $id) { dataQualityChecks { name passed runId } } }`, {
          id: versionId,
        })
      ).datasetVersion.dataQualityChecks;
    const run = `run:${start.run.runId.replace(/-/g, '')}`;
    expect(await read()).toEqual(
      expect.arrayContaining([
        { name: 'not_null(order_id)', passed: true, runId: run },
        { name: 'row_count_positive', passed: true, runId: run },
        { name: 'unique(order_id)', passed: false, runId: run },
      ]),
    );
    const checks = await read();
    expect((await post(event)).status).toBe(200); // a replay changes nothing
    expect(await read()).toEqual(checks);
  });

  it('keeps column lineage as graph structure: a column traced upstream to its sources, and its impact downstream', async () => {
    const table = (name: string, ...columns: string[]) => ({ namespace: 'cols-db', name, facets: schema(...columns) });
    const from = (name: string, field: string, type = 'DIRECT', subtype = 'IDENTITY') => ({
      namespace: 'cols-db',
      name,
      field,
      transformations: [{ type, subtype }],
    });
    const lineageFacet = (fields: Record<string, object[]>, dataset: object[] = []) => ({
      _producer: 'https://example.org/test',
      _schemaURL: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json',
      fields: Object.fromEntries(Object.entries(fields).map(([column, inputFields]) => [column, { inputFields }])),
      dataset,
    });
    const job = (name: string, hour: number, inputs: object[], output: object) => ({
      producer: 'https://example.org/test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: randomUUID() },
      job: { namespace: 'cols', name },
      eventType: 'COMPLETE',
      eventTime: `2026-11-05T${String(hour).padStart(2, '0')}:00:00Z`,
      inputs,
      outputs: [output],
    });
    // raw.orders (id, amount, customer_id) → stg.orders (order_id ← id, amount ← amount)
    //   → mart.revenue (total ← SUM(amount), filtered by order_id: a dataset-level INDIRECT input)
    const staging = job('stg_orders', 10, [table('raw.orders', 'id', 'amount', 'customer_id')], {
      ...table('stg.orders', 'order_id', 'amount'),
      facets: {
        ...schema('order_id', 'amount'),
        columnLineage: lineageFacet({ order_id: [from('raw.orders', 'id')], amount: [from('raw.orders', 'amount')] }),
      },
    });
    const mart = job('revenue', 11, [table('stg.orders', 'order_id', 'amount')], {
      ...table('mart.revenue', 'total'),
      facets: {
        ...schema('total'),
        columnLineage: lineageFacet({ total: [from('stg.orders', 'amount', 'DIRECT', 'AGGREGATION')] }, [
          from('stg.orders', 'order_id', 'INDIRECT', 'FILTER'),
        ]),
      },
    });
    for (const event of [staging, mart]) expect((await post(event)).status).toBe(201);
    const outputOf = async (event: { run: { runId: string } }) =>
      (await harness.ok(LINEAGE, { id: `run:${event.run.runId.replace(/-/g, '')}` })).run.outputs[0].id;
    const [stgVersion, martVersion] = [await outputOf(staging), await outputOf(mart)];
    const rawVersion = (await lineageOf(staging.run.runId)).inputs[0];

    const { columnLineage } = await harness.ok(
      `query($id: ID!) { columnLineage(versionId: $id, column: "total", direction: UPSTREAM) {
        root { id } columns { name versionId depth why } edges { from to type subtypes } hidden } }`,
      { id: martVersion },
    );
    expect(columnLineage.root.id).toBe(`${martVersion}#total`);
    expect(
      columnLineage.columns.map((c: { versionId: string; name: string; depth: number }) => [
        c.versionId,
        c.name,
        c.depth,
      ]),
    ).toEqual([
      [stgVersion, 'amount', 1],
      [stgVersion, 'order_id', 1],
      [rawVersion, 'amount', 2],
      [rawVersion, 'id', 2],
    ]);
    expect(columnLineage.edges).toContainEqual({
      from: `${martVersion}#total`,
      to: `${stgVersion}#order_id`,
      type: 'INDIRECT',
      subtypes: ['FILTER'],
    });
    expect(columnLineage.hidden).toBe(0);

    const impact = async (column: string) =>
      (
        await harness.ok(
          `query($id: ID!, $column: String!) { columnImpact(versionId: $id, column: $column) {
            columns { id why } downstream { startIds total } } }`,
          { id: rawVersion, column },
        )
      ).columnImpact;
    const amount = await impact('amount');
    expect(amount.columns).toEqual([
      { id: `${stgVersion}#amount`, why: [`${rawVersion}#amount`, `${stgVersion}#amount`] },
      { id: `${martVersion}#total`, why: [`${rawVersion}#amount`, `${stgVersion}#amount`, `${martVersion}#total`] },
    ]);
    expect(amount.downstream.startIds.sort()).toEqual([martVersion, stgVersion].sort());
    // A column nothing was computed from breaks nothing.
    expect(await impact('customer_id')).toEqual({ columns: [], downstream: { startIds: [], total: 0 } });
    // Exported like the dataset impact report: the columns first, each with its why-path.
    const csv = await fetch(
      `${harness.url.replace(/\/graphql$/, '')}/api/impact/${encodeURIComponent(`${rawVersion}#amount`)}?format=csv`,
    );
    expect(csv.status).toBe(200);
    const rows = (await csv.text()).trim().split('\r\n');
    expect(rows[0]).toBe('id,kind,name,depth,environment,production_at_risk,owners,why');
    expect(rows.slice(1, 3)).toEqual([
      `${stgVersion}#amount,Column,stg.orders.amount,1,,no,,${rawVersion}#amount -> ${stgVersion}#amount`,
      `${martVersion}#total,Column,mart.revenue.total,2,,no,,${rawVersion}#amount -> ${stgVersion}#amount -> ${martVersion}#total`,
    ]);
    const markdown = await fetch(
      `${harness.url.replace(/\/graphql$/, '')}/api/impact/${encodeURIComponent(`${rawVersion}#amount`)}?format=md`,
    );
    expect(await markdown.text()).toContain(`# Impact of changing \`${rawVersion}#amount\``);

    // A replay adds no column lineage (and no audit event).
    const recorded = async () =>
      (
        await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: martVersion })
      ).auditTrail.filter((e: { action: string }) => e.action === 'dataset-version.column-lineage-recorded').length;
    expect(await recorded()).toBe(1);
    expect((await post(mart)).status).toBe(200);
    expect(await recorded()).toBe(1);
  });

  it('makes the owners an ownership facet names owners of the new job and dataset, when Mnemo knows them', async () => {
    await harness.ok(`mutation { createUser(input: { handle: "olivia", name: "Olivia" }) { id } }`);
    const ownership = (...names: string[]) => ({
      ownership: { _producer: 'x', _schemaURL: 'y', owners: names.map((name) => ({ name, type: 'MAINTAINER' })) },
    });
    const { start } = jobRun('owned_job');
    const event = {
      ...start,
      job: { ...start.job, facets: ownership('user:olivia', 'user:ghost', 'Olivia Smith') },
      inputs: [
        { namespace: 'owned-db', name: 'owned.table', facets: { ...schema('id'), ...ownership('user:olivia') } },
      ],
    };
    expect((await post(event)).status).toBe(201);
    const { experiment, dataset } = await harness.ok(`{
      experiment(id: "experiment:etl/owned_job") { owners { ... on User { id } } }
      dataset(id: "dataset:owned-db/owned.table") { owners { ... on User { id } } }
    }`);
    expect(experiment.owners).toEqual([{ id: 'user:olivia' }]);
    expect(dataset.owners).toEqual([{ id: 'user:olivia' }]);
  });

  it('nests runs and jobs under their parents, whichever arrives first, and heads the tree with a parent that never arrives', async () => {
    const run = (job: string, hour: number, parent?: { runId: string; job: string }) => ({
      producer: 'https://example.org/test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: {
        runId: randomUUID(),
        facets: parent
          ? {
              parent: {
                _producer: 'x',
                _schemaURL: 'y',
                run: { runId: parent.runId },
                job: { namespace: 'etl', name: parent.job },
              },
            }
          : {},
      },
      job: { namespace: 'etl', name: job },
      eventType: 'COMPLETE',
      eventTime: `2026-11-06T${String(hour).padStart(2, '0')}:00:00Z`,
      inputs: [],
      outputs: [],
    });
    const invocation = run('dbt-run-nest', 9);
    const parent = { runId: invocation.run.runId, job: 'dbt-run-nest' };
    const first = run('nest.main.model_a', 10, parent); // arrives before its parent
    const second = run('nest.main.model_b', 11, parent);
    const orphan = run('nest.main.model_c', 12, { runId: randomUUID(), job: 'dbt-run-never' });
    for (const event of [first, invocation, second, orphan]) expect((await post(event)).status).toBe(201);
    const id = (event: { run: { runId: string } }) => `run:${event.run.runId.replace(/-/g, '')}`;
    const { pipeline, invocationRun, firstRun, orphanRun, never, topLevel } = await harness.ok(
      `query($invocation: ID!, $first: ID!, $orphan: ID!) {
        pipeline: experiment(id: "experiment:etl/dbt-run-nest") { parent { id } children { name } }
        invocationRun: run(id: $invocation) { parentRun { id } childRuns { id } }
        firstRun: run(id: $first) { parentRun { id } }
        orphanRun: run(id: $orphan) { parentRun { id } experiment { parent { name } } }
        never: experiment(id: "experiment:etl/dbt-run-never") { children { name } }
        topLevel: experiments(first: 500, filter: { projectId: "project:etl", topLevel: true }) { nodes { name } }
      }`,
      { invocation: id(invocation), first: id(first), orphan: id(orphan) },
    );
    expect(pipeline).toEqual({
      parent: null,
      children: [{ name: 'nest.main.model_a' }, { name: 'nest.main.model_b' }],
    });
    expect(invocationRun.parentRun).toBeNull();
    expect(invocationRun.childRuns.map((r: { id: string }) => r.id).sort()).toEqual([id(first), id(second)].sort());
    expect(firstRun.parentRun).toEqual({ id: id(invocation) });
    // The parent run never came: the run stands alone, its job still inside the parent job.
    expect(orphanRun).toEqual({ parentRun: null, experiment: { parent: { name: 'dbt-run-never' } } });
    expect(never.children).toEqual([{ name: 'nest.main.model_c' }]);
    const names = topLevel.nodes.map((e: { name: string }) => e.name);
    expect(names).toEqual(expect.arrayContaining(['dbt-run-nest', 'dbt-run-never']));
    expect(names.filter((name: string) => name.startsWith('nest.main.'))).toEqual([]);
    // A replay links nothing more.
    const trail = async () =>
      (await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: id(invocation) })).auditTrail
        .length;
    const before = await trail();
    expect((await post(invocation)).status).toBe(200);
    expect(await trail()).toBe(before);
  });

  it('takes a Spark-shaped event that names tables by storage path with symlinks: the table is the dataset', async () => {
    const symlink = (name: string) => ({
      symlinks: {
        _producer: 'x',
        _schemaURL: 'y',
        identifiers: [{ namespace: 'hive://metastore:9083', name, type: 'TABLE' }],
      },
    });
    const spark = {
      producer: 'https://github.com/OpenLineage/OpenLineage/tree/1.23.0/integration/spark',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      eventType: 'COMPLETE',
      eventTime: '2026-11-08T10:00:00Z',
      run: {
        runId: randomUUID(),
        facets: { processing_engine: { _producer: 'x', _schemaURL: 'y', name: 'spark', version: '3.5.1' } },
      },
      job: { namespace: 'spark-etl', name: 'orders_daily.execute_insert_into_hadoop_fs_relation_command' },
      inputs: [
        {
          namespace: 's3://lake',
          name: 'warehouse/sales.db/orders',
          facets: { ...schema('id', 'amount'), ...symlink('sales.orders') },
        },
      ],
      outputs: [
        {
          namespace: 's3://lake',
          name: 'warehouse/sales.db/orders_daily',
          facets: {
            ...schema('total'),
            ...symlink('sales.orders_daily'),
            columnLineage: {
              _producer: 'x',
              _schemaURL: 'y',
              fields: {
                total: {
                  inputFields: [{ namespace: 's3://lake', name: 'warehouse/sales.db/orders', field: 'amount' }],
                },
              },
            },
          },
        },
      ],
    };
    expect((await post(spark)).status).toBe(201);
    // Another producer (a SQL engine) names the table itself, and reads the same dataset.
    const { start } = jobRun('reads_hive_table');
    const reader = {
      ...start,
      eventTime: '2026-11-09T10:00:00Z', // a day after Spark wrote it
      inputs: [{ namespace: 'hive://metastore:9083', name: 'sales.orders_daily', facets: schema('total') }],
    };
    expect((await post(reader)).status).toBe(201);
    const { search } = await harness.ok(`{
      search(text: "orders_daily", kinds: ["Dataset"]) { node { id ... on Dataset { name aliases dataSource { namespace } } } }
    }`);
    const hits = search.filter((hit: { node: { name: string } }) => hit.node.name === 'sales.orders_daily');
    expect(hits.map((hit: { node: object }) => hit.node)).toEqual([
      {
        id: expect.stringMatching(/^dataset:hive-metastore-9083-[0-9a-f]{8}\/sales\.orders_daily$/),
        name: 'sales.orders_daily',
        aliases: ['s3://lake/warehouse/sales.db/orders_daily'],
        dataSource: { namespace: 'hive://metastore:9083' },
      },
    ]);
    // The reader's input is the version Spark wrote; its column comes from the table's, by its table name.
    const [read] = (await lineageOf(start.run.runId)).inputs;
    const written = (await harness.ok(LINEAGE, { id: `run:${spark.run.runId.replace(/-/g, '')}` })).run.outputs[0].id;
    expect(read).toBe(written);
    const { columnLineage } = await harness.ok(
      `query($id: ID!) { columnLineage(versionId: $id, column: "total") { columns { name version { ... on DatasetVersion { dataset { name } } } } } }`,
      { id: written },
    );
    expect(columnLineage.columns).toEqual([{ name: 'amount', version: { dataset: { name: 'sales.orders' } } }]);
  });

  it('keeps one version of an output that a second run writes alike, generated by both runs', async () => {
    const runs = [jobRun('rebuild_features'), jobRun('rebuild_features')];
    for (const { start, complete } of runs) {
      expect((await post(start)).status).toBe(201);
      expect((await post(complete)).status).toBe(201);
    }
    const outputs = await Promise.all(runs.map(async ({ runId }) => (await lineageOf(runId)).outputs));
    const { run } = await harness.ok(LINEAGE, { id: `run:${runs[1].runId.replace(/-/g, '')}` });
    const versionId = run.outputs[0].id;
    expect(outputs[0]).toEqual(outputs[1]);
    const { a, b } = await harness.ok(
      `query($a: ID!, $b: ID!) { a: run(id: $a) { outputs { ... on Node { id } } } b: run(id: $b) { outputs { ... on Node { id } } } }`,
      { a: `run:${runs[0].runId.replace(/-/g, '')}`, b: `run:${runs[1].runId.replace(/-/g, '')}` },
    );
    expect([a.outputs, b.outputs]).toEqual([[{ id: versionId }], [{ id: versionId }]]);
  });

  it('merges in an event about the same moment that says more, and still takes a replay once', async () => {
    const { runId, start } = jobRun('said_more');
    expect((await post(start)).status).toBe(201);
    const more = {
      ...start,
      inputs: [...start.inputs, { namespace: 'postgres://db', name: 'public.refunds', facets: schema('order_id') }],
    };
    // Keys in another order: the same event, not a new one.
    const reordered = Object.fromEntries(Object.entries(start).reverse());
    expect((await post(reordered)).status).toBe(200);
    expect((await post(more)).status).toBe(201);
    expect((await post(more)).status).toBe(200);
    const { inputs } = await lineageOf(runId);
    expect(inputs.map((id: string) => id.replace(/@.*/, '').split('/').pop())).toEqual([
      'public.customers',
      'public.orders',
      'public.refunds',
    ]);
  });

  it('describes datasets and jobs as their producer documented them', async () => {
    const { start } = jobRun('documented_job');
    const event = {
      ...start,
      job: { ...start.job, facets: { documentation: { description: 'Builds the documented table.' } } },
      inputs: [
        {
          namespace: 'docs-db',
          name: 'public.documented',
          facets: { ...schema('id'), documentation: { description: 'One row per documented thing.' } },
        },
      ],
    };
    expect((await post(event)).status).toBe(201);
    const { experiment, search } = await harness.ok(
      `{ experiment(id: "experiment:etl/documented_job") { description }
         search(text: "public.documented", kinds: ["Dataset"]) { node { ... on Dataset { description } } } }`,
    );
    expect(experiment.description).toBe('Builds the documented table.');
    expect(search.map((hit: { node: { description: string } }) => hit.node.description)).toEqual([
      'One row per documented thing.',
    ]);
  });

  it('reads a facet its producer marked _deleted as absent', async () => {
    const { start, runId } = jobRun('withdrawn_job');
    const withdrawn = { _producer: 'x', _deleted: true };
    const event = {
      ...start,
      job: {
        ...start.job,
        facets: {
          documentation: { ...withdrawn, description: 'A description taken back.' },
          jobType: { ...withdrawn, processingType: 'STREAMING', integration: 'FLINK' },
        },
      },
      inputs: [
        {
          namespace: 'docs-db',
          name: 'public.withdrawn',
          facets: { schema: { ...withdrawn, fields: [{ name: 'gone', type: 'int' }] } },
        },
      ],
    };
    expect((await post(event)).status).toBe(201);
    const { experiment, run } = await harness.ok(
      `query($run: ID!) { experiment(id: "experiment:etl/withdrawn_job") { description }
         run(id: $run) { processingType inputs { version { ... on DatasetVersion { schema { name } } } } } }`,
      { run: `run:${runId.replace(/-/g, '')}` },
    );
    expect(experiment.description).toBe('OpenLineage job in namespace etl');
    expect(run.processingType).toBeNull();
    expect(run.inputs[0].version.schema ?? []).toEqual([]);
  });
});
