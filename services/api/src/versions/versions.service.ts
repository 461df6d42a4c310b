import {
  checkColumnStats,
  checkSchema,
  type ColumnSpec,
  type ColumnStatsSpec,
  diffSchemas,
  parseStored,
  type SchemaChangeRecord,
  schemaChangeSize,
} from '../drift/schema';
import { statisticsFlags } from '../drift/drift.service';
import { notifyDriftFlagged, notifySchemaChanged } from '../notifications/automatic';
import { checkMetadata, checkTemplate, type MetadataFieldInput } from '../governance/templates/metadata';
import { GOVERNED } from '../governance/templates/metadata-template';
import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { MnemoError } from '../platform/errors';
import { ids } from '../platform/ids';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { checkLinks, resolveReferences } from '../catalog/references';
import { checkReferences } from '../platform/references';
import { InputCheck, LIMITS } from '../platform/validation';
import { type VersionKind, versionsRepository } from './versions.repository';

/** How one kind of version is registered: its parent kind and what it may derive from. */
export interface VersionSpec {
  kind: VersionKind;
  parentKind: 'Dataset' | 'FeatureSet' | 'Model';
  /** Words for messages and the audit action, e.g. "dataset version". */
  noun: string;
  /** Kinds of version it may be DERIVED_FROM; empty when the kind has no DERIVED_FROM edges. */
  derivableFrom: VersionKind[];
  /** Models number their versions themselves when none is given. */
  numbersItself: boolean;
}

export const VERSION_SPECS: Record<VersionKind, VersionSpec> = {
  DatasetVersion: {
    kind: 'DatasetVersion',
    parentKind: 'Dataset',
    noun: 'dataset version',
    derivableFrom: ['DatasetVersion', 'FeatureSetVersion'],
    numbersItself: false,
  },
  FeatureSetVersion: {
    kind: 'FeatureSetVersion',
    parentKind: 'FeatureSet',
    noun: 'feature set version',
    derivableFrom: ['DatasetVersion', 'FeatureSetVersion'],
    numbersItself: false,
  },
  ModelVersion: {
    kind: 'ModelVersion',
    parentKind: 'Model',
    noun: 'model version',
    derivableFrom: [],
    numbersItself: true,
  },
};

export interface VersionInput {
  parentId: string;
  /** The version label, e.g. "2026-10" or "7"; models number it themselves when absent. */
  version?: string | null;
  digest: string;
  uri?: string | null;
  description?: string | null;
  derivedFromIds?: string[] | null;
  /**
   * derivedFromIds are what an OpenLineage event says the job read, found by (namespace, name), not
   * named by id: recorded whichever project owns them. Otherwise each is a link needing read access.
   */
  derivedFromObserved?: boolean;
  generatedByRunId?: string | null;
  /** Kind-specific facts, each optional: datasets' size, feature sets' features, models' framework. */
  rowCount?: number | null;
  sizeBytes?: number | null;
  features?: string[] | null;
  framework?: string | null;
  /** Datasets' and feature sets' columns and column statistics (compared with the previous version's). */
  schema?: ColumnSpec[] | null;
  columnStats?: ColumnStatsSpec[] | null;
  /**
   * When the content was written or observed, as its producer tells (an OpenLineage event's time):
   * an event's input resolves to the version current at the event's time. Not content: a
   * re-registration does not compare it. Absent, the registration time stands for it.
   */
  writtenAt?: string | null;
  /** Governed metadata, stored as `meta.<key>`; a version without a key takes its parent's value. */
  metadata?: MetadataFieldInput[] | null;
}

const VERSION_LABEL = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

/**
 * One registration path for every immutable version. Registering an existing version again with
 * identical content returns it untouched; with any difference it is refused with IMMUTABLE_VERSION.
 */
export class VersionService {
  constructor(private readonly db: GraphDatabase) {}

