/**
 * One named query run for many parameter sets in one statement: the query becomes a subquery
 * called once per set, each call seeing the writes of the calls before it (Cypher runs a CALL per
 * incoming row, in order). Group commit (group-commit.ts) uses it to send the same step of several
 * commands (their plan reads, their writes, their audit events) as one round trip.
 *
 *   UNWIND range(0, size($__rows) - 1) AS __i
 *   CALL (__i) { WITH __i, $__rows[__i] AS __row <query, $x read as __row.x> }
 *   RETURN *
 *
 * A parameter `$x` becomes `__row.x`. A variable does not live through `WITH` or into a scoped
 * `CALL (v) {...}` unless it is named there, so each of those carries `__row` along. Rows of the
 * answer keep `__i`, the index of the parameter set they answer; a query without RETURN answers
 * one row per set holding only `__i`, which the caller drops.
 *
 * The rewriting reads the query's words, not its grammar: whether a query survives it is checked
 * by planning the result (EXPLAIN) once per process before it is used, and a query that does not
 * plan runs once per set instead.
 */
/** A query parameter, `$name`, as the rewritings here and in statement.ts read it. */
export const PARAMETER = /\$([A-Za-z_][A-Za-z0-9_]*)/g;
/** WITH as a clause, not the operators STARTS WITH / ENDS WITH. */
const WITH_CLAUSE = /(?<!\b(?:STARTS|ENDS)\s+)\bWITH(\s+DISTINCT)?\s+(?!\*)/gi;
const SCOPED_CALL = /\bCALL\s*\(\s*([^)]*?)\s*\)\s*\{/gi;

export const ROWS_PARAMETER = '__rows';
export const INDEX_COLUMN = '__i';
const ROW_COLUMN = '__row';

export function batchedCypher(text: string): string {
  const body = text
    .replace(PARAMETER, (_, name: string) => `${ROW_COLUMN}.${name}`)
    .replace(WITH_CLAUSE, (_, distinct: string | undefined) => `WITH${distinct ?? ''} ${ROW_COLUMN}, `)
    .replace(SCOPED_CALL, (call: string, imported: string) => {
      if (imported === '*') return call;
      return imported ? `CALL (${ROW_COLUMN}, ${imported}) {` : `CALL (${ROW_COLUMN}) {`;
    });
  return [
    `UNWIND range(0, size($${ROWS_PARAMETER}) - 1) AS ${INDEX_COLUMN}`,
    `CALL (${INDEX_COLUMN}) {`,
    `WITH ${INDEX_COLUMN}, $${ROWS_PARAMETER}[${INDEX_COLUMN}] AS ${ROW_COLUMN}`,
    body,
    '}',
    'RETURN *',
  ].join('\n');
}
