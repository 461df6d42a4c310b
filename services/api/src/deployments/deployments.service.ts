import type { CatalogService } from '../catalog/catalog.service';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { resolveReferences } from '../catalog/references';
import { InputCheck, LIMITS } from '../platform/validation';
import type { AssetInput } from '../catalog/catalog.service';
import { lineageRepository } from '../lineage/lineage.repository';

export const ENVIRONMENTS = ['DEV', 'STAGING', 'PROD'] as const;

export interface DeploymentInput extends AssetInput {
  environment: string;
  modelVersionId: string;
  endpoint?: string | null;
}

/** A deployment is a catalog asset plus the SERVES edge to its model version, written together. */
export class DeploymentService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly catalog: CatalogService,
  ) {}

  async create(actor: string, input: DeploymentInput): Promise<EntityRecord> {
    const check = new InputCheck('deployment');
    const asset = this.catalog.checkAsset(check, 'Deployment', input);
    if (!(ENVIRONMENTS as readonly string[]).includes(input.environment)) {
      check.fail('environment', `must be one of ${ENVIRONMENTS.join(', ')}; got "${input.environment}"`);
    }
    const modelVersionId = check.id('modelVersionId', input.modelVersionId, 'model');
    const endpoint = check.optionalText('endpoint', input.endpoint, LIMITS.uri) ?? null;
    check.done();
    return this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'modelVersionId', id: modelVersionId, kinds: ['ModelVersion'] }]);
      const deployment = await this.catalog.registerAssetIn(tx, actor, 'Deployment', {
        ...asset,
        props: { ...asset.props, environment: input.environment, endpoint, modelVersionId },
      });
      await lineageRepository.linkServes(tx, deployment.id, modelVersionId);
      return deployment;
    });
  }
}
