import type { Queryable } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { checkReferences, type Reference } from '../platform/references';
import { catalogRepository } from './catalog.repository';

/**
 * Looks up every referenced id in one query (catalog/find-entities.cypher) and refuses the input if
 * any is missing (NOT_FOUND, naming all of them) or of the wrong kind (BAD_USER_INPUT).
 */
export async function resolveReferences(db: Queryable, references: Reference[]): Promise<Map<string, EntityRecord>> {
  const wanted = references.filter((ref) => ref.id);
  if (wanted.length === 0) return new Map();
  const found = await catalogRepository.find(db, [...new Set(wanted.map((ref) => ref.id))]);
  return checkReferences(found, references);
}
