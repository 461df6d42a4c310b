import { randomUUID } from 'node:crypto';
import type express from 'express';
import { createApp } from '../app';
import { ENDPOINTS } from '../mlflow/mlflow.routes';
import { type Harness, startHarness } from '../test-support/harness';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { ACCESS_DENIED } from './roles';

/**
 * ROLE × REST ROUTE: every route the api serves outside GraphQL (read from the express app's router
 * stack, the MLflow catch-all expanded into its ENDPOINTS table) as each kind of caller, one minimal
 * valid request each. Anonymous callers get 401 everywhere but /health. Reads need a role in the
 * project read (MLflow's: project:mlflow), or an org role; the audit export answers any
 * authenticated caller, with only the events it may see. Writes need EDITOR on the project they
 * touch (MLflow's: project:mlflow; OpenLineage's: its namespace's). A refusal answers 401
 * (anonymous) or 403 in its protocol's shape and leaves the graph exactly as it was but for one
 * access.denied event (none for an anonymous caller, nor for the few writes that record no audit
 * event: `audited: false`). A route missing from ROUTES fails the first test.
 */
const SUBJECTS = [
  'anonymous',
  'no role here (EDITOR elsewhere)',
  'VIEWER',
  'EDITOR',
  'MAINTAINER',
  'project ADMIN',
  'org AUDITOR',
  'org ADMIN',
] as const;
type Subject = (typeof SUBJECTS)[number];
const WRITERS: readonly Subject[] = ['EDITOR', 'MAINTAINER', 'project ADMIN', 'org ADMIN'];
const READERS: readonly Subject[] = ['VIEWER', ...WRITERS, 'org AUDITOR'];
const PROJECT_ROLE: Partial<Record<Subject, string>> = {
  VIEWER: 'VIEWER',
  EDITOR: 'EDITOR',
  MAINTAINER: 'MAINTAINER',
  'project ADMIN': 'ADMIN',
};
const ORG_ROLE: Partial<Record<Subject, string>> = { 'org AUDITOR': 'AUDITOR', 'org ADMIN': 'ADMIN' };

type Protocol = 'mlflow' | 'openlineage' | 'rest';
interface Request {
  method: string;
  path: string;
  /** JSON for POST/PATCH/DELETE, the query string for GET; raw text for artifact uploads. */
  body?: Record<string, unknown> | string;
}
/** The objects each caller's requests act on, made by the org admin before that caller's turn. */
interface Fixtures {
  experimentId: string;
  runId: string;
  modelId: string;
  modelName: string;
  datasetVersionId: string;
  /** A fresh run (or experiment, logged model, alias...) for a write that would use one up. */
  freshRun(tags?: Record<string, string>): Promise<string>;
  freshExperiment(deleted?: boolean): Promise<string>;
  freshModel(): Promise<string>;
  freshAlias(): Promise<string>;
  /** A fresh registered model with one version; its name. */
  freshRegisteredModel(): Promise<string>;
  /** An OpenLineage event about a run the org admin started in project:churn (START already ingested). */
  laterEvent(eventType: string): Promise<Record<string, unknown>>;
}
interface RouteRule {
  protocol: Protocol;
  /** null: a read, of `read`. */
  write: null | { project: 'project:mlflow' | 'project:churn'; audited: boolean };
  /** What a read needs: nothing, a token, or a role in the project it reads. */
  read?: 'open' | 'authenticated' | 'project:mlflow';
  request(fx: Fixtures, unique: string): Promise<Request> | Request;
}

const ML = '/api/2.0/mlflow/';
const ARTIFACTS = '/api/2.0/mlflow-artifacts/artifacts';
const mlflowRead = (endpoint: string, body: (fx: Fixtures) => Record<string, unknown>, method = 'GET'): RouteRule => ({
  protocol: 'mlflow',
  write: null,
  read: 'project:mlflow',
  request: (fx) => ({ method, path: ML + endpoint, body: body(fx) }),
});
const mlflowWrite = (
  request: (fx: Fixtures, unique: string) => Promise<Request> | Request,
  audited = true,
): RouteRule => ({ protocol: 'mlflow', write: { project: 'project:mlflow', audited }, request });
const post = (endpoint: string, body: Record<string, unknown>): Request => ({
  method: 'POST',
  path: ML + endpoint,
  body,
});

