/**
 * OpenLineage events (spec 2-0-2) checked and normalised before anything is written. Strict on what
 * identifies things (a UUID runId, job namespace/name, dataset namespace/name, eventTime), tolerant
 * elsewhere: unknown facets are kept, a missing producer or schemaURL is noted, not refused.
 */
import { type ColumnSpec, type ColumnStatsSpec, columnsFromOpenLineage, statsFromOpenLineage } from '../drift/schema';
import { isObject } from '../platform/validation';

export const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'FAIL', 'ABORT', 'OTHER'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export type Facets = Record<string, unknown>;

export interface DatasetRef {
  namespace: string;
  name: string;
  facets: Facets;
  /** inputFacets / outputFacets, kept beside the dataset facets. */
  ioFacets: Facets;
  /** Its columns and column statistics, read from the schema and dataQualityMetrics facets when checked. */
  columns?: ColumnSpec[];
  columnStats?: ColumnStatsSpec[];
  /** Other names of the same dataset (`namespace/name`): the storage path a symlink facet pointed away from. */
  aliases?: string[];
}

export interface JobRef {
  namespace: string;
  name: string;
  facets: Facets;
}

export type LineageEvent =
  | {
      kind: 'run';
      eventType: EventType;
      eventTime: string;
      runId: string;
      runFacets: Facets;
      job: JobRef;
      inputs: DatasetRef[];
      outputs: DatasetRef[];
      tolerated: string[];
    }
  | { kind: 'job'; eventTime: string; job: JobRef; inputs: DatasetRef[]; outputs: DatasetRef[]; tolerated: string[] }
  | { kind: 'dataset'; eventTime: string; dataset: DatasetRef; tolerated: string[] };

