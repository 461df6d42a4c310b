import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export type VersionKind = 'DatasetVersion' | 'FeatureSetVersion' | 'ModelVersion';

/** A stored version with the lineage it was registered with. */
export interface VersionState {
  version: EntityRecord;
  parentId: string | null;
  derivedFrom: string[];
  generatedBy: string | null;
}

/** What registering a version reads, in one round trip (versions/plan-register.cypher). */
export interface RegisterPlanRow {
  entities: EntityRecord[];
  projectId: string | null;
  generatorProjectId: string | null;
  state: Omit<VersionState, 'parentId'> | null;
  /** The project's own template of the version's kind, or null (the repo file applies). */
  yaml: string | null;
  parent: Record<string, unknown> | null;
  parentOwners: number;
  previous: { id: string; schemaColumns: string | null; columnStats: string | null } | null;
}

export const versionsRepository = {
  async planRegister(
    db: Queryable,
    params: {
      ids: string[];
      parentId: string;
      versionId: string | null;
      generatedBy: string | null;
      templateKind: string;
    },
  ): Promise<RegisterPlanRow> {
    const [row] = await db.query<RegisterPlanRow>('versions/plan-register', params);
    return row;
  },

  async state(db: Queryable, id: string): Promise<VersionState | null> {
    const [row] = await db.query<VersionState>('versions/state', { ids: [id] });
    return row ?? null;
  },

  async create(
    tx: WriteTransaction,
    kind: VersionKind,
    parentId: string,
    props: Record<string, unknown>,
    lineage: { derivedFrom: string[]; generatedBy: string | null },
  ): Promise<EntityRecord> {
    const [row] = await tx.query<{ version: EntityRecord }>('versions/create-version', {
      kind,
      parentId,
      props,
      derivedFrom: lineage.derivedFrom,
      generatedBy: lineage.generatedBy,
    });
    return row.version;
  },

  async lockParent(tx: WriteTransaction, parentId: string): Promise<void> {
    await tx.query('versions/lock-parent', { parentId });
  },

  async highestNumber(db: Queryable, parentId: string): Promise<number> {
    const [row] = await db.query<{ highest: number }>('versions/highest-number', { parentId });
    return row?.highest ?? 0;
  },

  /** Adds DERIVED_FROM edges to the sources not yet linked; one row per edge added. */
  addDerivations(tx: WriteTransaction, versionId: string, sourceIds: string[]): Promise<{ sourceId: string }[]> {
    return tx.query<{ sourceId: string }>('versions/add-derivations', { versionId, sourceIds });
  },

  /** Whether the run was added as one that generated the version (versions/add-generator.cypher). */
  async addGenerator(tx: WriteTransaction, versionId: string, runId: string): Promise<boolean> {
    return (await tx.query('versions/add-generator', { versionId, runId })).length > 0;
  },

  /**
   * After taking the datasets' locks (in id order), the version of each a run wrote that was current
   * at `at`, by dataset id (versions/written-current-at.cypher).
   */
  async writtenCurrentAt(tx: WriteTransaction, datasetIds: string[], at: string): Promise<Map<string, string>> {
    const rows = await tx.query<{ datasetId: string; id: string }>('versions/written-current-at', {
      datasetIds: [...new Set(datasetIds)].sort(),
      at,
    });
    return new Map(rows.map((row) => [row.datasetId, row.id]));
  },

  /** Runs of a project that read an observed version before this written one arrived (versions/observed-readers.cypher). */
  async observedReaders(
    db: Queryable,
    versionId: string,
    projectId: string,
  ): Promise<{ runId: string; observedId: string }[]> {
    return db.query('versions/observed-readers', { versionId, projectId });
  },

  /** Re-points those runs (and what they generated) to the written version (versions/supersede-observed.cypher). */
  async supersedeObserved(
    tx: WriteTransaction,
    versionId: string,
    moves: { runId: string; observedId: string }[],
  ): Promise<number> {
    const [row] = await tx.query<{ moved: number }>('versions/supersede-observed', { versionId, moves });
    return row?.moved ?? 0;
  },
};