/** Keyed `METHOD path` as the router declares it; MLflow's endpoints as `METHOD mlflow:<endpoint>`. */
const ROUTES: Record<string, RouteRule> = {
  'GET /health': { protocol: 'rest', write: null, read: 'open', request: () => ({ method: 'GET', path: '/health' }) },
  // What the server can do: MLflow answers it without login, and so does Mnemo (it names no data).
  'GET /^\\/(?:api|ajax-api)\\/3\\.0\\/mlflow\\/server-info$/': {
    protocol: 'mlflow',
    write: null,
    read: 'open',
    request: () => ({ method: 'GET', path: '/api/3.0/mlflow/server-info' }),
  },
  'GET /^\\/api\\/impact\\/(.+)$/': {
    protocol: 'rest',
    write: null,
    read: 'project:mlflow', // the dataset version MLflow's log-inputs registered
    request: (fx) => ({ method: 'GET', path: `/api/impact/${encodeURIComponent(fx.datasetVersionId)}` }),
  },
  'GET /api/audit/export': {
    protocol: 'rest',
    write: null,
    read: 'authenticated',
    request: () => ({ method: 'GET', path: '/api/audit/export' }),
  },
  'POST /api/v1/lineage': {
    protocol: 'openlineage',
    write: { project: 'project:churn', audited: true },
    request: () => ({ method: 'POST', path: '/api/v1/lineage', body: lineageEvent('churn') }),
  },
  // The same route where what the event names exists already: each needs the role as much as a new run.
  'POST /api/v1/lineage (the run exists: it ends)': {
    protocol: 'openlineage',
    write: { project: 'project:churn', audited: true },
    request: async (fx) => ({ method: 'POST', path: '/api/v1/lineage', body: await fx.laterEvent('COMPLETE') }),
  },
  'POST /api/v1/lineage (the run exists: nothing changes but the event kept)': {
    protocol: 'openlineage',
    write: { project: 'project:churn', audited: true },
    request: async (fx) => ({ method: 'POST', path: '/api/v1/lineage', body: await fx.laterEvent('RUNNING') }),
  },
  [`GET ${ARTIFACTS}`]: {
    protocol: 'mlflow',
    write: null,
    read: 'project:mlflow',
    request: () => ({ method: 'GET', path: ARTIFACTS, body: { path: 'loose' } }),
  },
  [`GET ${ARTIFACTS}/*`]: {
    protocol: 'mlflow',
    write: null,
    read: 'project:mlflow',
    request: () => ({ method: 'GET', path: `${ARTIFACTS}/loose/fixture.txt` }),
  },
  [`PUT ${ARTIFACTS}/*`]: mlflowWrite((fx, unique) => ({
    method: 'PUT',
    path: `${ARTIFACTS}/${fx.experimentId}/${fx.runId}/artifacts/${unique}.txt`,
    body: 'hello',
  })),
  // Outside a run's folder: a file only, checked up front, no audit event (docs/api.md).
  [`PUT ${ARTIFACTS}/* (outside a run)`]: mlflowWrite(
    (_fx, unique) => ({ method: 'PUT', path: `${ARTIFACTS}/loose/${unique}.txt`, body: 'hello' }),
    false,
  ),
  [`DELETE ${ARTIFACTS}/*`]: mlflowWrite(() => ({ method: 'DELETE', path: `${ARTIFACTS}/loose/fixture.txt` }), false),

  'POST mlflow:experiments/create': mlflowWrite((_fx, unique) => post('experiments/create', { name: unique })),
  'GET mlflow:experiments/get': mlflowRead('experiments/get', (fx) => ({ experiment_id: fx.experimentId })),
  'GET mlflow:experiments/get-by-name': mlflowRead('experiments/get-by-name', () => ({ experiment_name: 'fixture' })),
  'POST mlflow:experiments/search': mlflowRead('experiments/search', () => ({}), 'POST'),
  'GET mlflow:experiments/search': mlflowRead('experiments/search', () => ({})),
  'POST mlflow:runs/create': mlflowWrite((fx) =>
    post('runs/create', { experiment_id: fx.experimentId, start_time: Date.now() }),
  ),
  'GET mlflow:runs/get': mlflowRead('runs/get', (fx) => ({ run_id: fx.runId })),
  'POST mlflow:runs/update': mlflowWrite(async (fx) =>
    post('runs/update', { run_id: await fx.freshRun(), status: 'FINISHED', end_time: Date.now() }),
  ),
  'POST mlflow:runs/log-parameter': mlflowWrite((fx, unique) =>
    post('runs/log-parameter', { run_id: fx.runId, key: unique, value: '1' }),
  ),
  'POST mlflow:runs/log-metric': mlflowWrite((fx) =>
    post('runs/log-metric', { run_id: fx.runId, key: 'auc', value: 0.9, timestamp: Date.now(), step: 1 }),
  ),
  'POST mlflow:runs/log-batch': mlflowWrite((fx, unique) =>
    post('runs/log-batch', { run_id: fx.runId, params: [{ key: unique, value: '1' }] }),
  ),
  'POST mlflow:runs/set-tag': mlflowWrite((fx, unique) =>
    post('runs/set-tag', { run_id: fx.runId, key: unique, value: 'v' }),
  ),
  'POST mlflow:runs/search': mlflowRead('runs/search', (fx) => ({ experiment_ids: [fx.experimentId] }), 'POST'),
  'POST mlflow:runs/delete': mlflowWrite(async (fx) => post('runs/delete', { run_id: await fx.freshRun() })),
  'POST mlflow:runs/restore': mlflowWrite(async (fx) => {
    const runId = await fx.freshRun({ deleted: 'yes' });
    return post('runs/restore', { run_id: runId });
  }),
  'POST mlflow:runs/delete-tag': mlflowWrite(async (fx) =>
    post('runs/delete-tag', { run_id: await fx.freshRun({ team: 'churn' }), key: 'team' }),
  ),
  'POST mlflow:experiments/delete': mlflowWrite(async (fx) =>
    post('experiments/delete', { experiment_id: await fx.freshExperiment() }),
  ),
  'POST mlflow:experiments/restore': mlflowWrite(async (fx) =>
    post('experiments/restore', { experiment_id: await fx.freshExperiment(true) }),
  ),
  'POST mlflow:experiments/update': mlflowWrite(async (fx, unique) =>
    post('experiments/update', { experiment_id: await fx.freshExperiment(), new_name: unique }),
  ),
  'POST mlflow:runs/log-inputs': mlflowWrite((fx, unique) =>
    post('runs/log-inputs', { run_id: fx.runId, datasets: [{ dataset: { name: unique, digest: 'abc123' } }] }),
  ),
  // Records nothing of its own (the logged model already names its run), so it is checked up front.
  'POST mlflow:runs/outputs': mlflowWrite(
    (fx) => post('runs/outputs', { run_id: fx.runId, models: [{ model_id: fx.modelId }] }),
    false,
  ),
  'GET mlflow:metrics/get-history': mlflowRead('metrics/get-history', (fx) => ({
    run_id: fx.runId,
    metric_key: 'auc',
  })),

  'POST mlflow:logged-models': mlflowWrite((fx, unique) =>
    post('logged-models', { experiment_id: fx.experimentId, name: unique, source_run_id: fx.runId }),
  ),
  'POST mlflow:logged-models/search': mlflowRead(
    'logged-models/search',
    (fx) => ({ experiment_ids: [fx.experimentId] }),
    'POST',
  ),
  'GET mlflow:/^logged-models\\/([^/]+)$/': {
    protocol: 'mlflow',
    write: null,
    read: 'project:mlflow',
    request: (fx) => ({ method: 'GET', path: `${ML}logged-models/${fx.modelId}` }),
  },
  'PATCH mlflow:/^logged-models\\/([^/]+)$/': mlflowWrite(async (fx) => ({
    method: 'PATCH',
    path: `${ML}logged-models/${await fx.freshModel()}`,
    body: { status: 'LOGGED_MODEL_READY' },
  })),
  'PATCH mlflow:/^logged-models\\/([^/]+)\\/tags$/': mlflowWrite((fx, unique) => ({
    method: 'PATCH',
    path: `${ML}logged-models/${fx.modelId}/tags`,
    body: { tags: [{ key: unique, value: 'v' }] },
  })),
  'DELETE mlflow:/^logged-models\\/([^/]+)\\/tags\\/(.+)$/': mlflowWrite(async (fx) => ({
    method: 'DELETE',
    path: `${ML}logged-models/${await fx.freshModel()}/tags/team`,
  })),
  'POST mlflow:/^logged-models\\/([^/]+)\\/params$/': mlflowWrite(async (fx, unique) => ({
    method: 'POST',
    path: `${ML}logged-models/${await fx.freshModel()}/params`,
    body: { params: [{ key: unique, value: '1' }] },
  })),

  'POST mlflow:registered-models/create': mlflowWrite((_fx, unique) =>
    post('registered-models/create', { name: unique }),
  ),
  'GET mlflow:registered-models/get': mlflowRead('registered-models/get', (fx) => ({ name: fx.modelName })),
  'GET mlflow:registered-models/search': mlflowRead('registered-models/search', () => ({})),
  'POST mlflow:registered-models/search': mlflowRead('registered-models/search', () => ({}), 'POST'),
  'POST mlflow:registered-models/get-latest-versions': mlflowRead(
    'registered-models/get-latest-versions',
    (fx) => ({ name: fx.modelName }),
    'POST',
  ),
  'GET mlflow:registered-models/get-latest-versions': mlflowRead('registered-models/get-latest-versions', (fx) => ({
    name: fx.modelName,
  })),
  'POST mlflow:registered-models/alias': mlflowWrite((fx, unique) =>
    post('registered-models/alias', { name: fx.modelName, alias: unique, version: '1' }),
  ),
  'DELETE mlflow:registered-models/alias': mlflowWrite(async (fx) => ({
    method: 'DELETE',
    path: `${ML}registered-models/alias`,
    body: { name: fx.modelName, alias: await fx.freshAlias() },
  })),
  'GET mlflow:registered-models/alias': mlflowRead('registered-models/alias', (fx) => ({
    name: fx.modelName,
    alias: 'champion',
  })),
  'POST mlflow:model-versions/create': mlflowWrite((fx) =>
    post('model-versions/create', { name: fx.modelName, source: `runs:/${fx.runId}/model`, run_id: fx.runId }),
  ),
  'GET mlflow:model-versions/get': mlflowRead('model-versions/get', (fx) => ({ name: fx.modelName, version: '1' })),
  'GET mlflow:model-versions/search': mlflowRead('model-versions/search', () => ({})),
  'POST mlflow:model-versions/search': mlflowRead('model-versions/search', () => ({}), 'POST'),
  'GET mlflow:model-versions/get-download-uri': mlflowRead('model-versions/get-download-uri', (fx) => ({
    name: fx.modelName,
    version: '1',
  })),
  'POST mlflow:experiments/set-experiment-tag': mlflowWrite((fx, unique) =>
    post('experiments/set-experiment-tag', { experiment_id: fx.experimentId, key: unique, value: 'v' }),
  ),
  'POST mlflow:experiments/delete-experiment-tag': mlflowWrite((fx) =>
    post('experiments/delete-experiment-tag', { experiment_id: fx.experimentId, key: 'team' }),
  ),
  'PATCH mlflow:registered-models/update': mlflowWrite((fx, unique) => ({
    method: 'PATCH',
    path: `${ML}registered-models/update`,
    body: { name: fx.modelName, description: unique },
  })),
  'DELETE mlflow:registered-models/delete': mlflowWrite(async (fx) => ({
    method: 'DELETE',
    path: `${ML}registered-models/delete`,
    body: { name: await fx.freshRegisteredModel() },
  })),
  'POST mlflow:registered-models/set-tag': mlflowWrite((fx, unique) =>
    post('registered-models/set-tag', { name: fx.modelName, key: unique, value: 'v' }),
  ),
  'DELETE mlflow:registered-models/delete-tag': mlflowWrite((fx) => ({
    method: 'DELETE',
    path: `${ML}registered-models/delete-tag`,
    body: { name: fx.modelName, key: 'team' },
  })),
  'PATCH mlflow:model-versions/update': mlflowWrite((fx, unique) => ({
    method: 'PATCH',
    path: `${ML}model-versions/update`,
    body: { name: fx.modelName, version: '1', description: unique },
  })),
  'DELETE mlflow:model-versions/delete': mlflowWrite(async (fx) => ({
    method: 'DELETE',
    path: `${ML}model-versions/delete`,
    body: { name: await fx.freshRegisteredModel(), version: '1' },
  })),
  'POST mlflow:model-versions/set-tag': mlflowWrite((fx, unique) =>
    post('model-versions/set-tag', { name: fx.modelName, version: '1', key: unique, value: 'v' }),
  ),
  'DELETE mlflow:model-versions/delete-tag': mlflowWrite((fx) => ({
    method: 'DELETE',
    path: `${ML}model-versions/delete-tag`,
    body: { name: fx.modelName, version: '1', key: 'team' },
  })),
  // Staging is catalog metadata (EDITOR); Production is a promotion, through its gates (MAINTAINER).
  'POST mlflow:model-versions/transition-stage': mlflowWrite((fx) =>
    post('model-versions/transition-stage', { name: fx.modelName, version: '1', stage: 'Staging' }),
  ),
};

