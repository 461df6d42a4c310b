import type { AddressInfo } from 'node:net';
import { createApp, listen } from './app';
import { createDriver, GraphDatabase } from './platform/neo4j';
import { type Harness, startHarness } from './test-support/harness';

describe('/health', () => {
  let harness: Harness;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(() => harness.close());

  it('is ok when the database answers', async () => {
    const response = await fetch(harness.url.replace('/graphql', '/health'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', neo4j: 'ok' });
  });

  it('answers 503 with the reason when the database does not', async () => {
    // Port 1 on loopback: nothing listens there, so every connection is refused at once.
    const db = new GraphDatabase(createDriver({ uri: 'bolt://127.0.0.1:1' }));
    const { app, apollo } = await createApp(db);
    const server = await listen(app, '127.0.0.1', 0);
    try {
      const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/health`);
      expect(response.status).toBe(503);
      const body = (await response.json()) as { status: string; neo4j: string };
      expect(body.status).toBe('unavailable');
      expect(body.neo4j).toMatch(/connect|refused|ECONNREFUSED|did not answer/i);
    } finally {
      await new Promise((resolve) => server.close(resolve));
      await apollo.stop();
      await db.close();
    }
  });
});

describe('requests no route could read (issue 18, finding 11)', () => {
  let harness: Harness;
  let base: string;
  beforeAll(async () => {
    harness = await startHarness();
    base = harness.url.replace('/graphql', '');
  });
  afterAll(() => harness.close());

  const send = async (method: string, path: string, body?: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body,
    });
    const text = await response.text();
    expect(text).not.toMatch(/<html|<pre>|node_modules|at \w+ \(/i); // never Express's HTML page with a stack
    return { status: response.status, body: JSON.parse(text) };
  };

  it('are answered 400 in the shape of the protocol the path belongs to, and change nothing', async () => {
    const before = await harness.snapshot();
    expect(await send('POST', '/graphql', '{"query": ')).toEqual({
      status: 400,
      body: { errors: [{ message: expect.stringContaining('JSON'), extensions: { code: 'BAD_REQUEST' } }] },
    });
    expect(await send('POST', '/api/v1/lineage', '{"eventType": ')).toEqual({
      status: 400,
      body: { error: 'Invalid OpenLineage event', details: [expect.stringContaining('JSON')] },
    });
    expect(await send('POST', '/api/2.0/mlflow/runs/create', '{')).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining('JSON') },
    });
    expect(await send('GET', '/api/2.0/mlflow/logged-models/%E0%A4%A')).toEqual({
      status: 400,
      body: { error_code: 'INVALID_PARAMETER_VALUE', message: expect.any(String) },
    });
    expect(await send('GET', '/api/impact/%E0%A4%A')).toEqual({
      status: 400,
      body: { error: { code: 'BAD_USER_INPUT', message: expect.any(String) } },
    });
    expect(await harness.snapshot()).toBe(before);
  });
});
