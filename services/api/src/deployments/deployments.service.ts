import type { CatalogService } from '../catalog/catalog.service';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { authorise } from '../access/authorise';
import { resolveLinks } from '../catalog/references';
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
      // The deployment itself first (an existing id is CONFLICT, then the caller's role in its
      // project), so a caller refused it learns nothing of the version; the checks below roll back
      // the whole transaction when they refuse.
      const deployment = await this.catalog.registerAssetIn(tx, actor, 'Deployment', {
        ...asset,
        props: { ...asset.props, environment: input.environment, endpoint, modelVersionId },
      });
      await resolveLinks(tx, [{ field: 'modelVersionId', id: modelVersionId, kinds: ['ModelVersion'] }]);
      // It serves its own project's models; another project's only for a caller who may create
      // deployments there too (issue 18, finding 5). Same project: the check already made.
      await authorise(tx, actor, [
        { action: 'deployment.created', entityId: modelVersionId, entityKind: 'ModelVersion' },
      ]);
      await lineageRepository.linkServes(tx, deployment.id, modelVersionId);
      return deployment;
    });
  }
}
