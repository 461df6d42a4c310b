import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Named Cypher queries live in cypher/queries/<area>/<name>.cypher, each with its parameters
 * documented at the top. They are read once and cached.
 */
export const CYPHER_DIR = process.env.MNEMO_CYPHER_DIR ?? path.resolve(__dirname, '../../../../cypher');

const cache = new Map<string, string>();

/**
 * Whole numbers placed where Cypher accepts no parameter (a variable-length bound, `*1..{{maxDepth}}`).
 * Only integers pass, so no text from input ever reaches a query.
 */
export type QueryBounds = Record<string, number>;

/**
 * The query without its whole-line comments (the documentation at the top of each file): the
 * database needs only the Cypher, and a shorter message is sent in fewer pieces.
 */
function withoutCommentLines(text: string): string {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('//'))
    .join('\n')
    .trim();
}

/**
 * A part several queries share word for word (`{{fragment:<name>}}` in a query): kept once in
 * cypher/fragments/<name>.cypher, placed in each query's text when it is first read.
 */
function withFragments(text: string): string {
  return text.replace(/\{\{fragment:([\w-]+)\}\}/g, (_match, fragment: string) =>
    withoutCommentLines(readFileSync(path.join(CYPHER_DIR, 'fragments', `${fragment}.cypher`), 'utf8')),
  );
}

export function cypher(name: string, bounds?: QueryBounds): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = withFragments(withoutCommentLines(readFileSync(path.join(CYPHER_DIR, 'queries', `${name}.cypher`), 'utf8')));
    cache.set(name, text);
  }
  return text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = bounds?.[key];
    if (!Number.isSafeInteger(value)) throw new Error(`query ${name} needs a whole number for {{${key}}}`);
    return String(value);
  });
}
