import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
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

/**
 * Callers remembered by an api process (access.service.ts): an MLflow write or an OpenLineage event
 * takes its caller from memory and confirms it in its own transaction by the access revision. Every
 * change to who a token stands for, made through another replica, is obeyed by the next command.
 *
 * Replica A is the harness; replica B a second harness on the same graph (its own app and driver),
 * whose statements are noted as they are sent.
 */
let harness: Harness;
let admin: Caller;
let replica: Harness;
/** The statements replica B sent, as it sent them. */
const sent: string[] = [];
let experimentId: string;

const PRINCIPAL_LOOKUP = 'MATCH (t:ApiToken {hash: hash})';
const REVISION_READ = 'RETURN r.revision AS revision';

beforeAll(async () => {
  harness = await startHarness({ auth: 'on' });
  admin = callerWith(harness, await localAdminSecret(harness));
  await okWith(admin)(`mutation { createProject(input: { slug: "mlflow", name: "MLflow" }) { id } }`);
  replica = await startHarness({ auth: 'on', replica: true, onSend: (text) => sent.push(text) });
  const boss = await userWithToken(admin, 'boss');
  await grant('project:mlflow', 'user:boss', 'EDITOR');
  const created = await mlflow(boss, 'experiments/create', { name: 'remembered' });
  experimentId = created.body.experiment_id;
});
afterAll(async () => {
  await replica.close();
  await harness.close();
});

const grant = (projectId: string, memberId: string, role: string) =>
  okWith(admin)(
    `mutation($p: ID!, $m: ID!, $r: ProjectRole!) { grantProjectRole(projectId: $p, memberId: $m, role: $r) { role } }`,
    { p: projectId, m: memberId, r: role },
  );

/** A POST to a route of an api (replica A or B) with a token. */
const post = (api: Harness, secret: string, route: string, body: unknown) =>
  restCaller(() => api, secret).post(route, body);
/** MLflow's REST api of replica A (the harness). */
const mlflow = (secret: string, endpoint: string, body: unknown) =>
  post(harness, secret, `/api/2.0/mlflow/${endpoint}`, body);
/** MLflow's REST api of replica B. */
const onB = (secret: string, endpoint: string, body: unknown) =>
  post(replica, secret, `/api/2.0/mlflow/${endpoint}`, body);

const metric = (runId: string, value: number, step: number) => ({
  run_id: runId,
  key: 'loss',
  value,
  step,
  timestamp: 1_763_000_000_000 + step,
});

/** A user with a token, EDITOR on project:mlflow, with a run of their own, remembered by replica B. */
async function editorWithRun(handle: string): Promise<{ secret: string; runId: string }> {
  const secret = await userWithToken(admin, handle);
  await grant('project:mlflow', `user:${handle}`, 'EDITOR');
  const run = await onB(secret, 'runs/create', { experiment_id: experimentId, start_time: 1_763_000_000_000 });
  expect(run.status).toBe(200);
  return { secret, runId: run.body.run.info.run_id };
}

