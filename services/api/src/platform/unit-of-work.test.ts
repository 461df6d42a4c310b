import { createDriver, GraphDatabase } from './neo4j';
import { setPrincipal, withRequestId } from './request-context';
import { isWriteQuery, noteAuthorised } from './unit-of-work';
import { workerNeo4jUri } from '../test-support/harness';

/** A caller of an HTTP request, as the authentication middleware leaves it. */
const caller = {
  mode: 'on' as const,
  actor: 'user:test',
  userId: 'user:test',
  tokenId: null,
  orgRoles: [],
  projectRoles: [],
};

let db: GraphDatabase;
beforeAll(async () => {
  db = new GraphDatabase(createDriver({ uri: workerNeo4jUri() }));
});
afterAll(() => db.close());

const count = async () => Number((await db.runScript('MATCH (n:Entity) RETURN count(n) AS n'))[0].n);

describe('the unit of work', () => {
  it('tells writing queries from reading ones, a lock taken to judge a batch being no write', () => {
    expect(isWriteQuery('runs/add-params')).toBe(true);
    expect(isWriteQuery('audit/record')).toBe(true);
    expect(isWriteQuery('catalog/find-entities')).toBe(false);
    expect(isWriteQuery('runs/lock-for-batch')).toBe(false);
    expect(isWriteQuery('versions/lock-parent')).toBe(false);
  });

  it("refuses a caller's write made before its command was authorised, and writes nothing", async () => {
    const before = await count();
    const attempt = withRequestId('unit-of-work-test', async () => {
      setPrincipal(caller);
      return db.write((tx) =>
        tx.query('catalog/create-entity', {
          kind: 'Project',
          props: { id: 'project:unit-of-work' },
          projectId: null,
          ownerIds: [],
        }),
      );
    });
    await expect(attempt).rejects.toThrow(/Unauthorised write: query catalog\/create-entity/);
    expect(await count()).toBe(before);
  });

  it('joins a write made inside another into one transaction, which rolls back whole', async () => {
    const before = await count();
    const attempt = db.write(async () => {
      noteAuthorised();
      await db.write((tx) =>
        tx.query('catalog/create-entity', {
          kind: 'Project',
          props: { id: 'project:joined' },
          projectId: null,
          ownerIds: [],
        }),
      );
      // A read inside the unit sees the write above; outside it, nothing is committed yet.
      const [seen] = await db.query<{ entity: { id: string } }>('catalog/find-entities', { ids: ['project:joined'] });
      expect(seen?.entity.id).toBe('project:joined');
      throw new Error('the command fails at its last step');
    });
    await expect(attempt).rejects.toThrow('the command fails at its last step');
    expect(await count()).toBe(before);
  });
});
