import { seedChurnProject } from '../test-support/fixtures';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * Metric histories are stored as one chunk per metric per batch; these cases cross chunk boundaries:
 * replays overlapping earlier batches, points sharing a step, late low steps, and the cost of a batch.
 */
const START_RUN = `mutation { startRun(input: { experimentId: "experiment:churn/xgb" }) { id } }`;
const LOG_METRICS = `mutation($runId: ID!, $metrics: [MetricInput!]!) { logMetrics(runId: $runId, metrics: $metrics) { id } }`;
const HISTORY = `query($id: ID!, $key: String!) {
  run(id: $id) { metric(key: $key) { value step timestamp history { step value timestamp } } }
}`;

let harness: Harness;

const at = (minute: number) => new Date(Date.UTC(2026, 9, 1, 0, minute)).toISOString();
const point = (step: number, value = step / 10, minute = step) => ({ key: 'loss', value, step, timestamp: at(minute) });
const steps = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => point(from + i));
const startRun = async (): Promise<string> => (await harness.ok(START_RUN)).startRun.id;
const history = async (runId: string, key = 'loss') => (await harness.ok(HISTORY, { id: runId, key })).run.metric;
const auditedBatches = async (runId: string) =>
  (await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, { id: runId })).auditTrail.filter(
    (event: { action: string }) => event.action === 'run.metrics-logged',
  ).length;

beforeAll(async () => {
  harness = await startHarness();
  await seedChurnProject(harness);
});
afterAll(() => harness.close());

describe('metric histories across batches', () => {
  it('records only the new points of a batch that overlaps an earlier one, each point once', async () => {
    const runId = await startRun();
    await harness.ok(LOG_METRICS, { runId, metrics: steps(0, 4) });
    await harness.ok(LOG_METRICS, { runId, metrics: steps(3, 7) });
    const metric = await history(runId);
    expect(metric.history.map((p: { step: number }) => p.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(metric).toMatchObject({ step: 7, value: 0.7 });
    expect(await auditedBatches(runId)).toBe(2);
  });

  it('changes nothing when a client replays everything it sent, over several stored batches', async () => {
    const runId = await startRun();
    await harness.ok(LOG_METRICS, { runId, metrics: [point(0), point(10)] });
    await harness.ok(LOG_METRICS, { runId, metrics: [point(5), point(15)] });
    await harness.ok(LOG_METRICS, { runId, metrics: steps(20, 29) });
    const before = await harness.snapshot();
    await harness.ok(LOG_METRICS, { runId, metrics: [point(0), point(5), point(10), point(15), ...steps(20, 29)] });
    await harness.ok(LOG_METRICS, { runId, metrics: [point(10), point(5)] });
    expect(await harness.snapshot()).toBe(before);
  });

  it('adds the new points of a batch of mostly replays, another value at a stored step and time among them', async () => {
    const runId = await startRun();
    await harness.ok(LOG_METRICS, { runId, metrics: steps(0, 9) });
    const batch = [...steps(5, 14)];
    batch[3] = point(8, 42);
    await harness.ok(LOG_METRICS, { runId, metrics: batch });
    const metric = await history(runId);
    expect(metric.history).toHaveLength(16);
    // A point is its step, time and value (as MLflow keeps them): both values at step 8 stay.
    expect(metric.history.filter((p: { step: number }) => p.step === 8).map((p: { value: number }) => p.value)).toEqual(
      [0.8, 42],
    );
  });

  it('keeps points that share a step but not a time, ordered by step then time', async () => {
    const runId = await startRun();
    await harness.ok(LOG_METRICS, { runId, metrics: [point(1, 0.5, 30), point(0, 0.9, 0)] });
    await harness.ok(LOG_METRICS, { runId, metrics: [point(1, 0.4, 20), point(1, 0.5, 30)] });
    const metric = await history(runId);
    expect(metric.history).toEqual([
      { step: 0, value: 0.9, timestamp: at(0) },
      { step: 1, value: 0.4, timestamp: at(20) },
      { step: 1, value: 0.5, timestamp: at(30) },
    ]);
    expect(metric).toMatchObject({ step: 1, value: 0.5, timestamp: at(30) });
  });

  it('does not move the latest value back when a late batch brings lower steps', async () => {
    const runId = await startRun();
    await harness.ok(LOG_METRICS, { runId, metrics: steps(10, 12) });
    await harness.ok(LOG_METRICS, { runId, metrics: steps(0, 2).map((p) => ({ ...p, timestamp: at(59) })) });
    const metric = await history(runId);
    expect(metric).toMatchObject({ step: 12, value: 1.2 });
    expect(metric.history.map((p: { step: number }) => p.step)).toEqual([0, 1, 2, 10, 11, 12]);
  });

  it('writes a batch in the same number of round trips whatever its size or number of keys', async () => {
    const runId = await startRun();
    const batchOf = (keys: number, perKey: number, firstStep: number) =>
      Array.from({ length: keys * perKey }, (_, i) => ({
        key: `m${i % keys}`,
        value: i,
        step: firstStep + Math.floor(i / keys),
        timestamp: at(0),
      }));
    const roundTripsOf = async (metrics: unknown[]) => {
      harness.roundTrips.reset();
      await harness.ok(LOG_METRICS, { runId, metrics });
      return harness.roundTrips.count;
    };
    const small = await roundTripsOf(batchOf(1, 2, 0));
    const large = await roundTripsOf(batchOf(10, 100, 100));
    expect(large).toBe(small);
    const metric = await history(runId, 'm0');
    expect(metric.history).toHaveLength(102);
    expect(metric.step).toBe(199);
  });
});
