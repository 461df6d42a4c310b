import { randomUUID } from 'node:crypto';
import { type Harness, startHarness } from '../test-support/harness';
import { restCaller } from '../test-support/rest-calls';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';

/** Tokens through MLflow's REST api and OpenLineage's endpoint: the same roles as GraphQL. */
let harness: Harness;
let admin: Caller;
let base: string;

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  base = harness.url.replace('/graphql', '');
  // What main.ts does at every start: MLflow's project exists before anyone logs, so roles can be granted on it.
  await okWith(admin)(`mutation { createProject(input: { slug: "mlflow", name: "MLflow" }) { id } }`);
  await okWith(admin)(`mutation { createProject(input: { slug: "churn", name: "Churn" }) { id } }`);
});
afterAll(() => harness.close());

const grant = (projectId: string, memberId: string, role: string) =>
  okWith(admin)(
    `mutation($p: ID!, $m: ID!, $r: ProjectRole!) { grantProjectRole(projectId: $p, memberId: $m, role: $r) { role } }`,
    { p: projectId, m: memberId, r: role },
  );

const rest = (secret: string | null) => restCaller(() => harness, secret);
const mlflow = (secret: string | null, endpoint: string, body: unknown) =>
  rest(secret).post(`/api/2.0/mlflow/${endpoint}`, body);
const mlflowGet = (secret: string | null, endpoint: string, query: Record<string, string>) =>
  rest(secret).get(`/api/2.0/mlflow/${endpoint}`, query);
const lineage = (secret: string | null, event: unknown) => rest(secret).post('/api/v1/lineage', event);

const runEvent = (namespace: string) => ({
  eventType: 'START',
  eventTime: new Date().toISOString(),
  producer: 'https://example.org/test',
  schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
  run: { runId: randomUUID() },
  job: { namespace, name: 'nightly' },
  inputs: [],
  outputs: [],
});

describe('MLflow with a token', () => {
  it('refuses an editor of another project (403 PERMISSION_DENIED) until it is granted EDITOR on project:mlflow', async () => {
    const secret = await userWithToken(admin, 'dana');
    await grant('project:churn', 'user:dana', 'EDITOR');

    const refused = await mlflow(secret, 'experiments/create', { name: 'churn-tuning' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error_code: 'PERMISSION_DENIED',
      message: expect.stringContaining('user:dana needs EDITOR on project:mlflow'),
    });
    expect(await harness.db.runScript(`MATCH (e:Experiment) RETURN e.id AS id`)).toEqual([]);

    const anonymous = await mlflow(null, 'experiments/create', { name: 'churn-tuning' });
    expect(anonymous).toEqual({ status: 401, body: { error_code: 'UNAUTHENTICATED', message: expect.any(String) } });

    await grant('project:mlflow', 'user:dana', 'EDITOR');
    const created = await mlflow(secret, 'experiments/create', { name: 'churn-tuning' });
    expect(created.status).toBe(200);
    const run = await mlflow(secret, 'runs/create', {
      experiment_id: created.body.experiment_id,
      start_time: Date.now(),
    });
    expect(run.status).toBe(200);
    // The client names no owner; the token does: the run is dana's.
    const owned = await okWith(admin)(`query($id: ID!) { run(id: $id) { owner { ... on User { id } } } }`, {
      id: `run:${run.body.run.info.run_id}`,
    });
    expect(owned.run.owner).toEqual({ id: 'user:dana' });
    const logged = await mlflow(secret, 'runs/log-metric', {
      run_id: run.body.run.info.run_id,
      key: 'auc',
      value: 0.9,
      timestamp: Date.now(),
      step: 0,
    });
    expect(logged.status).toBe(200);

    const actors = await harness.db.runScript(
      `MATCH (e:AuditEvent) WHERE e.action IN ['experiment.created', 'run.started', 'run.metrics-logged'] RETURN DISTINCT e.actor AS actor`,
    );
    expect(actors).toEqual([{ actor: 'user:dana' }]);
    const denied = await harness.db.runScript(
      `MATCH (e:AuditEvent {action: 'access.denied'}) RETURN e.actor AS actor, e.projectId AS projectId`,
    );
    expect(denied).toEqual([{ actor: 'user:dana', projectId: 'project:mlflow' }]);

    // A viewer reads but does not write.
    const viewer = await userWithToken(admin, 'vic');
    await grant('project:mlflow', 'user:vic', 'VIEWER');
    expect((await mlflow(viewer, 'experiments/search', {})).status).toBe(200);
    expect((await mlflow(viewer, 'runs/create', { experiment_id: created.body.experiment_id })).status).toBe(403);

    // Artifact files: a run's are checked when recorded; others (and deletes) need EDITOR on project:mlflow.
    const file = (secret: string | null, method: string, relative: string) =>
      fetch(`${base}/api/2.0/mlflow-artifacts/artifacts/${relative}`, {
        method,
        headers: secret ? { authorization: `Bearer ${secret}` } : {},
        ...(method === 'PUT' ? { body: 'hello' } : {}),
      });
    const runFile = `${created.body.experiment_id}/${run.body.run.info.run_id}/artifacts/notes.txt`;
    expect((await file(viewer, 'PUT', runFile)).status).toBe(403);
    expect((await file(null, 'PUT', 'loose/notes.txt')).status).toBe(401);
    expect((await file(viewer, 'PUT', 'loose/notes.txt')).status).toBe(403);
    expect((await file(secret, 'PUT', runFile)).status).toBe(200);
    expect((await file(secret, 'PUT', 'loose/notes.txt')).status).toBe(200);
    expect((await file(viewer, 'DELETE', 'loose/notes.txt')).status).toBe(403);
    expect((await file(secret, 'GET', 'loose/notes.txt')).status).toBe(200);
  });
});

