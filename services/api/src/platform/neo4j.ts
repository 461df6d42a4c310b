import net from 'node:net';
import neo4j, {
  Driver,
  ManagedTransaction,
  isDate,
  isDateTime,
  isDuration,
  isInt,
  isLocalDateTime,
  isNode,
} from 'neo4j-driver';
import { cypher, type QueryBounds } from './cypher';
import { MnemoError } from './errors';
import { assertAuthorisedWrite, currentUnit, flushPending, runInUnit, type UnitOfWork } from './unit-of-work';

export type Row = Record<string, unknown>;

export interface Neo4jSettings {
  uri: string;
  user?: string;
  password?: string;
  database?: string;
}

/**
 * A driver whose sessions share one bookmark manager (unless a caller passes its own): each session
 * starts after every transaction this process has committed, so a read right after a write sees it
 * even when a `neo4j://` URI routes the read to a cluster's secondary. On a single server the
 * bookmarks are already reached and cost nothing.
 */
/**
 * Turns Nagle's algorithm off for the driver's sockets. neo4j-driver 5 opens them with net.connect
 * and leaves it on, so a Bolt message written in two pieces (a longer query with its parameters)
 * waited for the server's delayed ACK: ~40 ms on each such query, measured on audit/record,
 * runs/start-run and versions/plan-register (~50 ms → ~8 ms). The api's only outgoing TCP
 * connections are to Neo4j, so every socket it opens is sent without delay.
 */
function sendWithoutDelay(): void {
  const connect = net.connect as (...args: unknown[]) => net.Socket;
  if ((connect as { mnemoNoDelay?: boolean }).mnemoNoDelay) return;
  const withoutDelay = Object.assign((...args: unknown[]) => connect(...args).setNoDelay(true), { mnemoNoDelay: true });
  (net as { connect: unknown }).connect = withoutDelay;
}

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

async function runNamed<T>(tx: ManagedTransaction, name: string, params: Row, bounds?: QueryBounds): Promise<T[]> {
  const result = await tx.run(cypher(name, bounds), params);
  return result.records.map((record) => toPlain(record.toObject()) as T);
}

/**
 * The one door to Neo4j. Reads run one named query in a read transaction; writes run a unit of
 * work (several named queries, the audit event among them) in a single write transaction.
 */
export class GraphDatabase implements Queryable {
  constructor(
    readonly driver: Driver,
    private readonly database?: string,
  ) {}

  /** Runs one named query in its own read transaction. */
  async query<T = Row>(name: string, params: Row = {}, bounds?: QueryBounds): Promise<T[]> {
    // Inside a command's write transaction, a read sees what the command has written so far.
    const joined = currentUnit(this);
    if (joined) return this.units.get(joined)!.query<T>(name, params, bounds);
    const session = this.driver.session({ database: this.database, defaultAccessMode: neo4j.session.READ });
    try {
      return await session.executeRead((tx) => runNamed<T>(tx, name, params, bounds));
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
            return runNamed(managed, name, params, bounds);
          },
        };
        this.units.set(unit, tx);
        return runInUnit(unit, async () => {
          const result = await work(tx);
          await flushPending(unit);
          return result;
        });
      });
    } catch (error) {
      const afterRollback = error instanceof MnemoError ? error.afterRollback : undefined;
      if (afterRollback) {
        (error as MnemoError).afterRollback = undefined; // once
        await this.write(afterRollback);
      }
      throw error;
    } finally {
      await session.close();
    }
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
