import { authorise } from '../access/authorise';
import { readGuard } from '../access/read-access';
import { recordAudit } from '../audit/record-audit';
import type { CatalogService } from '../catalog/catalog.service';
import type { ColumnDerivation, ColumnService } from '../columns/columns.service';
import { slugFor } from '../datasources/data-source-of';
import type { DataSourceService } from '../datasources/datasources.service';
import type { MetadataService } from '../governance/templates/metadata.service';
import type { Services } from '../context';
import type { DataQualityCheckInput } from '../governance/templates/quality-checks';
import { runCommand } from '../platform/command';
import { ignoreConflict, MnemoError } from '../platform/errors';
import { ids, slugOf as projectSlug, sha256Hex } from '../platform/ids';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import { cutToFitIndex } from '../platform/validation';
import type { RunService } from '../runs/runs.service';
import { PROCESSING_TYPE_TAG } from '../runs/runs.types';
import { VERSION_SPECS, type VersionService } from '../versions/versions.service';
import {
  UUID,
  type DatasetRef,
  type EventType,
  type Facets,
  type JobRef,
  type LineageEvent,
} from './openlineage-event';
import { NamespaceProjectsFile } from './namespace-projects';
import { type EventPlan, type OpenLineageEventRecord, openlineageRepository } from './openlineage.repository';

const FINAL_STATUS: Partial<Record<EventType, string>> = { COMPLETE: 'FINISHED', FAIL: 'FAILED', ABORT: 'KILLED' };
/** Run facets worth a tag of their own (the whole event is kept too). */
const TAGGED_FACETS: [facet: string, field: string, tag: string][] = [
  ['errorMessage', 'message', 'openlineage.errorMessage'],
  ['errorMessage', 'programmingLanguage', 'openlineage.errorLanguage'],
  ['nominalTime', 'nominalStartTime', 'openlineage.nominalStartTime'],
  ['processing_engine', 'name', 'openlineage.engine'],
];
const TAG_VALUE_LIMIT = 6_000;
/** The audit action of nesting a run (and its job's experiment) under its parent's. */
export const RUN_NESTED = 'run.parent-linked';
/** The audit action of keeping an event (its facets verbatim) with what it describes. */
export const EVENT_RECORDED = 'openlineage.event-recorded';

export type { OpenLineageEventRecord };

export interface IngestResult {
  /** false when the same event (run, type, time) had been ingested before: nothing changed. */
  recorded: boolean;
  tolerated: string[];
}

/**
 * OpenLineage events onto Mnemo's domain services: a job is an Experiment (the run family), a run a
 * Run, datasets dataset versions USED by the run or GENERATED_BY it and DERIVED_FROM its inputs.
 * Metadata is additive, so events may arrive in any order and end in the same graph; each event is
 * kept verbatim (facets included) and ingested once.
 */
export class OpenLineageService {
  private readonly catalog: CatalogService;
  private readonly columns: ColumnService;
  private readonly dataSources: DataSourceService;
  private readonly metadata: MetadataService;
  private readonly runs: RunService;
  private readonly versions: VersionService;
  /** The admin's namespace → project mapping (governance/openlineage.yaml). */
  private readonly namespaceProjects = new NamespaceProjectsFile();

  constructor(
    private readonly db: GraphDatabase,
    services: Pick<Services, 'catalog' | 'columns' | 'dataSources' | 'metadata' | 'runs' | 'versions'>,
  ) {
    this.catalog = services.catalog;
    this.columns = services.columns;
    this.dataSources = services.dataSources;
    this.metadata = services.metadata;
    this.runs = services.runs;
    this.versions = services.versions;
  }

  /** The events kept about a run, experiment, dataset or dataset version, oldest first. */
  async eventsOf(id: string): Promise<OpenLineageEventRecord[]> {
    await readGuard(this.db).assertReadable(id);
    return openlineageRepository.eventsOf(this.db, id);
  }

  /**
   * Ingests one event as one command: everything it implies (projects, datasets, the experiment,
   * the run, versions, inputs, derivations, tags, status) and the event itself are written in one
   * transaction with their audit events, or nothing is. Concurrent events decide through the
   * database: when two create the same thing (or two replicas take the same event at once), the
   * loser meets a uniqueness constraint, rolls back whole, and starts over, finding what the winner
   * created (or that the event is already recorded).
   */
  async ingest(actor: string, event: LineageEvent, payload: unknown): Promise<IngestResult> {
    return runCommand(this.db, () => this.ingestOnce(actor, event, payload));
  }

