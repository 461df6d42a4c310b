import fc from 'fast-check';
import { type Harness, startHarness } from '../test-support/harness';
import { MLFLOW_FIELD_NAMES } from './mlflow-fields';
import { ENDPOINTS } from './mlflow.routes';

/**
 * Malformed MLflow requests (issue 18, finding 11 and the step/tag part of 12): a client's mistake
 * is a 4xx in MLflow's `{ error_code, message }` shape, never a 5xx (which the mlflow client retries
 * for minutes), and a refused request leaves the graph as it was.
 */
let harness: Harness;
let base: string;
let experimentId: string;
let runId: string;

type Payload = Record<string, unknown>;

/** GET parameters as a query string the way Express reads it back (arrays repeated, objects bracketed). */
function queryOf(payload: Payload): string {
  const params = new URLSearchParams();
  const add = (key: string, value: unknown) => {
    if (Array.isArray(value)) value.forEach((item) => add(key, item));
    else if (value !== null && typeof value === 'object')
      Object.entries(value).forEach(([inner, item]) => add(`${key}[${inner}]`, item));
    else params.append(key, String(value));
  };
  Object.entries(payload).forEach(([key, value]) => add(key, value));
  return params.toString();
}

async function call(method: string, endpoint: string, payload: Payload | string) {
  const get = method === 'GET';
  const response = await fetch(
    `${base}/api/2.0/mlflow/${endpoint}${get && typeof payload !== 'string' ? `?${queryOf(payload)}` : ''}`,
    {
      method,
      headers: { 'content-type': 'application/json' },
      body: get ? undefined : typeof payload === 'string' ? payload : JSON.stringify(payload),
    },
  );
  const text = await response.text();
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    body = { unparsed: text.slice(0, 200) };
  }
  return { status: response.status, body };
}

/** Every field the type table checks, and a few it does not know, so payloads reach each handler's own checks. */
const FIELDS = [...MLFLOW_FIELD_NAMES, 'filter_string', 'inputs', 'outputs', 'unknown_field'];

const scalar = () =>
  fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.constantFrom('1e300', 'NaN', '-1', '', '%', '%E0%A4%A', "name LIKE '%'", 'FINISHED', 'runs:/x/model'),
  );

/** Any JSON value, shallow: MLflow fields are scalars, lists of scalars, or lists of small objects. */
const value = fc.letrec((tie) => ({
  any: fc.oneof({ depthSize: 'small' }, scalar(), tie('list'), tie('object')),
  list: fc.array(tie('any'), { maxLength: 3 }),
  object: fc.dictionary(
    fc.constantFrom('key', 'value', 'timestamp', 'step', 'dataset', 'tags', 'name', 'digest'),
    tie('any'),
    {
      maxKeys: 4,
    },
  ),
})).any;

beforeAll(async () => {
  harness = await startHarness();
  base = harness.url.replace('/graphql', '');
  experimentId = (await call('POST', 'experiments/create', { name: 'malformed' })).body.experiment_id;
  runId = (await call('POST', 'runs/create', { experiment_id: experimentId })).body.run.info.run_id;
  await call('POST', 'registered-models/create', { name: 'malformed-model' });
});
afterAll(() => harness.close());

/** The endpoint's path as a client would send it (a logged model id where the route expects one). */
const endpointPath = (pattern: RegExp | string) =>
  typeof pattern === 'string'
    ? pattern
    : pattern.source
        .replace(/^\^|\$$/g, '')
        .replace(/\\\//g, '/')
        .replace('([^/]+)', 'm-0123456789abcdef0123456789abcdef')
        .replace('(.+)', 'some-tag');

describe('malformed MLflow requests', () => {
  it('are answered 4xx in MLflow’s shape on every endpoint, and change nothing when refused', async () => {
    const endpoints = ENDPOINTS.map(([method, pattern]) => ({ method, endpoint: endpointPath(pattern) }));
    const payload = fc.dictionary(
      fc.constantFrom(...FIELDS),
      fc.oneof(value, fc.constantFrom(experimentId, runId, 'malformed-model')),
      { maxKeys: 5 },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...endpoints), payload, async ({ method, endpoint }, body) => {
        const before = await harness.counts();
        const answer = await call(method, endpoint, body);
        expect([endpoint, answer.status < 500]).toEqual([endpoint, true]);
        if (answer.status >= 400) {
          expect(answer.body).toEqual({ error_code: expect.any(String), message: expect.any(String) });
          expect(await harness.counts()).toEqual(before);
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300) },
    );
  }, 120_000);

  it('answers the wrong types the attack run found with INVALID_PARAMETER_VALUE', async () => {
    const before = await harness.snapshot();
    for (const [endpoint, body] of [
      ['runs/log-batch', { run_id: runId, metrics: 'abc' }],
      ['runs/log-batch', { run_id: runId, params: 5 }],
      ['runs/log-batch', { run_id: runId, tags: [{ key: 't', value: { nested: true } }] }],
      ['runs/set-tag', { run_id: runId, key: 't', value: { nested: true } }],
      ['runs/log-metric', { run_id: runId, key: 'loss', value: 1, timestamp: 0, step: 1e300 }],
      ['runs/log-metric', { run_id: runId, key: 'loss', value: 1, timestamp: 0, step: '1e300' }],
      ['runs/search', { experiment_ids: [experimentId], filter: 5 }],
      ['runs/search', { experiment_ids: [experimentId], page_token: 5 }],
      ['experiments/search', { filter: 5 }],
      ['registered-models/search', { filter: 5 }],
      ['model-versions/search', { filter: 5 }],
    ] as const) {
      const answer = await call('POST', endpoint, body);
      expect([endpoint, body, answer.status, answer.body.error_code]).toEqual([
        endpoint,
        body,
        400,
        'INVALID_PARAMETER_VALUE',
      ]);
    }
    expect(await harness.snapshot()).toBe(before);
  });

  it('answers a body that is not JSON, and a malformed %-encoded path, in MLflow’s shape', async () => {
    const notJson = await call('POST', 'runs/log-batch', '{"run_id": ');
    expect(notJson.status).toBe(400);
    expect(notJson.body).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('JSON') });
    const badPath = await call('PATCH', 'logged-models/%E0%A4%A', {});
    expect(badPath.status).toBe(400);
    expect(badPath.body.error_code).toBe('INVALID_PARAMETER_VALUE');
    expect(JSON.stringify(badPath.body)).not.toMatch(/node_modules|at \w+ \(/);
  });
});