describe('a caller remembered by a replica', () => {
  it('is not looked up again: each command reads the access revision in its own transaction instead', async () => {
    const { secret, runId } = await editorWithRun('rem');
    sent.length = 0;
    for (let step = 0; step < 3; step++)
      expect((await onB(secret, 'runs/log-metric', metric(runId, step, step))).status).toBe(200);
    expect((await onB(secret, 'runs/log-batch', { run_id: runId, metrics: [metric(runId, 9, 9)] })).status).toBe(200);
    expect(sent.filter((text) => text.includes(PRINCIPAL_LOOKUP))).toEqual([]);
    expect(sent.filter((text) => text.includes(REVISION_READ))).toHaveLength(4);
    // A search is not one command: its caller is looked up, as every request's was before.
    expect((await onB(secret, 'runs/search', { experiment_ids: [experimentId] })).status).toBe(200);
    expect(sent.filter((text) => text.includes(PRINCIPAL_LOOKUP))).toHaveLength(1);
  });

  it("is confirmed by a read sent with the command's first query, not a round trip of its own", async () => {
    const { secret, runId } = await editorWithRun('rem-early');
    const param = { run_id: runId, key: 'lr', value: '0.1' };
    expect((await onB(secret, 'runs/log-parameter', param)).status).toBe(200);
    replica.roundTrips.reset();
    sent.length = 0;
    // A replay writes nothing: the command is its lock-and-read and the caller's revision read.
    expect((await onB(secret, 'runs/log-parameter', param)).status).toBe(200);
    expect(sent).toHaveLength(2);
    expect(sent.filter((text) => text.includes(REVISION_READ))).toHaveLength(1);
    expect(replica.roundTrips.mostInFlight).toBe(2);
  });

  it('whose token is revoked through another replica is refused at once (401), with nothing written', async () => {
    const { secret, runId } = await editorWithRun('rev');
    expect((await onB(secret, 'runs/log-metric', metric(runId, 1, 1))).status).toBe(200);
    const [{ id }] = (await okWith(admin)(`{ apiTokens(userId: "user:rev") { id } }`)).apiTokens;
    await okWith(admin)(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });

    const before = await graphWithoutTrail(harness);
    const refused = await onB(secret, 'runs/log-metric', metric(runId, 2, 2));
    expect(refused).toEqual({
      status: 401,
      body: { error_code: 'UNAUTHENTICATED', message: 'Unknown or revoked API token.' },
    });
    const event = await post(replica, secret, '/api/v1/lineage', {
      eventType: 'START',
      eventTime: new Date().toISOString(),
      producer: 'https://example.org/test',
      schemaURL: 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
      run: { runId: randomUUID() },
      job: { namespace: 'mlflow', name: 'nightly' },
      inputs: [],
      outputs: [],
    });
    expect(event).toEqual({ status: 401, body: { error: 'Unknown or revoked API token.', code: 'UNAUTHENTICATED' } });
    expect(await graphWithoutTrail(harness)).toBe(before);
  });

  it('whose role is taken away through another replica is refused at once (403), with nothing written but the refusal', async () => {
    const { secret, runId } = await editorWithRun('demoted');
    expect((await onB(secret, 'runs/log-metric', metric(runId, 1, 1))).status).toBe(200);
    await okWith(admin)(
      `mutation { revokeProjectRole(projectId: "project:mlflow", memberId: "user:demoted") { role } }`,
    );

    const before = await graphWithoutTrail(harness);
    const refused = await onB(secret, 'runs/log-metric', metric(runId, 2, 2));
    expect(refused.status).toBe(403);
    expect(refused.body.error_code).toBe('PERMISSION_DENIED');
    expect(await graphWithoutTrail(harness)).toBe(before);
    const denied = await harness.db.runScript(
      `MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:demoted'}) RETURN count(e) AS n`,
    );
    expect(denied).toEqual([{ n: 1 }]);
  });

  it('granted a role through another replica may use it at once', async () => {
    const secret = await userWithToken(admin, 'late');
    const run = await onB(secret, 'runs/create', { experiment_id: experimentId });
    expect(run.status).toBe(403); // remembered now, holding no role
    await grant('project:mlflow', 'user:late', 'EDITOR');
    const created = await onB(secret, 'runs/create', { experiment_id: experimentId });
    expect(created.status).toBe(200);
    const runs = await harness.db.runScript(
      `MATCH (r:Run)-[:OWNED_BY]->(:User {id: 'user:late'}) RETURN count(r) AS n`,
    );
    expect(runs).toEqual([{ n: 1 }]);
  });

  it('made org AUDITOR through another replica is refused the writes an auditor may not make', async () => {
    const { secret, runId } = await editorWithRun('audited');
    await okWith(admin)(
      `mutation { revokeProjectRole(projectId: "project:mlflow", memberId: "user:audited") { role } }`,
    );
    await okWith(admin)(`mutation { setOrgRole(userId: "user:audited", role: AUDITOR, granted: true) { id } }`);
    expect((await onB(secret, 'runs/log-metric', metric(runId, 1, 1))).status).toBe(403);
  });

  it('is judged as it now is inside a group of concurrent commands, without failing its neighbours', async () => {
    const kept = await editorWithRun('kept');
    const revoked = await editorWithRun('gone');
    const demoted = await editorWithRun('lowered');
    for (const caller of [kept, revoked, demoted]) {
      expect((await onB(caller.secret, 'runs/log-metric', metric(caller.runId, 0, 0))).status).toBe(200);
    }
    const [{ id }] = (await okWith(admin)(`{ apiTokens(userId: "user:gone") { id } }`)).apiTokens;
    await okWith(admin)(`mutation($id: ID!) { revokeApiToken(id: $id) { id } }`, { id });
    await okWith(admin)(
      `mutation { revokeProjectRole(projectId: "project:mlflow", memberId: "user:lowered") { role } }`,
    );

    const calls = [kept, revoked, demoted].flatMap((caller) =>
      [1, 2, 3, 4].map((step) => onB(caller.secret, 'runs/log-metric', metric(caller.runId, step, step))),
    );
    const statuses = (await Promise.all(calls)).map((answer) => answer.status);
    expect(statuses).toEqual([200, 200, 200, 200, 401, 401, 401, 401, 403, 403, 403, 403]);
    const steps = async (runId: string) =>
      (
        await harness.db.runScript(
          `MATCH (:Run {id: $run})-[:HAS_METRIC]->(:Metric)-[:HAS_POINTS]->(c) UNWIND c.steps AS step RETURN count(step) AS n`,
          { run: `run:${runId}` },
        )
      )[0].n;
    expect([await steps(kept.runId), await steps(revoked.runId), await steps(demoted.runId)]).toEqual([5, 1, 1]);
  });

  it('stays as it was when another change moves the revision: the command runs once', async () => {
    const { secret, runId } = await editorWithRun('steady');
    expect((await onB(secret, 'runs/log-metric', metric(runId, 1, 1))).status).toBe(200);
    await okWith(admin)(`mutation { createProject(input: { slug: "elsewhere", name: "Elsewhere" }) { id } }`);
    await grant('project:elsewhere', 'user:boss', 'VIEWER');
    sent.length = 0;
    expect((await onB(secret, 'runs/log-metric', metric(runId, 2, 2))).status).toBe(200);
    // The revision read, then the caller read again in the same transaction, found unchanged: no second run.
    expect(sent.filter((text) => text.includes(PRINCIPAL_LOOKUP))).toHaveLength(1);
    const points = await harness.db.runScript(
      `MATCH (:Run {id: $run})-[:HAS_METRIC]->(:Metric)-[:HAS_POINTS]->(c) UNWIND c.steps AS step RETURN count(step) AS n`,
      { run: `run:${runId}` },
    );
    expect(points).toEqual([{ n: 2 }]);
  });
});

