import http from 'node:http';
import { type Harness, startHarness } from '../test-support/harness';
import { mlflowCaller } from '../test-support/mlflow-calls';

/** The requests the MLflow client sends (mlflow 3.x, see ../shared compat notes), over real HTTP. */
let harness: Harness;
let base: string;

const call = mlflowCaller(() => harness);

function rawPut(path: string): Promise<number> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request({ hostname, port, path, method: 'PUT' }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.end('x');
  });
}

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace('/graphql', '');
});
afterAll(() => harness.close());

describe('MLflow tracking API', () => {
  it('lets set_experiment find or create an experiment by name', async () => {
    const missing = await call('GET', 'experiments/get-by-name', { experiment_name: 'churn xgb' });
    expect(missing).toMatchObject({ status: 404, body: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    const created = await call('POST', 'experiments/create', { name: 'churn xgb' });
    expect(created.status).toBe(200);
    const found = await call('GET', 'experiments/get-by-name', { experiment_name: 'churn xgb' });
    expect(found.body.experiment).toMatchObject({ experiment_id: created.body.experiment_id, name: 'churn xgb' });
    const again = await call('POST', 'experiments/create', { name: 'churn xgb' });
    expect(again).toMatchObject({ status: 400, body: { error_code: 'RESOURCE_ALREADY_EXISTS' } });
  });

  it('records a run with params, a metric history and tags, visible through GraphQL too', async () => {
    const { body: experiment } = await call('POST', 'experiments/create', { name: 'runs here' });
    const { body: created } = await call('POST', 'runs/create', {
      experiment_id: experiment.experiment_id,
      run_name: 'baseline',
      start_time: 1_763_000_000_000,
      tags: [{ key: 'mlflow.user', value: 'uma' }],
    });
    const runId = created.run.info.run_id as string;
    expect(created.run.info).toMatchObject({ run_uuid: runId, status: 'RUNNING', run_name: 'baseline' });
    expect(created.run.info.artifact_uri).toBe(`mlflow-artifacts:/${experiment.experiment_id}/${runId}/artifacts`);
    await call('POST', 'runs/log-parameter', { run_id: runId, key: 'lr', value: '0.01' });
    const batch = await call('POST', 'runs/log-batch', {
      run_id: runId,
      metrics: [0, 1, 2].map((step) => ({
        key: 'auc',
        value: [0.8, 0.81, 0.82][step],
        timestamp: 1_763_000_000_000 + step,
        step,
      })),
      params: [{ key: 'depth', value: '6' }],
      tags: [{ key: 'team', value: 'churn' }],
    });
    expect(batch).toEqual({ status: 200, body: {} });
    await call('POST', 'runs/log-metric', {
      run_id: runId,
      key: 'loss',
      value: 'NaN',
      timestamp: 1_763_000_000_100,
      step: 0,
    });
    await call('POST', 'runs/update', { run_id: runId, status: 'FINISHED', end_time: 1_763_000_100_000 });

    const { body } = await call('GET', 'runs/get', { run_id: runId });
    expect(body.run.info).toMatchObject({ status: 'FINISHED', end_time: 1_763_000_100_000, user_id: 'uma' });
    expect(Object.fromEntries(body.run.data.params.map((p: any) => [p.key, p.value]))).toEqual({
      lr: '0.01',
      depth: '6',
    });
    expect(body.run.data.metrics.find((m: any) => m.key === 'auc')).toMatchObject({ value: 0.82, step: 2 });
    const history = await call('GET', 'metrics/get-history', { run_id: runId, metric_key: 'auc' });
    expect(history.body.metrics.map((m: any) => m.step)).toEqual([0, 1, 2]);

    const { run } = await harness.ok(`query($id: ID!) { run(id: $id) { status params { key value } } }`, {
      id: `run:${runId}`,
    });
    expect(run.status).toBe('FINISHED');
  });

  it('searches runs with a filter string and order_by', async () => {
    const { body: experiment } = await call('POST', 'experiments/create', { name: 'search me' });
    const ids: string[] = [];
    for (const [lr, acc] of [
      ['0.01', 0.93],
      ['0.01', 0.87],
      ['0.1', 0.95],
      ['0.01', 0.91],
    ] as const) {
      const { body } = await call('POST', 'runs/create', { experiment_id: experiment.experiment_id });
      ids.push(body.run.info.run_id);
      await call('POST', 'runs/log-batch', {
        run_id: body.run.info.run_id,
        params: [{ key: 'lr', value: lr }],
        metrics: [{ key: 'acc', value: acc, timestamp: 1, step: 0 }],
      });
    }
    const { body } = await call('POST', 'runs/search', {
      experiment_ids: [experiment.experiment_id],
      filter: "metrics.acc > 0.9 and params.lr = '0.01'",
      order_by: ['metrics.acc DESC'],
      max_results: 100,
    });
    expect(body.runs.map((r: any) => r.info.run_id)).toEqual([ids[0], ids[3]]);
  });

  it('answers bad requests in MLflow’s error shape with 4xx and changes nothing', async () => {
    const before = await harness.snapshot();
    for (const [endpoint, payload, code] of [
      ['runs/log-parameter', { run_id: 'ffffffffffffffff', key: 'lr', value: '1' }, 'RESOURCE_DOES_NOT_EXIST'],
      ['runs/create', { experiment_id: 'no-such-experiment' }, 'RESOURCE_DOES_NOT_EXIST'],
      ['runs/search', { filter: 'metrics.acc >>> 1' }, 'INVALID_PARAMETER_VALUE'],
      ['experiments/create', { name: '' }, 'INVALID_PARAMETER_VALUE'],
      ['runs/unknown-endpoint', {}, 'ENDPOINT_NOT_FOUND'],
    ] as const) {
      const answer = await call('POST', endpoint, payload);
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error_code).toBe(code);
    }
    expect(await harness.snapshot()).toEqual(before);
  });
});

describe('MLflow registry, inputs and artifacts', () => {
  let runId: string;
  let experimentId: string;
  const artifactUrl = (path: string) => `${base}/api/2.0/mlflow-artifacts/artifacts/${path}`;

  beforeAll(async () => {
    experimentId = (await call('POST', 'experiments/create', { name: 'registry' })).body.experiment_id;
    runId = (await call('POST', 'runs/create', { experiment_id: experimentId })).body.run.info.run_id;
  });

  it('refuses bad registry, input and artifact requests in MLflow’s shape and changes nothing', async () => {
    await call('POST', 'registered-models/create', { name: 'churn' });
    const before = await harness.snapshot();
    for (const [method, endpoint, payload, code] of [
      ['POST', 'registered-models/create', { name: 'churn' }, 'RESOURCE_ALREADY_EXISTS'],
      [
        'POST',
        'model-versions/create',
        { name: 'nope', source: 'runs:/x/model', run_id: runId },
        'RESOURCE_DOES_NOT_EXIST',
      ],
      ['POST', 'model-versions/create', { name: 'churn', source: 'runs:/x/model' }, 'INVALID_PARAMETER_VALUE'],
      [
        'POST',
        'model-versions/create',
        { name: 'churn', source: 's', run_id: 'ffffffffffffffff' },
        'RESOURCE_DOES_NOT_EXIST',
      ],
      [
        'POST',
        'registered-models/alias',
        { name: 'churn', alias: 'champion', version: '7' },
        'RESOURCE_DOES_NOT_EXIST',
      ],
      ['DELETE', 'registered-models/alias', { name: 'churn', alias: 'champion' }, 'RESOURCE_DOES_NOT_EXIST'],
      ['POST', 'runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'x' } }] }, 'INVALID_PARAMETER_VALUE'],
      ['POST', 'logged-models', { experiment_id: experimentId, name: 'm' }, 'INVALID_PARAMETER_VALUE'],
      ['GET', 'logged-models/m-0123', {}, 'RESOURCE_DOES_NOT_EXIST'],
    ] as const) {
      const answer = await call(method, endpoint, payload);
      expect([endpoint, answer.body.error_code]).toEqual([endpoint, code]);
      expect(answer.status).toBeLessThan(500);
    }
    const refused = await fetch(artifactUrl(`${experimentId}/ffffffffffffffff/artifacts/a.txt`), {
      method: 'PUT',
      body: 'x',
    });
    expect(refused.status).toBe(404);
    // Sent raw: fetch would resolve the dots itself.
    const escaping = await rawPut(`/api/2.0/mlflow-artifacts/artifacts/${experimentId}/../../etc/passwd`);
    expect(escaping).toBe(400);
    expect(await harness.snapshot()).toEqual(before);
    const listing = await fetch(`${base}/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/ffffffffffffffff`);
    expect(await listing.json()).toEqual({});
  });

  it('records an uploaded file as an Artifact of the run, once per content', async () => {
    const path = `${experimentId}/${runId}/artifacts/plots/roc.txt`;
    for (const content of ['first', 'first', 'second']) {
      expect((await fetch(artifactUrl(path), { method: 'PUT', body: content })).status).toBe(200);
    }
    expect(await (await fetch(artifactUrl(path))).text()).toBe('second');
    const { auditTrail } = await harness.ok(`query($id: ID!) { auditTrail(entityId: $id) { action } }`, {
      id: `artifact:${runId}/plots/roc.txt`,
    });
    expect(auditTrail.map((e: { action: string }) => e.action).sort()).toEqual([
      'artifact.recorded',
      'artifact.replaced',
    ]);
  });
});
