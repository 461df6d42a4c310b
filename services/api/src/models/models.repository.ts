import { readScopeParams } from '../access/read-access';
import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export const modelsRepository = {
  /** Points a model's alias at a version; the row tells the versions it pointed at, undefined when the version is not the model's. */
  async setAlias(
    tx: WriteTransaction,
    modelId: string,
    alias: string,
    versionId: string,
  ): Promise<{ previous: string[] } | undefined> {
    const [row] = await tx.query<{ previous: string[] }>('models/set-alias', { modelId, alias, versionId });
    return row;
  },

  /** Deletes a model's alias; one row per version it pointed at, none when there was no such alias. */
  deleteAlias(tx: WriteTransaction, modelId: string, alias: string): Promise<{ previous: string }[]> {
    return tx.query<{ previous: string }>('models/delete-alias', { modelId, alias });
  },

  /** Moves a version to an MLflow stage (archiving the others in it when asked); one row per version moved. */
  setStage(tx: WriteTransaction, versionId: string, stage: string, archiveOthers: boolean) {
    return tx.query<{ id: string; before: string; stage: string }>('models/set-stage', {
      versionId,
      stage,
      archiveOthers,
    });
  },

  /** The versions of a model the caller may read, with the run of each (models/versions-of-model.cypher). */
  versionsOfModel(db: Queryable, modelId: string): Promise<{ version: EntityRecord; runId: string | null }[]> {
    return db.query<{ version: EntityRecord; runId: string | null }>('models/versions-of-model', {
      modelId,
      ...readScopeParams(),
    });
  },
};
