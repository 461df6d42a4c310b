import neo4j, { type Driver } from 'neo4j-driver';
import { cypher } from './cypher';
import { runStatement, withParameterMap } from './statement';
import { workerNeo4jUri } from '../test-support/harness';
import { ANY_BOUNDS, namedQueries } from '../test-support/named-queries';

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

describe('a statement sent with its parameters in one map', () => {
  it('answers as with typed parameters, whatever their types, from one map parameter', async () => {
    const sent: { text: string; params: Record<string, unknown> }[] = [];
    const session = driver.session();
    try {
      const answers = await session.executeRead(async (tx) => {
        const recording = {
          run: (text: string, params: Record<string, unknown>) => {
            sent.push({ text, params });
            return tx.run(text, params);
          },
        } as unknown as typeof tx;
        const text = 'RETURN $x AS x, size($xs) AS n, coalesce($maybe, "none") AS maybe';
        const rows = [];
        for (const params of [
          { x: 'a', xs: [], maybe: null },
          { x: 1, xs: ['p', 'q'], maybe: 'set' },
        ]) {
          const result = await runStatement(recording, text, params, 'one-map');
          const [record] = result.records;
          rows.push({
            x: record.get('x') as unknown,
            n: Number(record.get('n')),
            maybe: record.get('maybe') as unknown,
          });
        }
        return rows;
      });
      expect(answers).toEqual([
        { x: 'a', n: 0, maybe: 'none' },
        { x: 1, n: 2, maybe: 'set' },
      ]);
      expect(sent.map((statement) => Object.keys(statement.params))).toEqual([['__p'], ['__p']]);
      expect(sent[0].text).toBe('RETURN $__p.x AS x, size($__p.xs) AS n, coalesce($__p.maybe, "none") AS maybe');
    } finally {
      await session.close();
    }
  });

  // Writes send every named query so. (A batched form that does not plan so is run once per
  // command instead: group commit checks each with EXPLAIN before it uses it.)
  it('plans for every named query', async () => {
    const session = driver.session();
    const plans = (text: string) =>
      session.run(`EXPLAIN ${text}`).then(
        () => 'plans',
        (error: Error) => error.message.split('\n')[0],
      );
    try {
      const names = namedQueries();
      expect(names.length).toBeGreaterThan(100);
      const failures: string[] = [];
      for (const name of names) {
        const text = cypher(name, ANY_BOUNDS);
        // Only a form that does not plan is compared with its typed twin (planning each is slow).
        const oneMap = await plans(withParameterMap(text));
        if (oneMap !== 'plans' && (await plans(text)) === 'plans') failures.push(`${name}: ${oneMap}`);
      }
      expect(failures).toEqual([]);
    } finally {
      await session.close();
    }
  }, 300_000);
});
