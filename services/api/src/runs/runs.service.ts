import { assertMayReadProject, readGuard } from '../access/read-access';
import { checkMetadata, checkTemplate, type MetadataFieldInput } from '../governance/templates/metadata';
import {
  checkQualityChecks,
  type DataQualityCheckInput,
  recordQualityChecks,
} from '../governance/templates/quality-checks';
import { authorise } from '../access/authorise';
import { recordAudit } from '../audit/record-audit';
import { conflict, MnemoError, notFound } from '../platform/errors';
import { ids } from '../platform/ids';
import { currentPrincipal } from '../platform/request-context';
import type { GraphDatabase, WriteTransaction } from '../platform/neo4j';
import { decodeCursor, type Page, pageSize, toPage } from '../platform/pagination';
import type { EntityRecord } from '../platform/records';
import { checkLinks, resolveLinks, resolveReferences } from '../catalog/references';
import { checkReferences } from '../platform/references';
import { InputCheck, LIMITS, longerThan, tooLargeToIndex } from '../platform/validation';
import { together } from '../platform/unit-of-work';
import { metricPointId, type MetricPointWrite, type RunFilterValues, runsRepository } from './runs.repository';
import { lineageRepository } from '../lineage/lineage.repository';

export const RUN_STATUSES = ['RUNNING', 'FINISHED', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];
const VERSION_KINDS = ['DatasetVersion', 'FeatureSetVersion', 'ModelVersion'];
const OUTPUT_KINDS = [...VERSION_KINDS, 'Artifact'];
/** A param, metric or tag name: letters and digits of any script (as MLflow's `\w`), and _ - . / : and space. */
const KEY = /^[\p{L}\p{N}_\-./ :]+$/u;

export interface KeyValue {
  key: string;
  value: string;
}

export interface StartRunInput {
  experimentId: string;
  /** Lets ingestion keep a client's own run id (e.g. MLflow's); generated when absent. */
  id?: string | null;
  name?: string | null;
  ownerId?: string | null;
  params?: KeyValue[] | null;
  tags?: KeyValue[] | null;
  seed?: number | null;
  entryPoint?: string | null;
  code?: { repo?: string | null; branch?: string | null; commit?: string | null; dirty?: boolean | null } | null;
  environment?: {
    languageVersion?: string | null;
    packageLockDigest?: string | null;
    imageDigest?: string | null;
  } | null;
  infrastructure?: {
    instanceType?: string | null;
    accelerators?: string[] | null;
    acceleratorCount?: number | null;
    region?: string | null;
  } | null;
  inputs?: { versionId: string; role?: string | null }[] | null;
  /**
   * The inputs are what an OpenLineage event says the job read, found by (namespace, name) rather
   * than named by id: observations of a shared table, recorded whichever project owns it (issue 17).
   * Otherwise each input is a link and needs read access (catalog/references.ts).
   */
  inputsObserved?: boolean;
  startedAt?: string | null;
  /** Governed metadata, stored as `meta.<key>`; a run without a key takes its experiment's value. */
  metadata?: MetadataFieldInput[] | null;
  dataQualityChecks?: DataQualityCheckInput[] | null;
}

export interface MetricInput {
  key: string;
  value: number;
  step?: number | null;
  timestamp?: string | number | null;
}

export interface FinishRunInput {
  runId: string;
  status: string;
  outputIds?: string[] | null;
  computeCostUsd?: number | null;
  endedAt?: string | null;
  dataQualityChecks?: DataQualityCheckInput[] | null;
}

export interface RunFilter {
  experimentId?: string | null;
  projectId?: string | null;
  status?: string | null;
  archived?: boolean | null;
  ownerId?: string | null;
  tag?: { key: string; value?: string | null } | null;
  params?: KeyValue[] | null;
  metrics?: { key: string; op: string; value: number }[] | null;
}

export interface RunOrder {
  by: 'STARTED_AT' | 'METRIC';
  metricKey?: string | null;
  direction: 'ASC' | 'DESC';
}

