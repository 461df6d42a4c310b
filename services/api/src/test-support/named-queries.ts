import { readdirSync } from 'node:fs';
import path from 'node:path';
import { CYPHER_DIR } from '../platform/cypher';

/** Every named query, as `<area>/<name>` (cypher/queries/<area>/<name>.cypher). */
export function namedQueries(): string[] {
  const queries = path.join(CYPHER_DIR, 'queries');
  return readdirSync(queries).flatMap((area) =>
    readdirSync(path.join(queries, area))
      .filter((file) => file.endsWith('.cypher'))
      .map((file) => `${area}/${file.replace(/\.cypher$/, '')}`),
  );
}

/** A whole number for every `{{bound}}` a query may ask for, to plan any named query. */
export const ANY_BOUNDS: Record<string, number> = new Proxy({}, { get: () => 10 });
