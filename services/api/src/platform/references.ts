import { MnemoError } from './errors';
import type { Queryable } from './neo4j';
import type { EntityRecord } from './records';

/** An id named in an input, and the kinds of entity it may name. */
export interface Reference {
  field: string;
  id: string;
  kinds: string[];
}

/**
 * Looks up every referenced id in one query and refuses the input if any is missing
 * (NOT_FOUND, naming all of them) or of the wrong kind (BAD_USER_INPUT).
 */
export async function resolveReferences(db: Queryable, references: Reference[]): Promise<Map<string, EntityRecord>> {
  const wanted = references.filter((ref) => ref.id);
  if (wanted.length === 0) return new Map();
  const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', {
    ids: [...new Set(wanted.map((ref) => ref.id))],
  });
  return checkReferences(new Map(rows.map((row) => [row.entity.id, row.entity])), references);
}

/** The same check against entities a command's plan has already read (`found`, by id). */
export function checkReferences(found: Map<string, EntityRecord>, references: Reference[]): Map<string, EntityRecord> {
  const wanted = references.filter((ref) => ref.id);
  const missing = wanted.filter((ref) => !found.has(ref.id));
  if (missing.length > 0) {
    throw new MnemoError('NOT_FOUND', `Not found: ${missing.map((ref) => `${ref.field} "${ref.id}"`).join(', ')}.`, {
      missing: missing.map(({ field, id }) => ({ field, id })),
    });
  }
  const wrongKind = wanted.filter((ref) => !ref.kinds.includes(found.get(ref.id)!.kind));
  if (wrongKind.length > 0) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      wrongKind
        .map((ref) => `${ref.field} "${ref.id}" is a ${found.get(ref.id)!.kind}, expected ${ref.kinds.join(' or ')}`)
        .join('; ') + '.',
    );
  }
  return found;
}