function checkTime(check: InputCheck, field: string, value: string | number | null | undefined): number {
  if (value === null || value === undefined) return Date.now();
  const ms = typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) check.fail(field, `"${value}" is not a date-time`);
  return ms;
}

function checkKeyValues(check: InputCheck, field: 'params' | 'tags', list: KeyValue[] | null | undefined, max: number) {
  const longest = field === 'params' ? LIMITS.paramValue : LIMITS.tagValue;
  const seen = new Map<string, string>();
  check.list(field, list, max).forEach((kv, i) => {
    const key = check.text(`${field}[${i}].key`, kv.key, LIMITS.paramKey);
    if (key && !KEY.test(key))
      check.fail(`${field}[${i}].key`, `"${key}" may hold letters, digits, spaces and _ - . / :`);
    const value = typeof kv.value === 'string' ? kv.value : '';
    if (typeof kv.value !== 'string') check.fail(`${field}[${i}].value`, 'must be a string');
    const tooLarge = tooLargeToIndex(key, value);
    if (longerThan(value, longest)) check.fail(`${field}[${i}].value`, `is longer than ${longest} characters`);
    else if (tooLarge) check.fail(`${field}[${i}].value`, tooLarge);
    if (seen.has(key) && seen.get(key) !== value) check.fail(`${field}[${i}]`, `gives "${key}" two different values`);
    seen.set(key, value);
  });
  return [...seen].map(([key, value]) => ({ key, value }));
}

/** Checks a batch's metric points; returns them by point id (a point given twice is one). */
function checkMetricPoints(check: InputCheck, runId: string, metrics: MetricInput[]): Map<string, MetricPointWrite> {
  const points = new Map<string, MetricPointWrite>();
  check.list('metrics', metrics, LIMITS.metricsPerCall).forEach((metric, i) => {
    const key = check.text(`metrics[${i}].key`, metric.key, LIMITS.paramKey);
    if (key && !KEY.test(key))
      check.fail(`metrics[${i}].key`, `"${key}" may hold letters, digits, spaces and _ - . / :`);
    if (typeof metric.value !== 'number') check.fail(`metrics[${i}].value`, 'must be a number');
    const step = check.number(`metrics[${i}].step`, metric.step, { integer: true }) ?? 0;
    const timestamp = checkTime(check, `metrics[${i}].timestamp`, metric.timestamp);
    const metricId = ids.metric(runId, key);
    const value = metric.value;
    points.set(metricPointId(metricId, step, timestamp, value), { metricId, key, value, step, timestamp });
  });
  return points;
}

/** A batch's audit action, named for what it holds (the common single-part calls keep their names). */
function batchAction(params: boolean, tags: boolean, metrics: boolean): string {
  if ([params, tags, metrics].filter(Boolean).length > 1) return 'run.batch-logged';
  return params ? 'run.params-logged' : tags ? 'run.tags-set' : 'run.metrics-logged';
}

async function requireRun(tx: WriteTransaction, runId: string): Promise<EntityRecord> {
  return (await resolveReferences(tx, [{ field: 'runId', id: runId, kinds: ['Run'] }])).get(runId)!;
}

/** Runs: start, parameters (write-once), metric histories, tags, finish; and the run list. */
export class RunService {
  constructor(private readonly db: GraphDatabase) {}

