import type { ManagedTransaction, Result } from 'neo4j-driver';
import { PARAMETER } from './batched-cypher';

type Params = Record<string, unknown>;

/**
 * How a statement's parameters reach Neo4j. `typed`: as the query names them. `one-map`: in a
 * single map, `$x` read as `$__p.x`. Neo4j plans a query once per combination of its parameters'
 * types (a null where a string was, an empty list, a list of another size class), and a plan made
 * in a cold JVM takes 0.3–1 s; a map's contents are not part of that combination, so a query sent
 * with one map is planned once. Writes use it: a first start loading the demo stalled about 4 s on
 * re-plans of that kind (measured per statement, 2026-12-06). Reads stay `typed`: a search's
 * CONTAINS uses a text index only when its parameter is known to be a string.
 */
export type ParameterShape = 'typed' | 'one-map';

const PARAMETER_MAP = '__p';
const oneMapTexts = new Map<string, string>();

/**
 * The query with its parameters read from one map (`$x` → `$__p.x`). The rewriting reads words,
 * not grammar; that every named query still plans so is checked in statement.test.ts.
 */
export function withParameterMap(text: string): string {
  let rewritten = oneMapTexts.get(text);
  if (rewritten === undefined) {
    rewritten = text.replace(PARAMETER, (_, name: string) => `$${PARAMETER_MAP}.${name}`);
    oneMapTexts.set(text, rewritten);
  }
  return rewritten;
}

/**
 * Sends one statement in a transaction. neo4j-driver captures a stack trace for every query it is
 * given, to hand a failed query's error the caller's stack; building those traces took about 6% of
 * the api's CPU under write load (profiled with the mlflow client's log_metric and OpenLineage
 * events). Nothing here reads an error's stack: errors are answered by their Neo4j code and
 * message (errors.ts), so the trace is left out. `tx.run` captures it synchronously, before it
 * returns, so the limit is back before any other code runs.
 */
export function runStatement(
  tx: ManagedTransaction,
  text: string,
  params: Params,
  shape: ParameterShape = 'typed',
): Result {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return shape === 'one-map' ? tx.run(withParameterMap(text), { [PARAMETER_MAP]: params }) : tx.run(text, params);
  } finally {
    Error.stackTraceLimit = limit;
  }
}
