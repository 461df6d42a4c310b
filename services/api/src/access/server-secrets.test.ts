import { createHash, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDriver, GraphDatabase } from '../platform/neo4j';
import { startApiProcess } from '../test-support/api-process';
import { workerNeo4jUri } from '../test-support/harness';

/**
 * The server's secrets as `npm start` keeps them (issue 18, finding 12), through the real process
 * (`node dist/main.js`, run `npx tsc -b services/api` first): the local admin's secret is printed
 * only on a terminal, so a redirected log never holds it; restricted placeholders' ids are keyed
 * (HMAC) with a key kept in a 0600 file, stable across restarts and not a bare hash of the id.
 */
let scratch: string;
let db: GraphDatabase;

beforeAll(async () => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'mnemo-secrets-'));
  db = new GraphDatabase(createDriver({ uri: workerNeo4jUri() }));
  await db.runScript('MATCH (n) WHERE NOT n:Migration CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS');
});
afterAll(async () => {
  await db.close();
  rmSync(scratch, { recursive: true, force: true });
});

/** `node dist/main.js` with its output piped (not a terminal), auth on, its secrets in the given files. */
const startServer = (files: { token: string; key: string }) =>
  startApiProcess({
    MNEMO_AUTH: 'on',
    MNEMO_ARTIFACT_ROOT: path.join(scratch, 'artifacts'),
    MNEMO_ADMIN_TOKEN_FILE: files.token,
    MNEMO_PLACEHOLDER_KEY_FILE: files.key,
  });

function graphqlAs(base: string, secret: string) {
  return async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${secret}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: unknown[] };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
}

const RESTRICTED = 'dataset:alpha/raw@1';
const LINEAGE = `query { lineage(id: "dataset:alpha/clean@1", direction: UPSTREAM, maxDepth: 3) { nodes { node { id kind } } } }`;
const placeholdersIn = (data: any): string[] =>
  data.lineage.nodes.filter((entry: any) => entry.node.kind === 'RestrictedNode').map((entry: any) => entry.node.id);

describe('server secrets', () => {
  it('keeps the admin secret out of a redirected log, and keys placeholders with a 0600 key kept across restarts', async () => {
    const files = {
      token: path.join(scratch, `admin-token-${randomUUID()}`),
      key: path.join(scratch, 'placeholder-key'),
    };
    const first = await startServer(files);
    let viewerSecret: string;
    let seen: string[];
    try {
      const secret = readFileSync(files.token, 'utf8').trim();
      expect(secret.length).toBeGreaterThan(20);
      const log = first.output.join('');
      expect(log).toContain(files.token);
      expect(log).not.toContain(secret);
      expect(statSync(files.token).mode & 0o777).toBe(0o600);
      expect(statSync(files.key).mode & 0o777).toBe(0o600);

      const admin = graphqlAs(first.base, secret);
      await admin(`mutation { createProject(input: { slug: "alpha", name: "Alpha" }) { id } }`);
      for (const slug of ['raw', 'clean']) {
        await admin(
          `mutation($s: String!) { registerDataset(input: { projectId: "project:alpha", slug: $s, name: $s }) { id } }`,
          {
            s: slug,
          },
        );
      }
      await admin(
        `mutation { registerDatasetVersion(input: { datasetId: "dataset:alpha/raw", version: "1", digest: "sha256:${'1'.repeat(64)}" }) { id } }`,
      );
      await admin(
        `mutation { registerDatasetVersion(input: { datasetId: "dataset:alpha/clean", version: "1", digest: "sha256:${'2'.repeat(64)}", derivedFromIds: ["${RESTRICTED}"] }) { id } }`,
      );
      await admin(`mutation { setRestricted(entityId: "dataset:alpha/raw", restricted: true) { id } }`);
      await admin(`mutation { createUser(input: { handle: "vera", name: "Vera" }) { id } }`);
      await admin(
        `mutation { grantProjectRole(projectId: "project:alpha", memberId: "user:vera", role: VIEWER) { role } }`,
      );
      viewerSecret = (await admin(`mutation { createApiToken(input: { name: "t", userId: "user:vera" }) { secret } }`))
        .createApiToken.secret;
      seen = placeholdersIn(await graphqlAs(first.base, viewerSecret)(LINEAGE));
    } finally {
      await first.stop();
    }
    const bareHash = `restricted:${createHash('sha256').update(RESTRICTED).digest('hex').slice(0, 16)}`;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatch(/^restricted:[0-9a-f]{16}$/);
    expect(seen[0]).not.toBe(bareHash);

    const second = await startServer(files);
    try {
      expect(placeholdersIn(await graphqlAs(second.base, viewerSecret)(LINEAGE))).toEqual(seen);
    } finally {
      await second.stop();
    }
  }, 240_000);
});
