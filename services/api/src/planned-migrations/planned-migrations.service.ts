import { authorise } from '../access/authorise';
import { readGuard } from '../access/read-access';
import { notifyOwners } from '../notifications/notify';
import { recordAudit } from '../audit/record-audit';
import type { ColumnService } from '../columns/columns.service';
import type { LineageService } from '../lineage/lineage.service';
import { MnemoError, notFound } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { currentPrincipal } from '../platform/request-context';
import { InputCheck, LIMITS } from '../platform/validation';
import {
  type BlastRadius,
  type BlastRadiusChange,
  blastRadiusOf,
  CLEARED_STATES,
  compareBlastRadii,
  holdingVersionItem,
  mergeBlastRadii,
} from './blast-radius';
import { type AcknowledgementRecord, plannedMigrationsRepository as repository } from './planned-migrations.repository';

export const MIGRATION_KINDS = ['DROP', 'RETYPE_COLUMNS', 'REPLACE', 'DEPRECATE'] as const;
/** What an owner may answer; OBJECTED needs a comment saying why. */
export const RESPONSES = ['ACKNOWLEDGED', 'OBJECTED', 'READY'] as const;
export type MigrationResponse = (typeof RESPONSES)[number];

/** The audit actions of planned migrations (access/roles.ts says who may do each). */
export const MIGRATION_ACTIONS = {
  planned: 'planned-migration.planned',
  ACKNOWLEDGED: 'planned-migration.acknowledged',
  OBJECTED: 'planned-migration.objected',
  READY: 'planned-migration.marked-ready',
  reminderRequested: 'planned-migration.reminder-requested',
} as const;

const TARGET_KINDS = ['Dataset', 'DatasetVersion', 'FeatureSet', 'FeatureSetVersion'];
const COLUMN_KINDS = ['DROP', 'RETYPE_COLUMNS'];
const MAX_COLUMNS = 100;

export interface PlanMigrationInput {
  target: string;
  kind: string;
  columns?: string[] | null;
  effectiveAt: Date | string;
  note?: string | null;
}

/** A migration as read now: what it reaches today against what it reached when planned. */
export interface MigrationStatus extends BlastRadiusChange {
  planned: BlastRadius;
  current: BlastRadius;
  atRisk: boolean;
  summary: string;
}

/**
 * Planned migrations of datasets, feature sets, their versions or some of their columns: the
 * impact report frozen when planned, one acknowledgement per owner to notify, and what changed
 * since (new consumers, vanished ones, production deployments still waiting on an owner).
 */
