import type { Queryable } from '../platform/neo4j';

export interface DataVersionRow {
  id: string;
  kind: 'DatasetVersion' | 'FeatureSetVersion';
  previousVersionId: string;
  /** JSON text, as stored (see drift/schema.ts). */
  schemaChange: string | null;
  columnStats: string | null;
  previousStats: string | null;
}

export interface MetricGroupRow {
  experimentId: string;
  key: string;
  /** The dataset or feature set the group's runs wrote; null for runs writing none (training). */
  writes: string | null;
  values: { runId: string; value: number }[];
}

export interface DeployedVersionRow {
  deploymentId: string;
  environment: string;
  versionId: string;
  previousId: string | null;
  metrics: { key: string; value: number }[];
  previousMetrics: { key: string; value: number }[];
}

export const driftRepository = {
  async dataVersions(db: Queryable, projectId: string): Promise<DataVersionRow[]> {
    return db.query('drift/data-versions', { projectId });
  },

  async metricGroups(db: Queryable, projectId: string, minRuns: number): Promise<MetricGroupRow[]> {
    return db.query('drift/run-metrics', { projectId, minRuns });
  },

  async deployedVersions(db: Queryable, projectId: string): Promise<DeployedVersionRow[]> {
    return db.query('drift/deployed-versions', { projectId });
  },
};