describe('the access revision', () => {
  /** What principals-by-token.cypher reads: a query that writes one of these may change who a token stands for. */
  const PRINCIPAL_PARTS = /HAS_ROLE|MEMBER_OF|TOKEN_OF|orgRoles|revokedAt|:ApiToken\b/;
  /** Writes that change an existing principal: each writes a new revision (AccessRepository.accessChanged). */
  const CHANGE_PRINCIPALS = [
    'access/grant-role',
    'access/revoke-role',
    'access/revoke-token',
    'access/set-org-roles',
    'catalog/add-team-members',
  ];
  /** Writes that name those parts and change no existing principal, and why. */
  const LEAVE_PRINCIPALS: Record<string, string> = {
    'access/create-token': 'a new token: no replica remembers it',
    'access/touch-token': "a token's lastUsedAt: not part of the principal",
    'notifications/mark-read': 'reads MEMBER_OF to find the notes, writes READ',
  };
  const root = path.resolve(__dirname, '../../../../cypher/queries');
  const writesPrincipalParts = (): string[] =>
    readdirSync(root, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.cypher'))
      .map((file) =>
        file
          .replace(/\.cypher$/, '')
          .split(path.sep)
          .join('/'),
      )
      .filter((name) => {
        const text = readFileSync(path.join(root, `${name}.cypher`), 'utf8')
          .split('\n')
          .filter((line) => !line.trimStart().startsWith('//'))
          .join('\n');
        return /\b(CREATE|MERGE|SET|DELETE|REMOVE)\b/.test(text) && PRINCIPAL_PARTS.test(text);
      })
      .sort();

  it('is written by every query that may change who a token stands for, and each is listed here', () => {
    expect(writesPrincipalParts()).toEqual([...CHANGE_PRINCIPALS, ...Object.keys(LEAVE_PRINCIPALS)].sort());
    // Each changing query is sent from a repository method that notes the change first.
    const sources = ['access/access.repository.ts', 'catalog/catalog.repository.ts'].map((file) =>
      readFileSync(path.resolve(__dirname, '..', file), 'utf8'),
    );
    for (const name of CHANGE_PRINCIPALS) {
      const source = sources.find((text) => text.includes(`'${name}'`));
      expect({ name, source: source !== undefined }).toEqual({ name, source: true });
      const method = source!.slice(
        source!.lastIndexOf('async ', source!.indexOf(`'${name}'`)),
        source!.indexOf(`'${name}'`),
      );
      expect({ name, notes: method.includes('accessChanged(tx)') }).toEqual({ name, notes: true });
    }
  });
});
