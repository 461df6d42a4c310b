import { createHash } from 'node:crypto';
import http from 'node:http';
import {
  ARTIFACT_STORE_KINDS,
  type ArtifactStoreUnderTest,
  artifactStoreUnderTest,
} from '../test-support/artifact-stores';
import {
  type Caller,
  callerWith,
  graphWithoutTrail,
  localAdminSecret,
  okWith,
  userWithToken,
} from '../test-support/auth';
import { type Harness, startHarness } from '../test-support/harness';

/**
 * The MLflow artifact proxy as an attacker tries it (issue 18, findings 1, 2, 10 and the listing of
 * 12): every path is resolved to the run, logged model or experiment owning it before any check,
 * the owner's restriction applies, and an upload is refused before its body is read. The same suite
 * runs on each artifact store: a local folder and an S3 bucket on a real MinIO (artifact-stores.ts).
 */
let harness: Harness;
let base: string;
let stored: ArtifactStoreUnderTest;
const MAX_BYTES = 2048;
const PREFIX = '/api/2.0/mlflow-artifacts/artifacts';
const secrets: Record<string, string> = {};
let admin: Caller;
let alphaExperiment: string;
let betaExperiment: string;
let alphaRun: string;
let secretRun: string;
let betaRun: string;

const headers = (secret: string | null): Record<string, string> =>
  secret ? { authorization: `Bearer ${secret}` } : {};

async function mlflow(secret: string, endpoint: string, body: unknown) {
  const response = await fetch(`${base}/api/2.0/mlflow/${endpoint}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers(secret) },
    body: JSON.stringify(body),
  });
  return response.json() as Promise<any>;
}

/** A request to the proxy with the path exactly as given (fetch would tidy `//` and dots itself). */
function raw(
  secret: string | null,
  method: string,
  rawPath: string,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const request = http.request(
      { host: url.hostname, port: url.port, method, path: `${PREFIX}/${rawPath}`, headers: headers(secret) },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/** Sends the headers and the first bytes of a body announced as `declared` bytes, never the rest; answers the status. */
function unfinishedUpload(secret: string, rawPath: string, declared: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const request = http.request({
      host: url.hostname,
      port: url.port,
      method: 'PUT',
      path: `${PREFIX}/${rawPath}`,
      headers: { ...headers(secret), 'content-length': String(declared) },
    });
    request.on('response', (response) => {
      resolve(response.statusCode!);
      request.destroy();
    });
    request.on('error', reject);
    request.write('x'.repeat(100));
  });
}

/** Sends a body in chunks without announcing its length (chunked transfer encoding). */
function chunkedUpload(secret: string, rawPath: string, chunks: string[]): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const request = http.request(
      { host: url.hostname, port: url.port, method: 'PUT', path: `${PREFIX}/${rawPath}`, headers: headers(secret) },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode!, body: text }));
      },
    );
    request.on('error', reject);
    for (const chunk of chunks) request.write(chunk);
    request.end();
  });
}