  private async ingestOnce(actor: string, given: LineageEvent, payload: unknown): Promise<IngestResult> {
    const key = eventKey(given, payload);
    const event = withColumnLineageInputs(withSymlinkIdentities(given));
    const plan = await this.plan(key, event);
    if (plan.seen) return { recorded: false, tolerated: event.tolerated };
    const known: Known = new Map(plan.entities.map((entity) => [entity.id, entity]));
    // Versions the plan found by other ways than their id: the latest of each input, those the run used.
    for (const { id } of [...plan.latest, ...plan.used]) if (!known.has(id)) known.set(id, null);
    // What the event describes: its run (or job, or dataset) first, then the versions it named.
    const subjectIds: string[] = [];
    const projectId = await this.ensureProject(actor, projectNamespaceOf(event), known);
    if (event.kind === 'dataset') {
      subjectIds.push(await this.ensureDataset(actor, event.dataset, projectId, known));
    } else {
      const experimentId = await this.ensureExperiment(actor, event.job, projectId, known);
      if (event.kind === 'job') {
        subjectIds.push(experimentId);
        for (const dataset of [...event.inputs, ...event.outputs]) {
          subjectIds.push(await this.ensureDataset(actor, dataset, projectId, known));
        }
      } else {
        const runExisted = known.has(runIdOf(event.runId));
        const named = await this.ingestRun(actor, experimentId, projectId, event, known, plan);
        const awaited = plan.awaited && !runExisted;
        await this.nest(actor, event, { runId: named[0], experimentId, projectId, awaited }, known);
        subjectIds.push(...named);
        // The data-quality assertions on its inputs (dbt tests) become the run's checks of those versions.
        const inputIds = named.slice(1, 1 + event.inputs.length);
        const checks = assertionChecks(event, inputIds);
        if (checks.length) await this.metadata.recordDataQualityChecks(actor, named[0], checks);
        // Which input columns each output column was computed from (the columnLineage facet).
        const outputIds = named.slice(1 + event.inputs.length);
        for (const [i, output] of event.outputs.entries()) {
          const derivations = columnDerivations(output, outputIds[i], inputIds);
          if (derivations.length) await this.columns.recordLineage(actor, outputIds[i], derivations);
        }
      }
    }
    const [subjectId] = subjectIds;
    const subjectKind = event.kind === 'run' ? 'Run' : event.kind === 'job' ? 'Experiment' : 'Dataset';
    const record = {
      id: key,
      eventType: event.kind === 'run' ? event.eventType : event.kind.toUpperCase(),
      eventTime: event.eventTime,
    };
    // Keeping the event is a write of its own, authorised on what it describes (an existing run's
    // project, when nothing else in the event changed anything).
    // A run's project is known without a lookup: the plan read it, or the run was started just now in
    // the job's project; so is a job's (its experiment's id is made from the project).
    const subjectProjectId =
      event.kind === 'run' ? (plan.runProjectId ?? projectId) : event.kind === 'job' ? projectId : undefined;
    await this.db.write(async (tx) => {
      await authorise(tx, actor, [
        { action: EVENT_RECORDED, entityId: subjectId, entityKind: subjectKind, projectId: subjectProjectId },
      ]);
      await openlineageRepository.recordEvent(tx, [...new Set(subjectIds)], {
        ...record,
        payload: JSON.stringify(payload),
      });
      await recordAudit(tx, actor, {
        action: EVENT_RECORDED,
        entityId: subjectId,
        entityKind: subjectKind,
        after: record,
      });
    });
    return { recorded: true, tolerated: event.tolerated };
  }

  private async ingestRun(
    actor: string,
    experimentId: string,
    projectId: string,
    event: Extract<LineageEvent, { kind: 'run' }>,
    known: Known,
    plan: EventPlan,
  ) {
    const runId = runIdOf(event.runId);
    const run = known.get(runId);
    if (run && run.kind !== 'Run') throw new MnemoError('CONFLICT', `${runId} is already a ${run.kind}.`);
    const datasets: { id: string; created: boolean }[] = [];
    for (const input of event.inputs) datasets.push(await this.datasetFor(actor, input, projectId, known));
    const labels = await this.inputLabels(event.inputs, plan, datasets, event.eventTime);
    const inputIds: string[] = [];
    for (const [i, input] of event.inputs.entries()) {
      const observed = { writtenAt: event.eventTime };
      inputIds.push((await this.ensureVersion(actor, input, labels[i], projectId, known, observed)).id);
    }
    if (!run) {
      const outputIds = await this.startRun(actor, experimentId, projectId, runId, event, known, inputIds);
      return [runId, ...inputIds, ...outputIds];
    }

    // A run that exists: only what the event adds to it is written.
    const used = new Set(plan.used.map((version) => version.id));
    const newInputs = inputIds.filter((id) => !used.has(id));
    if (newInputs.length)
      await this.runs.recordInputs(
        actor,
        runId,
        newInputs.map((versionId) => ({ versionId })),
        { observed: true },
      );
    // What the run's outputs derive from: every dataset version it used, whichever event named it
    // (START and COMPLETE may list different inputs and arrive in either order).
    // An observed version the run used is left out when this event resolved its dataset to a
    // written one instead: the write arrived meanwhile and re-pointed the run's read.
    const superseded = (id: string) =>
      /@s-[^@]*$/.test(id) &&
      inputIds.some((input) => input !== id && datasetOfVersion(input) === datasetOfVersion(id));
    const sources = [
      ...new Set([
        ...plan.used.filter((v) => v.kind === 'DatasetVersion' && !superseded(v.id)).map((v) => v.id),
        ...inputIds,
      ]),
    ];
    const outputIds: string[] = [];
    for (const output of event.outputs) {
      const label = outputVersionLabel(output);
      const version = await this.ensureVersion(actor, output, label, projectId, known, {
        generatedBy: runId,
        sources,
        writtenAt: event.eventTime,
      });
      if (!version.created && !plan.generated.some((generated) => generated.id === version.id)) {
        await this.reuseOutput(actor, version.id, runId, sources);
      }
      outputIds.push(version.id);
    }
    for (const output of plan.generated.filter((v) => v.kind === 'DatasetVersion')) {
      const missing = sources.filter((id) => id !== output.id && !output.derivedFrom.includes(id));
      if (missing.length) await this.versions.addDerivations(actor, VERSION_SPECS.DatasetVersion, output.id, missing);
    }

    const stored = new Map(plan.tags.map((tag) => [tag.key, tag.value]));
    const tags = runTags(event).filter((tag) => stored.get(tag.key) !== tag.value);
    if (tags.length) await this.runs.setTags(actor, runId, tags);

    const status = FINAL_STATUS[event.eventType];
    if (event.eventType === 'START') await this.runs.backdateStart(actor, runId, event.eventTime);
    if (status && run.status === 'RUNNING') {
      await this.runs.finishRun(
        actor,
        { runId, status, endedAt: laterOf(event.eventTime, run.startedAt) },
        plan.runProjectId ? { run, projectId: plan.runProjectId } : undefined,
      );
    }
    return [runId, ...inputIds, ...outputIds];
  }

