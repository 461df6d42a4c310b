import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { resolveReferences } from '../catalog/references';
import { InputCheck } from '../platform/validation';
import { modelsRepository } from './models.repository';

const ALIAS = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;

/**
 * Named pointers at model versions ("champion", "challenger"), one version per alias per model.
 * An alias is catalog metadata, not content, so moving it leaves the version itself immutable.
 */
export class ModelAliasService {
  constructor(private readonly db: GraphDatabase) {}

  async setAlias(actor: string, modelId: string, alias: string, versionId: string): Promise<void> {
    const check = new InputCheck('model alias');
    check.id('modelId', modelId, 'model');
    check.id('versionId', versionId, 'model');
    if (typeof alias !== 'string' || !ALIAS.test(alias))
      check.fail('alias', `"${alias}" must start with a letter and hold only letters, digits, "_" and "-"`);
    if (/^(latest|v\d+)$/i.test(alias)) check.fail('alias', `"${alias}" is reserved`);
    check.done();
    await this.db.write(async (tx) => {
      await resolveReferences(tx, [
        { field: 'modelId', id: modelId, kinds: ['Model'] },
        { field: 'versionId', id: versionId, kinds: ['ModelVersion'] },
      ]);
      await authorise(tx, actor, [{ action: 'model.alias-set', entityId: modelId, entityKind: 'Model' }]);
      const row = await modelsRepository.setAlias(tx, modelId, alias, versionId);
      if (!row) throw new MnemoError('BAD_USER_INPUT', `${versionId} is not a version of ${modelId}.`);
      if (row.previous.length === 1 && row.previous[0] === versionId) return;
      await recordAudit(tx, actor, {
        action: 'model.alias-set',
        entityId: modelId,
        entityKind: 'Model',
        before: { alias, versionId: row.previous[0] ?? null },
        after: { alias, versionId },
      });
    });
  }

  async deleteAlias(actor: string, modelId: string, alias: string): Promise<void> {
    await this.db.write(async (tx) => {
      await resolveReferences(tx, [{ field: 'modelId', id: modelId, kinds: ['Model'] }]);
      await authorise(tx, actor, [{ action: 'model.alias-deleted', entityId: modelId, entityKind: 'Model' }]);
      const rows = await modelsRepository.deleteAlias(tx, modelId, alias);
      if (rows.length === 0) throw new MnemoError('NOT_FOUND', `${modelId} has no alias "${alias}".`);
      await recordAudit(tx, actor, {
        action: 'model.alias-deleted',
        entityId: modelId,
        entityKind: 'Model',
        before: { alias, versionId: rows[0].previous },
        after: { alias, versionId: null },
      });
    });
  }
}
