import DataLoader from 'dataloader';
import type { GraphDatabase } from '../../platform/neo4j';
import { type QualityCheckRecord, type SubjectRow, templatesRepository } from './templates.repository';

/** Per-request loaders for governed metadata: a page of N entities costs one query for completeness. */
export function governanceLoaders(db: GraphDatabase) {
  return {
    governedSubject: new DataLoader<string, SubjectRow | null>(async (ids) => {
      const rows = await templatesRepository.subjects(db, [...ids]);
      const found = new Map(rows.map((row) => [row.entity.id, row]));
      return ids.map((id) => found.get(id) ?? null);
    }),
    dataQualityChecks: new DataLoader<string, QualityCheckRecord[]>(async (ids) => {
      const rows = await templatesRepository.qualityChecks(db, [...ids]);
      const found = new Map(rows.map((row) => [row.id, row.checks]));
      return ids.map((id) => found.get(id) ?? []);
    }),
    qualityChecksOn: new DataLoader<string, QualityCheckRecord[]>(async (ids) => {
      const rows = await templatesRepository.qualityChecksOn(db, [...ids]);
      const found = new Map(rows.map((row) => [row.id, row.checks]));
      return ids.map((id) => found.get(id) ?? []);
    }),
  };
}
