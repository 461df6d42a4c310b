import net from 'node:net';
import neo4j, {
  Driver,
  ManagedTransaction,
  type QueryResult,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isNode,
} from 'neo4j-driver';
import { cypher, type QueryBounds } from './cypher';
import { isConflict, MnemoError } from './errors';
import { batchedCypher } from './batched-cypher';
import { GroupCommit, type Member, QueryBatcher } from './group-commit';
import { type ParameterShape, runStatement, withParameterMap } from './statement';
import { callerCheckEnded, settleCallerCheck, startCallerCheck } from './request-context';
import {
  assertAuthorisedWrite,
  currentUnit,
  flushPending,
  isWriteQuery,
  runInUnit,
  type UnitOfWork,
} from './unit-of-work';

export type Row = Record<string, unknown>;

export interface Neo4jSettings {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
}

/**
 * Turns Nagle's algorithm off for the driver's sockets. neo4j-driver 5 opens them with net.connect
 * and leaves it on, so a Bolt message written in two pieces (a longer query with its parameters)
 * waited for the server's delayed ACK: ~40 ms on each such query, measured on audit/record,
 * runs/start-run and versions/plan-register (~50 ms → ~8 ms). Only callers of `net.connect` by that
 * name change (the driver): the api's HTTP clients (webhooks, S3) connect through an http.Agent,
 * which already sends without delay.
 */
function sendWithoutDelay(): void {
  const connect = net.connect as (...args: unknown[]) => net.Socket;
  if ((connect as { mnemoNoDelay?: boolean }).mnemoNoDelay) return;
  const withoutDelay = Object.assign((...args: unknown[]) => connect(...args).setNoDelay(true), { mnemoNoDelay: true });
  (net as { connect: unknown }).connect = withoutDelay;
}

/**
 * A driver whose sessions share one bookmark manager (unless a caller passes its own): each session
 * starts after every transaction this process has committed, so a read right after a write sees it
 * even when a `neo4j://` URI routes the read to a cluster's secondary. On a single server the
 * bookmarks are already reached and cost nothing.
 */
export function createDriver(settings: Neo4jSettings): Driver {
  sendWithoutDelay();
  const auth = settings.user ? neo4j.auth.basic(settings.user, settings.password ?? '') : undefined;
  const driver = neo4j.driver(settings.uri, auth, { disableLosslessIntegers: true, maxConnectionPoolSize: 50 });
  const bookmarkManager = neo4j.bookmarkManager();
  const open = driver.session.bind(driver);
  driver.session = (config = {}) => open({ bookmarkManager, ...config });
  return driver;
}

/**
 * Turns driver values into plain JSON-able values: integers to numbers, temporals to ISO strings.
 * Hot on large closures (thousands of rows), so primitives return first and objects are copied
 * with plain loops.
 */
export function toPlain(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const list = new Array(value.length);
    for (let i = 0; i < value.length; i++) list[i] = toPlain(value[i]);
    return list;
  }
  if (isInt(value)) return value.toNumber();
  if (isDateTime(value)) return new Date(value.toString()).toISOString();
  if (isDate(value) || isLocalDateTime(value) || isDuration(value)) return value.toString();
  if (isNode(value)) return { ...(toPlain(value.properties) as Row), labels: value.labels };
  const plain: Row = {};
  for (const key of Object.keys(value)) plain[key] = toPlain((value as Row)[key]);
  return plain;
}

/** Anything that runs named queries from cypher/queries: the database (a read each) or a write transaction. */
export interface Queryable {
  query<T = Row>(name: string, params?: Row, bounds?: QueryBounds): Promise<T[]>;
}

/** A write transaction: every query run through it commits or rolls back together. */
export type WriteTransaction = Queryable;

const plainRows = (result: QueryResult): Row[] => result.records.map((record) => toPlain(record.toObject()) as Row);

async function runNamed<T>(
  tx: ManagedTransaction,
  name: string,
  params: Row,
  bounds: QueryBounds | undefined,
  shape: ParameterShape,
): Promise<T[]> {
  return plainRows(await runStatement(tx, cypher(name, bounds), params, shape)) as T[];
}