function lineageEvent(namespace: string) {
  return {
    eventType: 'START',
    eventTime: new Date().toISOString(),
    producer: 'https://example.org/test',
    schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    run: { runId: randomUUID() },
    job: { namespace, name: 'nightly' },
    inputs: [],
    outputs: [],
  };
}

function mayUse(subject: Subject, rule: RouteRule): boolean {
  if (rule.write) return WRITERS.includes(subject);
  if (rule.read === 'open') return true;
  if (subject === 'anonymous') return false;
  return rule.read === 'authenticated' || READERS.includes(subject);
}

/** Express 4's router stack: `METHOD path` of every route, through mounted routers. */
function routesOf(stack: any[]): string[] {
  return stack.flatMap((layer) => {
    if (layer.route) {
      return Object.keys(layer.route.methods).map(
        (method) => `${method === '_all' ? 'ALL' : method.toUpperCase()} ${String(layer.route.path)}`,
      );
    }
    return layer.name === 'router' ? routesOf(layer.handle.stack) : [];
  });
}

const MLFLOW_CATCH_ALL = 'ALL /^\\/(?:api|ajax-api)\\/2\\.0\\/mlflow\\/(.+)$/';
/** MLflow 3's paths but server-info: none is served (GenAI traces, scorers...), see 'not served' below. */
const MLFLOW3_NOT_SERVED = 'ALL /^\\/(?:api|ajax-api)\\/3\\.0\\/mlflow\\/(.+)$/';