export class PlannedMigrationService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly lineage: LineageService,
    private readonly columns: ColumnService,
  ) {}

  /** Plans a migration: MAINTAINERs (or org admins) of the target's project only. */
  async plan(actor: string, input: PlanMigrationInput): Promise<EntityRecord> {
    const check = new InputCheck('planned migration');
    const targetId = check.text('target', input.target, 300);
    const kind = oneOf(check, 'kind', input.kind, MIGRATION_KINDS);
    const columns = [...new Set((input.columns ?? []).map((column) => check.text('columns', column, LIMITS.name)))];
    if (columns.length > MAX_COLUMNS) check.fail('columns', `has ${columns.length} names; the limit is ${MAX_COLUMNS}`);
    if (kind === 'RETYPE_COLUMNS' && columns.length === 0) check.fail('columns', 'must name the columns to retype');
    if (columns.length > 0 && !COLUMN_KINDS.includes(kind)) {
      check.fail('columns', `are for DROP or RETYPE_COLUMNS; a ${kind} changes the whole target`);
    }
    const effectiveAt = dateOf(check, input.effectiveAt);
    const note = check.optionalText('note', input.note, LIMITS.description) ?? null;
    check.done();
    return this.db.write(async (tx) => {
      const found = await repository.planMigration(tx, targetId);
      if (!found) throw notFound('dataset, feature set or version', targetId);
      const id = `${targetId}/migration/${found.earlier + 1}`;
      await authorise(tx, actor, [
        { action: MIGRATION_ACTIONS.planned, entityId: id, entityKind: 'PlannedMigration', within: targetId },
      ]);
      const { target } = found;
      if (!TARGET_KINDS.includes(target.kind)) {
        throw new MnemoError(
          'BAD_USER_INPUT',
          `A migration changes a dataset, feature set, one of their versions or some of a version's columns; "${targetId}" is a ${target.kind}.`,
        );
      }
      checkColumns(target, columns, found.lineageColumns);
      const planned = await this.blastRadius(targetId, columns);
      const props = {
        id,
        name: `${kind} ${columns.length ? `${columns.join(', ')} of ` : ''}${targetId}`,
        targetId,
        changeKind: kind,
        columns,
        effectiveAt,
        note,
        plannedBy: actor,
        impactReport: JSON.stringify(planned),
        affectedIds: planned.items.map((item) => item.id),
      };
      const ownerIds = planned.owners.map((owner) => owner.ownerId);
      const migration = await repository.create(tx, props, found.projectId, ownerIds);
      await recordAudit(tx, actor, {
        action: MIGRATION_ACTIONS.planned,
        entityId: id,
        entityKind: 'PlannedMigration',
        after: { targetId, changeKind: kind, columns, effectiveAt, note, affected: planned.items.length, ownerIds },
      });
      // Told in the same transaction (the outbox): each owner with the path to what of theirs it reaches.
      await notifyOwners(
        tx,
        actor,
        {
          event: 'migration.planned',
          subjectId: id,
          message: `${props.name}, effective ${effectiveAt}, reaches something you own: acknowledge, object or mark it ready.`,
          details: { targetId, changeKind: kind, columns, effectiveAt },
        },
        ownersWithPaths(planned, ownerIds),
      );
      return migration;
    });
  }

  /** An owner's answer, for the caller or one of the caller's teams only (org admins for anyone). */
  async respond(
    actor: string,
    input: { migrationId: string; ownerId?: string | null; response: MigrationResponse; comment?: string | null },
  ): Promise<AcknowledgementRecord> {
    const check = new InputCheck('acknowledgement');
    const migrationId = check.text('id', input.migrationId, 400);
    const ownerId = check.text('ownerId', input.ownerId ?? currentPrincipal()?.userId ?? actor, 300);
    const response = oneOf(check, 'response', input.response, RESPONSES);
    const comment = check.optionalText('comment', input.comment, LIMITS.description) ?? null;
    if (response === 'OBJECTED' && !comment) check.fail('comment', 'must say why the owner objects');
    check.done();
    return this.db.write(async (tx) => {
      const found = await repository.planResponse(tx, migrationId, ownerId);
      if (!found) throw notFound('planned migration', migrationId);
      const action = MIGRATION_ACTIONS[response];
      await authorise(tx, actor, [
        {
          action,
          entityId: migrationId,
          entityKind: 'PlannedMigration',
          projectId: found.projectId,
          onBehalfOf: ownerId,
        },
      ]);
      const before = found.acknowledgement;
      if (!before) {
        throw new MnemoError(
          'BAD_USER_INPUT',
          `${ownerId} is not among the owners ${migrationId} asks to acknowledge.`,
          { ownerId },
        );
      }
      const after = await repository.setResponse(tx, { id: before.id, state: response, comment, actor });
      await recordAudit(tx, actor, {
        action,
        entityId: migrationId,
        entityKind: 'PlannedMigration',
        before: { ownerId, state: before.state, comment: before.comment ?? null },
        after: { ownerId, state: response, comment },
      });
      return after;
    });
  }

  /**
   * Records that the migration's owners who have not cleared it should be reminded
   * (`planned-migration.reminder-requested`, naming them); delivering it is the notifications' work.
   */
  async remind(actor: string, migrationId: string): Promise<EntityRecord> {
    const check = new InputCheck('reminder');
    const id = check.text('id', migrationId, 400);
    check.done();
    return this.db.write(async (tx) => {
      const found = await repository.find(tx, id);
      if (!found) throw notFound('planned migration', id);
      await authorise(tx, actor, [
        {
          action: MIGRATION_ACTIONS.reminderRequested,
          entityId: id,
          entityKind: 'PlannedMigration',
          projectId: found.projectId,
        },
      ]);
      const acknowledgements = (await repository.acknowledgementsOf(tx, [id])).get(id) ?? [];
      const ownerIds = ownersToRemind(acknowledgements);
      await recordAudit(tx, actor, {
        action: MIGRATION_ACTIONS.reminderRequested,
        entityId: id,
        entityKind: 'PlannedMigration',
        after: { ownerIds },
      });
      const planned = JSON.parse(String(found.migration.impactReport)) as BlastRadius;
      await notifyOwners(
        tx,
        actor,
        {
          event: 'migration.reminder',
          subjectId: id,
          message: `Reminder: ${String(found.migration.name)}, effective ${String(found.migration.effectiveAt)}, still waits on your answer.`,
        },
        ownersWithPaths(planned, ownerIds),
      );
      return found.migration;
    });
  }

  /** A migration by id, for a caller who may read its target. */
  async migration(id: string): Promise<EntityRecord> {
    const found = await repository.find(this.db, String(id ?? ''));
    if (!found) throw notFound('planned migration', id);
    await readGuard(this.db).assertReadable(String(found.migration.targetId));
    return found.migration;
  }

  /** The migrations of a target (a dataset's include its versions') or of a project, newest first. */
  async migrations(filter: { targetId?: string | null; projectId?: string | null; first?: number | null }) {
    const targetId = filter.targetId ?? null;
    const projectId = filter.projectId ?? null;
    const limit = filter.first ?? 50;
    if (!targetId && !projectId) throw new MnemoError('BAD_USER_INPUT', 'Give a targetId or a projectId.');
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new MnemoError('BAD_USER_INPUT', `first must be a whole number from 1 to 500; got ${limit}.`);
    }
    const found = await repository.migrationsOf(this.db, { targetId, projectId, limit });
    const readable = new Set(
      (await readGuard(this.db).readable(found.map((m) => ({ id: String(m.targetId) })))).map((t) => t.id),
    );
    return found.filter((m) => readable.has(String(m.targetId)));
  }

  /** The blast radius as planned, what it is now, and which production deployments still wait on an owner. */
  async status(migration: EntityRecord, acknowledgements: AcknowledgementRecord[]): Promise<MigrationStatus> {
    const planned = await this.shown(JSON.parse(String(migration.impactReport)) as BlastRadius);
    const current = await this.blastRadius(
      String(migration.targetId),
      (migration.columns as string[] | undefined) ?? [],
    );
    const states = new Map(acknowledgements.map((ack) => [ack.ownerId, ack.state]));
    const change = compareBlastRadii(planned, current, states);
    const atRisk = change.productionDeploymentsAtRisk.length > 0;
    return { planned, current, ...change, atRisk, summary: summaryOf(migration, acknowledgements, change) };
  }

  /** Everything the change reaches: the impact of the target, or of the columns computed from the named ones. */
  private async blastRadius(targetId: string, columns: string[]): Promise<BlastRadius> {
    if (columns.length === 0) return blastRadiusOf(await this.lineage.impact({ targetId }));
    const parts: BlastRadius[] = [];
    const holding = new Set<string>();
    // One column after another: the reads share the command's transaction.
    for (const column of columns) {
      const impact = await this.columns.columnImpact({ versionId: targetId, column });
      impact.columns.filter((c) => c.versionId !== targetId).forEach((c) => holding.add(c.versionId));
      parts.push(oneStepFurther(blastRadiusOf(impact.downstream), targetId));
    }
    const versions = await repository.versionsWithOwners(this.db, [...holding]);
    return mergeBlastRadii(
      parts,
      versions.map(({ node, ownerIds }) => holdingVersionItem(node, ownerIds, targetId)),
    );
  }

  /** The frozen blast radius as this reader may see it: what they may not read becomes a placeholder. */
  private async shown(radius: BlastRadius): Promise<BlastRadius> {
    const guard = readGuard(this.db);
    const real = radius.items.filter((item) => !item.id.startsWith('restricted:'));
    const readable = new Set((await guard.readable(real)).map((item) => item.id));
    const hidden = new Map(
      real.filter((item) => !readable.has(item.id)).map((item) => [item.id, guard.placeholderId(item.id)]),
    );
    if (hidden.size === 0) return radius;
    const idOf = (id: string) => hidden.get(id) ?? id;
    const items = radius.items.map((item) =>
      hidden.has(item.id)
        ? { ...item, id: idOf(item.id), name: `a restricted ${item.kind}`, why: item.why.map(idOf) }
        : item,
    );
    return mergeBlastRadii([{ ...radius, items }]);
  }
}