type MemberOutcome = { ok: true; value: unknown } | { ok: false; error: unknown; wrote: boolean };

/**
 * The one door to Neo4j. Reads run one named query in a read transaction; writes run a unit of
 * work (several named queries, the audit event among them) in a single write transaction.
 */
export class GraphDatabase implements Queryable {
  constructor(
    readonly driver: Driver,
    private readonly database?: string,
    /**
     * Group commit: how many groups write at once, how many commands a group takes at most, how
     * long a command queues before a spare lane (any but the first) takes it, and how long the group
     * after a group waits for its clients (group-commit.ts, `gathering`).
     */
    groupCommit: { lanes?: number; largest?: number; spareLaneAfterMs?: number; gatherMs?: number } = {},
  ) {
    this.groups = new GroupCommit((members) => this.runGroup(members), {
      lanes: groupCommit.lanes ?? 2,
      largest: groupCommit.largest ?? 64,
      spareLaneAfterMs: groupCommit.spareLaneAfterMs ?? 50,
      gatherMs: groupCommit.gatherMs ?? 3,
    });
  }

  /** Runs one named query in its own read transaction. */
  async query<T = Row>(name: string, params: Row = {}, bounds?: QueryBounds): Promise<T[]> {
    // Inside a command's write transaction, a read sees what the command has written so far.
    const joined = currentUnit(this);
    if (joined) return this.units.get(joined)!.query<T>(name, params, bounds);
    await settleCallerCheck(this); // a caller taken from memory is confirmed before it reads
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => runNamed<T>(tx, name, params, bounds, 'typed'));
    } finally {
      await session.close();
    }
  }

  /**
   * One attempt at the ping query, bounded in time: a health check must answer promptly, so it
   * skips the driver's retries (which wait up to 30 s for a database that is down).
   */
  async ping(timeoutMs = 3000): Promise<void> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`Neo4j did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([session.run(cypher('platform/ping')), timeout]);
    } finally {
      clearTimeout(timer);
      void session.close().catch(() => undefined);
    }
  }

  /** The transaction of each unit of work under way, for reads and nested writes inside it. */
  private readonly units = new WeakMap<UnitOfWork, WriteTransaction>();

  /**
   * Runs a unit of work in one write transaction. Called inside another unit of this database (a
   * command made of several services' steps), it joins that transaction: the whole command commits
   * or rolls back together; `apart` writes in a transaction of its own anyway (a refused read's
   * access.denied event, which must stay when the command it happened in rolls back). When the outermost unit fails with an error that has work to do after
   * the rollback (a refused write's access.denied event), that runs here, in its own transaction,
   * so every entry point gets it.
   */
  async write<T>(work: (tx: WriteTransaction) => Promise<T>, options: { apart?: boolean } = {}): Promise<T> {
    const joined = options.apart ? undefined : currentUnit(this);
    if (joined) return work(this.units.get(joined)!);
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      // A fresh unit per attempt: the driver retries the whole work on transient errors (deadlocks).
      return await session.executeWrite((managed) => {
        const unit: UnitOfWork = { owner: this, authorised: false };
        const tx: WriteTransaction = {
          query: (name, params = {}, bounds) => {
            assertAuthorisedWrite(unit, name);
            startCallerCheck(tx); // with the command's first query, not a round trip before or after it
            return runNamed(managed, name, params, bounds, 'one-map');
          },
        };
        this.units.set(unit, tx);
        return runInUnit(unit, async () => {
          try {
            const result = await work(tx);
            await settleCallerCheck(tx); // a command that wrote nothing confirms its caller before it answers
            await flushPending(unit);
            return result;
          } catch (error) {
            await callerCheckEnded();
            throw error;
          }
        });
      });
    } catch (error) {
      await this.afterRollback(error);
      throw error;
    } finally {
      await session.close();
    }
  }

  /** What a failed command still has to do once its transaction is gone (a refused write's access.denied event). */
  private async afterRollback(error: unknown): Promise<void> {
    const work = error instanceof MnemoError ? error.afterRollback : undefined;
    if (!work) return;
    (error as MnemoError).afterRollback = undefined; // once
    await this.write(work);
  }

  private readonly groups: GroupCommit;
  /** Each query text's batched form (batched-cypher.ts), or null when it does not plan; rewritten and checked once. */
  private readonly batchedTexts = new Map<string, Promise<string | null>>();

  /**
   * Runs a client command (platform/command.ts) together with the commands that arrive with it: one
   * write transaction for the group, each command in its own unit of work with its own outcome
   * (group-commit.ts). A command that fails before writing anything keeps its error and leaves its
   * neighbours alone. When the group cannot commit (a statement failed, or a command failed after
   * writing, which one transaction cannot undo for it alone), every command of the group runs
   * `alone` instead, so no command's outcome depends on another's.
   */
  command<T>(work: () => Promise<T>, alone: () => Promise<T>): Promise<T> {
    return this.groups.submit(work, alone);
  }

  private async runGroup(members: Member[]): Promise<void> {
    const settleAlone = (member: Member) => member.inContext(() => member.alone()).then(member.resolve, member.reject);
    if (members.length === 1) return settleAlone(members[0]);
    let outcomes: MemberOutcome[];
    try {
      outcomes = await this.writeTogether(members);
    } catch {
      await Promise.all(members.map(settleAlone));
      return;
    }
    await Promise.all(
      members.map(async (member, i) => {
        const outcome = outcomes[i];
        if (outcome.ok) return member.resolve(outcome.value);
        // A conflict may be a neighbour's doing (both created the same thing): settled alone, as the command would be.
        if (isConflict(outcome.error)) return settleAlone(member);
        await member.inContext(() => this.afterRollback(outcome.error)).catch(() => undefined);
        member.reject(outcome.error);
      }),
    );
  }

  private async writeTogether(members: Member[]): Promise<MemberOutcome[]> {
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.WRITE });
    try {
      return await session.executeWrite(async (managed) => {
        const batcher = new QueryBatcher(managed, plainRows, (text) => this.batchedText(text));
        const outcomes = await Promise.all(
          members.map((member) => member.inContext(() => this.runMember(member, batcher))),
        );
        if (batcher.failure !== undefined) throw batcher.failure;
        if (outcomes.some((outcome) => !outcome.ok && outcome.wrote)) {
          throw new Error('A command of the group failed after writing.');
        }
        return outcomes;
      });
    } finally {
      await session.close();
    }
  }

  /** One command of a group, in a unit of work of its own whose queries go to the group's transaction. */
  private runMember(member: Member, batcher: QueryBatcher): Promise<MemberOutcome> {
    const unit: UnitOfWork = { owner: this, authorised: false };
    let wrote = false;
    const tx: WriteTransaction = {
      query: async <T>(name: string, params: Row = {}, bounds?: QueryBounds) => {
        assertAuthorisedWrite(unit, name);
        wrote ||= isWriteQuery(name);
        startCallerCheck(tx); // sent with the command's first query
        return (await batcher.run(cypher(name, bounds), params)) as T[];
      },
    };
    this.units.set(unit, tx);
    return runInUnit(unit, async (): Promise<MemberOutcome> => {
      try {
        const value = await member.work();
        await settleCallerCheck(tx);
        await flushPending(unit);
        return { ok: true, value };
      } catch (error) {
        await callerCheckEnded();
        return { ok: false, error, wrote: wrote || batcher.failure !== undefined };
      }
    });
  }

  private batchedText(text: string): Promise<string | null> {
    let answer = this.batchedTexts.get(text);
    if (!answer) {
      const batched = batchedCypher(text);
      const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
      // Checked as it is sent: with its parameters in one map (QueryBatcher sends it so).
      answer = session
        .run(`EXPLAIN ${withParameterMap(batched)}`)
        .then(
          () => batched,
          () => null,
        )
        .finally(() => session.close());
      this.batchedTexts.set(text, answer);
    }
    return answer;
  }

  /** Runs raw Cypher text; for migrations and tooling, never for request handling. */
  async runScript(text: string, params: Row = {}): Promise<Row[]> {
    const session = this.driver.session({ database: this.database });
    try {
      const result = await session.run(text, params);
      return result.records.map((record) => toPlain(record.toObject()) as Row);
    } finally {
      await session.close();
    }
  }

  close(): Promise<void> {
    return this.driver.close();
  }
}
