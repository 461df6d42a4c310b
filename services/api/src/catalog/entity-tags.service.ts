import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { MnemoError } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { InputCheck, tooLargeToIndex } from '../platform/validation';
import { resolveReferences } from './references';
import { entityTagsRepository, type Tag } from './entity-tags.repository';

/** `ModelVersion` → `model-version`, as audit actions name kinds. */
const actionName = (kind: string) => kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase();

const MAX_KEY = 250;
/**
 * How long a tag's value may be, by kind: MLflow's limits, so what its server takes Mnemo takes too
 * (an experiment's description is its mlflow.note.content tag: 20,000 characters).
 */
const MAX_VALUE: Record<string, number> = { Experiment: 20_000, Model: 100_000, ModelVersion: 100_000 };
const MAX_OTHER_VALUE = 5000;
const MAX_DESCRIPTION = 5000;

/**
 * Catalog metadata that clients change after creation (MLflow's experiment, registered-model and
 * model-version tags and descriptions), and MLflow's deletes of registered models and versions.
 * Metadata, not content: a version's digest and lineage stay as registered. Each write is one
 * command: references read, authorised (`<kind>.tags-set`, `.tag-deleted`, `.description-set`,
 * `.deleted`), written with its audit event in one transaction.
 */
export class EntityTagService {
  constructor(private readonly db: GraphDatabase) {}

  async setTags(actor: string, id: string, kinds: string[], tags: Tag[]): Promise<void> {
    const check = new InputCheck('tags');
    const longest = Math.min(...kinds.map((kind) => MAX_VALUE[kind] ?? MAX_OTHER_VALUE));
    tags.forEach((tag, i) => {
      if (typeof tag?.key !== 'string' || !tag.key.trim() || tag.key.length > MAX_KEY) {
        check.fail(`tags[${i}].key`, `must be a non-empty string of at most ${MAX_KEY} characters`);
      }
      if (typeof tag?.value !== 'string' || tag.value.length > longest) {
        check.fail(`tags[${i}].value`, `must be a string of at most ${longest} characters`);
        return;
      }
      const tooLarge = typeof tag.key === 'string' ? tooLargeToIndex(tag.key, tag.value) : null;
      if (tooLarge) check.fail(`tags[${i}].value`, tooLarge);
    });
    check.done();
    if (tags.length === 0) return;
    await this.db.write(async (tx) => {
      const kind = await this.kindOf(tx, id, kinds);
      const action = `${actionName(kind)}.tags-set`;
      await authorise(tx, actor, [{ action, entityId: id, entityKind: kind }]);
      const changed = await entityTagsRepository.setTags(tx, id, tags);
      if (changed.length === 0) return;
      await recordAudit(tx, actor, {
        action: `${actionName(kind)}.tags-set`,
        entityId: id,
        entityKind: kind,
        before: Object.fromEntries(changed.map((row) => [row.key, row.before])),
        after: Object.fromEntries(changed.map((row) => [row.key, row.value])),
      });
    });
  }

  /** Deletes a tag; a missing one is NOT_FOUND, or nothing to do `ifPresent` (MLflow's registry answers so). */
  async deleteTag(actor: string, id: string, kinds: string[], key: string, { ifPresent = false } = {}): Promise<void> {
    await this.db.write(async (tx) => {
      const kind = await this.kindOf(tx, id, kinds);
      const action = `${actionName(kind)}.tag-deleted`;
      await authorise(tx, actor, [{ action, entityId: id, entityKind: kind }]);
      const before = await entityTagsRepository.deleteTag(tx, id, key);
      if (before === undefined && ifPresent) return;
      if (before === undefined) throw new MnemoError('NOT_FOUND', `${id} has no tag "${key}".`);
      await recordAudit(tx, actor, {
        action: `${actionName(kind)}.tag-deleted`,
        entityId: id,
        entityKind: kind,
        before: { [key]: before },
        after: {},
      });
    });
  }

  async setDescription(actor: string, id: string, kinds: string[], description: string): Promise<void> {
    const check = new InputCheck('description');
    if (typeof description !== 'string' || description.length > MAX_DESCRIPTION) {
      check.fail('description', `must be a string of at most ${MAX_DESCRIPTION} characters`);
    }
    check.done();
    await this.db.write(async (tx) => {
      const kind = await this.kindOf(tx, id, kinds);
      const action = `${actionName(kind)}.description-set`;
      await authorise(tx, actor, [{ action, entityId: id, entityKind: kind }]);
      const before = await entityTagsRepository.setDescription(tx, id, description);
      if ((before ?? '') === description) return;
      await recordAudit(tx, actor, {
        action: `${actionName(kind)}.description-set`,
        entityId: id,
        entityKind: kind,
        before: { description: before },
        after: { description },
      });
    });
  }

  /**
   * Marks entities deleted (a registered model with its versions, or one version): each authorised
   * and audited as `<kind>.deleted`; lineage, deployments and earlier events stay.
   */
  async markDeleted(actor: string, targets: { id: string; kind: string }[]): Promise<void> {
    await this.db.write(async (tx) => {
      await resolveReferences(
        tx,
        targets.map((target) => ({ field: 'id', id: target.id, kinds: [target.kind] })),
      );
      await authorise(
        tx,
        actor,
        targets.map((target) => ({
          action: `${actionName(target.kind)}.deleted`,
          entityId: target.id,
          entityKind: target.kind,
        })),
      );
      const deleted = await entityTagsRepository.markDeleted(
        tx,
        targets.map((target) => target.id),
      );
      for (const row of deleted) {
        await recordAudit(tx, actor, {
          action: `${actionName(row.kind)}.deleted`,
          entityId: row.id,
          entityKind: row.kind,
          before: { deletedAt: null },
          after: { deleted: true },
        });
      }
    });
  }

  /** The tags of each entity, by id. */
  async tagsOf(ids: string[]): Promise<Map<string, Tag[]>> {
    if (ids.length === 0) return new Map();
    const rows = await entityTagsRepository.tagsOf(this.db, ids);
    return new Map(rows.map((row) => [row.id, row.tags]));
  }

  private async kindOf(tx: Parameters<typeof resolveReferences>[0], id: string, kinds: string[]): Promise<string> {
    const found = await resolveReferences(tx, [{ field: 'id', id, kinds }]);
    return String(found.get(id)!.kind);
  }
}