  async startRun(actor: string, input: StartRunInput): Promise<EntityRecord> {
    const check = new InputCheck('run');
    const experimentId = check.id('experimentId', input.experimentId, 'experiment');
    const runId = input.id ? check.id('id', input.id, 'run') : ids.run();
    if (input.id && !/^run:[A-Za-z0-9_-]{6,64}$/.test(runId))
      check.fail('id', 'must be "run:" followed by 6 to 64 letters, digits, "_" or "-"');
    // A run is owned by whom the client names, else by the user whose token started it (an mlflow
    // script, an OpenLineage producer, the SDK: their clients name no owner, the token does).
    const ownerId = input.ownerId ? check.id('ownerId', input.ownerId, 'user') : (currentPrincipal()?.userId ?? null);
    const params = checkKeyValues(check, 'params', input.params, LIMITS.params);
    const tags = checkKeyValues(check, 'tags', input.tags, LIMITS.params);
    const code = input.code ?? {};
    const environment = input.environment ?? {};
    const infrastructure = input.infrastructure ?? {};
    const accelerators = check.list('infrastructure.accelerators', infrastructure.accelerators, 64);
    const inputs = check.list('inputs', input.inputs).map((used, i) => ({
      versionId: check.text(`inputs[${i}].versionId`, used.versionId, 300),
      role: check.optionalText(`inputs[${i}].role`, used.role, LIMITS.tag) ?? null,
    }));
    const startedAt = checkTime(check, 'startedAt', input.startedAt);
    const props = {
      id: runId,
      name: check.optionalText('name', input.name, LIMITS.name) ?? runId.slice('run:'.length),
      seed: check.number('seed', input.seed, { integer: true }) ?? null,
      entryPoint: check.optionalText('entryPoint', input.entryPoint, LIMITS.uri) ?? null,
      codeRepo: check.optionalText('code.repo', code.repo, LIMITS.uri) ?? null,
      codeBranch: check.optionalText('code.branch', code.branch, LIMITS.name) ?? null,
      codeCommit: check.optionalText('code.commit', code.commit, 64) ?? null,
      codeDirty: code.dirty ?? null,
      languageVersion:
        check.optionalText('environment.languageVersion', environment.languageVersion, LIMITS.name) ?? null,
      packageLockDigest: check.optionalDigest('environment.packageLockDigest', environment.packageLockDigest) ?? null,
      imageDigest: check.optionalDigest('environment.imageDigest', environment.imageDigest) ?? null,
      instanceType: check.optionalText('infrastructure.instanceType', infrastructure.instanceType, LIMITS.name) ?? null,
      accelerators: accelerators.map((a, i) => check.text(`infrastructure.accelerators[${i}]`, a, LIMITS.name)),
      acceleratorCount:
        check.number('infrastructure.acceleratorCount', infrastructure.acceleratorCount, { integer: true, min: 0 }) ??
        accelerators.length,
      region: check.optionalText('infrastructure.region', infrastructure.region, LIMITS.name) ?? null,
    };
    if (props.codeCommit && !/^[0-9a-f]{7,64}$/i.test(props.codeCommit)) {
      check.fail('code.commit', `"${props.codeCommit}" is not a commit hash`);
    }
    const metadata = checkMetadata(check, input.metadata);
    const qualityChecks = checkQualityChecks(check, runId, 'dataQualityChecks', input.dataQualityChecks);
    check.done();

    // Plan (one read of everything the command touches) → authorise → write → audit: three round trips.
    return this.db.write(async (tx) => {
      const plan = await runsRepository.planStart(tx, experimentId, [
        experimentId,
        runId,
        ...(ownerId ? [ownerId] : []),
        ...inputs.map((used) => used.versionId),
      ]);
      const found = new Map(plan.entities.map((entity) => [entity.id, entity]));
      checkReferences(found, [
        { field: 'experimentId', id: experimentId, kinds: ['Experiment'] },
        ...(ownerId ? [{ field: 'ownerId', id: ownerId, kinds: ['User'] }] : []),
      ]);
      await authorise(tx, actor, [
        { action: 'run.started', entityId: runId, entityKind: 'Run', projectId: plan.projectId },
      ]);
      const inputReferences = inputs.map((used, i) => ({
        field: `inputs[${i}].versionId`,
        id: used.versionId,
        kinds: VERSION_KINDS,
      }));
      if (input.inputsObserved) checkReferences(found, inputReferences);
      else await checkLinks(tx, found, inputReferences);
      if (found.has(runId)) throw conflict(`A run with id "${runId}" already exists.`, { id: runId });
      const governed = checkTemplate(
        {
          label: 'Run',
          noun: 'run',
          parentId: experimentId,
          props: { ...props, ...metadata },
          ownerIds: ownerId ? [ownerId] : [],
        },
        { yaml: plan.yaml, parent: plan.parent ? { props: plan.parent, owners: plan.parentOwners } : null },
      );
      const run = await runsRepository.start(tx, {
        experimentId,
        ownerId,
        props: governed,
        startedAt: new Date(startedAt).toISOString(),
        inputs,
        params: params.map((p) => ({ ...p, id: ids.param(runId, p.key) })),
        tags: tags.map((t) => ({ ...t, id: ids.runTag(runId, t.key) })),
      });
      const { after: dataQualityChecks } = await recordQualityChecks(tx, actor, runId, qualityChecks);
      await recordAudit(tx, actor, {
        action: 'run.started',
        entityId: runId,
        entityKind: 'Run',
        after: { ...run, experimentId, ownerId, params, tags, inputs, dataQualityChecks },
      });
      return run;
    });
  }

