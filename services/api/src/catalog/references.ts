import { unreadableAmong } from '../access/read-access';
import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { checkReferences, named, type Reference } from '../platform/references';
import { catalogRepository } from './catalog.repository';

/**
 * Looks up every referenced id in one query (catalog/find-entities.cypher) and refuses the input if
 * any is missing (NOT_FOUND, naming all of them) or of the wrong kind (BAD_USER_INPUT).
 */
export async function resolveReferences(db: Queryable, references: Reference[]): Promise<Map<string, EntityRecord>> {
  const wanted = references.filter(named);
  if (wanted.length === 0) return new Map();
  const found = await catalogRepository.find(db, [...new Set(wanted.map((ref) => ref.id))]);
  return checkReferences(found, references);
}

/**
 * The rule for what a command links to (derives from, uses, credits as generator, serves): the
 * caller must be able to read it. A command checks its links after its authorise step, and an
 * unreadable target is answered exactly as a missing one (NOT_FOUND, same message), so a link
 * neither reaches into what the caller may not see nor tells whether it exists (issue 18, finding 6):
 * a caller refused the write learns nothing of its links, one allowed it learns only what it may read.
 */
export async function checkLinks(
  db: Queryable,
  found: Map<string, EntityRecord>,
  links: Reference[],
): Promise<Map<string, EntityRecord>> {
  const targets = links.filter((link) => named(link) && found.has(link.id)).map((link) => link.id);
  const hidden = await unreadableAmong(db, targets);
  const visible = hidden.size === 0 ? found : new Map([...found].filter(([id]) => !hidden.has(id)));
  return checkReferences(visible, links);
}

/** checkLinks for a command whose plan has not read its links yet: one query finds them first. */
export async function resolveLinks(db: Queryable, links: Reference[]): Promise<Map<string, EntityRecord>> {
  const wanted = links.filter(named);
  if (wanted.length === 0) return new Map();
  return checkLinks(db, await catalogRepository.find(db, [...new Set(wanted.map((link) => link.id))]), links);
}
