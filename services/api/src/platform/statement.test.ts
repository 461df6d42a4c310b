import neo4j, { type Driver } from 'neo4j-driver';
import { runStatement } from './statement';
import { workerNeo4jUri } from '../test-support/harness';

let driver: Driver;
beforeAll(() => {
  driver = neo4j.driver(workerNeo4jUri());
});
afterAll(() => driver.close());

describe('a statement sent without the driver capturing a stack trace', () => {
  it('answers as tx.run does, and leaves the stack trace limit as it was', async () => {
    const session = driver.session();
    try {
      const limit = Error.stackTraceLimit;
      const rows = await session.executeRead(async (tx) => {
        const result = await runStatement(tx, 'UNWIND $xs AS x RETURN x + "!" AS y', { xs: ['a', 'b'] });
        return result.records.map((record) => record.get('y') as string);
      });
      expect(rows).toEqual(['a!', 'b!']);
      expect(Error.stackTraceLimit).toBe(limit);
    } finally {
      await session.close();
    }
  });

  it("keeps a failed statement's Neo4j code and message, which is what errors are answered by", async () => {
    const session = driver.session();
    try {
      const failure = session.executeRead((tx) => runStatement(tx, 'RETURN datetime($at) AS at', { at: 'not a time' }));
      await expect(failure).rejects.toMatchObject({
        code: expect.stringMatching(/^Neo\.ClientError\./),
        message: expect.stringContaining('not a time'),
      });
      expect(new Error('still traced').stack).toContain('statement.test');
    } finally {
      await session.close();
    }
  });
});
