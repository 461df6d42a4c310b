import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Named Cypher queries live in cypher/queries/<area>/<name>.cypher, each with its parameters
 * documented at the top. They are read once and cached.
 */
export const CYPHER_DIR = process.env.MNEMO_CYPHER_DIR ?? path.resolve(__dirname, '../../../../cypher');

const cache = new Map<string, string>();

export function cypher(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(path.join(CYPHER_DIR, 'queries', `${name}.cypher`), 'utf8');
    cache.set(name, text);
  }
  return text;
}
