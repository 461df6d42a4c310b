import neo4j, { type BookmarkManager } from 'neo4j-driver';
import { type Harness, startHarness, workerNeo4jUri } from '../test-support/harness';
import { digestOf } from '../test-support/fixtures';

/**
 * The api through a `neo4j://` routing URI (the driver asks the server for a routing table and sends
 * reads to readers, as against a cluster's secondaries), against this worker's local Neo4j: a read
 * right after a write sees it, because every session of the process starts from the bookmarks of what
 * the process has committed.
 */
let harness: Harness;
let base: string;
/** The bookmark manager createDriver made for the harness's driver, watched through a spy. */
let bookmarks: BookmarkManager;
/** What each session was given to start from: one entry per call of the manager's getBookmarks. */
const started: string[][] = [];

async function mlflow(endpoint: string, payload: Record<string, unknown>, method: 'GET' | 'POST' = 'POST') {
  const query = method === 'GET' ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
  const response = await fetch(`${base}/api/2.0/mlflow/${endpoint}${query}`, {
    method,
    headers: { 'content-type': 'application/json', 'x-mnemo-actor': 'routing-test' },
    body: method === 'GET' ? undefined : JSON.stringify(payload),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

beforeAll(async () => {
  const real = neo4j.bookmarkManager;
  const made: BookmarkManager[] = [];
  const spy = jest.spyOn(neo4j, 'bookmarkManager').mockImplementation((config) => {
    const manager = real(config);
    const getBookmarks = manager.getBookmarks.bind(manager);
    manager.getBookmarks = async () => {
      const current = [...(await getBookmarks())];
      started.push(current);
      return current;
    };
    made.push(manager);
    return manager;
  });
  const uri = workerNeo4jUri().replace(/^bolt:\/\//, 'neo4j://');
  expect(uri).toMatch(/^neo4j:\/\/127\.0\.0\.1:\d+$/);
  harness = await startHarness({ uri });
  spy.mockRestore();
  expect(made).toHaveLength(1);
  bookmarks = made[0];
  base = harness.url.replace('/graphql', '');
  await harness.ok(`mutation { createProject(input: { slug: "routing", name: "Routing" }) { id } }`);
});
afterAll(() => harness.close());

describe('neo4j:// routing with bookmarks', () => {
  it('is served by the local Neo4j as a routing server: one member that writes, reads and routes', async () => {
    const session = harness.db.driver.session({ defaultAccessMode: neo4j.session.READ });
    try {
      const result = await session.run(`CALL dbms.routing.getRoutingTable({}, 'neo4j')`);
      const servers = result.records[0].get('servers') as { addresses: string[]; role: string }[];
      const address = workerNeo4jUri().replace(/^bolt:\/\//, '');
      expect(Object.fromEntries(servers.map((server) => [server.role, server.addresses]))).toEqual({
        WRITE: [address],
        READ: [address],
        ROUTE: [address],
      });
    } finally {
      await session.close();
    }
  });

  it('reads each GraphQL write right after it, 40 times in a row, each read starting from that write', async () => {
    for (let i = 0; i < 40; i++) {
      const slug = `d${i}`;
      await harness.ok(`mutation($input: RegisterDatasetInput!) { registerDataset(input: $input) { id } }`, {
        input: { projectId: 'project:routing', slug, name: `Dataset ${i}` },
      });
      const written = [...(await bookmarks.getBookmarks())];
      expect(written).toHaveLength(1);
      started.length = 0;
      const { dataset } = await harness.ok(`query($id: ID!) { dataset(id: $id) { id name } }`, {
        id: `dataset:routing/${slug}`,
      });
      expect(dataset).toEqual({ id: `dataset:routing/${slug}`, name: `Dataset ${i}` });
      // The read's session started from the write's bookmark.
      expect(started.length).toBeGreaterThan(0);
      expect(started.every((given) => written.every((bookmark) => given.includes(bookmark)))).toBe(true);
    }
  });

  it('reads each version, param and metric point right after it is written, through MLflow and GraphQL', async () => {
    const { body: experiment } = await mlflow('experiments/create', { name: 'routing-runs' });
    const { body: created } = await mlflow('runs/create', { experiment_id: experiment.experiment_id });
    const runId: string = created.run.info.run_id;
    for (let i = 0; i < 30; i++) {
      const logged = await mlflow('runs/log-batch', {
        run_id: runId,
        params: [{ key: `p${i}`, value: String(i) }],
        metrics: [{ key: 'loss', value: 1 / (i + 1), step: i, timestamp: 1_763_000_000_000 + i }],
      });
      expect(logged.status).toBe(200);
      const { body } = await mlflow('runs/get', { run_id: runId }, 'GET');
      expect(body.run.data.params).toHaveLength(i + 1);
      expect(body.run.data.metrics).toEqual([
        { key: 'loss', value: 1 / (i + 1), step: i, timestamp: 1_763_000_000_000 + i },
      ]);

      await harness.ok(
        `mutation($input: RegisterDatasetVersionInput!) { registerDatasetVersion(input: $input) { id } }`,
        {
          input: { datasetId: 'dataset:routing/d0', version: `v${i}`, digest: digestOf(`routing ${i}`) },
        },
      );
      const { datasetVersion } = await harness.ok(`query($id: ID!) { datasetVersion(id: $id) { id digest } }`, {
        id: `dataset:routing/d0@v${i}`,
      });
      expect(datasetVersion).toEqual({ id: `dataset:routing/d0@v${i}`, digest: digestOf(`routing ${i}`) });
    }
  });
});