  /**
   * A run the event introduces: started with its inputs and tags in one write, its outputs registered
   * as generated by it and derived from those inputs, and ended when the event is a final one.
   * Returns the outputs' version ids.
   */
  private async startRun(
    actor: string,
    experimentId: string,
    projectId: string,
    runId: string,
    event: Extract<LineageEvent, { kind: 'run' }>,
    known: Known,
    inputIds: string[],
  ): Promise<string[]> {
    await this.runs.startRun(actor, {
      experimentId,
      id: runId,
      name: `${event.job.name} ${event.runId.slice(0, 8)}`,
      startedAt: event.eventTime,
      inputs: inputIds.map((versionId) => ({ versionId })),
      inputsObserved: true,
      tags: [
        { key: 'openlineage.runId', value: event.runId },
        { key: 'openlineage.job', value: `${event.job.namespace}/${event.job.name}`.slice(0, TAG_VALUE_LIMIT) },
        ...runTags(event),
      ],
    });
    const outputIds: string[] = [];
    for (const output of event.outputs) {
      const sources = inputIds.filter((id) => !outputIds.includes(id));
      const label = outputVersionLabel(output);
      const version = await this.ensureVersion(actor, output, label, projectId, known, {
        generatedBy: runId,
        sources,
        writtenAt: event.eventTime,
      });
      // A version registered before (the same content written by another run): this run generated
      // it too, and it derives from what this run used as well.
      if (!version.created) await this.reuseOutput(actor, version.id, runId, sources);
      outputIds.push(version.id);
    }
    const status = FINAL_STATUS[event.eventType];
    if (status) await this.runs.finishRun(actor, { runId, status, endedAt: event.eventTime });
    return outputIds;
  }

  /**
   * Nests the run under the run its parent facet names (a dbt model's run under the dbt invocation's,
   * an Airflow task's under its DAG run's), and its job's experiment under the parent job's, which is
   * made when it is not there yet and its project exists (a parent that never arrives still heads the
   * tree). A run seen for the first time adopts the runs that named it before it arrived.
   */
  private async nest(
    actor: string,
    event: Extract<LineageEvent, { kind: 'run' }>,
    run: { runId: string; experimentId: string; projectId: string; awaited: boolean },
    known: Known,
  ): Promise<void> {
    const parent = parentOf(event);
    // Nothing to nest: no parent named, and no child waiting for this run (the plan read says).
    if (!parent && !run.awaited) return;
    let parentExperimentId: string | null = null;
    if (parent?.job) {
      const parentProjectId = this.projectIdOf(parent.job.namespace);
      if (known.has(parentProjectId)) {
        parentExperimentId = await this.ensureExperiment(actor, { ...parent.job, facets: {} }, parentProjectId, known);
      }
    }
    await this.db.write(async (tx) => {
      await authorise(tx, actor, [
        { action: RUN_NESTED, entityId: run.runId, entityKind: 'Run', projectId: run.projectId },
      ]);
      const linked = await openlineageRepository.linkHierarchy(tx, {
        runId: run.runId,
        experimentId: run.experimentId,
        parentRunId: parent?.runId ?? null,
        parentExperimentId,
      });
      if (linked.newParent || linked.newPart || linked.adopted.length > 0) {
        await recordAudit(tx, actor, {
          action: RUN_NESTED,
          entityId: run.runId,
          entityKind: 'Run',
          after: {
            parentRunId: linked.newParent ? parent?.runId : undefined,
            experimentPartOf: linked.newPart ? parentExperimentId : undefined,
            adoptedChildRunIds: linked.adopted.length ? linked.adopted : undefined,
          },
        });
      }
    });
  }