async function enumeratedRoutes(harness: Harness): Promise<string[]> {
  const { app, apollo } = await createApp(harness.db, { auth: 'on' });
  const routes = routesOf((app as express.Express & { _router: { stack: any[] } })._router.stack);
  await apollo.stop();
  expect(routes).toContain(MLFLOW_CATCH_ALL);
  expect(routes).toContain(MLFLOW3_NOT_SERVED);
  return [
    ...routes.filter((route) => route !== MLFLOW_CATCH_ALL && route !== MLFLOW3_NOT_SERVED),
    ...ENDPOINTS.map(([method, endpoint]) => `${method} mlflow:${String(endpoint)}`),
  ];
}

let harness: Harness;
let base: string;
beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  base = harness.url.replace('/graphql', '');
});
afterAll(() => harness.close());

async function send(secret: string | null, request: Request, requestId = `routes-${randomUUID()}`) {
  const { method, path, body } = request;
  const json = body !== undefined && typeof body !== 'string';
  const query = method === 'GET' && json ? `?${new URLSearchParams(body as Record<string, string>)}` : '';
  const payload = method === 'GET' || body === undefined ? undefined : json ? JSON.stringify(body) : body;
  const response = await fetch(`${base}${path}${query}`, {
    method,
    headers: {
      'x-request-id': requestId,
      ...(payload !== undefined && json ? { 'content-type': 'application/json' } : {}),
      ...(secret ? { authorization: `Bearer ${secret}` } : {}),
    },
    body: payload,
  });
  const text = await response.text();
  let answer: unknown = text;
  try {
    answer = JSON.parse(text);
  } catch {
    // ndjson, a file: kept as text
  }
  return { status: response.status, body: answer as Record<string, any> };
}

