import { CallerChanged, isConflict } from './errors';
import type { GraphDatabase } from './neo4j';
import { settleCallerCheck } from './request-context';

/** How often a command is tried when concurrent commands keep creating what it creates. */
const ATTEMPTS = 4;

/**
 * Runs one client command (a mutation, an MLflow call, an OpenLineage event) as one unit of work:
 * every service step it takes joins a single write transaction, so it is written whole or not at
 * all. Conflicts are decided by the database, never by a lock in this process: when a concurrent
 * command (here or in another replica) creates the same thing first, this one meets a uniqueness
 * constraint, rolls back whole and starts over, and then finds what the other created (answering
 * as its protocol answers a create of something that exists, or changing nothing for a replay).
 */
export async function runCommand<T>(db: GraphDatabase, work: () => Promise<T>): Promise<T> {
  try {
    const result = await db.command(work, () => runAlone(db, work));
    await settleCallerCheck(db); // owed only by a command that never reached the database
    return result;
  } catch (error) {
    // A caller taken from memory is confirmed before any answer, a refusal or a failure included:
    // a revoked token hears UNAUTHENTICATED, and an outcome decided for a caller who has since
    // changed is decided again.
    if (error instanceof CallerChanged || (await callerChanged(db))) return runAlone(db, work);
    throw error;
  }
}

/** Confirms a caller taken from memory, if one is owed: true when it changed (the command runs again). */
async function callerChanged(db: GraphDatabase): Promise<boolean> {
  try {
    await settleCallerCheck(db);
    return false;
  } catch (error) {
    if (error instanceof CallerChanged) return true;
    throw error;
  }
}

async function runAlone<T>(db: GraphDatabase, work: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.write(() => work());
    } catch (error) {
      if (attempt >= ATTEMPTS || !(isConflict(error) || error instanceof CallerChanged)) throw error;
    }
  }
}