  /** Params are write-once: the same value again is accepted, a different one refused. */
  async logParams(actor: string, runId: string, params: KeyValue[]): Promise<EntityRecord> {
    return this.logBatch(actor, runId, { params });
  }

  /** Appends a batch of metric points in one UNWIND; an exact replay of a point changes nothing. */
  async logMetrics(actor: string, runId: string, metrics: MetricInput[]): Promise<EntityRecord> {
    if (!Array.isArray(metrics) || metrics.length === 0) {
      throw new MnemoError('BAD_USER_INPUT', 'Invalid metrics: metrics must list at least one metric.');
    }
    return this.logBatch(actor, runId, { metrics });
  }

  async setTags(actor: string, runId: string, tags: KeyValue[]): Promise<EntityRecord> {
    if (!Array.isArray(tags) || tags.length === 0) {
      throw new MnemoError('BAD_USER_INPUT', 'Invalid tags: tags must list at least one tag.');
    }
    return this.logBatch(actor, runId, { tags });
  }

  /**
   * Params, tags and metric points of a run in one transaction with one audit event (MLflow's
   * log_batch, the SDK's flushes): all of it is written, or, if any part is refused, none of it.
   * Params are write-once; tags may change; metric histories are append-only: a point is its step,
   * time and value (metricPointId), and a point recorded already changes nothing.
   */
  async logBatch(
    actor: string,
    runId: string,
    batch: { params?: KeyValue[] | null; tags?: KeyValue[] | null; metrics?: MetricInput[] | null },
  ): Promise<EntityRecord> {
    const check = new InputCheck('run batch');
    check.id('runId', runId, 'run');
    const params = checkKeyValues(check, 'params', batch.params, LIMITS.params);
    const tags = checkKeyValues(check, 'tags', batch.tags, LIMITS.params);
    const points = checkMetricPoints(check, runId, batch.metrics ?? []);
    check.done();

    // Lock and read (one round trip) → authorise → the writes with their audit event (one round trip).
    return this.db.write(async (tx) => {
      const state = await runsRepository.lockForBatch(tx, runId, [...points.values()], {
        paramKeys: params.map((p) => p.key),
        tagKeys: tags.map((t) => t.key),
      });
      if (!state) throw (await requireRun(tx, runId), notFound('run', runId)); // says why: missing, or not a run
      const { run, params: storedParams, tags: storedTags, existingPoints: existing } = state;
      await authorise(tx, actor, [
        {
          action: batchAction(params.length > 0, tags.length > 0, points.size > 0),
          entityId: runId,
          entityKind: 'Run',
          projectId: state.projectId,
        },
      ]);
      // As MLflow: a deleted (archived) run takes nothing more until it is restored.
      if (run.archivedAt) throw conflict(`Run "${runId}" is archived (deleted); restore it to log to it.`);

      const paramValues = new Map(storedParams.map((p) => [p.key, p.value]));
      const changedParams = params.filter((p) => paramValues.has(p.key) && paramValues.get(p.key) !== p.value);
      if (changedParams.length > 0) {
        throw new MnemoError(
          'IMMUTABLE_VERSION',
          `Params are write-once; ${changedParams
            .map((p) => `"${p.key}" is already "${paramValues.get(p.key)}", refusing "${p.value}"`)
            .join('; ')}.`,
          { keys: changedParams.map((p) => p.key) },
        );
      }

      const addedParams = params.filter((p) => !paramValues.has(p.key));
      const tagsBefore = Object.fromEntries(storedTags.map((t) => [t.key, t.value]));
      const changedTags = tags.filter((t) => tagsBefore[t.key] !== t.value);
      const fresh = [...points].filter(([id]) => !existing.has(id)).map(([, point]) => point);
      if (addedParams.length === 0 && changedTags.length === 0 && fresh.length === 0) return run;

      // The writes and their audit event go out together: one round trip before the commit, not four.
      await together([
        runsRepository.addParams(
          tx,
          runId,
          addedParams.map((p) => ({ ...p, id: ids.param(runId, p.key) })),
        ),
        runsRepository.setTags(
          tx,
          runId,
          changedTags.map((t) => ({ ...t, id: ids.runTag(runId, t.key) })),
        ),
        runsRepository.addMetricPoints(tx, runId, fresh),
        recordAudit(
          tx,
          actor,
          {
            action: batchAction(addedParams.length > 0, changedTags.length > 0, fresh.length > 0),
            entityId: runId,
            entityKind: 'Run',
            ...(changedTags.length
              ? { before: { tags: Object.fromEntries(changedTags.map((t) => [t.key, tagsBefore[t.key] ?? null])) } }
              : {}),
            after: {
              ...(addedParams.length ? { params: addedParams } : {}),
              ...(changedTags.length ? { tags: Object.fromEntries(changedTags.map((t) => [t.key, t.value])) } : {}),
              ...(fresh.length ? { points: fresh.length, keys: [...new Set(fresh.map((p) => p.key))] } : {}),
            },
          },
          { now: true },
        ),
      ]);
      return run;
    });
  }