/** The refusal in each protocol's own shape. */
function refusal(protocol: Protocol, code: 'UNAUTHENTICATED' | 'FORBIDDEN') {
  if (protocol === 'mlflow') {
    return { error_code: code === 'FORBIDDEN' ? 'PERMISSION_DENIED' : code, message: expect.any(String) };
  }
  if (protocol === 'openlineage') return { error: expect.any(String), code };
  return { error: { code, message: expect.any(String) } };
}

/** An MLflow caller that fails the test unless answered 2xx. */
function mlflowOk(secret: string) {
  return async (request: Request) => {
    const result = await send(secret, request);
    if (result.status >= 300) throw new Error(`${request.method} ${request.path}: ${JSON.stringify(result)}`);
    return result.body;
  };
}

/** A fresh graph: the local admin, projects mlflow, churn and elsewhere, the subject, and the fixtures. */
async function setUp(subject: Subject): Promise<{ secret: string | null; fx: Fixtures; admin: Caller }> {
  await harness.db.runScript('MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS');
  const adminSecret = await localAdminSecret(harness);
  const admin = callerWith(harness, adminSecret);
  const ok = okWith(admin);
  for (const slug of ['mlflow', 'churn', 'elsewhere'])
    await ok(`mutation($s: String!) { createProject(input: { slug: $s, name: $s }) { id } }`, { s: slug });
  const grant = (projectId: string, role: string) =>
    ok(
      `mutation($p: ID!, $r: ProjectRole!) { grantProjectRole(projectId: $p, memberId: "user:subject", role: $r) { role } }`,
      {
        p: projectId,
        r: role,
      },
    );
  let secret: string | null = null;
  if (subject !== 'anonymous') {
    secret = await userWithToken(admin, 'subject');
    if (ORG_ROLE[subject])
      await ok(`mutation($r: OrgRole!) { setOrgRole(userId: "user:subject", role: $r, granted: true) { id } }`, {
        r: ORG_ROLE[subject],
      });
    const role = PROJECT_ROLE[subject];
    if (role) for (const project of ['project:mlflow', 'project:churn']) await grant(project, role);
    if (subject === 'no role here (EDITOR elsewhere)') await grant('project:elsewhere', 'EDITOR');
  }

  const call = mlflowOk(adminSecret);
  const { experiment_id: experimentId } = await call(
    post('experiments/create', { name: 'fixture', tags: [{ key: 'team', value: 'churn' }] }),
  );
  const freshRun = async (tags: Record<string, string> = {}) => {
    const { run } = await call(post('runs/create', { experiment_id: experimentId, start_time: Date.now() }));
    const runId = run.info.run_id as string;
    for (const [key, value] of Object.entries(tags)) await call(post('runs/set-tag', { run_id: runId, key, value }));
    if (tags.deleted) await call(post('runs/delete', { run_id: runId }));
    return runId;
  };
  const runId = await freshRun();
  await call(post('runs/log-metric', { run_id: runId, key: 'auc', value: 0.8, timestamp: Date.now(), step: 0 }));
  const freshModel = async () => {
    const { model } = await call(
      post('logged-models', {
        experiment_id: experimentId,
        name: `m-${randomUUID()}`,
        source_run_id: runId,
        tags: [{ key: 'team', value: 'churn' }],
      }),
    );
    return model.info.model_id as string;
  };
  const modelId = await freshModel();
  const team = [{ key: 'team', value: 'churn' }];
  const freshRegisteredModel = async (name = `rm-${randomUUID()}`) => {
    await call(post('registered-models/create', { name, tags: team }));
    await call(post('model-versions/create', { name, source: `runs:/${runId}/model`, run_id: runId, tags: team }));
    return name;
  };
  await freshRegisteredModel('fixture-model');
  await call(post('registered-models/alias', { name: 'fixture-model', alias: 'champion', version: '1' }));
  await call({ method: 'PUT', path: `${ARTIFACTS}/loose/fixture.txt`, body: 'hello' });
  await call(post('runs/log-inputs', { run_id: runId, datasets: [{ dataset: { name: 'fixture', digest: 'f1' } }] }));
  const [{ id: datasetVersionId }] = await harness.db.runScript('MATCH (v:DatasetVersion) RETURN v.id AS id');
  const fx: Fixtures = {
    experimentId,
    runId,
    modelId,
    modelName: 'fixture-model',
    datasetVersionId: String(datasetVersionId),
    freshRun,
    freshModel,
    freshRegisteredModel: () => freshRegisteredModel(),
    async freshExperiment(deleted = false) {
      const { experiment_id: id } = await call(post('experiments/create', { name: `e-${randomUUID()}` }));
      if (deleted) await call(post('experiments/delete', { experiment_id: id }));
      return id as string;
    },
    async laterEvent(eventType: string) {
      const started = lineageEvent('churn');
      const answer = await send(adminSecret, { method: 'POST', path: '/api/v1/lineage', body: started });
      if (answer.status !== 201) throw new Error(`START as the org admin: ${JSON.stringify(answer)}`);
      return { ...started, eventType, eventTime: new Date(Date.now() + 60_000).toISOString() };
    },
    async freshAlias() {
      const alias = `a${randomUUID().slice(0, 8)}`;
      await call(post('registered-models/alias', { name: 'fixture-model', alias, version: '1' }));
      return alias;
    },
  };
  return { secret, fx, admin };
}

