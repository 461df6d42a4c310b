import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { InputCheck } from '../platform/validation';
import { catalogRepository } from './catalog.repository';
import { resolveReferences } from './references';

/**
 * What users and teams may own and setOwners may hand over: a version is owned through its parent;
 * a run keeps who started it.
 */
export const OWNABLE_KINDS = ['Dataset', 'FeatureSet', 'Experiment', 'Model', 'Deployment'];

/**
 * Hands an entity to other owners. The audit event keeps the owners before and after, so the trail
 * answers who owned what on any date (lineage as of a date reads it).
 */
export class OwnershipService {
  constructor(private readonly db: GraphDatabase) {}

  async setOwners(actor: string, entityId: string, ownerIds: string[]): Promise<EntityRecord> {
    const check = new InputCheck('ownership');
    check.text('entityId', entityId, 300);
    if (!Array.isArray(ownerIds) || ownerIds.length === 0 || ownerIds.length > 50) {
      check.fail('ownerIds', 'must name 1 to 50 users or teams');
    }
    check.done();
    const owners = [...new Set(ownerIds)].sort();
    return this.db.write(async (tx) => {
      const found = await resolveReferences(tx, [
        { field: 'entityId', id: entityId, kinds: OWNABLE_KINDS },
        ...owners.map((id) => ({ field: 'ownerIds', id, kinds: ['User', 'Team'] })),
      ]);
      const entity = found.get(entityId)!;
      await authorise(tx, actor, [{ action: 'entity.owners-set', entityId, entityKind: entity.kind }]);
      const row = await catalogRepository.setOwners(tx, entityId, owners);
      await recordAudit(tx, actor, {
        action: 'entity.owners-set',
        entityId,
        entityKind: entity.kind,
        before: { ownerIds: [...row.previousOwnerIds].sort() },
        after: { ownerIds: owners },
      });
      return row.entity;
    });
  }
}