describe('MLflow experiments in projects with a token', () => {
  it('lets a churn editor log into a churn experiment but not write to, nor read, a payments one', async () => {
    await okWith(admin)(`mutation { createProject(input: { slug: "payments", name: "Payments" }) { id } }`);
    const adminSecret = await userWithToken(admin, 'payments-admin');
    await grant('project:payments', 'user:payments-admin', 'EDITOR');
    const payments = await mlflow(adminSecret, 'experiments/create', { name: 'payments/fraud' });
    expect(payments.body.experiment_id).toMatch(/^payments~fraud-/);
    const paymentsRun = await mlflow(adminSecret, 'runs/create', { experiment_id: payments.body.experiment_id });
    expect(paymentsRun.status).toBe(200);

    const secret = await userWithToken(admin, 'chloe');
    await grant('project:churn', 'user:chloe', 'EDITOR');
    // set_experiment("churn/xgb-tuning"): get-by-name, then create; then start_run and log_metric.
    expect((await mlflowGet(secret, 'experiments/get-by-name', { experiment_name: 'churn/xgb-tuning' })).status).toBe(
      404,
    );
    const created = await mlflow(secret, 'experiments/create', { name: 'churn/xgb-tuning' });
    expect(created.status).toBe(200);
    const experimentId = created.body.experiment_id as string;
    expect(experimentId).toMatch(/^churn~xgb-tuning-/);
    const run = await mlflow(secret, 'runs/create', { experiment_id: experimentId, start_time: Date.now() });
    expect(run.status).toBe(200);
    const runId = run.body.run.info.run_id as string;
    expect(
      (await mlflow(secret, 'runs/log-metric', { run_id: runId, key: 'auc', value: 0.9, timestamp: 1, step: 0 }))
        .status,
    ).toBe(200);
    const found = await mlflowGet(secret, 'experiments/get-by-name', { experiment_name: 'churn/xgb-tuning' });
    expect(found.body.experiment.experiment_id).toBe(experimentId);
    const listed = await mlflow(secret, 'experiments/search', {});
    expect(listed.body.experiments.map((e: any) => e.experiment_id)).toEqual([experimentId]);
    const runs = await mlflow(secret, 'runs/search', {});
    expect(runs.body.runs.map((r: any) => r.info.run_id)).toEqual([runId]);

    const before = await graphWithoutTrail(harness);
    const refused = await mlflow(secret, 'runs/create', { experiment_id: payments.body.experiment_id });
    expect(refused).toEqual({
      status: 403,
      body: { error_code: 'PERMISSION_DENIED', message: expect.stringContaining('user:chloe') },
    });
    const inTag = await mlflow(secret, 'experiments/create', {
      name: 'sneaky',
      tags: [{ key: 'mnemo.project', value: 'payments' }],
    });
    expect(inTag).toEqual({
      status: 403,
      body: { error_code: 'PERMISSION_DENIED', message: expect.stringContaining('EDITOR on project:payments') },
    });
    for (const [endpoint, query] of [
      ['experiments/get', { experiment_id: payments.body.experiment_id }],
      ['experiments/get-by-name', { experiment_name: 'payments/fraud' }],
      ['runs/get', { run_id: paymentsRun.body.run.info.run_id }],
    ] as const) {
      const read = await mlflowGet(secret, endpoint, query);
      expect([endpoint, read.status, read.body.error_code]).toEqual([endpoint, 403, 'PERMISSION_DENIED']);
    }
    const searchPayments = await mlflow(secret, 'runs/search', { experiment_ids: [payments.body.experiment_id] });
    expect(searchPayments.status).toBe(403);
    expect(await graphWithoutTrail(harness)).toEqual(before);
    const denied = await harness.db.runScript(
      `MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:chloe'}) RETURN e.projectId AS projectId`,
    );
    expect(denied.map((row: any) => row.projectId)).toEqual(Array(6).fill('project:payments'));
  });
});