/** Owners who have not cleared the migration: pending or objecting. */
/** The owners to tell, each with the path from the target to the first thing of theirs the change reaches. */
function ownersWithPaths(planned: BlastRadius, ownerIds: string[]): { ownerId: string; whyPath: string[] }[] {
  const whyOf = new Map(planned.items.map((item) => [item.id, item.why]));
  const ownsOf = new Map(planned.owners.map((owner) => [owner.ownerId, owner.owns]));
  return ownerIds.map((ownerId) => ({
    ownerId,
    whyPath: [...(whyOf.get(ownsOf.get(ownerId)?.[0] ?? '') ?? []), ownerId],
  }));
}

export function ownersToRemind(acknowledgements: AcknowledgementRecord[]): string[] {
  return acknowledgements
    .filter((ack) => !CLEARED_STATES.includes(ack.state))
    .map((ack) => ack.ownerId)
    .sort();
}

/** A column impact's downstream counts from the versions holding the affected columns: one step more from the target. */
function oneStepFurther(radius: BlastRadius, targetId: string): BlastRadius {
  return {
    ...radius,
    items: radius.items.map((item) => ({ ...item, depth: item.depth + 1, why: [...item.why, targetId] })),
  };
}

function summaryOf(migration: EntityRecord, acknowledgements: AcknowledgementRecord[], change: BlastRadiusChange) {
  const count = (state: string) => acknowledgements.filter((ack) => ack.state === state).length;
  const parts = [
    `${migration.name}: ${acknowledgements.length} owner(s) asked`,
    `${count('ACKNOWLEDGED')} acknowledged, ${count('READY')} ready, ${count('OBJECTED')} objected, ${count('PENDING')} pending`,
  ];
  if (change.newConsumers.length) parts.push(`${change.newConsumers.length} new consumer(s) since planning`);
  if (change.vanishedConsumers.length) parts.push(`${change.vanishedConsumers.length} consumer(s) gone since planning`);
  parts.push(
    change.productionDeploymentsAtRisk.length
      ? `${change.productionDeploymentsAtRisk.length} production deployment(s) still at risk`
      : 'no production deployment at risk',
  );
  return parts.join('; ') + '.';
}