async function eventsOf(requestId: string) {
  return harness.db.runScript(
    'MATCH (e:AuditEvent {requestId: $requestId}) RETURN e.action AS action, e.actor AS actor, e.projectId AS projectId',
    { requestId },
  );
}

describe('role × REST route', () => {
  it('has a rule for every route the api serves, and no rule for a route it does not', async () => {
    const rules = Object.keys(ROUTES).map((key) => key.replace(/ \(.*\)$/, ''));
    expect([...new Set(rules)].sort()).toEqual((await enumeratedRoutes(harness)).sort());
  });

  const cells: { subject: Subject; route: string; outcome: string }[] = [];

  it.each(SUBJECTS)(
    'as %s, allows and refuses each route as the policy says',
    async (subject) => {
      const { secret, fx } = await setUp(subject);
      for (const [route, rule] of Object.entries(ROUTES)) {
        const request = await rule.request(fx, `u${randomUUID().replace(/-/g, '').slice(0, 12)}`);
        const requestId = `routes-${randomUUID()}`;
        if (mayUse(subject, rule)) {
          const result = await send(secret, request, requestId);
          expect({ subject, route, ok: result.status < 300 ? true : result }).toEqual({ subject, route, ok: true });
          if (rule.write?.audited)
            expect((await eventsOf(requestId)).map((event) => event.actor)).toContain('user:subject');
          cells.push({ subject, route, outcome: 'allowed' });
          continue;
        }
        const code = subject === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        const before = await graphWithoutTrail(harness);
        const result = await send(secret, request, requestId);
        expect({ subject, route, status: result.status, body: result.body }).toEqual({
          subject,
          route,
          status: code === 'FORBIDDEN' ? 403 : 401,
          body: refusal(rule.protocol, code),
        });
        expect({ subject, route, unchanged: (await graphWithoutTrail(harness)) === before }).toEqual({
          subject,
          route,
          unchanged: true,
        });
        // A refused read is recorded like a refused write: against the project it tried to read.
        const deniedIn =
          code === 'FORBIDDEN' ? (rule.write ? (rule.write.audited ? rule.write.project : null) : rule.read) : null;
        expect({ subject, route, events: await eventsOf(requestId) }).toEqual({
          subject,
          route,
          events: deniedIn ? [{ action: ACCESS_DENIED, actor: 'user:subject', projectId: deniedIn }] : [],
        });
        cells.push({ subject, route, outcome: code });
      }
    },
    300_000,
  );

  it('ran every cell of the table', () => {
    expect(cells.length).toBe(SUBJECTS.length * Object.keys(ROUTES).length);
    console.log(
      `role × REST route: ${SUBJECTS.length} callers × ${Object.keys(ROUTES).length} routes = ${cells.length} cells, ` +
        `${cells.filter((cell) => cell.outcome === 'allowed').length} allowed, ` +
        `${cells.filter((cell) => cell.outcome === 'FORBIDDEN').length} FORBIDDEN, ` +
        `${cells.filter((cell) => cell.outcome === 'UNAUTHENTICATED').length} UNAUTHENTICATED`,
    );
  });
});