describe.each(ARTIFACT_STORE_KINDS)('the artifact proxy on the %s store', (kind) => {
  beforeAll(async () => {
    stored = await artifactStoreUnderTest(kind, MAX_BYTES);
    harness = await startHarness({ auth: 'on', artifactStore: stored.store });
    base = harness.url.replace(/\/graphql$/, '');
    secrets.admin = await localAdminSecret(harness);
    admin = callerWith(harness, secrets.admin);
    const ok = okWith(admin);
    for (const slug of ['alpha', 'beta', 'mlflow']) {
      await ok(`mutation($s: String!) { createProject(input: { slug: $s, name: $s }) { id } }`, { s: slug });
    }
    // mallory: EDITOR of MLflow's own project only; vic: VIEWER of alpha; eve: EDITOR of alpha; bob: EDITOR of beta.
    const roles: [string, string, string][] = [
      ['mallory', 'project:mlflow', 'EDITOR'],
      ['vic', 'project:alpha', 'VIEWER'],
      ['eve', 'project:alpha', 'EDITOR'],
      ['bob', 'project:beta', 'EDITOR'],
    ];
    for (const [handle, projectId, role] of roles) {
      secrets[handle] = await userWithToken(admin, handle);
      await ok(`mutation($p: ID!, $m: ID!) { grantProjectRole(projectId: $p, memberId: $m, role: ${role}) { role } }`, {
        p: projectId,
        m: `user:${handle}`,
      });
    }
    alphaExperiment = (await mlflow(secrets.admin, 'experiments/create', { name: 'alpha/train' })).experiment_id;
    betaExperiment = (await mlflow(secrets.admin, 'experiments/create', { name: 'beta/train' })).experiment_id;
    const run = async (experiment_id: string) =>
      (await mlflow(secrets.admin, 'runs/create', { experiment_id })).run.info.run_id as string;
    alphaRun = await run(alphaExperiment);
    secretRun = await run(alphaExperiment);
    betaRun = await run(betaExperiment);
    for (const [experiment, runId] of [
      [alphaExperiment, alphaRun],
      [alphaExperiment, secretRun],
      [betaExperiment, betaRun],
    ]) {
      expect((await raw(secrets.admin, 'PUT', `${experiment}/${runId}/artifacts/model.txt`, 'original')).status).toBe(
        200,
      );
    }
    // The restricted run read a dataset version of alpha, so it (and its artifact) is downstream of it.
    await ok(
      `mutation { registerDataset(input: { projectId: "project:alpha", slug: "events", name: "Events" }) { id } }`,
    );
    await ok(
      `mutation { registerDatasetVersion(input: { datasetId: "dataset:alpha/events", version: "1", digest: "sha256:${'a'.repeat(64)}" }) { id } }`,
    );
    await ok(
      `mutation($r: ID!) { recordRunInputs(runId: $r, inputs: [{ versionId: "dataset:alpha/events@1" }]) { id } }`,
      {
        r: `run:${secretRun}`,
      },
    );
    await ok(`mutation($id: ID!) { setRestricted(entityId: $id, restricted: true) { id } }`, {
      id: `run:${secretRun}`,
    });
  }, 240_000);
  afterAll(async () => {
    await harness?.close();
    await stored?.close();
  });

  describe('a path is resolved to its owner before any check (finding 1)', () => {
    it("refuses another project's run files reached through a leading slash, and changes nothing", async () => {
      const before = await graphWithoutTrail(harness);
      const target = `${betaExperiment}/${betaRun}/artifacts/model.txt`;
      for (const spelling of [`%2F${target}`, `/${target}`, `%2F%2F${target}`]) {
        expect((await raw(secrets.mallory, 'PUT', spelling, 'overwritten')).status).toBe(403);
        expect((await raw(secrets.mallory, 'GET', spelling)).status).toBe(403);
        expect((await raw(secrets.mallory, 'DELETE', spelling)).status).toBe(400);
      }
      expect(await stored.read(target)).toBe('original');
      expect(await graphWithoutTrail(harness)).toBe(before);
      const [denied] = await harness.db.runScript(
        "MATCH (e:AuditEvent {action: 'access.denied', actor: 'user:mallory'}) RETURN count(e) AS n",
      );
      expect(Number(denied.n)).toBeGreaterThanOrEqual(3);
      // The owner's editor still reads it, however the path is spelled.
      const read = await raw(secrets.bob, 'GET', `%2F${target}`);
      expect(read).toEqual({ status: 200, body: 'original' });
    });

    it('answers malformed %-encoding in MLflow’s shape', async () => {
      const answer = await raw(secrets.eve, 'GET', `${alphaExperiment}/%E0%A4%A/x`);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).error_code).toBe('INVALID_PARAMETER_VALUE');
    });
  });

  describe('artifacts follow their run’s restriction (finding 2)', () => {
    const secretFile = () => `${alphaExperiment}/${secretRun}/artifacts/model.txt`;

    it("refuses a restricted run's files to a viewer of its project, and lists them to no one else", async () => {
      expect((await raw(secrets.vic, 'GET', secretFile())).status).toBe(403);
      expect((await raw(secrets.vic, 'GET', `${alphaExperiment}/${alphaRun}/artifacts/model.txt`)).status).toBe(200);
      const listing = await fetch(`${base}${PREFIX}?path=${alphaExperiment}`, { headers: headers(secrets.vic) });
      const listed = ((await listing.json()) as any).files.map((file: { path: string }) => file.path);
      expect(listed).toEqual([alphaRun]);
      expect((await raw(secrets.admin, 'GET', secretFile())).body).toBe('original');
    });

    it("refuses the restricted run's artifact by id, and the impact export shows it only as a placeholder", async () => {
      const artifactId = `artifact:${secretRun}/model.txt`;
      const byId = await callerWith(harness, secrets.vic)(`query($id: ID!) { node(id: $id) { id } }`, {
        id: artifactId,
      });
      expect(byId.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      for (const format of ['csv', 'md', 'json']) {
        const exported = await fetch(
          `${base}/api/impact/${encodeURIComponent('dataset:alpha/events@1')}?format=${format}`,
          {
            headers: headers(secrets.vic),
          },
        );
        expect(exported.status).toBe(200);
        const text = await exported.text();
        expect(text).toContain('restricted artifact');
        expect(text).not.toContain(secretRun);
      }
    });
  });

  describe('uploads are checked before their body is read, and bounded (finding 10)', () => {
    it('answers a refused upload before the body has arrived', async () => {
      const target = `${alphaExperiment}/${alphaRun}/artifacts/big.bin`;
      expect(await unfinishedUpload(secrets.vic, target, 10 * MAX_BYTES)).toBe(403);
      // Allowed, but announced larger than MNEMO_ARTIFACT_MAX_BYTES: refused before reading too.
      expect(await unfinishedUpload(secrets.eve, target, 10 * MAX_BYTES)).toBe(400);
      expect(await stored.files(`${alphaExperiment}/${alphaRun}/artifacts`)).toEqual([
        `${alphaExperiment}/${alphaRun}/artifacts/model.txt`,
      ]);
    });

    it('refuses a body that grows past the limit without announcing its length, keeping nothing', async () => {
      const before = await graphWithoutTrail(harness);
      const target = `${alphaExperiment}/${alphaRun}/artifacts/streamed.bin`;
      const answer = await chunkedUpload(secrets.eve, target, ['x'.repeat(1000), 'x'.repeat(1000), 'x'.repeat(1000)]);
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body)).toMatchObject({ error_code: 'INVALID_PARAMETER_VALUE' });
      expect(JSON.parse(answer.body).message).toContain('MNEMO_ARTIFACT_MAX_BYTES');
      expect(await stored.read(target)).toBeNull();
      expect(await stored.files('.uploads')).toEqual([]);
      expect(await graphWithoutTrail(harness)).toBe(before);
      // At the limit it is kept.
      const kept = await chunkedUpload(secrets.eve, target, ['x'.repeat(1024), 'x'.repeat(1024)]);
      expect(kept.status).toBe(200);
    });

    it("refuses a run's files under another experiment's folder", async () => {
      const before = await graphWithoutTrail(harness);
      // bob may write beta's run, but not place its files in alpha's experiment folder.
      const misplaced = `${alphaExperiment}/${betaRun}/artifacts/planted.txt`;
      const answer = await raw(secrets.bob, 'PUT', misplaced, 'planted');
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).message).toContain(betaExperiment);
      expect(await stored.read(misplaced)).toBeNull();
      expect(await graphWithoutTrail(harness)).toBe(before);
    });
  });

  describe('the artifact listing (finding 12)', () => {
    it('shows only the experiment folders of projects the caller may read', async () => {
      const listed = async (secret: string) =>
        (((await (await fetch(`${base}${PREFIX}`, { headers: headers(secret) })).json()) as any).files ?? []).map(
          (file: { path: string }) => file.path,
        );
      expect(await listed(secrets.vic)).toEqual([alphaExperiment]);
      expect(await listed(secrets.bob)).toEqual([betaExperiment]);
      expect(await listed(secrets.admin)).toEqual([alphaExperiment, betaExperiment].sort());
      expect((await fetch(`${base}${PREFIX}`)).status).toBe(401);
    });
  });

  describe('an immutable artifact registry (issue 19)', () => {
    const sha256 = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;
    let run: string;
    const file = (relative: string) => `${alphaExperiment}/${run}/artifacts/${relative}`;
    beforeAll(async () => {
      run = (await mlflow(secrets.eve, 'runs/create', { experiment_id: alphaExperiment })).run.info.run_id;
    });

    it('keeps a replaced file reachable by its digest, records both, and serves only the digests the file had', async () => {
      expect((await raw(secrets.eve, 'PUT', file('report.txt'), 'first')).status).toBe(200);
      expect((await raw(secrets.eve, 'PUT', file('report.txt'), 'second')).status).toBe(200);
      expect(await raw(secrets.vic, 'GET', file('report.txt'))).toEqual({ status: 200, body: 'second' });
      const byDigest = (digest: string) => raw(secrets.vic, 'GET', `${file('report.txt')}?digest=${digest}`);
      expect(await byDigest(sha256('first'))).toEqual({ status: 200, body: 'first' });
      expect(await byDigest(sha256('second'))).toEqual({ status: 200, body: 'second' });
      // Content kept for another file is not this file's to serve.
      expect((await byDigest(sha256('original'))).status).toBe(404);
      const trail = await harness.db.runScript(
        `MATCH (e:AuditEvent {entityId: $id}) RETURN e.action AS action ORDER BY e.at`,
        { id: `artifact:${run}/report.txt` },
      );
      expect(trail.map((row) => row.action)).toEqual(['artifact.recorded', 'artifact.replaced']);
      const { node } = await okWith(admin)(
        `query($id: ID!) { node(id: $id) { ... on Artifact { digest earlierDigests } } }`,
        { id: `artifact:${run}/report.txt` },
      );
      expect(node).toEqual({ digest: sha256('second'), earlierDigests: [sha256('first')] });
    });

    it('checks a recorded file against its digest before sending it', async () => {
      expect((await raw(secrets.eve, 'PUT', file('weights.bin'), 'trained')).status).toBe(200);
      await stored.tamper(file('weights.bin'), 'tampered');
      const answer = await raw(secrets.eve, 'GET', file('weights.bin'));
      expect(answer.status).toBe(500);
      expect(JSON.parse(answer.body)).toEqual({
        error_code: 'INTERNAL_ERROR',
        message: expect.stringContaining('no longer matches the digest recorded at its upload'),
      });
    });

    it('freezes the files of a registered model version, in words, and leaves the rest of the run writable', async () => {
      expect((await raw(secrets.eve, 'PUT', file('model/MLmodel'), 'flavors: {}')).status).toBe(200);
      expect(
        (await mlflow(secrets.admin, 'registered-models/create', { name: 'frozen-check' })).registered_model,
      ).toBeTruthy();
      const version = await mlflow(secrets.admin, 'model-versions/create', {
        name: 'frozen-check',
        source: `runs:/${run}/model`,
        run_id: run,
      });
      expect(version.model_version.version).toBe('1');
      const before = await graphWithoutTrail(harness);
      for (const target of [file('model/MLmodel'), file('model/extra.pkl')]) {
        const refused = await raw(secrets.eve, 'PUT', target, 'changed');
        expect(refused.status).toBe(400);
        expect(JSON.parse(refused.body).message).toMatch(/registered model version .*frozen-check.*frozen/);
      }
      expect(await stored.read(file('model/MLmodel'))).toBe('flavors: {}');
      expect(await stored.read(file('model/extra.pkl'))).toBeNull();
      expect(await graphWithoutTrail(harness)).toBe(before);
      expect((await raw(secrets.eve, 'PUT', file('notes.txt'), 'still writable')).status).toBe(200);
    });

    it('lists folders and files with their sizes relative to the folder; a file or a missing path lists empty', async () => {
      expect((await raw(secrets.eve, 'PUT', file('plots/roc.png'), 'png!')).status).toBe(200);
      expect((await raw(secrets.eve, 'PUT', file('plots/by-class/a.txt'), 'a')).status).toBe(200);
      const list = async (folder: string) =>
        (await fetch(`${base}${PREFIX}?path=${encodeURIComponent(folder)}`, { headers: headers(secrets.eve) })).json();
      expect(await list(file('plots'))).toEqual({
        files: [
          { path: 'by-class', is_dir: true },
          { path: 'roc.png', is_dir: false, file_size: 4 },
        ],
      });
      expect(await list(file('plots/roc.png'))).toEqual({});
      expect(await list(file('nothing-here'))).toEqual({});
    });

    it('refuses a path that climbs out of its folder, keeping nothing, and deletes a loose experiment file', async () => {
      const before = await graphWithoutTrail(harness);
      for (const climbing of [`${alphaExperiment}/../x.txt`, `${alphaExperiment}/%2E%2E/%2E%2E/x.txt`, '.history/x']) {
        const refused = await raw(secrets.eve, 'PUT', climbing, 'x');
        expect(refused.status).toBe(400);
        expect(JSON.parse(refused.body).error_code).toBe('INVALID_PARAMETER_VALUE');
      }
      expect(await graphWithoutTrail(harness)).toBe(before);
      const loose = `${alphaExperiment}/notes/loose.txt`;
      expect((await raw(secrets.eve, 'PUT', loose, 'loose')).status).toBe(200);
      expect(await stored.read(loose)).toBe('loose');
      expect((await raw(secrets.eve, 'DELETE', loose)).status).toBe(200);
      expect(await stored.read(loose)).toBeNull();
      expect((await raw(secrets.eve, 'GET', loose)).status).toBe(404);
    });
  });
});
