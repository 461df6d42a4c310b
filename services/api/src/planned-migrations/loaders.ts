import DataLoader from 'dataloader';
import type { GraphDatabase } from '../platform/neo4j';
import { type AcknowledgementRecord, plannedMigrationsRepository } from './planned-migrations.repository';

/** Per-request loaders: the acknowledgements of a page of migrations are one query. */
export function plannedMigrationLoaders(db: GraphDatabase) {
  return {
    migrationAcknowledgements: new DataLoader<string, AcknowledgementRecord[]>(async (ids) => {
      const found = await plannedMigrationsRepository.acknowledgementsOf(db, [...ids]);
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
