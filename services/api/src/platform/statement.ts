import type { ManagedTransaction, Result } from 'neo4j-driver';

/**
 * Sends one statement in a transaction. neo4j-driver captures a stack trace for every query it is
 * given, to hand a failed query's error the caller's stack; building those traces took about 6% of
 * the api's CPU under write load (profiled with the mlflow client's log_metric and OpenLineage
 * events). Nothing here reads an error's stack: errors are answered by their Neo4j code and
 * message (errors.ts), so the trace is left out. `tx.run` captures it synchronously, before it
 * returns, so the limit is back before any other code runs.
 */
export function runStatement(tx: ManagedTransaction, text: string, params: Record<string, unknown>): Result {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return tx.run(text, params);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