  /**
   * The label of the version a run read of each input (inputVersionLabel). When that is an observed
   * version (the plan found no written one current at the event's time, or the run's START used
   * one), a write of the table may have committed since the plan's read, or be committing in
   * another command at that moment: the datasets' locks are taken and the question asked again, in
   * one statement for all of them, so concurrent out-of-order events still link (the writer, when it
   * commits second, re-points this read instead: versions.supersedeObserved). Only a dataset this
   * command registered itself needs no second look: nobody else can have written a version of it.
   */
  private async inputLabels(
    inputs: DatasetRef[],
    plan: EventPlan,
    datasets: { id: string; created: boolean }[],
    at: string,
  ): Promise<string[]> {
    const labels = inputs.map((input) => inputVersionLabel(input, plan));
    const asked = (i: number) =>
      labels[i].startsWith('s-') && declaredLabel(inputs[i]) === undefined && !datasets[i].created;
    const written = await this.versions.writtenCurrentAt(
      datasets.filter((_, i) => asked(i)).map((dataset) => dataset.id),
      at,
    );
    return labels.map((label, i) => {
      const version = asked(i) ? written.get(datasets[i].id) : undefined;
      return version ? labelOf(version) : label;
    });
  }

  /** An output version written before with the same content: this run generated it too, from its inputs. */
  private async reuseOutput(actor: string, versionId: string, runId: string, sources: string[]): Promise<void> {
    await this.versions.addGenerator(actor, versionId, runId);
    const others = sources.filter((id) => id !== versionId);
    if (others.length) await this.versions.addDerivations(actor, VERSION_SPECS.DatasetVersion, versionId, others);
  }

  /**
   * The plan's one read: whether the event was ingested already, what exists of everything it names
   * (projects, experiment, run, datasets, versions), and what its run holds already.
   */
  private async plan(key: string, event: LineageEvent): Promise<EventPlan> {
    const wanted = new Set<string>();
    wanted.add(this.projectIdOf(projectNamespaceOf(event)));
    const dataset = (ref: DatasetRef, label?: string) => {
      const datasetId = datasetIdOf(ref);
      wanted.add(datasetId);
      for (const owner of ownersNamed(ref.facets)) wanted.add(owner);
      if (label) wanted.add(ids.version(datasetId, label));
      return datasetId;
    };
    const inputDatasetIds: string[] = [];
    if (event.kind === 'dataset') dataset(event.dataset);
    else {
      const projectId = this.projectIdOf(event.job.namespace);
      wanted.add(ids.experiment(projectSlug(projectId), slugFor(event.job.name)));
      for (const owner of ownersNamed(event.job.facets)) wanted.add(owner);
      const parent = event.kind === 'run' ? parentOf(event) : undefined;
      if (parent?.job) {
        const parentProjectId = this.projectIdOf(parent.job.namespace);
        wanted.add(parentProjectId).add(ids.experiment(projectSlug(parentProjectId), slugFor(parent.job.name)));
      }
      if (event.kind === 'run') wanted.add(runIdOf(event.runId));
      const run = event.kind === 'run';
      for (const ref of event.inputs)
        inputDatasetIds.push(dataset(ref, run ? (declaredLabel(ref) ?? sourceLabel(ref)) : undefined));
      for (const ref of event.outputs) dataset(ref, run ? outputVersionLabel(ref) : undefined);
    }
    return openlineageRepository.planEvent(
      this.db,
      key,
      [...wanted],
      event.kind === 'run' ? runIdOf(event.runId) : null,
      inputDatasetIds,
      event.kind === 'run' ? event.eventTime : null,
    );
  }

  /** The dataset version of that label, registered unless it exists. */
  private async ensureVersion(
    actor: string,
    dataset: DatasetRef,
    label: string,
    projectId: string,
    known: Known,
    lineage: { generatedBy?: string; sources?: string[]; writtenAt?: string } = {},
  ): Promise<{ id: string; created: boolean }> {
    const datasetId = await this.ensureDataset(actor, dataset, projectId, known);
    const versionId = ids.version(datasetId, label);
    if (known.has(versionId)) return { id: versionId, created: false };
    const schema = JSON.stringify(dataset.facets.schema ?? null);
    const version = await this.versions
      .register(actor, VERSION_SPECS.DatasetVersion, {
        parentId: datasetId,
        version: label,
        digest: `sha256:${sha256Hex('openlineage-dataset', dataset.namespace, dataset.name, label, schema)}`,
        uri: datasetUri(dataset),
        rowCount: rowCountOf(dataset),
        schema: dataset.columns,
        columnStats: dataset.columnStats,
        generatedByRunId: lineage.generatedBy ?? null,
        derivedFromIds: (lineage.sources ?? []).filter((id) => id !== versionId),
        derivedFromObserved: true,
        writtenAt: lineage.writtenAt ?? null,
      })
      .catch((error) => {
        if (error instanceof MnemoError && error.code === 'IMMUTABLE_VERSION') return null; // registered meanwhile
        throw error;
      });
    known.set(versionId, null);
    // A write that arrives after reads it came before: those reads become reads of it.
    if (version && lineage.generatedBy) await this.versions.supersedeObserved(actor, version.id, projectId);
    return { id: version?.id ?? versionId, created: version !== null };
  }

  /**
   * A dataset is its (namespace, name) wherever an event mentions it: its id comes from its data
   * source and name alone. The first event that mentions it puts it in that event's project (the
   * job's) and in its data source.
   */
  private async ensureDataset(actor: string, dataset: DatasetRef, projectId: string, known: Known): Promise<string> {
    return (await this.datasetFor(actor, dataset, projectId, known)).id;
  }

