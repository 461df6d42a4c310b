import type { Queryable, WriteTransaction } from '../../platform/neo4j';
import type { EntityRecord } from '../../platform/records';
import type { TemplateKind } from './metadata-template';

/** An entity as completeness and setMetadata see it, with the templates its project has loaded. */
export interface SubjectRow {
  entity: EntityRecord;
  owners: number;
  parent: { props: Record<string, unknown>; owners: number } | null;
  projectId: string | null;
  templates: StoredTemplate[];
}

export interface StoredTemplate {
  templateKind: TemplateKind;
  yaml: string;
  loadedAt?: string;
  loadedBy?: string;
}

export interface QualityCheckRecord {
  id: string;
  runId: string;
  name: string;
  passed: boolean;
  value: number | null;
  datasetVersionId: string | null;
  recordedAt?: string;
}

export const templatesRepository = {
  async subjects(db: Queryable, ids: string[]): Promise<SubjectRow[]> {
    return db.query<SubjectRow>('governance/subjects', { ids });
  },

  async projectSubjects(
    db: Queryable,
    projectId: string,
  ): Promise<{ templates: StoredTemplate[]; subjects: Omit<SubjectRow, 'templates' | 'projectId'>[] } | null> {
    const [row] = await db.query<{
      templates: StoredTemplate[];
      subjects: Omit<SubjectRow, 'templates' | 'projectId'>[];
    }>('governance/project-subjects', { projectId });
    return row ?? null;
  },

  async storedTemplate(db: Queryable, projectId: string, templateKind: TemplateKind): Promise<StoredTemplate | null> {
    const [row] = await db.query<{ template: StoredTemplate | null }>('governance/project-template', {
      projectId,
      templateKind,
    });
    return row?.template ?? null;
  },

  async storeTemplate(
    tx: WriteTransaction,
    template: { id: string; projectId: string; templateKind: TemplateKind; yaml: string; loadedBy: string },
  ): Promise<StoredTemplate> {
    const [row] = await tx.query<{ template: StoredTemplate }>('governance/store-template', template);
    return row.template;
  },

  async setMetadata(tx: WriteTransaction, id: string, props: Record<string, unknown>): Promise<EntityRecord> {
    const [row] = await tx.query<{ entity: EntityRecord }>('governance/set-metadata', { id, props });
    return row.entity;
  },

  async qualityChecks(db: Queryable, runIds: string[]): Promise<{ id: string; checks: QualityCheckRecord[] }[]> {
    return db.query('governance/quality-checks-of', { ids: runIds });
  },

  /** The checks recorded about each version, by any run (governance/quality-checks-on.cypher). */
  async qualityChecksOn(db: Queryable, versionIds: string[]): Promise<{ id: string; checks: QualityCheckRecord[] }[]> {
    return db.query('governance/quality-checks-on', { ids: versionIds });
  },

  async recordQualityChecks(tx: WriteTransaction, runId: string, checks: Omit<QualityCheckRecord, 'runId'>[]) {
    if (checks.length > 0) await tx.query('governance/record-quality-checks', { runId, checks });
  },
};
