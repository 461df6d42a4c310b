import { AsyncLocalStorage } from 'node:async_hooks';
import { cypher } from './cypher';
import { currentPrincipal } from './request-context';

/**
 * One command's write transaction, as the code running inside it sees it. A command is all or
 * nothing: a service called from inside another's unit (an OpenLineage event registering a dataset,
 * starting a run and recording its inputs) joins the outer transaction instead of committing its
 * own, and its reads see the writes made so far.
 *
 * A unit also remembers whether the command was authorised. Every query that writes checks it
 * (`assertAuthorisedWrite`), so a write path that forgot its authorise step fails loudly in the
 * tests instead of writing on anyone's behalf.
 */
export interface UnitOfWork {
  /** Which database the unit belongs to (two api instances may share a process in tests). */
  readonly owner: object;
  /** True once the authorise step has passed for this command (or the server writes for itself). */
  authorised: boolean;
  /** Writes collected during the command and made once, just before it commits (collectUntilCommit). */
  pending?: Map<string, { items: unknown[]; flush: (items: unknown[]) => Promise<void> }>;
}

const storage = new AsyncLocalStorage<UnitOfWork>();

/** The unit of work under way for this database in this async context, if any. */
export function currentUnit(owner: object): UnitOfWork | undefined {
  const unit = storage.getStore();
  return unit?.owner === owner ? unit : undefined;
}

export function runInUnit<T>(unit: UnitOfWork, work: () => Promise<T>): Promise<T> {
  return storage.run(unit, work);
}

/**
 * Collects an item (an audit event) to be written with the others of its key in one query just
 * before the unit commits, instead of one round trip each. Returns false outside a unit, where the
 * caller writes it at once.
 */
export function collectUntilCommit<T>(key: string, item: T, flush: (items: T[]) => Promise<void>): boolean {
  const unit = storage.getStore();
  if (!unit) return false;
  unit.pending ??= new Map();
  const collected = unit.pending.get(key);
  if (collected) collected.items.push(item);
  else unit.pending.set(key, { items: [item], flush: flush as (items: unknown[]) => Promise<void> });
  return true;
}

/** Makes the writes a unit collected, in its transaction; GraphDatabase.write calls it after the command's work. */
export async function flushPending(unit: UnitOfWork): Promise<void> {
  for (const { items, flush } of unit.pending?.values() ?? []) await flush(items);
  unit.pending = undefined;
}

/** Called by the authorise step (access/authorise.ts) once the caller may make every change the command plans. */
export function noteAuthorised(): void {
  const unit = storage.getStore();
  if (unit) unit.authorised = true;
}

const WRITE_CLAUSE = /\b(CREATE|MERGE|SET|DELETE|REMOVE)\b/i;
/** Setting and removing a `_lock` marker takes a node's write lock and changes nothing: not a write. */
const LOCK_ONLY = /\b(SET\s+\w+\._lock\s*=\s*true|REMOVE\s+\w+\._lock)\b/gi;
const writing = new Map<string, boolean>();

/**
 * Whether a named query writes: its Cypher holds a writing clause other than taking
 * a lock, so a command may lock what it is about to judge before it is authorised.
 */
export function isWriteQuery(name: string): boolean {
  let answer = writing.get(name);
  if (answer === undefined) {
    // cypher() already leaves out the comment lines (the documentation that names clauses in words).
    const text = cypher(name, new Proxy({}, { get: () => 1 })).replace(LOCK_ONLY, '');
    answer = WRITE_CLAUSE.test(text);
    writing.set(name, answer);
  }
  return answer;
}

/**
 * Refuses a writing query in a command that was not authorised first. Only callers' requests are
 * checked: the server's own work (startup, migrations, the demo loader) has no principal.
 */
export function assertAuthorisedWrite(unit: UnitOfWork, name: string): void {
  if (unit.authorised || currentPrincipal() === undefined || !isWriteQuery(name)) return;
  throw new Error(`Unauthorised write: query ${name} ran before its command's authorise step.`);
}

/**
 * Waits for a command's independent steps sent at once (they reach the database together, one
 * round trip), and fails with the first failure once every one has settled: none is left running
 * in a transaction about to roll back, and no rejection goes unheard.
 */
export async function together(steps: Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(steps)).find((outcome) => outcome.status === 'rejected');
  if (failed) throw failed.reason;
}
