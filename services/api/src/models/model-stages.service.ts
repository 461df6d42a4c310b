import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import type { PromotionService } from '../governance/promotion/promotion.service';
import type { GraphDatabase } from '../platform/neo4j';
import { resolveReferences } from '../catalog/references';
import { modelsRepository } from './models.repository';

/** MLflow's model-version stages; MLflow names them in any case, and answers in these. */
export const STAGES = ['None', 'Staging', 'Production', 'Archived'] as const;
export type Stage = (typeof STAGES)[number];

/**
 * MLflow's model-version stages (deprecated in MLflow, still in its 3.x client). A stage is catalog
 * metadata beside aliases, except Production: moving a version there is a promotion, through the
 * same gates (and the same deployment re-pointing) as GraphQL `promoteModelVersion`, in the same
 * transaction, so a blocked transition changes nothing.
 */
export class ModelStageService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly promotion: PromotionService,
  ) {}

  async setStage(actor: string, versionId: string, stage: Stage, archiveOthers: boolean): Promise<void> {
    await this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'versionId', id: versionId, kinds: ['ModelVersion'] }]);
      await authorise(tx, actor, [
        { action: 'model-version.stage-set', entityId: versionId, entityKind: 'ModelVersion' },
      ]);
      if (stage === 'Production') await this.promotion.promote(actor, versionId, 'PROD');
      const moved = await modelsRepository.setStage(tx, versionId, stage, archiveOthers);
      for (const row of moved) {
        await recordAudit(tx, actor, {
          action: 'model-version.stage-set',
          entityId: row.id,
          entityKind: 'ModelVersion',
          before: { stage: row.before },
          after: { stage: row.stage },
        });
      }
    });
  }
}
