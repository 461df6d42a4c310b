import type { GraphDatabase } from '../platform/neo4j';

/** Placeholder until the demo organisation lands: loads nothing. */
export async function loadDemoOrganisation(_db: GraphDatabase, _log: (line: string) => void): Promise<boolean> {
  return false;
}