export class InvalidEvent extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid OpenLineage event: ${problems.join('; ')}`);
  }
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_NAME = 1_000;
const MAX_DATASETS = 500;

/** eventTime as ISO UTC; a time without a zone is read as UTC (some producers send none). */
function parseTime(value: unknown, problems: string[]): string {
  if (typeof value !== 'string' || !value.trim()) {
    problems.push('eventTime is required (an ISO 8601 date-time)');
    return '';
  }
  const hasZone = /(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim());
  const ms = Date.parse(hasZone ? value : `${value}Z`);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || !Number.isFinite(ms)) {
    problems.push(`eventTime "${value.slice(0, 60)}" is not an ISO 8601 date-time`);
    return '';
  }
  return new Date(ms).toISOString();
}

function text(value: unknown, field: string, problems: string[]): string {
  if (typeof value !== 'string' || !value.trim()) {
    problems.push(`${field} is required (a non-empty string)`);
    return '';
  }
  if (value.length > MAX_NAME) problems.push(`${field} is longer than ${MAX_NAME} characters`);
  return value;
}

function facets(value: unknown, field: string, problems: string[]): Facets {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) {
    problems.push(`${field} must be an object of facets`);
    return {};
  }
  for (const [name, facet] of Object.entries(value)) {
    if (!isObject(facet)) problems.push(`${field}.${name} must be an object`);
  }
  // A facet marked `_deleted` says its producer withdrew it: it is read as absent, so nothing it
  // would map to (a description, owners, a processing type, a schema) is taken from it.
  return Object.fromEntries(Object.entries(value).filter(([, facet]) => !isObject(facet) || facet._deleted !== true));
}

function job(value: unknown, problems: string[]): JobRef {
  if (!isObject(value)) {
    problems.push('job is required (an object with namespace and name)');
    return { namespace: '', name: '', facets: {} };
  }
  return {
    namespace: text(value.namespace, 'job.namespace', problems),
    name: text(value.name, 'job.name', problems),
    facets: facets(value.facets, 'job.facets', problems),
  };
}

function dataset(value: unknown, field: string, problems: string[], ioKey?: string): DatasetRef {
  if (!isObject(value)) {
    problems.push(`${field} must be an object with namespace and name`);
    return { namespace: '', name: '', facets: {}, ioFacets: {} };
  }
  return {
    namespace: text(value.namespace, `${field}.namespace`, problems),
    name: text(value.name, `${field}.name`, problems),
    facets: facets(value.facets, `${field}.facets`, problems),
    ioFacets: ioKey ? facets(value[ioKey], `${field}.${ioKey}`, problems) : {},
  };
}

function datasets(value: unknown, field: 'inputs' | 'outputs', problems: string[]): DatasetRef[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(`${field} must be a list of datasets`);
    return [];
  }
  if (value.length > MAX_DATASETS) problems.push(`${field} lists more than ${MAX_DATASETS} datasets`);
  const ioKey = field === 'inputs' ? 'inputFacets' : 'outputFacets';
  return value.slice(0, MAX_DATASETS).map((item, i) => dataset(item, `${field}[${i}]`, problems, ioKey));
}

/**
 * Checks one event; throws InvalidEvent listing every problem found. What is taken leniently (a
 * missing producer, a schema field without a name, ...) is listed in `tolerated`, which the answer shows.
 */
export function parseEvent(body: unknown): LineageEvent {
  const depth = nestingDepth(body, MAX_DEPTH);
  if (depth > MAX_DEPTH) {
    throw new InvalidEvent([`the event nests objects or lists deeper than ${MAX_DEPTH} levels; no facet needs that`]);
  }
  const event = parseEventParts(body);
  const datasets = event.kind === 'dataset' ? [event.dataset] : [...event.inputs, ...event.outputs];
  for (const dataset of datasets) {
    const dropped: string[] = [];
    dataset.columns = columnsFromOpenLineage(dataset.facets.schema, dropped);
    dataset.columnStats = statsFromOpenLineage(
      dataset.ioFacets.dataQualityMetrics ?? dataset.facets.dataQualityMetrics,
      dropped,
    );
    event.tolerated.push(...dropped.map((note) => `${dataset.namespace}/${dataset.name}: ${note}`));
  }
  return event;
}

/** How deep an event may nest: real facets stay within a few dozen levels (Spark sends its plan flat). */
const MAX_DEPTH = 500;

/** How deep a parsed JSON value nests, counted without recursion and given up one level past `limit`. */
function nestingDepth(value: unknown, limit: number): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [item, depth] = pending.pop()!;
    if (item === null || typeof item !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > limit) return deepest;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return deepest;
}

function parseEventParts(body: unknown): LineageEvent {
  const problems: string[] = [];
  /** The event, once every part of it has been checked. */
  const checked = <T extends LineageEvent>(event: T): T => {
    if (problems.length) throw new InvalidEvent(problems);
    return event;
  };
  if (!isObject(body)) throw new InvalidEvent(['the body must be a JSON object (one OpenLineage event)']);
  const tolerated: string[] = [];
  if (typeof body.producer !== 'string' || !body.producer) tolerated.push('producer is missing');
  if (typeof body.schemaURL !== 'string' || !body.schemaURL) tolerated.push('schemaURL is missing');
  const eventTime = parseTime(body.eventTime, problems);

  // No type field: the parts present tell the three kinds apart.
  if (body.run !== undefined) {
    const run = isObject(body.run) ? body.run : null;
    if (!run) problems.push('run must be an object with a runId');
    const runId = typeof run?.runId === 'string' ? run.runId : '';
    if (!UUID.test(runId)) problems.push(`run.runId must be a UUID; got "${String(run?.runId ?? '').slice(0, 60)}"`);
    let eventType: EventType = 'OTHER';
    if (body.eventType !== undefined && body.eventType !== null) {
      if (!EVENT_TYPES.includes(body.eventType as EventType)) {
        problems.push(
          `eventType must be one of ${EVENT_TYPES.join(', ')}; got "${String(body.eventType).slice(0, 40)}"`,
        );
      } else eventType = body.eventType as EventType;
    } else tolerated.push('eventType is missing (read as OTHER)');
    return checked({
      kind: 'run' as const,
      eventType,
      eventTime,
      runId: runId.toLowerCase(),
      runFacets: facets(run?.facets, 'run.facets', problems),
      job: job(body.job, problems),
      inputs: datasets(body.inputs, 'inputs', problems),
      outputs: datasets(body.outputs, 'outputs', problems),
      tolerated,
    });
  }
  if (body.job !== undefined) {
    return checked({
      kind: 'job' as const,
      eventTime,
      job: job(body.job, problems),
      inputs: datasets(body.inputs, 'inputs', problems),
      outputs: datasets(body.outputs, 'outputs', problems),
      tolerated,
    });
  }
  if (body.dataset !== undefined) {
    return checked({
      kind: 'dataset' as const,
      eventTime,
      dataset: dataset(body.dataset, 'dataset', problems),
      tolerated,
    });
  }
  problems.push('an event needs run and job (RunEvent), job (JobEvent) or dataset (DatasetEvent)');
  throw new InvalidEvent(problems);
}