  /**
   * The dataset, registered unless it exists; created says whether this command registered it (a
   * dataset found only now, created by another command since the plan's read, was not).
   */
  private async datasetFor(
    actor: string,
    dataset: DatasetRef,
    projectId: string,
    known: Known,
  ): Promise<{ id: string; created: boolean }> {
    const id = datasetIdOf(dataset);
    if (known.has(id)) return { id, created: false };
    const created = await this.catalog
      .registerAsset(
        actor,
        'Dataset',
        {
          projectId,
          slug: slugFor(dataset.name),
          name: dataset.name.slice(0, 200),
          description: (documented(dataset.facets) ?? `OpenLineage dataset in namespace ${dataset.namespace}`).slice(
            0,
            10_000,
          ),
          ownerIds: knownOwners(dataset.facets, known),
        },
        { props: { id, ...(dataset.aliases?.length ? { aliases: dataset.aliases } : {}) } },
      )
      .catch(ignoreConflict);
    if (created) await this.dataSources.attach(actor, dataset.namespace, [{ id, projectId }]);
    known.set(id, null);
    return { id, created: Boolean(created) };
  }

  private async ensureExperiment(actor: string, job: JobRef, projectId: string, known: Known): Promise<string> {
    const slug = slugFor(job.name);
    const id = ids.experiment(projectSlug(projectId), slug);
    if (!known.has(id)) {
      await this.catalog
        .registerAsset(actor, 'Experiment', {
          projectId,
          slug,
          name: job.name.slice(0, 200),
          description: (documented(job.facets) ?? `OpenLineage job in namespace ${job.namespace}`).slice(0, 10_000),
          ownerIds: knownOwners(job.facets, known),
        })
        .catch(ignoreConflict);
      known.set(id, null);
    }
    return id;
  }

  /** The project a namespace names: the admin's mapping's, else the project of its own slug. */
  private projectIdOf(namespace: string): string {
    return ids.project(this.namespaceProjects.current().get(namespace) ?? slugFor(namespace));
  }

  /**
   * The project a job namespace maps to: an existing project of that slug is used as is; a new one
   * is created, which needs the right to create projects (org ADMIN), and its creator becomes its ADMIN.
   */
  private async ensureProject(actor: string, namespace: string, known: Known): Promise<string> {
    const id = this.projectIdOf(namespace);
    const slug = projectSlug(id);
    if (!known.has(id)) {
      await this.catalog
        .createProjectImplicitly(actor, {
          slug,
          name: namespace.slice(0, 200),
          description: `OpenLineage namespace ${namespace}`.slice(0, 10_000),
        })
        .catch(ignoreConflict);
      known.set(id, null);
    }
    return id;
  }
}

/** Entities that exist, by id: the record when it was read, else null (created by this ingestion, or found without reading it whole). */
type Known = Map<string, EntityRecord | null>;

const runIdOf = (olRunId: string) => `run:${olRunId.toLowerCase().replace(/-/g, '')}`;

/**
 * An event is the same event when it is about the same run (or job/dataset), of the same type, at
 * the same time, with the same content: a replay changes nothing, while a producer that sends more
 * about the same moment (another input, a late facet) is merged in, additively.
 */
function eventKey(event: LineageEvent, payload: unknown): string {
  const subject = event.kind === 'run' ? `${subjectKey(event)}/${event.eventType}` : subjectKey(event);
  return `openlineage:${sha256Hex(subject, event.eventTime, canonicalJson(payload))}`;
}

/** JSON with every object's keys in order, so two serialisations of the same event are one text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** What an event is about: its run, or its job, or its dataset. */
function subjectKey(event: LineageEvent): string {
  if (event.kind === 'run') return `run/${event.runId}`;
  if (event.kind === 'job') return `job/${event.job.namespace}/${event.job.name}`;
  return `dataset/${event.dataset.namespace}/${event.dataset.name}`;
}

/** A dataset's id says where it lives: its data source's slug and its name's (`dataset:warehouse/public.orders`). */
const datasetIdOf = (ref: DatasetRef) => ids.dataset(slugFor(ref.namespace), slugFor(ref.name));
/** Which namespace names an event's project: its job's (the team that runs it), or a dataset event's own. */
const projectNamespaceOf = (event: LineageEvent) =>
  event.kind === 'dataset' ? event.dataset.namespace : event.job.namespace;

/** The dataset a version id belongs to (`dataset:src/name@label` → `dataset:src/name`). */
const datasetOfVersion = (versionId: string) => versionId.slice(0, versionId.lastIndexOf('@'));
/** A version id's label (`dataset:src/name@label` → `label`). */
const labelOf = (versionId: string) => versionId.slice(versionId.lastIndexOf('@') + 1);

/** The label of the version a producer declared (the `version` facet), or undefined. */
function declaredLabel(dataset: DatasetRef): string | undefined {
  const declared = (dataset.facets.version as Facets | undefined)?.datasetVersion;
  if (typeof declared !== 'string' || !declared) return undefined;
  const label = declared.replace(/[^A-Za-z0-9._+-]/g, '-').replace(/^[^A-Za-z0-9]+/, '');
  // Labels are kept readable; a digest keeps two declared versions apart when they clean up alike.
  if (label === declared && label.length <= 64) return label;
  return `${label.slice(0, 40) || 'v'}-${sha256Hex(declared).slice(0, 8)}`;
}

