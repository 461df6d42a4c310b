import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * The CLI as a caller: every command sends MNEMO_TOKEN as Bearer, and a server that refuses the
 * caller (401 / 403, in the REST or the GraphQL shape) makes it exit 2 with the reason. Against a
 * scripted server, so the client's side is pinned whatever the server's mode.
 */
const CLI = path.resolve(__dirname, '../../dist/cli/main.js');

interface Seen {
  method: string;
  path: string;
  authorization: string | undefined;
  body: { query?: string; variables?: Record<string, unknown> } | null;
}

type Script = (seen: Seen) => { status: number; body: unknown };

let server: Server;
let base: string;
let seen: Seen[] = [];
let script: Script;

const read = (request: IncomingMessage) =>
  new Promise<string>((resolve) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    request.on('end', () => resolve(text));
  });

beforeAll(async () => {
  server = createServer((request, response) => {
    void read(request).then((text) => {
      const call: Seen = {
        method: request.method ?? '',
        path: (request.url ?? '').split('?')[0],
        authorization: request.headers.authorization,
        body: text ? (JSON.parse(text) as Seen['body']) : null,
      };
      seen.push(call);
      const { status, body } = script(call);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  seen = [];
});

const cli = (env: Record<string, string | undefined>, ...args: string[]) => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm test builds it (npx tsc -b services/api)`);
  const environment: Record<string, string | undefined> = { ...process.env, MNEMO_URL: base, ...env };
  for (const [key, value] of Object.entries(environment)) if (value === undefined) delete environment[key];
  return new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile('node', [CLI, ...args], { encoding: 'utf8', env: environment }, (error, stdout, stderr) => {
      resolve({ status: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
};

const restRefusal = (status: number, code: string, message: string) => () => ({
  status,
  body: { error: { code, message } },
});
const graphqlRefusal = (status: number, code: string, message: string) => () => ({
  status,
  body: { data: null, errors: [{ message, extensions: { code } }] },
});

const EVERY_COMMAND: [string, string[]][] = [
  ['impact', ['impact', 'dataset:churn/raw']],
  ['audit export', ['audit', 'export', '--project', 'project:churn']],
  ['gate check', ['gate', 'check', 'model:churn/m@1', '--to', 'production']],
  ['token create', ['token', 'create', '--name', 'ci']],
  ['token revoke', ['token', 'revoke', 'token:1']],
  ['token list', ['token', 'list']],
];

describe('every command sends MNEMO_TOKEN and exits 2 when the server refuses it', () => {
  it.each(EVERY_COMMAND)('%s sends the token as Bearer, and nothing without one', async (_, args) => {
    script = restRefusal(401, 'UNAUTHENTICATED', 'unknown or revoked token');
    await cli({ MNEMO_TOKEN: 'mnemo_secret1' }, ...args);
    await cli({ MNEMO_TOKEN: undefined }, ...args);
    expect(seen.map((call) => call.authorization)).toEqual(['Bearer mnemo_secret1', undefined]);
  });

  it.each(EVERY_COMMAND)('%s: a refused token (401) says so', async (_, args) => {
    script =
      args[0] === 'impact' || args[0] === 'audit'
        ? restRefusal(401, 'UNAUTHENTICATED', 'unknown or revoked token')
        : graphqlRefusal(401, 'UNAUTHENTICATED', 'unknown or revoked token');
    const result = await cli({ MNEMO_TOKEN: 'mnemo_revoked' }, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('mnemo: the server refused the token: unknown or revoked token (MNEMO_TOKEN)');
  });

  it.each(EVERY_COMMAND)('%s: a forbidden caller (403) says why', async (_, args) => {
    const why = 'user:bob needs EDITOR on project:churn to token.created; has VIEWER';
    script =
      args[0] === 'impact' || args[0] === 'audit'
        ? restRefusal(403, 'FORBIDDEN', why)
        : graphqlRefusal(403, 'FORBIDDEN', why);
    const result = await cli({ MNEMO_TOKEN: 'mnemo_bob' }, ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain(`mnemo: forbidden: ${why}`);
  });

  it('a GraphQL refusal answered with HTTP 200 is still a refusal, and no token says how to get one', async () => {
    script = graphqlRefusal(200, 'UNAUTHENTICATED', 'writes need a token');
    const result = await cli({ MNEMO_TOKEN: undefined }, 'token', 'create', '--name', 'ci');
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('the server refused the request without a token: writes need a token');
    expect(result.stderr).toContain('set MNEMO_TOKEN');
  });
});

const TOKEN = {
  id: 'token:7f1c',
  name: 'ci',
  userId: 'user:alice',
  createdAt: '2026-11-23T12:00:00.000Z',
  revokedAt: null,
  lastUsedAt: null,
};

describe('mnemo token', () => {
  it('create prints the secret alone on stdout, once, and says it will not be shown again', async () => {
    script = () => ({ status: 200, body: { data: { createApiToken: { secret: 'mnemo_abc123', token: TOKEN } } } });
    const result = await cli({ MNEMO_TOKEN: 'mnemo_admin' }, 'token', 'create', '--name', 'ci', '--user', 'user:alice');
    expect(result).toMatchObject({ status: 0, stdout: 'mnemo_abc123\n' });
    expect(result.stderr).toContain('created token token:7f1c "ci" of user:alice');
    expect(result.stderr).toContain('it will not be shown again');
    expect(seen[0].body?.variables).toEqual({ name: 'ci', userId: 'user:alice' });
    expect(seen[0].body?.query).toContain('createApiToken(input: { name: $name, userId: $userId })');
  });

  it('create --format json prints the token and its secret', async () => {
    script = () => ({ status: 200, body: { data: { createApiToken: { secret: 'mnemo_abc123', token: TOKEN } } } });
    const result = await cli({ MNEMO_TOKEN: 'mnemo_alice' }, 'token', 'create', '--name', 'ci', '--format', 'json');
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ ...TOKEN, secret: 'mnemo_abc123' });
    expect(seen[0].body?.variables).toEqual({ name: 'ci', userId: null });
  });

  it('revoke names the token it revoked; list shows a table', async () => {
    const revoked = { ...TOKEN, revokedAt: '2026-11-23T12:05:00.000Z' };
    script = (call) =>
      call.body?.query?.includes('revokeApiToken')
        ? { status: 200, body: { data: { revokeApiToken: revoked } } }
        : { status: 200, body: { data: { apiTokens: [revoked] } } };
    const revoke = await cli({ MNEMO_TOKEN: 'mnemo_alice' }, 'token', 'revoke', 'token:7f1c');
    expect(revoke).toMatchObject({
      status: 0,
      stdout: 'revoked token:7f1c "ci" of user:alice at 2026-11-23T12:05:00.000Z\n',
    });
    expect(seen[0].body?.variables).toEqual({ id: 'token:7f1c' });
    const list = await cli({ MNEMO_TOKEN: 'mnemo_alice' }, 'token', 'list');
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^id +name +user +created +last used +revoked$/);
    expect(list.stdout).toContain('token:7f1c');
  });

  it('bad arguments exit 2 with the usage and never reach the server', async () => {
    script = () => ({ status: 500, body: {} });
    for (const args of [
      ['token', 'create'],
      ['token', 'revoke'],
      ['token', 'create', '--name', 'ci', '--format', 'xml'],
      ['token', 'rotate'],
    ]) {
      const result = await cli({}, ...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain('usage: mnemo token create --name NAME');
    }
    expect(seen).toEqual([]);
  });
});
