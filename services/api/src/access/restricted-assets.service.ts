import { GOVERNED } from '../governance/templates/metadata-template';
import { accessRepository } from './access.repository';
import { authorise } from './authorise';
import { recordAudit } from '../audit/record-audit';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { resolveReferences } from '../catalog/references';
import { InputCheck } from '../platform/validation';

/** The kinds that may be restricted and granted: the governed catalog kinds. */
export const RESTRICTABLE_KINDS = Object.keys(GOVERNED);

const MEMBER_KINDS = ['User', 'Team'];

/**
 * Restricted assets: marking an entity restricted (its versions follow) and granting users or
 * teams read access to it. Each change is one transaction with its audit event, where recordAudit
 * checks the caller holds MAINTAINER on the entity's project.
 */
export class RestrictedAssetService {
  constructor(private readonly db: GraphDatabase) {}

  async setRestricted(actor: string, entityId: string, restricted: boolean): Promise<EntityRecord> {
    const check = new InputCheck('restriction');
    check.text('entityId', entityId, 300);
    if (typeof restricted !== 'boolean') check.fail('restricted', 'must be true or false');
    check.done();
    return this.db.write(async (tx) => {
      const entity = await this.entityOf(tx, entityId);
      await authorise(tx, actor, [{ action: 'entity.restricted-set', entityId, entityKind: entity.kind }]);
      const row = await accessRepository.setRestricted(tx, entityId, restricted);
      await recordAudit(tx, actor, {
        action: 'entity.restricted-set',
        entityId,
        entityKind: entity.kind,
        before: { restricted: row.previous },
        after: { restricted },
      });
      return row.entity;
    });
  }

  async grantReadAccess(actor: string, entityId: string, memberId: string): Promise<EntityRecord> {
    this.checkIds(entityId, memberId);
    return this.db.write(async (tx) => {
      const entity = await this.entityOf(tx, entityId, memberId);
      await authorise(tx, actor, [{ action: 'read-access.granted', entityId, entityKind: entity.kind }]);
      const row = await accessRepository.grantRead(tx, entityId, memberId);
      await recordAudit(tx, actor, {
        action: 'read-access.granted',
        entityId,
        entityKind: entity.kind,
        before: { memberId, granted: row.existed },
        after: { memberId },
      });
      return row.entity;
    });
  }

  async revokeReadAccess(actor: string, entityId: string, memberId: string): Promise<EntityRecord> {
    this.checkIds(entityId, memberId);
    return this.db.write(async (tx) => {
      const entity = await this.entityOf(tx, entityId, memberId);
      await authorise(tx, actor, [{ action: 'read-access.revoked', entityId, entityKind: entity.kind }]);
      const row = await accessRepository.revokeRead(tx, entityId, memberId);
      if (!row) {
        throw new MnemoError('NOT_FOUND', `${memberId} holds no read grant on ${entityId}.`, { entityId, memberId });
      }
      await recordAudit(tx, actor, {
        action: 'read-access.revoked',
        entityId,
        entityKind: entity.kind,
        after: { memberId },
      });
      return row.entity;
    });
  }

  private checkIds(entityId: string, memberId: string) {
    const check = new InputCheck('read access');
    check.text('entityId', entityId, 300);
    check.text('memberId', memberId, 300);
    check.done();
  }

  /** The entity (NOT_FOUND when unknown, BAD_USER_INPUT when of a kind that cannot be restricted), the member checked too. */
  private async entityOf(tx: WriteTransaction, entityId: string, memberId?: string): Promise<EntityRecord> {
    const found = await resolveReferences(tx, [
      { field: 'entityId', id: entityId, kinds: RESTRICTABLE_KINDS },
      ...(memberId === undefined ? [] : [{ field: 'memberId', id: memberId, kinds: MEMBER_KINDS }]),
    ]);
    return found.get(entityId)!;
  }
}