/** What an event says of a dataset's content: its schema and the statistics it declares. */
const contentOf = (dataset: DatasetRef) => [
  JSON.stringify(dataset.facets.schema ?? null),
  JSON.stringify(rowCountOf(dataset)),
  JSON.stringify(dataset.columnStats ?? null),
];

/** A version nobody wrote (a source table): one per content, however many runs read it alike. */
const sourceLabel = (dataset: DatasetRef) => `s-${sha256Hex('observed', ...contentOf(dataset)).slice(0, 16)}`;

/**
 * The version a run writes: declared, else one per content, so a run writing what the last one
 * wrote adds itself to that version's runs instead of adding a version.
 */
function outputVersionLabel(dataset: DatasetRef): string {
  return declaredLabel(dataset) ?? `w-${sha256Hex('written', ...contentOf(dataset)).slice(0, 16)}`;
}

/**
 * The version a run read of an input (issue 17: the version read is the version written): the one
 * the producer declared; else the one the run already used (START and COMPLETE both list inputs);
 * else the dataset's latest version when a run wrote it; else the dataset's version of that schema,
 * so reading an unchanged source never adds a version.
 */
function inputVersionLabel(dataset: DatasetRef, plan: EventPlan): string {
  const declared = declaredLabel(dataset);
  if (declared) return declared;
  const datasetId = datasetIdOf(dataset);
  const used = plan.used.find((version) => version.id.startsWith(`${datasetId}@`));
  if (used) return labelOf(used.id);
  const latest = plan.latest.find((version) => version.datasetId === datasetId);
  const source = sourceLabel(dataset);
  if (latest && (latest.generated || labelOf(latest.id) === source)) return labelOf(latest.id);
  return source;
}

/** An output's columnLineage facet, read once the same way everywhere: each field with its input fields, and the dataset-level inputs. */
interface ColumnLineageFacet {
  facet: Facets;
  fields: { column: string; field: Facets; inputs: Facets[] }[];
  dataset: Facets[];
}

function columnLineageOf(ref: DatasetRef): ColumnLineageFacet | undefined {
  const facet = ref.facets.columnLineage as Facets | undefined;
  if (!facet || typeof facet !== 'object') return undefined;
  const fields = facet.fields && typeof facet.fields === 'object' ? (facet.fields as Record<string, Facets>) : {};
  return {
    facet,
    fields: Object.entries(fields).map(([column, field]) => ({
      column,
      field,
      inputs: objectsIn(field?.inputFields),
    })),
    dataset: objectsIn(facet.dataset),
  };
}

/** The objects of a list a producer sent (its nulls, strings and numbers are not input fields). */
const objectsIn = (list: unknown): Facets[] =>
  Array.isArray(list) ? (list.filter((item) => item !== null && typeof item === 'object') as Facets[]) : [];

/**
 * A dataset a `symlinks` facet names otherwise (Spark names a Hive or Glue table by its storage path,
 * `s3://lake` `warehouse/orders`, with a symlink to `hive://metastore` `sales.orders`) is the dataset
 * of the symlink's identity, its table (type TABLE, else the first), so producers naming the table
 * either way meet on one dataset; the storage path is kept as its alias. Column lineage that names
 * the storage path is read as naming the table.
 */
function withSymlinkIdentities(event: LineageEvent): LineageEvent {
  if (event.kind !== 'run' && event.kind !== 'job') return event;
  const key = (namespace: unknown, name: unknown) => `${String(namespace)}\u0000${String(name)}`;
  const renamed = new Map<string, { namespace: string; name: string }>();
  const canonical = (ref: DatasetRef): DatasetRef => {
    const identifiers = (ref.facets.symlinks as Facets | undefined)?.identifiers;
    if (!Array.isArray(identifiers)) return ref;
    const named = (identifiers as Facets[]).filter(
      (id) => typeof id?.namespace === 'string' && typeof id?.name === 'string' && id.namespace && id.name,
    );
    const table = named.find((id) => id.type === 'TABLE') ?? named[0];
    if (!table || (table.namespace === ref.namespace && table.name === ref.name)) return ref;
    const identity = { namespace: String(table.namespace).slice(0, 2_000), name: String(table.name).slice(0, 2_000) };
    renamed.set(key(ref.namespace, ref.name), identity);
    return { ...ref, ...identity, aliases: [`${ref.namespace}/${ref.name}`.slice(0, 2_000)] };
  };
  const inputs = event.inputs.map(canonical);
  const outputs = event.outputs.map(canonical);
  if (renamed.size === 0) return event;
  const rename = (field: unknown) => {
    if (!field || typeof field !== 'object') return field;
    const ref = field as Facets;
    const identity = renamed.get(key(ref.namespace, ref.name));
    return identity ? { ...ref, ...identity } : ref;
  };
  const withRenamedLineage = (ref: DatasetRef): DatasetRef => {
    const lineage = columnLineageOf(ref);
    if (!lineage) return ref;
    const columnLineage = {
      ...lineage.facet,
      fields: Object.fromEntries(
        lineage.fields.map(({ column, field, inputs }) => [column, { ...field, inputFields: inputs.map(rename) }]),
      ),
      dataset: lineage.dataset.map(rename),
    };
    return { ...ref, facets: { ...ref.facets, columnLineage } };
  };
  return { ...event, inputs, outputs: outputs.map(withRenamedLineage) };
}

