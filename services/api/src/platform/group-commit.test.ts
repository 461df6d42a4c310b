import { batchedCypher } from './batched-cypher';
import { runCommand } from './command';
import { cypher } from './cypher';
import { MnemoError } from './errors';
import { GroupCommit, type Member } from './group-commit';
import { createDriver, GraphDatabase } from './neo4j';
import { countRoundTrips, type CountingDriver } from './round-trips';
import { currentRequestId, withRequestId } from './request-context';
import { withParameterMap } from './statement';
import { isWriteQuery, noteAuthorised } from './unit-of-work';
import { workerNeo4jUri } from '../test-support/harness';
import { ANY_BOUNDS, namedQueries } from '../test-support/named-queries';

let counting: CountingDriver;
let db: GraphDatabase;
beforeAll(() => {
  counting = countRoundTrips(createDriver({ uri: workerNeo4jUri() }));
  // One lane: commands submitted while one runs wait for it, and then run as one group. No gathering
  // (describe('lanes') checks it): a blocker submitted just after a group still starts alone.
  db = new GraphDatabase(counting.driver, undefined, { lanes: 1, gatherMs: 0 });
});
afterAll(() => db.close());

let prefix = 0;
beforeEach(() => {
  prefix += 1;
});
const projectId = (name: string) => `project:group-${prefix}-${name}`;

async function exists(id: string): Promise<boolean> {
  return (await db.query('catalog/find-entities', { ids: [id] })).length === 1;
}

/** Creates a project unless it exists, reading first: answers what it did. */
function ensureProject(id: string, fail?: 'before-writing' | 'after-writing') {
  return async (): Promise<string> =>
    db.write(async (tx) => {
      const found = await tx.query('catalog/find-entities', { ids: [id] });
      if (fail === 'before-writing') throw new MnemoError('FORBIDDEN', `not allowed to create ${id}`);
      noteAuthorised();
      if (found.length > 0) return 'existed';
      const created = await tx.query('catalog/create-entity', {
        kind: 'Project',
        props: { id },
        projectId: null,
        ownerIds: [],
      });
      if (created.length === 0) return 'created by another';
      if (fail === 'after-writing') throw new MnemoError('BAD_USER_INPUT', `${id} failed after writing`);
      return 'created';
    });
}

/** A command reading one named query inside its write transaction: answers the rows as JSON. */
function read(name: string, params: Record<string, unknown>) {
  return (): Promise<string> => db.write(async (tx) => JSON.stringify(await tx.query(name, params)));
}

/**
 * Runs `commands` as one group: a first command holds the only lane until they are all queued
 * behind it. Answers their settled outcomes and the round trips the group took.
 */
async function asOneGroup(commands: (() => Promise<string>)[], requestIds?: string[]) {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  const blocker = runCommand(db, () => held.then(() => 'blocker'));
  const submit = (work: () => Promise<string>, i: number) =>
    requestIds ? withRequestId(requestIds[i], () => runCommand(db, work)) : runCommand(db, work);
  const outcomes = Promise.allSettled(commands.map(submit));
  await new Promise((resolve) => setImmediate(resolve));
  counting.reset();
  release();
  await blocker;
  const settled = await outcomes;
  return { settled, roundTrips: counting.count };
}