  async deleteTag(actor: string, runId: string, key: string): Promise<EntityRecord> {
    return this.db.write(async (tx) => {
      const run = await requireRun(tx, runId);
      await authorise(tx, actor, [{ action: 'run.tag-deleted', entityId: runId, entityKind: 'Run' }]);
      const row = await runsRepository.deleteTag(tx, runId, key);
      if (!row) throw new MnemoError('NOT_FOUND', `Run "${runId}" has no tag "${key}".`);
      await recordAudit(tx, actor, {
        action: 'run.tag-deleted',
        entityId: runId,
        entityKind: 'Run',
        before: { [key]: row.value },
        after: { [key]: null },
      });
      return run;
    });
  }

  /**
   * Versions a run used, recorded after it started (clients that log inputs as they read them).
   * An input already recorded is accepted and changes nothing; a version the run generated is refused.
   */
  async recordInputs(
    actor: string,
    runId: string,
    inputs: { versionId: string; role?: string | null }[],
    /** As StartRunInput.inputsObserved: found by OpenLineage's (namespace, name), not named by id. */
    options: { observed?: boolean } = {},
  ): Promise<EntityRecord> {
    const check = new InputCheck('run inputs');
    check.id('runId', runId, 'run');
    const wanted = new Map<string, string | null>();
    check.list('inputs', inputs).forEach((used, i) => {
      const versionId = check.text(`inputs[${i}].versionId`, used.versionId, 300);
      wanted.set(versionId, check.optionalText(`inputs[${i}].role`, used.role, LIMITS.tag) ?? null);
    });
    if (wanted.size === 0) check.fail('inputs', 'must list at least one version');
    check.done();
    return this.db.write(async (tx) => {
      const versionIds = [...wanted.keys()];
      const found = await resolveReferences(tx, [{ field: 'runId', id: runId, kinds: ['Run'] }]);
      await authorise(tx, actor, [{ action: 'run.inputs-recorded', entityId: runId, entityKind: 'Run' }]);
      const inputReferences = versionIds.map((id, i) => ({
        field: `inputs[${i}].versionId`,
        id,
        kinds: VERSION_KINDS,
      }));
      if (options.observed) await resolveReferences(tx, inputReferences);
      else await resolveLinks(tx, inputReferences);
      const generators = await lineageRepository.generatedBy(tx, versionIds);
      const own = generators.filter((row) => row.related.some((r) => r.id === runId)).map((row) => row.id);
      if (own.length > 0) {
        throw new MnemoError('BAD_USER_INPUT', `A run cannot use what it generated: ${own.join(', ')}.`);
      }
      const added = await runsRepository.recordInputs(
        tx,
        runId,
        versionIds.map((versionId) => ({ versionId, role: wanted.get(versionId) ?? null })),
      );
      if (added.length > 0) {
        await recordAudit(tx, actor, {
          action: 'run.inputs-recorded',
          entityId: runId,
          entityKind: 'Run',
          after: { inputs: added },
        });
      }
      return found.get(runId)!;
    });
  }