  async register(actor: string, spec: VersionSpec, input: VersionInput): Promise<EntityRecord> {
    const check = new InputCheck(spec.noun);
    const parentId = check.id('parentId', input.parentId, spec.parentKind.toLowerCase());
    let label = check.optionalText('version', input.version, LIMITS.slug);
    if (label === undefined && !spec.numbersItself) check.fail('version', 'is required');
    if (label && !VERSION_LABEL.test(label)) {
      check.fail('version', `"${label}" may hold only letters, digits, ".", "_", "+" and "-"`);
    }
    const digest = check.digest('digest', input.digest);
    const uri = check.optionalText('uri', input.uri, LIMITS.uri) ?? null;
    const description = check.optionalText('description', input.description, LIMITS.description) ?? null;
    const derivedFrom = [...new Set(check.list('derivedFromIds', input.derivedFromIds))];
    if (derivedFrom.length > 0 && spec.derivableFrom.length === 0) {
      check.fail('derivedFromIds', `is not allowed: a ${spec.noun} is derived through the run that generated it`);
    }
    const facts = {
      rowCount: check.number('rowCount', input.rowCount, { integer: true, min: 0 }),
      sizeBytes: check.number('sizeBytes', input.sizeBytes, { integer: true, min: 0 }),
      features: input.features
        ? check.list('features', input.features, 5_000).map((f, i) => check.text(`features[${i}]`, f, LIMITS.name))
        : undefined,
      framework: check.optionalText('framework', input.framework, LIMITS.name),
      schemaColumns: jsonOf(checkSchema(check, 'schema', input.schema)),
      columnStats: jsonOf(checkColumnStats(check, 'columnStats', input.columnStats)),
    };
    if (spec.kind === 'ModelVersion' && (facts.schemaColumns || facts.columnStats)) {
      check.fail('schema', `is not taken for a ${spec.noun}`);
    }
    const extraProps = Object.fromEntries(Object.entries(facts).filter(([, value]) => value !== undefined));
    const generatedBy = input.generatedByRunId ? check.id('generatedByRunId', input.generatedByRunId, 'run') : null;
    const writtenAt = check.optionalText('writtenAt', input.writtenAt, 40);
    if (writtenAt !== undefined && Number.isNaN(Date.parse(writtenAt))) {
      check.fail('writtenAt', `"${writtenAt}" is not a date-time`);
    }
    const metadata = checkMetadata(check, input.metadata);
    check.done();

    // Plan (one read of everything the registration touches) → authorise → write → audit.
    return this.db.write(async (tx) => {
      const plan = await versionsRepository.planRegister(tx, {
        ids: [parentId, ...derivedFrom, ...(generatedBy ? [generatedBy] : [])],
        parentId,
        versionId: label ? ids.version(parentId, label) : null,
        generatedBy,
        templateKind: GOVERNED[spec.kind].template,
      });
      const found = new Map(plan.entities.map((entity) => [entity.id, entity]));
      checkReferences(found, [{ field: 'parentId', id: parentId, kinds: [spec.parentKind] }]);
      // Authorised before anything is compared, so a caller without the role learns nothing of what is stored.
      const action = `${spec.noun.replace(/ /g, '-')}.registered`;
      await authorise(tx, actor, [
        label
          ? { action, entityId: ids.version(parentId, label), entityKind: spec.kind, projectId: plan.projectId }
          : { action, entityId: parentId, entityKind: spec.parentKind, projectId: plan.projectId },
      ]);
      const sources = derivedFrom.map((id, i) => ({ field: `derivedFromIds[${i}]`, id, kinds: spec.derivableFrom }));
      if (input.derivedFromObserved) checkReferences(found, sources);
      await checkLinks(tx, found, [
        ...(input.derivedFromObserved ? [] : sources),
        ...(generatedBy ? [{ field: 'generatedByRunId', id: generatedBy, kinds: ['Run'] }] : []),
      ]);
      // The run that generated it gains an output: the caller must be able to write there too.
      if (generatedBy) {
        await authorise(tx, actor, [
          { action, entityId: generatedBy, entityKind: 'Run', projectId: plan.generatorProjectId },
        ]);
      }
      let existing = plan.state;
      if (label === undefined) {
        // Self-numbered registrations of one parent take turns, so concurrent ones get numbers of their own.
        await versionsRepository.lockParent(tx, parentId);
        label = String((await versionsRepository.highestNumber(tx, parentId)) + 1);
        existing = null; // a number nobody has taken names no version yet
      }
      const id = ids.version(parentId, label);
      const props = { id, version: label, digest, uri, description, ...extraProps };
      if (existing) {
        const differences = differencesFrom(existing, { props, derivedFrom, generatedBy });
        if (differences.length > 0) {
          throw new MnemoError(
            'IMMUTABLE_VERSION',
            `${id} is already registered and versions are immutable; this registration differs in ` +
              `${differences.join(', ')}. Register a new version instead.`,
            { id, differences },
          );
        }
        return existing.version;
      }
      // Metadata is governance, not content: a re-registration neither compares nor changes it (setMetadata does).
      const governed = checkTemplate(
        { label: spec.kind, noun: spec.noun, parentId, props: { ...props, ...metadata }, ownerIds: [] },
        { yaml: plan.yaml, parent: plan.parent ? { props: plan.parent, owners: plan.parentOwners } : null },
      );
      // Drift: the version before this one, and how the columns changed from its (both must have a schema).
      const drift: Record<string, string> = {};
      const { previous } = plan;
      let schemaChange: SchemaChangeRecord | null = null;
      if (spec.kind !== 'ModelVersion' && previous) {
        drift.previousVersionId = previous.id;
        const before = parseStored<ColumnSpec[]>(previous.schemaColumns);
        const after = parseStored<ColumnSpec[]>(facts.schemaColumns);
        if (before && after) schemaChange = diffSchemas(previous.id, before, after);
        if (schemaChange) drift.schemaChange = JSON.stringify(schemaChange);
      }
      const version = await versionsRepository.create(
        tx,
        spec.kind,
        parentId,
        { ...governed, ...drift, id, ...(writtenAt ? { writtenAt: new Date(writtenAt).toISOString() } : {}) },
        {
          derivedFrom,
          generatedBy,
        },
      );
      await recordAudit(tx, actor, {
        action: `${spec.noun.replace(/ /g, '-')}.registered`,
        entityId: id,
        entityKind: spec.kind,
        after: { ...version, parentId, derivedFrom, generatedBy },
      });
      // The owners downstream hear of a changed schema and of drifted statistics, with this commit.
      if (schemaChange && schemaChangeSize(schemaChange) > 0)
        await notifySchemaChanged(tx, actor, id, parentId, schemaChange);
      if (spec.kind !== 'ModelVersion' && previous && facts.columnStats && previous.columnStats) {
        const row = { id, kind: spec.kind, previousVersionId: previous.id, schemaChange: null };
        const findings = statisticsFlags({
          ...row,
          columnStats: facts.columnStats,
          previousStats: previous.columnStats,
        });
        if (findings.length > 0) await notifyDriftFlagged(tx, actor, id, parentId, previous.id, findings);
      }
      return version;
    });
  }

