import { runsRepository } from '../runs/runs.repository';
import { type Harness, startHarness } from '../test-support/harness';

/** MLflow's log_batch as the client sends it: all or nothing, safe to retry, one audit event. */
let harness: Harness;
let base: string;
let experimentId: string;

async function call(endpoint: string, payload: Record<string, unknown>) {
  const response = await fetch(`${base}/api/2.0/mlflow/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function createRun(): Promise<string> {
  const { body } = await call('runs/create', { experiment_id: experimentId, start_time: 1_763_000_000_000 });
  return body.run.info.run_id;
}

const metrics = (from: number, count: number, key = 'loss') =>
  Array.from({ length: count }, (_, i) => ({
    key,
    value: (from + i) / 1000,
    timestamp: 1_763_000_000_000 + from + i,
    step: from + i,
  }));

/** A metric's recorded points, as the mlflow client reads them (metrics/get-history). */
async function history(mlflowRunId: string, key = 'loss'): Promise<{ step: number; value: number }[]> {
  const query = new URLSearchParams({ run_id: mlflowRunId, metric_key: key });
  const answer = (await (await fetch(`${base}/api/2.0/mlflow/metrics/get-history?${query}`)).json()) as {
    metrics: { step: number | string; value: number | string }[];
  };
  return answer.metrics.map((m) => ({ step: Number(m.step), value: Number(m.value) }));
}

async function auditActions(mlflowRunId: string): Promise<string[]> {
  const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, {
    id: `run:${mlflowRunId}`,
  });
  return auditTrail.map((event: { action: string }) => event.action);
}

async function expectRefusedWithoutChange(payload: Record<string, unknown>) {
  const before = await harness.snapshot();
  const answer = await call('runs/log-batch', payload);
  expect(answer.status).toBe(400);
  expect(answer.body.error_code).toBe('INVALID_PARAMETER_VALUE');
  expect((await harness.snapshot()) === before).toBe(true);
  return answer.body.message as string;
}

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace('/graphql', '');
  experimentId = (await call('experiments/create', { name: 'batches' })).body.experiment_id;
});
afterAll(() => harness.close());

describe('MLflow log_batch', () => {
  it('writes params, tags and 1,000 metric points with one audit event', async () => {
    const runId = await createRun();
    const before = await auditActions(runId);
    const answer = await call('runs/log-batch', {
      run_id: runId,
      metrics: [...metrics(0, 500), ...metrics(0, 500, 'acc')],
      params: [{ key: 'lr', value: '0.01' }],
      tags: [{ key: 'team', value: 'churn' }],
    });
    expect(answer).toEqual({ status: 200, body: {} });
    expect(await auditActions(runId)).toEqual(['run.batch-logged', ...before]);
    const query = new URLSearchParams({ run_id: runId, metric_key: 'acc' });
    const history = (await (await fetch(`${base}/api/2.0/mlflow/metrics/get-history?${query}`)).json()) as {
      metrics: unknown[];
    };
    expect(history.metrics).toHaveLength(500);
  });

  it('changes nothing when the client retries a batch that was already written', async () => {
    const runId = await createRun();
    const batch = {
      run_id: runId,
      metrics: metrics(0, 100),
      params: [{ key: 'lr', value: '0.01' }],
      tags: [{ key: 'team', value: 'churn' }],
    };
    await call('runs/log-batch', batch);
    const before = await harness.snapshot();
    expect(await call('runs/log-batch', batch)).toEqual({ status: 200, body: {} });
    expect(await harness.snapshot()).toBe(before);
  });

  it('refuses the whole batch when a param would change, though its metrics and tags are fine', async () => {
    const runId = await createRun();
    await call('runs/log-batch', { run_id: runId, params: [{ key: 'lr', value: '0.01' }] });
    const message = await expectRefusedWithoutChange({
      run_id: runId,
      metrics: metrics(0, 100),
      params: [{ key: 'lr', value: '0.1' }],
      tags: [{ key: 'team', value: 'churn' }],
    });
    expect(message).toContain('"lr"');
  });

  it('keeps another value at a recorded step and time as a point of its own, as MLflow does', async () => {
    const runId = await createRun();
    await call('runs/log-batch', { run_id: runId, metrics: metrics(0, 10) });
    const batch = metrics(5, 10);
    batch[0] = { ...batch[0], value: 42 };
    expect(await call('runs/log-batch', { run_id: runId, metrics: batch })).toEqual({ status: 200, body: {} });
    const points = await history(runId);
    expect(points).toHaveLength(16);
    expect(points.filter((p) => p.step === 5).map((p) => p.value)).toEqual([0.005, 42]);
  });

  it('still recognises a replay far back in a history that grew batch by batch, and adds a new value there', async () => {
    const runId = await createRun();
    for (let from = 0; from < 50; from += 10)
      await call('runs/log-batch', { run_id: runId, metrics: metrics(from, 10) });
    // Appending above the highest step reads no earlier chunk (runs/lock-for-batch.cypher); reaching back must.
    expect(await call('runs/log-batch', { run_id: runId, metrics: metrics(50, 10) })).toEqual({
      status: 200,
      body: {},
    });
    const before = await harness.snapshot();
    expect(await call('runs/log-batch', { run_id: runId, metrics: metrics(12, 3) })).toEqual({ status: 200, body: {} });
    expect(await harness.snapshot()).toBe(before);
    const another = metrics(12, 3);
    another[1] = { ...another[1], value: 42 };
    expect(await call('runs/log-batch', { run_id: runId, metrics: another })).toEqual({ status: 200, body: {} });
    expect(await history(runId)).toHaveLength(61);
  });

  it('reads back only the params and tags a batch names, none for metrics alone', async () => {
    const runId = await createRun();
    const params = ['lr', 'depth', 'seed'].map((key) => ({ key, value: '1' }));
    const tags = ['team', 'stage'].map((key) => ({ key, value: 'a' }));
    expect((await call('runs/log-batch', { run_id: runId, params, tags })).status).toBe(200);
    const lockFor = (named: { paramKeys: string[]; tagKeys: string[] }) =>
      harness.db.write((tx) => runsRepository.lockForBatch(tx, `run:${runId}`, [], named));
    const named = await lockFor({ paramKeys: ['depth', 'other'], tagKeys: ['stage'] });
    expect(named).toMatchObject({ params: [{ key: 'depth', value: '1' }], tags: [{ key: 'stage', value: 'a' }] });
    expect(await lockFor({ paramKeys: [], tagKeys: [] })).toMatchObject({ params: [], tags: [] });
    // A changed tag is still recorded with the value it had, and a changed param still refused.
    expect((await call('runs/log-batch', { run_id: runId, tags: [{ key: 'stage', value: 'b' }] })).status).toBe(200);
    const befores = await harness.db.runScript(
      `MATCH (e:AuditEvent {entityId: $id}) WHERE e.before IS NOT NULL RETURN e.before AS before`,
      { id: `run:${runId}` },
    );
    expect(befores.map(({ before }) => JSON.parse(before as string))).toContainEqual({ tags: { stage: 'a' } });
    await expectRefusedWithoutChange({ run_id: runId, params: [{ key: 'seed', value: '2' }] });
  });

  it("sends a batch's writes and its audit event together: two round trips before the commit", async () => {
    const runId = await createRun();
    harness.roundTrips.reset();
    const batch = { run_id: runId, params: [{ key: 'lr', value: '1' }], tags: [{ key: 't', value: 'a' }] };
    expect((await call('runs/log-batch', { ...batch, metrics: metrics(0, 3) })).status).toBe(200);
    // The lock-and-read, then params, tags, points and the audit event at once.
    expect(harness.roundTrips.count).toBe(5);
    expect(harness.roundTrips.mostInFlight).toBe(4);
    expect(await auditActions(runId)).toEqual(['run.batch-logged', 'run.started']);
  });

  it('reads none of a history logged at step 0 in time order (log_metric without a step) back', async () => {
    const runId = await createRun();
    const at = (i: number) => ({ key: 'loss', value: i / 10, timestamp: 1_763_000_000_000 + i, step: 0 });
    for (const i of [0, 1, 2]) expect((await call('runs/log-metric', { run_id: runId, ...at(i) })).status).toBe(200);
    const metricId = `run:${runId}/metric/loss`;
    const compared = async (i: number) => {
      const point = { ...at(i), metricId };
      const state = await harness.db.write((tx) =>
        runsRepository.lockForBatch(tx, `run:${runId}`, [point], { paramKeys: [], tagKeys: [] }),
      );
      return state!.existingPoints.size;
    };
    // A point after the latest repeats none: nothing is read. One among them is compared with the history.
    expect(await compared(3)).toBe(0);
    expect(await compared(1)).toBe(3);
    const before = await harness.snapshot();
    expect(await call('runs/log-metric', { run_id: runId, ...at(1) })).toEqual({ status: 200, body: {} });
    expect(await harness.snapshot()).toBe(before);
    // Another value in the same millisecond (a loop faster than the clock) is a point of its own.
    expect(await call('runs/log-metric', { run_id: runId, ...at(2), value: 42 })).toEqual({ status: 200, body: {} });
    expect((await history(runId)).map((p) => p.value)).toEqual([0, 0.1, 0.2, 42]);
  });

  it('checks a metric written before its highest step was kept against all its chunks', async () => {
    const runId = await createRun();
    await call('runs/log-batch', { run_id: runId, metrics: metrics(100, 10) });
    // As a database from before maxStep holds it: chunks, and no maxStep on the metric.
    await harness.db.runScript('MATCH (m:Metric {id: $id}) REMOVE m.maxStep', { id: `run:${runId}/metric/loss` });
    await call('runs/log-batch', { run_id: runId, metrics: metrics(0, 10) });
    const [{ maxStep }] = await harness.db.runScript('MATCH (m:Metric {id: $id}) RETURN m.maxStep AS maxStep', {
      id: `run:${runId}/metric/loss`,
    });
    expect(maxStep).toBe(109);
    const before = await harness.snapshot();
    expect(await call('runs/log-batch', { run_id: runId, metrics: metrics(105, 1) })).toEqual({
      status: 200,
      body: {},
    });
    expect(await harness.snapshot()).toBe(before);
  });

  it('refuses in words a tag or param too large for its index (9,000 bytes of Chinese), changing nothing', async () => {
    const runId = await createRun();
    const message = await expectRefusedWithoutChange({
      run_id: runId,
      tags: [{ key: 'mlflow.note.content', value: '损'.repeat(3_000) }],
    });
    expect(message).toContain('bytes in UTF-8');
    await expectRefusedWithoutChange({ run_id: runId, params: [{ key: 'prompt', value: '损'.repeat(3_000) }] });
    const before = await harness.snapshot();
    const answer = await call('experiments/set-experiment-tag', {
      experiment_id: experimentId,
      key: 'mlflow.note.content',
      value: '损'.repeat(4_000),
    });
    expect(answer).toMatchObject({ status: 400, body: { error_code: 'INVALID_PARAMETER_VALUE' } });
    expect(await harness.snapshot()).toBe(before);
  });

  it('refuses the whole batch for a value that is not a number, or more than 1,000 points', async () => {
    const runId = await createRun();
    await expectRefusedWithoutChange({
      run_id: runId,
      metrics: [...metrics(0, 10), { key: 'loss', value: 'lots', timestamp: 1, step: 99 }],
      params: [{ key: 'lr', value: '0.01' }],
    });
    await expectRefusedWithoutChange({ run_id: runId, metrics: metrics(0, 1001) });
  });

  it('accepts a NaN point again as a replay, and keeps a number at its step and time beside it', async () => {
    const runId = await createRun();
    const nan = { key: 'loss', value: 'NaN', timestamp: 1_763_000_000_000, step: 0 };
    await call('runs/log-batch', { run_id: runId, metrics: [nan] });
    const before = await harness.snapshot();
    expect(await call('runs/log-batch', { run_id: runId, metrics: [nan] })).toEqual({ status: 200, body: {} });
    expect(await call('runs/log-metric', { run_id: runId, ...nan })).toEqual({ status: 200, body: {} });
    expect(await harness.snapshot()).toBe(before);
    expect(await call('runs/log-batch', { run_id: runId, metrics: [{ ...nan, value: 0.5 }] })).toEqual({
      status: 200,
      body: {},
    });
    expect(await history(runId)).toHaveLength(2);
  });
});