/**
 * A run read every dataset its outputs' columns were computed from: those the columnLineage facet
 * names and the event does not list as inputs (dbt lists a model's parent models, not the seeds its
 * SQL reads) are added as inputs without facets, so both the column and the dataset lineage reach them.
 */
function withColumnLineageInputs(event: LineageEvent): LineageEvent {
  if (event.kind !== 'run') return event;
  const listed = new Set(event.inputs.map((input) => datasetIdOf(input)));
  const added: DatasetRef[] = [];
  for (const output of event.outputs) {
    const lineage = columnLineageOf(output);
    if (!lineage) continue;
    for (const { namespace, name } of [...lineage.fields.flatMap((f) => f.inputs), ...lineage.dataset]) {
      if (typeof namespace !== 'string' || typeof name !== 'string' || !namespace || !name) continue;
      if (namespace.length > 2_000 || name.length > 2_000) continue;
      const ref: DatasetRef = { namespace, name, facets: {}, ioFacets: {} };
      const id = datasetIdOf(ref);
      if (listed.has(id) || id === datasetIdOf(output)) continue;
      listed.add(id);
      added.push(ref);
    }
  }
  return added.length ? { ...event, inputs: [...event.inputs, ...added.slice(0, 100)] } : event;
}

/** At most this many column derivations are kept of one output (a facet is the producer's to size). */
const MAX_DERIVATIONS = 10_000;

/**
 * The columnLineage facet of an output as derivations between columns of versions: each output
 * field from the input fields it names (DIRECT or INDIRECT, with the transformations' subtypes), and
 * the dataset-level inputs (fields that filter, join or group the whole output) as INDIRECT inputs of
 * every output column. An input field resolves to the version of its dataset this run read; fields of
 * datasets the run did not list as inputs are left out.
 */
function columnDerivations(output: DatasetRef, outputVersionId: string, inputVersionIds: string[]): ColumnDerivation[] {
  const lineage = columnLineageOf(output);
  if (!lineage) return [];
  const versionRead = (ref: Facets) => {
    if (typeof ref.namespace !== 'string' || typeof ref.name !== 'string') return undefined;
    const prefix = `${datasetIdOf({ namespace: ref.namespace, name: ref.name } as DatasetRef)}@`;
    return inputVersionIds.find((id) => id.startsWith(prefix));
  };
  const how = (ref: Facets, field?: Facets) => {
    const steps = objectsIn(ref.transformations);
    const types = steps.map((step) => step.type).filter((type): type is string => typeof type === 'string');
    const subtypes = steps.map((step) => step.subtype).filter((sub): sub is string => typeof sub === 'string');
    const legacy = typeof field?.transformationType === 'string' ? [field.transformationType] : [];
    return {
      type: types.includes('DIRECT') || types.length === 0 ? 'DIRECT' : 'INDIRECT',
      subtypes: [...new Set([...subtypes, ...legacy])].slice(0, 20),
    };
  };
  const derivations: ColumnDerivation[] = [];
  const add = (column: string, ref: Facets, type: string, subtypes: string[]) => {
    const from = versionRead(ref);
    if (!from || typeof ref.field !== 'string' || !ref.field || ref.field.length > 200 || column.length > 200) return;
    derivations.push({
      to: { versionId: from, name: ref.field },
      from: { versionId: outputVersionId, name: column },
      type,
      subtypes,
    });
  };
  for (const { column, field, inputs } of lineage.fields) {
    for (const ref of inputs) {
      const { type, subtypes } = how(ref, field);
      add(column, ref, type, subtypes);
    }
  }
  const columns = new Set([...lineage.fields.map((f) => f.column), ...(output.columns ?? []).map((c) => c.name)]);
  for (const ref of lineage.dataset) {
    const { subtypes } = how(ref);
    for (const column of columns) add(column, ref, 'INDIRECT', subtypes);
  }
  return derivations.slice(0, MAX_DERIVATIONS);
}

const CHECK_NAME_CHARS = /[^A-Za-z0-9_\-./ :()[\],=<>]+/g;

/**
 * The `dataQualityAssertions` facet of each input (dbt tests: `not_null` on `order_id`, passed) as
 * data-quality checks of the version the run read, named `assertion(column)`; the last result of
 * a name counts when an event repeats one.
 */
