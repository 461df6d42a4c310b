import { AsyncLocalStorage } from 'node:async_hooks';
import type { ManagedTransaction, QueryResult } from 'neo4j-driver';
import { INDEX_COLUMN, ROWS_PARAMETER } from './batched-cypher';
import { runStatement } from './statement';

type Row = Record<string, unknown>;

/**
 * Group commit: client commands that arrive together (a burst of OpenLineage events, eight mlflow
 * clients logging metrics) share one write transaction instead of paying one each, and the same
 * step of each (its plan read, its write, its audit events) goes to Neo4j as one statement
 * (batched-cypher.ts). Each command still runs its own code, with its own unit of work, and keeps
 * its own outcome; see GraphDatabase.command for how a group runs and falls apart.
 *
 * A command that finds no group running starts at once; commands arriving while one runs queue,
 * and the next group takes all of them together. So a lone command pays nothing, and groups grow
 * with the load. Only right after a group does the next wait a moment for its clients (gathering).
 * A spare lane (a second group at once) opens only
 * for commands that have queued `spareLaneAfterMs`. Opened at once, it split the commands of eight
 * busy clients into groups half the size, each paying a transaction and a statement per step: an
 * OpenLineage event took about 7.5 ms of Neo4j CPU instead of 5 (docs/architecture.md). Never
 * opened, one slow group would hold every other command up.
 */
export class GroupCommit {
  private readonly queue: Member[] = [];
  private busy = 0;
  /** When the queue is looked at again: the end of a wait for clients, or a spare lane's opening. */
  private wake: { timer: NodeJS.Timeout; at: number } | undefined;
  /**
   * How many commands the next group waits for (up to `gatherMs`): those of the last group, whose
   * clients send again, and those that had queued by the time it answered.
   */
  private expected = 0;
  /** The queue's length when the running group answered its first command (before any could send again). */
  private queuedAtAnswer: number | undefined;
  /** When the last group ended (performance.now()). */
  private endedAt = 0;

  constructor(
    private readonly run: (members: Member[]) => Promise<void>,
    private readonly options: { lanes: number; largest: number; spareLaneAfterMs: number; gatherMs: number },
  ) {}

  /** Runs `work` with the commands that arrive with it; `alone` runs it by itself when its group cannot commit. */
  submit<T>(work: () => Promise<T>, alone: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      // The command runs later, from whichever call starts its group: it keeps its own request context.
      const inContext = AsyncLocalStorage.snapshot();
      const queuedAt = performance.now();
      const answered = () => (this.queuedAtAnswer ??= this.queue.length);
      this.queue.push({
        work,
        alone,
        resolve: (value) => (answered(), resolve(value as T)),
        reject: (error) => (answered(), reject(error)),
        inContext,
        queuedAt,
      });
      this.next();
    });
  }

  private next(): void {
    while (this.queue.length > 0 && this.laneFree()) {
      if (this.gathering()) {
        this.lookAgainIn(this.options.gatherMs - this.sinceEnded());
        break;
      }
      const members = this.queue.splice(0, this.options.largest);
      this.busy++;
      this.queuedAtAnswer = undefined;
      void this.run(members)
        .catch((error: unknown) => members.forEach((member) => member.reject(error)))
        .finally(() => {
          this.busy--;
          this.expected = Math.min(members.length + (this.queuedAtAnswer ?? this.queue.length), this.options.largest);
          this.endedAt = performance.now();
          this.next();
        });
    }
    this.openSpareLaneLater();
  }

  /**
   * Whether the next group waits a moment for more commands. Clients answered by a group send their
   * next command a moment later; started without them, the next group holds only the commands that
   * queued meanwhile, and they return while it runs. Eight mlflow clients logging metrics settled
   * into groups of seven and one, taking turns: each group a transaction, the one of one as long as
   * the one of seven. So the group after a group of n waits up to `gatherMs` for n commands; a lone
   * client (n = 1) never waits.
   */
  private gathering(): boolean {
    return this.busy === 0 && this.queue.length < this.expected && this.sinceEnded() < this.options.gatherMs;
  }

  /** The first lane is free when no group runs; a spare one once the oldest queued command has waited. */
  private laneFree(): boolean {
    if (this.busy === 0) return true;
    return this.busy < this.options.lanes && this.waited() >= this.options.spareLaneAfterMs;
  }

  private sinceEnded(): number {
    return performance.now() - this.endedAt;
  }

  private waited(): number {
    return performance.now() - this.queue[0].queuedAt;
  }

  /** Looks again when the oldest queued command will have waited long enough for a spare lane. */
  private openSpareLaneLater(): void {
    if (this.queue.length === 0 || this.busy >= this.options.lanes) return;
    this.lookAgainIn(this.options.spareLaneAfterMs - this.waited());
  }

  /** Runs `next` in `ms`, unless it is already due to run sooner. */
  private lookAgainIn(ms: number): void {
    const at = performance.now() + Math.max(0, ms);
    if (this.wake && this.wake.at <= at) return;
    if (this.wake) clearTimeout(this.wake.timer);
    const timer = setTimeout(() => {
      this.wake = undefined;
      this.next();
    }, at - performance.now());
    timer.unref(); // a queued command is held by its group's promise, not by this timer
    this.wake = { timer, at };
  }
}