  /**
   * Moves a run's start earlier: event-driven clients (OpenLineage) may deliver a run's START after
   * its end. A later time than the recorded start changes nothing.
   */
  async backdateStart(actor: string, runId: string, startedAt: string): Promise<void> {
    const check = new InputCheck('run start');
    check.id('runId', runId, 'run');
    const ms = checkTime(check, 'startedAt', startedAt);
    check.done();
    await this.db.write(async (tx) => {
      const before = await requireRun(tx, runId);
      await authorise(tx, actor, [{ action: 'run.start-backdated', entityId: runId, entityKind: 'Run' }]);
      const rows = await runsRepository.backdateStart(tx, runId, new Date(ms).toISOString());
      if (rows.length === 0) return;
      await recordAudit(tx, actor, {
        action: 'run.start-backdated',
        entityId: runId,
        entityKind: 'Run',
        before: { startedAt: before.startedAt },
        after: { startedAt: new Date(ms).toISOString() },
      });
    });
  }

  /**
   * Runs an ended run again: a client resuming it (MLflow's `start_run(run_id=...)` sets it RUNNING)
   * logs more into it, and it ends again with finishRun. A run that is running is left as it is.
   */
  async resumeRun(actor: string, runId: string): Promise<EntityRecord> {
    return this.db.write(async (tx) => {
      const before = (await resolveReferences(tx, [{ field: 'runId', id: runId, kinds: ['Run'] }])).get(runId)!;
      await authorise(tx, actor, [{ action: 'run.resumed', entityId: runId, entityKind: 'Run' }]);
      if (before.status === 'RUNNING') return before;
      const run = await runsRepository.resume(tx, runId);
      await recordAudit(tx, actor, {
        action: 'run.resumed',
        entityId: runId,
        entityKind: 'Run',
        before: { status: before.status, endedAt: before.endedAt ?? null },
        after: { status: 'RUNNING' },
      });
      return run;
    });
  }

  /** A run's outputs are neither what it used nor what another run generated (a version has one producer). */
  private async checkOutputs(tx: WriteTransaction, runId: string, outputIds: string[]): Promise<void> {
    const generators = await lineageRepository.generatedBy(tx, outputIds);
    const [usage] = await lineageRepository.inputsOfRuns(tx, [runId]);
    const used = outputIds.filter((id) => usage?.inputs.some((input) => input.version.id === id));
    if (used.length > 0) {
      throw new MnemoError('BAD_USER_INPUT', `A run cannot generate what it used: ${used.join(', ')}.`);
    }
    const claimed = generators.filter((row) => row.related.some((r) => r.id !== runId));
    if (claimed.length > 0) {
      throw new MnemoError(
        'IMMUTABLE_VERSION',
        `Already generated by another run: ${claimed.map((row) => `${row.id} (by ${row.related[0].id})`).join(', ')}.`,
      );
    }
  }