  /**
   * The version of each dataset a run wrote that was current at a time, read after taking the
   * datasets' locks: what a reader that found none in its plan asks before recording an observed
   * version, so a write committing meanwhile (here or in another replica) is not missed. Taking
   * the lock changes nothing, so it needs no authorisation; the command's writes that follow do.
   */
  async writtenCurrentAt(datasetIds: string[], at: string): Promise<Map<string, string>> {
    if (datasetIds.length === 0) return new Map();
    return this.db.write((tx) => versionsRepository.writtenCurrentAt(tx, datasetIds, at));
  }

  /**
   * A version just written, as of its writtenAt: runs of the project that read the dataset after
   * that time, but whose events arrived before the write and so read an observed version, are
   * re-pointed to it (they USED it, what they generated derives from it). Runs of other projects
   * keep what they read: re-pointing them is theirs to do.
   */
  async supersedeObserved(actor: string, versionId: string, projectId: string): Promise<void> {
    await this.db.write(async (tx) => {
      const moves = await versionsRepository.observedReaders(tx, versionId, projectId);
      if (moves.length === 0) return;
      await authorise(
        tx,
        actor,
        [...new Set(moves.map((move) => move.runId))].map((runId) => ({
          action: 'run.inputs-recorded',
          entityId: runId,
          entityKind: 'Run',
          projectId,
        })),
      );
      await versionsRepository.supersedeObserved(tx, versionId, moves);
      for (const { runId, observedId } of moves) {
        await recordAudit(tx, actor, {
          action: 'run.inputs-recorded',
          entityId: runId,
          entityKind: 'Run',
          before: { input: observedId },
          after: { input: versionId, why: 'the version written before the run read it arrived after the run' },
        });
      }
    });
  }