describe('group commit', () => {
  it('runs commands that arrive together in one transaction, one statement per step, each with its own answer', async () => {
    // The first group checks once that each merged statement plans (EXPLAIN); the second sends only them.
    await asOneGroup(['1', '2'].map((name) => ensureProject(projectId(name))));
    const ids = ['a', 'b', 'c'].map(projectId);
    const { settled, roundTrips } = await asOneGroup(ids.map((id) => ensureProject(id)));
    expect(settled).toEqual(ids.map(() => ({ status: 'fulfilled', value: 'created' })));
    // Three commands of two steps each (a read, a create): two statements, not six.
    expect(roundTrips).toBe(2);
    for (const id of ids) expect(await exists(id)).toBe(true);
  });

  it('sends the different queries of commands at different steps back to back, each answering its own', async () => {
    const [a, b] = ['a', 'b'].map(projectId);
    await asOneGroup([ensureProject(a)]);
    // Two reads of different queries, asked at once by two commands of one group.
    await asOneGroup([read('catalog/find-entities', { ids: [a] }), read('catalog/find-entities', { ids: [b] })]);
    const { settled, roundTrips } = await asOneGroup([
      read('catalog/find-entities', { ids: [a] }),
      read('access/projects-of', { ids: [a, b] }),
    ]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(JSON.parse((settled[0] as PromiseFulfilledResult<string>).value)).toEqual([
      { entity: expect.objectContaining({ id: a }) },
    ]);
    expect(roundTrips).toBe(2);
    // The second statement went out before the first answered.
    expect(counting.mostInFlight).toBe(2);
  });

  it('settles both commands when one of two statements sent back to back fails', async () => {
    const a = projectId('a');
    await asOneGroup([ensureProject(a)]);
    // A property Neo4j cannot store (a map) fails the statement, and so the group's transaction.
    const badCreate = () =>
      db.write(async (tx) => {
        noteAuthorised();
        const props = { id: projectId('bad'), nested: { not: 'storable' } };
        await tx.query('catalog/create-entity', { kind: 'Project', props, projectId: null, ownerIds: [] });
        return 'created';
      });
    const { settled } = await asOneGroup([badCreate, read('access/projects-of', { ids: [a] })]);
    // The group falls apart and each command runs alone: the bad one keeps its error, nothing of it stays.
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled']);
    expect(await exists(projectId('bad'))).toBe(false);
    expect(JSON.parse((settled[1] as PromiseFulfilledResult<string>).value)).toEqual([{ id: a, projectId: a }]);
  });

  it('keeps the error of a command refused before it wrote, and commits its neighbours', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(projectId);
    const { settled } = await asOneGroup([ensureProject(a), ensureProject(b, 'before-writing'), ensureProject(c)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'FORBIDDEN' });
    expect([await exists(a), await exists(b), await exists(c)]).toEqual([true, false, true]);
  });

  it('runs every command alone when one fails after writing: its writes are undone, the others kept', async () => {
    const [a, b, c] = ['a', 'b', 'c'].map(projectId);
    const { settled } = await asOneGroup([ensureProject(a), ensureProject(b, 'after-writing'), ensureProject(c)]);
    expect(settled.map((s) => s.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((settled[1] as PromiseRejectedResult).reason).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect([await exists(a), await exists(b), await exists(c)]).toEqual([true, false, true]);
  });

  it('lets one of two commands of a group creating the same thing create it, and the other find it, in the group', async () => {
    const id = projectId('same');
    await asOneGroup([ensureProject(projectId('warm-up'))]);
    const { settled, roundTrips } = await asOneGroup([ensureProject(id), ensureProject(id)]);
    // Both planned it absent; the create answers the second that the first made it meanwhile.
    expect(settled).toEqual([
      { status: 'fulfilled', value: 'created' },
      { status: 'fulfilled', value: 'created by another' },
    ]);
    // The group committed as one: a read and a create, no command run again alone.
    expect(roundTrips).toBe(2);
    expect(await exists(id)).toBe(true);
  });

  it('runs each command in the request context it was submitted from', async () => {
    const requestIds = ['first', 'second', 'third'];
    const answerRequestId = async () => currentRequestId() ?? 'none';
    const { settled } = await asOneGroup(
      requestIds.map(() => answerRequestId),
      requestIds,
    );
    expect(settled).toEqual(requestIds.map((value) => ({ status: 'fulfilled', value })));
  });
});

describe('lanes', () => {
  /** A GroupCommit whose groups are held until released: answers the groups started so far. */
  function lanes(spareLaneAfterMs: number, gatherMs = 0) {
    const started: number[][] = [];
    const releases: (() => void)[] = [];
    const groups = new GroupCommit(
      async (members: Member[]) => {
        started.push(await Promise.all(members.map((member) => member.work() as Promise<number>)));
        await new Promise<void>((resolve) => releases.push(resolve));
        members.forEach((member) => member.resolve(undefined));
      },
      { lanes: 2, largest: 64, spareLaneAfterMs, gatherMs },
    );
    const submit = (n: number) =>
      groups.submit(
        async () => n,
        async () => n,
      );
    const releaseAll = () => releases.splice(0).forEach((release) => release());
    return { started, submit, releaseAll };
  }
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('queues commands behind a running group, for the next group to take together', async () => {
    const { started, submit, releaseAll } = lanes(60_000);
    const first = submit(1);
    const rest = [submit(2), submit(3)];
    await settle();
    expect(started).toEqual([[1]]);
    releaseAll();
    await first;
    await settle();
    expect(started).toEqual([[1], [2, 3]]);
    releaseAll();
    await Promise.all(rest);
  });

  it('waits a moment after a group for its clients to send again, and a lone client never waits', async () => {
    const { started, submit, releaseAll } = lanes(60_000, 60_000);
    const lone = submit(1);
    await settle();
    releaseAll();
    await lone;
    const again = submit(2); // the group before was of one: nothing more to wait for
    await settle();
    expect(started).toEqual([[1], [2]]);
    const queued = submit(3);
    releaseAll();
    await again;
    await settle();
    // The group of [2] ended with [3] queued: the next waits for two, [2]'s client and [3].
    expect(started).toEqual([[1], [2]]);
    const back = submit(4);
    await settle();
    expect(started).toEqual([[1], [2], [3, 4]]);
    releaseAll();
    await Promise.all([queued, back]);
  });

  it('waits no longer than its window for them', async () => {
    const { started, submit, releaseAll } = lanes(60_000, 5);
    const first = submit(1);
    const second = submit(2);
    await settle();
    releaseAll();
    await first;
    await settle();
    expect(started).toEqual([[1], [2]]);
    releaseAll();
    await second;
  });

  it('opens a spare lane for commands that have queued long enough', async () => {
    const { started, submit, releaseAll } = lanes(0);
    const all = [submit(1), submit(2)];
    await settle();
    expect(started).toEqual([[1], [2]]);
    releaseAll();
    await Promise.all(all);
  });
});

describe('a named query sent for many parameter sets at once', () => {
  it('plans for every query that writes (the statements group commit merges), as it is sent', async () => {
    const failing: string[] = [];
    for (const name of namedQueries().filter(isWriteQuery)) {
      const sent = withParameterMap(batchedCypher(cypher(name, ANY_BOUNDS)));
      await db.runScript(`EXPLAIN ${sent}`).catch(() => failing.push(name));
    }
    expect(failing).toEqual([]);
  });

  it('answers each parameter set what the query answers it alone, in order', async () => {
    const ids = ['x', 'y'].map(projectId);
    await Promise.all(ids.map((id) => runCommand(db, ensureProject(id))));
    const text = cypher('catalog/find-entities');
    const rows = await db.runScript(batchedCypher(text), {
      __rows: [{ ids: [ids[1], ids[0]] }, { ids: [] }, { ids: [ids[0]] }],
    });
    expect(rows.map((row) => [row.__i, (row.entity as { id: string }).id])).toEqual([
      [0, ids[1]],
      [0, ids[0]],
      [2, ids[0]],
    ]);
  });
});