  /**
   * Ends a run. `planned` is the run as the caller's own plan read it in this transaction, with its
   * project (an OpenLineage COMPLETE's plan): when the run names no outputs, nothing else needs reading.
   */
  async finishRun(
    actor: string,
    input: FinishRunInput,
    planned?: { run: EntityRecord; projectId: string },
  ): Promise<EntityRecord> {
    const check = new InputCheck('run finish');
    const runId = check.id('runId', input.runId, 'run');
    const status = input.status as RunStatus;
    if (!RUN_STATUSES.includes(status) || status === 'RUNNING') {
      check.fail('status', `must be FINISHED, FAILED or KILLED; got "${input.status}"`);
    }
    const outputIds = [...new Set(check.list('outputIds', input.outputIds))];
    const computeCostUsd = check.number('computeCostUsd', input.computeCostUsd, { min: 0 }) ?? null;
    const endedAt = checkTime(check, 'endedAt', input.endedAt);
    const qualityChecks = checkQualityChecks(check, runId, 'dataQualityChecks', input.dataQualityChecks);
    check.done();
    return this.db.write(async (tx) => {
      const known = planned && outputIds.length === 0 && planned.run.id === runId ? planned : undefined;
      const before = known
        ? known.run
        : (
            await resolveReferences(tx, [
              { field: 'runId', id: runId, kinds: ['Run'] },
              ...outputIds.map((id, i) => ({ field: `outputIds[${i}]`, id, kinds: OUTPUT_KINDS })),
            ])
          ).get(runId)!;
      await authorise(tx, actor, [
        { action: 'run.finished', entityId: runId, entityKind: 'Run', projectId: known?.projectId },
      ]);
      if (before.status !== 'RUNNING') throw conflict(`Run "${runId}" has already ended with status ${before.status}.`);
      if (outputIds.length > 0) await this.checkOutputs(tx, runId, outputIds);
      if (Date.parse(String(before.startedAt)) > endedAt) {
        throw new MnemoError('BAD_USER_INPUT', `endedAt is before the run started (${before.startedAt}).`);
      }
      const run = await runsRepository.finish(tx, {
        runId,
        status,
        endedAt: new Date(endedAt).toISOString(),
        computeCostUsd,
        outputIds,
      });
      const checks = await recordQualityChecks(tx, actor, runId, qualityChecks);
      await recordAudit(tx, actor, {
        action: 'run.finished',
        entityId: runId,
        entityKind: 'Run',
        before: { status: before.status, ...(checks.before.length > 0 ? { dataQualityChecks: checks.before } : {}) },
        after: {
          status,
          endedAt: run.endedAt,
          computeCostUsd,
          outputIds,
          ...(checks.after.length > 0 ? { dataQualityChecks: checks.after } : {}),
        },
      });
      return run;
    });
  }

  async page(
    filter: RunFilter,
    order: RunOrder,
    first?: number | null,
    after?: string | null,
  ): Promise<Page<EntityRecord>> {
    const size = pageSize(first);
    const cursor = decodeCursor(after);
    if (cursor && typeof cursor.key !== 'number')
      throw new MnemoError('BAD_USER_INPUT', 'That cursor is not from a runs page.');
    if (order.by === 'METRIC' && !order.metricKey) {
      throw new MnemoError('BAD_USER_INPUT', 'orderBy.metricKey is required when ordering by METRIC.');
    }
    const values: RunFilterValues = {
      experimentId: filter.experimentId ?? null,
      projectId: filter.projectId ?? null,
      status: filter.status ?? null,
      archived: filter.archived ?? null,
      ownerId: filter.ownerId ?? null,
      tagKey: filter.tag?.key ?? null,
      tagValue: filter.tag?.value ?? null,
      params: filter.params ?? [],
      metrics: filter.metrics ?? [],
    };
    if (values.projectId) await assertMayReadProject(this.db, values.projectId);
    if (values.experimentId) await readGuard(this.db).assertReadable(values.experimentId);
    const rows = await runsRepository.page(
      this.db,
      values,
      { sortMetric: order.by === 'METRIC' ? order.metricKey! : null, descending: order.direction === 'DESC' },
      cursor ? { key: cursor.key as number, id: cursor.id } : null,
      size + 1,
    );
    const keys = new Map(rows.map((row) => [row.run.id, row.sortKey]));
    return toPage(
      rows.map((row) => row.run),
      size,
      (run) => keys.get(run.id)!,
    );
  }
}
