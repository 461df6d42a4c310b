import { MnemoError } from './errors';
import type { EntityRecord } from './records';

/** An id named in an input, and the kinds of entity it may name. */
export interface Reference {
  field: string;
  id: string;
  kinds: string[];
}

/**
 * Whether a reference names an id: an absent optional one (null, undefined) names none; an empty
 * id names one that does not exist, and is refused as missing like any other.
 */
export const named = (ref: Reference): boolean => ref.id !== undefined && ref.id !== null;

/**
 * Refuses an input if any referenced id is missing from `found` (NOT_FOUND, naming all of them) or
 * is of the wrong kind (BAD_USER_INPUT). `found` is what a command's plan has already read, by id;
 * `resolveReferences` (catalog/references.ts) reads it first.
 */
export function checkReferences(found: Map<string, EntityRecord>, references: Reference[]): Map<string, EntityRecord> {
  const wanted = references.filter(named);
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