/** How many access.denied events name an entity (or, given one, any entity of that project). */
async function accessDenials(entityId: string, projectId: string | null = null): Promise<number> {
  const [row] = await harness.db.runScript(
    `MATCH (e:AuditEvent {action: 'access.denied'}) WHERE e.entityId = $entityId OR e.projectId = $projectId
     RETURN count(e) AS n`,
    { entityId, projectId },
  );
  return Number(row.n);
}

describe('OpenLineage with a token', () => {
  it('refuses events without a token (401) and takes them with one (2xx)', async () => {
    const anonymous = await lineage(null, runEvent('churn'));
    expect(anonymous.status).toBe(401);
    expect(anonymous.body.code).toBe('UNAUTHENTICATED');

    const secret = await userWithToken(admin, 'ci-churn');
    await grant('project:churn', 'user:ci-churn', 'EDITOR');
    expect((await lineage(secret, runEvent('churn'))).status).toBe(201);
  });

  it('makes a new job namespace a project only for a caller who may create projects, its ADMIN then; others need a role there', async () => {
    // A caller without the right: refused, nothing written, the refusal recorded.
    const secret = await userWithToken(admin, 'ci-warehouse');
    const before = await graphWithoutTrail(harness);
    const refused = await lineage(secret, runEvent('warehouse'));
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'FORBIDDEN', error: expect.stringContaining('org ADMIN') });
    expect(await graphWithoutTrail(harness)).toEqual(before);
    expect(await accessDenials('project:warehouse')).toBe(1);

    // An org admin's event makes it, and its sender becomes its ADMIN.
    const orgAdmin = await userWithToken(admin, 'ci-admin');
    await okWith(admin)(`mutation { setOrgRole(userId: "user:ci-admin", role: ADMIN, granted: true) { id } }`);
    expect((await lineage(orgAdmin, runEvent('warehouse'))).status).toBe(201);
    const { whoami } = await okWith(callerWith(harness, orgAdmin))(
      `{ whoami { projectRoles { projectId role via } } }`,
    );
    expect(whoami.projectRoles).toEqual([{ projectId: 'project:warehouse', role: 'ADMIN', via: 'user:ci-admin' }]);

    // Writing into it then needs a role there, like any other project.
    expect((await lineage(secret, runEvent('warehouse'))).status).toBe(403);
    await grant('project:warehouse', 'user:ci-warehouse', 'EDITOR');
    expect((await lineage(secret, runEvent('warehouse'))).status).toBe(201);
  });

  it('refuses events about a run that already exists to a caller without a role there, writing nothing of them', async () => {
    const editor = await userWithToken(admin, 'ci-owner');
    await grant('project:churn', 'user:ci-owner', 'EDITOR');
    const started = runEvent('churn');
    expect((await lineage(editor, started)).status).toBe(201);
    const runId = `run:${started.run.runId.replace(/-/g, '')}`;

    const intruder = await userWithToken(admin, 'intruder');
    const later = (eventType: string, extra: Record<string, unknown> = {}) => ({
      ...started,
      eventType,
      eventTime: new Date(Date.now() + 60_000).toISOString(),
      ...extra,
    });
    const attempts = [
      // Nothing in it changes the run: keeping the event is the only write, and it is refused.
      later('RUNNING'),
      // Ends the run.
      later('COMPLETE'),
      // Names a dataset in a data source nobody has reported yet: it would be created in the job's
      // project (and its data source registered), and the event is one command, refused whole.
      later('COMPLETE', { outputs: [{ namespace: 'intruder-space', name: 'stolen', facets: {} }] }),
    ];
    for (const event of attempts) {
      const before = await graphWithoutTrail(harness);
      const denials = await accessDenials(runId, 'project:churn');
      const refused = await lineage(intruder, event);
      expect(refused.status).toBe(403);
      expect(refused.body).toMatchObject({ code: 'FORBIDDEN', error: expect.stringContaining('project:churn') });
      expect(await graphWithoutTrail(harness)).toEqual(before);
      expect(await accessDenials(runId, 'project:churn')).toBe(denials + 1);
    }
    const { run } = await okWith(admin)(`query($id: ID!) { run(id: $id) { status } }`, { id: runId });
    expect(run.status).toBe('RUNNING');
    expect((await lineage(editor, later('COMPLETE'))).status).toBe(201);
  });

  it('refuses writing into another project’s table, whether as a new version or the same content again, and lets its tables be read', async () => {
    const schema = (...names: string[]) => ({
      schema: { _producer: 'x', _schemaURL: 'y', fields: names.map((name) => ({ name, type: 'string' })) },
    });
    const table = (...columns: string[]) => ({
      namespace: 'postgres://wh',
      name: 'public.churn_scores',
      facets: schema(...columns),
    });
    const writes = (namespace: string, output: object, inputs: object[] = []) => ({
      ...runEvent(namespace),
      eventType: 'COMPLETE',
      inputs,
      outputs: [output],
    });
    // The churn team's job writes the table: it is churn's.
    const churnEditor = await userWithToken(admin, 'ci-churn-scores');
    await grant('project:churn', 'user:ci-churn-scores', 'EDITOR');
    expect((await lineage(churnEditor, writes('churn', table('id', 'score')))).status).toBe(201);
    // Another team's CI, EDITOR in its own project only.
    await okWith(admin)(`mutation { createProject(input: { slug: "reports", name: "Reports" }) { id } }`);
    const reports = await userWithToken(admin, 'ci-reports');
    await grant('project:reports', 'user:ci-reports', 'EDITOR');
    for (const [what, output] of [
      ['the same content again (one more run generating churn’s version)', table('id', 'score')],
      ['new content (a new version of churn’s table)', table('id', 'score', 'segment')],
    ] as const) {
      const before = await graphWithoutTrail(harness);
      const refused = await lineage(reports, writes('reports', output));
      expect([what, refused.status, refused.body.code]).toEqual([what, 403, 'FORBIDDEN']);
      expect(await graphWithoutTrail(harness)).toEqual(before);
    }
    // Reading churn's table into its own does not write there: taken.
    const own = {
      namespace: 'postgres://wh',
      name: 'public.report',
      facets: {
        ...schema('id'),
        columnLineage: {
          _producer: 'x',
          _schemaURL: 'y',
          fields: { id: { inputFields: [{ namespace: 'postgres://wh', name: 'public.churn_scores', field: 'id' }] } },
        },
      },
    };
    expect((await lineage(reports, writes('reports', own, [table('id', 'score')]))).status).toBe(201);
  });
});