function oneOf<T extends string>(check: InputCheck, field: string, value: unknown, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !allowed.includes(value as T)) {
    check.fail(field, `must be one of ${allowed.join(', ')}; got ${JSON.stringify(value ?? null)}`);
  }
  return value as T;
}

function dateOf(check: InputCheck, value: Date | string): string {
  const date = value instanceof Date ? value : new Date(typeof value === 'string' ? value : NaN);
  if (Number.isNaN(date.getTime())) {
    check.fail('effectiveAt', 'must be a date and time, e.g. 2026-12-31T00:00:00Z');
    return '';
  }
  return date.toISOString();
}

/** Named columns must be columns of the version, when it declares any (its schema or its column lineage). */
function checkColumns(target: EntityRecord, columns: string[], lineageColumns: string[]): void {
  if (columns.length === 0) return;
  if (!target.kind.endsWith('Version')) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `Columns belong to a version: name one of ${target.id}'s versions to change some of its columns.`,
    );
  }
  const known = new Set([...lineageColumns, ...schemaColumnNames(target.schemaColumns)]);
  const unknown = columns.filter((column) => !known.has(column));
  if (known.size > 0 && unknown.length > 0) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `${target.id} has no column ${unknown.map((c) => `"${c}"`).join(', ')}; it has ${[...known].sort().join(', ')}.`,
      { unknown },
    );
  }
}

function schemaColumnNames(schemaColumns: unknown): string[] {
  if (typeof schemaColumns !== 'string') return [];
  try {
    const parsed = JSON.parse(schemaColumns) as unknown;
    return Array.isArray(parsed)
      ? parsed.map((column) => (typeof column === 'string' ? column : String((column as { name?: unknown })?.name)))
      : [];
  } catch {
    return [];
  }
}
