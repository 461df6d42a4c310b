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