function assertionChecks(
  event: Extract<LineageEvent, { kind: 'run' }>,
  inputVersionIds: string[],
): DataQualityCheckInput[] {
  const checks = new Map<string, DataQualityCheckInput>();
  event.inputs.forEach((input, i) => {
    const facet = (input.ioFacets.dataQualityAssertions ?? input.facets.dataQualityAssertions) as Facets | undefined;
    const assertions = objectsIn(facet?.assertions);
    for (const { assertion, success, column } of assertions) {
      if (typeof assertion !== 'string' || !assertion.trim() || typeof success !== 'boolean') continue;
      const named = typeof column === 'string' && column ? `${assertion}(${column})` : assertion;
      const name = named.replace(CHECK_NAME_CHARS, '_').trim().slice(0, 200);
      if (name)
        checks.set(`${name}@${inputVersionIds[i]}`, { name, passed: success, datasetVersionId: inputVersionIds[i] });
    }
  });
  return [...checks.values()];
}

const OWNER = /^(user|team):[a-z0-9][a-z0-9._-]{0,63}$/;

/**
 * The owners an `ownership` facet names the way Mnemo names users and teams (`user:alice`,
 * `team:data-platform`, OpenLineage's own convention); other names cannot be matched and are left out.
 */
function ownersNamed(facets: Facets): string[] {
  const owners = (facets.ownership as Facets | undefined)?.owners;
  if (!Array.isArray(owners)) return [];
  const named = owners.map((owner) => (owner as Facets)?.name).filter((name) => typeof name === 'string');
  return [...new Set(named as string[])].filter((name) => OWNER.test(name)).slice(0, 20);
}

/** Those of the named owners that exist (a user or team the plan found): a new dataset or job is owned by them. */
const knownOwners = (facets: Facets, known: Known) =>
  ownersNamed(facets).filter((id) => ['User', 'Team'].includes(String(known.get(id)?.kind)));

/** What the producer documented (the `documentation` facet: dbt model and job descriptions), if anything. */
function documented(facets: Facets): string | undefined {
  const description = (facets.documentation as Facets | undefined)?.description;
  return typeof description === 'string' && description.trim() ? description.trim() : undefined;
}

function datasetUri(dataset: DatasetRef): string | null {
  const source = dataset.facets.dataSource as Facets | undefined;
  const uri = typeof source?.uri === 'string' ? source.uri : `${dataset.namespace}/${dataset.name}`;
  return uri.slice(0, 2_000);
}

function rowCountOf(dataset: DatasetRef): number | null {
  for (const facet of ['outputStatistics', 'dataQualityMetrics']) {
    const rows = (dataset.ioFacets[facet] as Facets | undefined)?.rowCount;
    if (typeof rows === 'number' && Number.isInteger(rows) && rows >= 0) return rows;
  }
  return null;
}

/** The run (and job) a run's `parent` facet names (older producers call it parentRun), as Mnemo ids and names. */
function parentOf(
  event: Extract<LineageEvent, { kind: 'run' }>,
): { runId: string; job?: { namespace: string; name: string } } | undefined {
  const parent = (event.runFacets.parent ?? event.runFacets.parentRun) as
    { run?: { runId?: unknown }; job?: { namespace?: unknown; name?: unknown } } | undefined;
  const parentRunId = parent?.run?.runId;
  if (typeof parentRunId !== 'string' || !UUID.test(parentRunId)) return undefined;
  const { namespace, name } = parent?.job ?? {};
  const named = typeof namespace === 'string' && typeof name === 'string' && namespace && name;
  return {
    runId: `run:${parentRunId.toLowerCase().replace(/-/g, '')}`,
    job: named ? { namespace: namespace.slice(0, 2_000), name: name.slice(0, 2_000) } : undefined,
  };
}

function runTags(event: Extract<LineageEvent, { kind: 'run' }>): { key: string; value: string }[] {
  const tags: { key: string; value: string }[] = [];
  for (const [facet, field, tag] of TAGGED_FACETS) {
    const value = (event.runFacets[facet] as Facets | undefined)?.[field];
    if (typeof value === 'string' && value) tags.push({ key: tag, value: value.slice(0, TAG_VALUE_LIMIT) });
  }
  // The run this one is part of; it may never arrive.
  const parent = parentOf(event);
  if (parent) {
    tags.push({ key: 'openlineage.parentRunId', value: parent.runId });
    if (parent.job) {
      const { namespace, name } = parent.job;
      tags.push({ key: 'openlineage.parentJob', value: `${namespace}/${name}`.slice(0, TAG_VALUE_LIMIT) });
    }
  }
  const sql = (event.job.facets.sql as Facets | undefined)?.query;
  if (typeof sql === 'string' && sql) tags.push({ key: 'openlineage.sql', value: sql.slice(0, TAG_VALUE_LIMIT) });
  const jobType = (event.job.facets.jobType as Facets | undefined)?.processingType;
  if (typeof jobType === 'string' && jobType) tags.push({ key: PROCESSING_TYPE_TAG, value: jobType });
  // Derived from facets, so cut to what the tag index holds rather than refused (a model's SQL with
  // Chinese comments: 6,000 characters may be 18,000 bytes).
  for (const tag of tags) tag.value = cutToFitIndex(tag.key, tag.value);
  return tags;
}

/** A run cannot end before it started; an end reported with an earlier clock is read as the start. */
function laterOf(eventTime: string, startedAt: unknown): string {
  const start = typeof startedAt === 'string' ? Date.parse(startedAt) : NaN;
  return Number.isFinite(start) && start > Date.parse(eventTime) ? new Date(start).toISOString() : eventTime;
}