export interface Member {
  work: () => Promise<unknown>;
  alone: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
  /** Runs a function in the async context the command was submitted from (its request, its caller). */
  inContext: <R>(fn: () => R) => R;
  /** When it was submitted (performance.now()). */
  queuedAt: number;
}

interface Pending {
  text: string;
  params: Row;
  resolve: (rows: Row[]) => void;
  reject: (error: unknown) => void;
}

/**
 * The one transaction of a group, as its commands' queries reach it. Queries wait for the
 * statements before them to answer; then every command they answered goes on to its next step,
 * and the queries sent meanwhile go out together: each query text once, for every command that
 * sent it, in one statement, and the statements back to back.
 */
export class QueryBatcher {
  private pending: Pending[] = [];
  private running = false;
  private scheduled = false;
  /** Set when a statement failed: the transaction is lost, and every query after it fails too. */
  failure: unknown;

  constructor(
    private readonly tx: ManagedTransaction,
    private readonly plain: (result: QueryResult) => Row[],
    /** The text's batched form (batched-cypher.ts), or null when it does not plan. */
    private readonly batched: (text: string) => Promise<string | null>,
  ) {}

  run(text: string, params: Row): Promise<Row[]> {
    if (this.failure !== undefined) return Promise.reject(this.failure);
    return new Promise<Row[]>((resolve, reject) => {
      this.pending.push({ text, params, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.running || this.scheduled) return;
    this.scheduled = true;
    // After the commands answered last have run up to their next query.
    setImmediate(() => {
      this.scheduled = false;
      void this.send();
    });
  }

  private async send(): Promise<void> {
    if (this.running || this.pending.length === 0) return;
    this.running = true;
    const sent = this.pending;
    this.pending = [];
    const byText = new Map<string, Pending[]>();
    for (const query of sent) {
      const same = byText.get(query.text);
      if (same) same.push(query);
      else byText.set(query.text, [query]);
    }
    try {
      const forms = await Promise.all(
        [...byText].map(([text, same]) => (same.length > 1 ? this.batched(text) : Promise.resolve(null))),
      );
      // Different queries go out back to back rather than a round trip each: Neo4j runs a
      // transaction's statements in the order they were sent, and the commands waiting on them are
      // independent of each other (each sends its next query only once this one has answered).
      // Every statement settles before a failure is passed on: none is left in flight in a
      // transaction that is about to roll back.
      const settled = await Promise.allSettled([...byText.values()].map((same, i) => this.statement(same, forms[i])));
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) throw failed.reason;
    } catch (error) {
      this.failure = error;
      for (const query of [...sent, ...this.pending]) query.reject(error);
      this.pending = [];
    } finally {
      this.running = false;
      if (this.pending.length > 0) this.schedule();
    }
  }

  /** One query for the commands that sent it: its batched form once, else once per command. */
  private async statement(same: Pending[], batched: string | null): Promise<void> {
    if (batched) {
      const result = await runStatement(this.tx, batched, { [ROWS_PARAMETER]: same.map((q) => q.params) }, 'one-map');
      const answers: Row[][] = same.map(() => []);
      for (const row of this.plain(result)) {
        const { [INDEX_COLUMN]: index, ...columns } = row;
        if (Object.keys(columns).length > 0) answers[Number(index)].push(columns);
      }
      same.forEach((query, i) => query.resolve(answers[i]));
      return;
    }
    await Promise.all(
      same.map(async (query) =>
        query.resolve(this.plain(await runStatement(this.tx, query.text, query.params, 'one-map'))),
      ),
    );
  }
}