describe("MLflow's features Mnemo does not serve", () => {
  it('answer ENDPOINT_NOT_FOUND naming the feature (GenAI traces, assessments, scorers, prompts, gateway), 401 to anonymous', async () => {
    const { secret } = await setUp('EDITOR');
    const cases: [string, string, RegExp][] = [
      ['POST', '/api/3.0/mlflow/traces', /GenAI traces/],
      ['GET', '/api/2.0/mlflow/traces/tr-1', /GenAI traces/],
      ['POST', '/api/3.0/mlflow/traces/tr-1/assessments', /GenAI assessments/],
      ['GET', '/api/3.0/mlflow/scorers/list', /GenAI scorers/],
      ['POST', '/api/2.0/mlflow/prompts/create', /prompt registry/],
      ['GET', '/api/2.0/mlflow/gateway-proxy', /AI gateway/],
      ['GET', '/api/2.0/mlflow/no-such-thing', /is not supported by Mnemo/],
    ];
    for (const [method, path, feature] of cases) {
      const body = method === 'GET' ? undefined : {};
      const result = await send(secret, { method, path, body });
      expect({ path, status: result.status, code: result.body.error_code }).toEqual({
        path,
        status: 404,
        code: 'ENDPOINT_NOT_FOUND',
      });
      expect(result.body.message).toMatch(feature);
      expect((await send(null, { method, path, body })).status).toBe(401);
    }
  });
});