describe('MLflow run updates with a token', () => {
  it('refuses a viewer resuming a finished run (403, nothing changed but the refusal recorded); an editor resumes it', async () => {
    const editor = await userWithToken(admin, 'rita');
    await grant('project:mlflow', 'user:rita', 'EDITOR');
    const viewer = await userWithToken(admin, 'walt');
    await grant('project:mlflow', 'user:walt', 'VIEWER');
    const experiment = await mlflow(editor, 'experiments/create', { name: 'resume-check' });
    const created = await mlflow(editor, 'runs/create', {
      experiment_id: experiment.body.experiment_id,
      start_time: Date.now(),
    });
    const runId: string = created.body.run.info.run_id;
    const finished = await mlflow(editor, 'runs/update', { run_id: runId, status: 'FINISHED', end_time: Date.now() });
    expect(finished.status).toBe(200);

    // The run exists: the refusal is about changing it, decided before anything is written.
    const before = await graphWithoutTrail(harness);
    const refused = await mlflow(viewer, 'runs/update', { run_id: runId, status: 'RUNNING' });
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      error_code: 'PERMISSION_DENIED',
      message: expect.stringContaining('user:walt needs EDITOR on project:mlflow'),
    });
    expect(await graphWithoutTrail(harness)).toEqual(before);
    const trail = await harness.db.runScript(
      `MATCH (e:AuditEvent) WHERE e.actor = 'user:walt' RETURN e.action AS action, e.after AS after`,
    );
    expect(trail).toEqual([{ action: 'access.denied', after: expect.stringContaining('run.resumed') }]);

    const resumed = await mlflow(editor, 'runs/update', { run_id: runId, status: 'RUNNING' });
    expect(resumed.status).toBe(200);
    const run = await mlflowGet(editor, 'runs/get', { run_id: runId });
    expect(run.body.run.info.status).toBe('RUNNING');
  });
});