  /**
   * Adds a run that generated a dataset version already registered: a later run wrote the same
   * content (an OpenLineage output whose schema and statistics did not change). Audited when added.
   */
  async addGenerator(actor: string, versionId: string, runId: string): Promise<void> {
    const check = new InputCheck('dataset version');
    check.text('versionId', versionId, 300);
    check.id('runId', runId, 'run');
    check.done();
    await this.db.write(async (tx) => {
      await resolveReferences(tx, [
        { field: 'versionId', id: versionId, kinds: ['DatasetVersion'] },
        { field: 'runId', id: runId, kinds: ['Run'] },
      ]);
      const action = 'dataset-version.generator-added';
      // The run gains an output too: the caller must be able to write to both.
      await authorise(tx, actor, [
        { action, entityId: versionId, entityKind: 'DatasetVersion' },
        { action, entityId: runId, entityKind: 'Run' },
      ]);
      if (!(await versionsRepository.addGenerator(tx, versionId, runId))) return;
      await recordAudit(tx, actor, {
        action,
        entityId: versionId,
        entityKind: 'DatasetVersion',
        after: { generatedBy: runId },
      });
    });
  }

  /**
   * Adds sources a version was derived from. Lineage clients that report a run piecemeal
   * (OpenLineage: START and COMPLETE may name different inputs) complete a derivation over several
   * events; the version's content stays as registered, and every addition is audited.
   */
  async addDerivations(actor: string, spec: VersionSpec, versionId: string, sourceIds: string[]): Promise<void> {
    const check = new InputCheck(spec.noun);
    check.text('versionId', versionId, 300);
    const sources = [...new Set(check.list('sourceIds', sourceIds))];
    if (spec.derivableFrom.length === 0) check.fail('sourceIds', `a ${spec.noun} has no DERIVED_FROM edges`);
    check.done();
    if (sources.length === 0) return;
    await this.db.write(async (tx) => {
      await resolveReferences(tx, [
        { field: 'versionId', id: versionId, kinds: [spec.kind] },
        ...sources.map((id, i) => ({ field: `sourceIds[${i}]`, id, kinds: spec.derivableFrom })),
      ]);
      if (sources.includes(versionId)) throw new MnemoError('BAD_USER_INPUT', 'A version cannot derive from itself.');
      await authorise(tx, actor, [
        { action: `${spec.noun.replace(/ /g, '-')}.derivations-added`, entityId: versionId, entityKind: spec.kind },
      ]);
      const added = await versionsRepository.addDerivations(tx, versionId, sources);
      if (added.length === 0) return;
      await recordAudit(tx, actor, {
        action: `${spec.noun.replace(/ /g, '-')}.derivations-added`,
        entityId: versionId,
        entityKind: spec.kind,
        after: { derivedFrom: added.map((row) => row.sourceId) },
      });
    });
  }
}

const jsonOf = (value: unknown[] | undefined) => (value === undefined ? undefined : JSON.stringify(value));

/** Which parts of a re-registration differ from the stored version (fields the caller sent). */
function differencesFrom(
  stored: { version: EntityRecord; derivedFrom: string[]; generatedBy: string | null },
  incoming: { props: Record<string, unknown>; derivedFrom: string[]; generatedBy: string | null },
): string[] {
  const differences: string[] = [];
  for (const [field, value] of Object.entries(incoming.props)) {
    if (value === null || value === undefined) continue;
    if (JSON.stringify(stored.version[field] ?? null) !== JSON.stringify(value)) differences.push(field);
  }
  const sameSet = (a: string[], b: string[]) => a.length === b.length && a.every((x) => b.includes(x));
  if (!sameSet(stored.derivedFrom, incoming.derivedFrom)) differences.push('derivedFromIds');
  if (incoming.generatedBy && stored.generatedBy !== incoming.generatedBy) differences.push('generatedByRunId');
  return differences;
}