describe('a revoked token', () => {
  it('is refused 401 on every kind of route, in its protocol’s shape; /health stays open', async () => {
    const { admin, fx } = await setUp('EDITOR');
    const ok = okWith(admin);
    const secret = await userWithToken(admin, 'revoked');
    const { apiTokens: theirs } = await ok(`{ apiTokens(userId: "user:revoked") { id } }`);
    await ok(`mutation($id: ID!) { revokeApiToken(id: $id) { revokedAt } }`, { id: theirs[0].id });

    const kinds: [Protocol | 'graphql', Request][] = [
      ['mlflow', await ROUTES['GET mlflow:experiments/search'].request(fx, 'x')],
      ['mlflow', await ROUTES['POST mlflow:experiments/create'].request(fx, 'revoked-experiment')],
      ['mlflow', await ROUTES[`GET ${ARTIFACTS}/*`].request(fx, 'x')],
      ['mlflow', await ROUTES[`PUT ${ARTIFACTS}/* (outside a run)`].request(fx, 'revoked-file')],
      ['openlineage', await ROUTES['POST /api/v1/lineage'].request(fx, 'x')],
      ['rest', await ROUTES['GET /api/audit/export'].request(fx, 'x')],
      ['rest', await ROUTES['GET /^\\/api\\/impact\\/(.+)$/'].request(fx, 'x')],
      ['graphql', { method: 'POST', path: '/graphql', body: { query: '{ whoami { actor } }' } }],
    ];
    const before = await graphWithoutTrail(harness);
    for (const [protocol, request] of kinds) {
      const result = await send(secret, request);
      const shape =
        protocol === 'graphql'
          ? { errors: [{ message: expect.any(String), extensions: { code: 'UNAUTHENTICATED' } }] }
          : refusal(protocol, 'UNAUTHENTICATED');
      expect({ path: request.path, status: result.status, body: result.body }).toEqual({
        path: request.path,
        status: 401,
        body: shape,
      });
    }
    expect(await graphWithoutTrail(harness)).toBe(before);
    expect((await send(secret, { method: 'GET', path: '/health' })).status).toBe(200);
  });
});
