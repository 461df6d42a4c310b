import { MnemoError, notFound } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';
import {
  type ClosureEngine,
  type ClosureRow,
  type LineageEdgeRow,
  lineageRepository,
  type TraversalDirection,
} from './lineage.repository';

export const LINEAGE_LIMITS = { maxDepth: 50, maxNodes: 50_000, defaultDepth: 5, defaultNodes: 1_000 } as const;
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
export type TruncatedReason = 'MAX_DEPTH' | 'MAX_NODES';

export interface LineageEntry {
  node: EntityRecord;
  depth: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM';
}

export interface LineageGraph {
  root: EntityRecord;
  nodes: LineageEntry[];
  edges: LineageEdgeRow[];
  truncated: boolean;
  truncatedReason: TruncatedReason | null;
}

export interface ImpactedItem {
  node: EntityRecord;
  depth: number;
  /** Ids from the affected item back to a start node along one shortest path. */
  why: string[];
}

export interface ImpactReport {
  target: EntityRecord;
  scope: 'VERSION' | 'ALL_VERSIONS';
  startIds: string[];
  affected: ImpactedItem[];
  byKind: { kind: string; count: number; items: ImpactedItem[] }[];
  byEnvironment: { environment: string; count: number; items: ImpactedItem[] }[];
  productionDeploymentsAtRisk: ImpactedItem[];
  ownersToNotify: { owner: EntityRecord; owns: string[] }[];
  total: number;
  maxDepth: number;
  truncated: boolean;
  truncatedReason: TruncatedReason | null;
}

export interface Provenance {
  modelVersion: EntityRecord;
  trainingRun: EntityRecord | null;
  runs: EntityRecord[];
  dataVersions: EntityRecord[];
  complete: boolean;
  missing: string[];
  truncated: boolean;
}

export interface FieldDiff {
  field: string;
  a: string | null;
  b: string | null;
}

export interface LineageDiff {
  a: EntityRecord;
  b: EntityRecord;
  dataOnlyInA: EntityRecord[];
  dataOnlyInB: EntityRecord[];
  sharedData: EntityRecord[];
  code: FieldDiff[];
  environment: FieldDiff[];
  seed: FieldDiff | null;
  params: FieldDiff[];
}

const DATA_KINDS = ['DatasetVersion', 'FeatureSetVersion', 'ModelVersion'];
const display = (value: unknown) =>
  value === null || value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);

const IMPACT_TARGETS = ['Dataset', 'DatasetVersion', 'FeatureSet', 'FeatureSetVersion'];
/** The order in which an impact report lists kinds: what is closest to users first. */
const KIND_ORDER = ['Deployment', 'ModelVersion', 'Run', 'FeatureSetVersion', 'DatasetVersion', 'Artifact'];

function checkBound(name: string, value: number | null | undefined, fallback: number, max: number): number {
  if (value === null || value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new MnemoError('BAD_USER_INPUT', `${name} must be a whole number from 1 to ${max}; got ${value}.`);
  }
  return value;
}

/** Upstream provenance and downstream impact over the lineage edges (see docs/data-model.md). */
export class LineageService {
  private engine: Promise<ClosureEngine> | undefined;

  /** `engine` forces how closures are computed; by default the procedure when the database has it. */
  constructor(
    private readonly db: GraphDatabase,
    private readonly forcedEngine?: ClosureEngine,
  ) {}

  async lineage(input: {
    id: string;
    direction: LineageDirection;
    maxDepth?: number | null;
    maxNodes?: number | null;
    kinds?: string[] | null;
  }): Promise<LineageGraph> {
    const maxDepth = checkBound('maxDepth', input.maxDepth, LINEAGE_LIMITS.defaultDepth, LINEAGE_LIMITS.maxDepth);
    const maxNodes = checkBound('maxNodes', input.maxNodes, LINEAGE_LIMITS.defaultNodes, LINEAGE_LIMITS.maxNodes);
    const root = await this.find(input.id);
    const directions: LineageEntry['direction'][] =
      input.direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [input.direction];
    let rows: (ClosureRow & { direction: LineageEntry['direction'] })[] = [];
    let edges: LineageEdgeRow[] = [];
    let truncatedReason: TruncatedReason | null = null;
    for (const direction of directions) {
      const closure = await this.closure(
        direction === 'UPSTREAM' ? 'upstream' : 'downstream',
        [root.id],
        maxDepth,
        maxNodes,
        true,
      );
      rows.push(...closure.rows.map((row) => ({ ...row, direction })));
      edges.push(...closure.edges);
      truncatedReason = strongest(truncatedReason, closure.truncatedReason);
    }
    if (rows.length > maxNodes) {
      rows = rows.sort((a, b) => a.depth - b.depth).slice(0, maxNodes);
      truncatedReason = 'MAX_NODES';
    }
    if (input.kinds?.length) rows = rows.filter((row) => input.kinds!.includes(row.node.kind));
    const rootEdges = directions.includes('UPSTREAM') ? await lineageRepository.edgesFrom(this.db, [root.id]) : [];
    edges = edgesAmong([root.id], rows, [...rootEdges, ...edges]);
    const nodes = rows.map(({ node, depth, direction }) => ({ node, depth, direction }));
    return { root, nodes, edges, truncated: truncatedReason !== null, truncatedReason };
  }

  async impact(input: {
    targetId: string;
    scope?: 'VERSION' | 'ALL_VERSIONS' | null;
    maxDepth?: number | null;
    maxNodes?: number | null;
  }): Promise<ImpactReport> {
    const maxDepth = checkBound('maxDepth', input.maxDepth, 20, LINEAGE_LIMITS.maxDepth);
    const maxNodes = checkBound('maxNodes', input.maxNodes, LINEAGE_LIMITS.maxNodes, LINEAGE_LIMITS.maxNodes);
    const target = await this.find(input.targetId);
    if (!IMPACT_TARGETS.includes(target.kind)) {
      throw new MnemoError(
        'BAD_USER_INPUT',
        `Impact analysis starts from a dataset, feature set or one of their versions; "${target.id}" is a ${target.kind}.`,
      );
    }
    const isVersion = target.kind.endsWith('Version');
    const scope = input.scope ?? (isVersion ? 'VERSION' : 'ALL_VERSIONS');
    if (scope === 'VERSION' && !isVersion) {
      throw new MnemoError('BAD_USER_INPUT', `scope VERSION needs a version; "${target.id}" is a ${target.kind}.`);
    }
    const startIds = scope === 'VERSION' ? [target.id] : await lineageRepository.versionsOf(this.db, target.id);

    const closure = startIds.length
      ? await this.closure('downstream', startIds, maxDepth, maxNodes, false)
      : { rows: [], edges: [], truncatedReason: null };
    const via = new Map(closure.rows.map((row) => [row.node.id, row.via]));
    const affected = closure.rows.map((row) => ({ node: row.node, depth: row.depth, why: pathBack(row.node.id, via) }));
    const owns = new Map<string, string[]>();
    for (const row of closure.rows) {
      for (const ownerId of new Set(row.ownerIds)) appendTo(owns, ownerId, row.node.id);
    }
    const owners = (await lineageRepository.entities(this.db, [...owns.keys()])).map((owner) => ({
      owner,
      owns: owns.get(owner.id)!,
    }));

    const deployments = affected.filter((item) => item.node.kind === 'Deployment');
    return {
      target,
      scope,
      startIds,
      affected,
      byKind: groupBy(affected, (item) => item.node.kind)
        .sort((a, b) => rank(KIND_ORDER, a.key) - rank(KIND_ORDER, b.key))
        .map(({ key, items }) => ({ kind: key, count: items.length, items })),
      byEnvironment: groupBy(deployments, (item) => String(item.node.environment))
        .sort((a, b) => rank(['PROD', 'STAGING', 'DEV'], a.key) - rank(['PROD', 'STAGING', 'DEV'], b.key))
        .map(({ key, items }) => ({ environment: key, count: items.length, items })),
      productionDeploymentsAtRisk: deployments.filter((item) => item.node.environment === 'PROD'),
      ownersToNotify: owners.sort((a, b) => a.owner.id.localeCompare(b.owner.id)),
      total: affected.length,
      maxDepth,
      truncated: closure.truncatedReason !== null,
      truncatedReason: closure.truncatedReason,
    };
  }

  /** The recipe of a model version: every run and data version upstream, and what is missing to rebuild it. */
  async provenance(modelVersionId: string): Promise<Provenance> {
    const modelVersion = await this.find(modelVersionId);
    if (modelVersion.kind !== 'ModelVersion') {
      throw new MnemoError(
        'BAD_USER_INPUT',
        `provenance needs a model version; "${modelVersionId}" is a ${modelVersion.kind}.`,
      );
    }
    const closure = await this.closure(
      'upstream',
      [modelVersion.id],
      LINEAGE_LIMITS.maxDepth,
      LINEAGE_LIMITS.maxNodes,
      false,
    );
    const upstream = closure.rows.map((row) => row.node);
    const runs = upstream.filter((node) => node.kind === 'Run');
    const trainingRun = closure.rows.find((row) => row.depth === 1 && row.node.kind === 'Run')?.node ?? null;
    const dataVersions = upstream.filter((node) => DATA_KINDS.includes(node.kind));
    const missing: string[] = [];
    if (!trainingRun) missing.push(`${modelVersion.id} has no generating run`);
    for (const run of runs) {
      if (!run.codeCommit) missing.push(`${run.id} has no code commit`);
      if (run.codeDirty) missing.push(`${run.id} ran from a dirty working tree`);
      if (!run.packageLockDigest && !run.imageDigest) missing.push(`${run.id} has no recorded environment`);
      if (run.seed === null || run.seed === undefined) missing.push(`${run.id} has no seed`);
    }
    return {
      modelVersion,
      trainingRun,
      runs,
      dataVersions,
      complete: missing.length === 0,
      missing,
      truncated: closure.truncatedReason !== null,
    };
  }

  /** What differs upstream of two model versions: data, code, params, seed and environment of their training runs. */
  async lineageDiff(aId: string, bId: string): Promise<LineageDiff> {
    const [a, b] = await Promise.all([this.provenance(aId), this.provenance(bId)]);
    const dataIds = (p: Provenance) => new Set(p.dataVersions.map((v) => v.id));
    const [inA, inB] = [dataIds(a), dataIds(b)];
    const runA = a.trainingRun ?? {};
    const runB = b.trainingRun ?? {};
    const fieldDiffs = (fields: string[]) =>
      fields
        .filter(
          (field) =>
            JSON.stringify(runA[field as keyof typeof runA] ?? null) !==
            JSON.stringify(runB[field as keyof typeof runB] ?? null),
        )
        .map((field) => ({
          field,
          a: display(runA[field as keyof typeof runA]),
          b: display(runB[field as keyof typeof runB]),
        }));
    const [paramsA, paramsB] = await Promise.all(
      [a, b].map((p) => (p.trainingRun ? this.paramsOf(p.trainingRun.id) : new Map<string, string>())),
    );
    const keys = [...new Set([...paramsA.keys(), ...paramsB.keys()])].sort();
    return {
      a: a.modelVersion,
      b: b.modelVersion,
      dataOnlyInA: a.dataVersions.filter((v) => !inB.has(v.id)),
      dataOnlyInB: b.dataVersions.filter((v) => !inA.has(v.id)),
      sharedData: a.dataVersions.filter((v) => inB.has(v.id)),
      code: fieldDiffs(['codeRepo', 'codeBranch', 'codeCommit', 'codeDirty', 'entryPoint']),
      environment: fieldDiffs([
        'languageVersion',
        'packageLockDigest',
        'imageDigest',
        'instanceType',
        'accelerators',
        'region',
      ]),
      seed: fieldDiffs(['seed'])[0] ?? null,
      params: keys
        .filter((key) => paramsA.get(key) !== paramsB.get(key))
        .map((key) => ({ field: key, a: paramsA.get(key) ?? null, b: paramsB.get(key) ?? null })),
    };
  }

  private async paramsOf(runId: string): Promise<Map<string, string>> {
    const [row] = await this.db.query<{ params: { key: string; value: string }[] }>('runs/params-of', { ids: [runId] });
    return new Map((row?.params ?? []).map((p) => [p.key, p.value]));
  }

  private async find(id: string): Promise<EntityRecord> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 300) {
      throw new MnemoError('BAD_USER_INPUT', 'id must be a node id.');
    }
    const [row] = await this.db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids: [id] });
    if (!row) throw notFound('node', id);
    return row.entity;
  }

  /** Asks for one level and one node more than allowed, to say honestly whether a cap cut anything off. */
  private async closure(
    direction: TraversalDirection,
    startIds: string[],
    maxDepth: number,
    maxNodes: number,
    withEdges: boolean,
  ) {
    this.engine ??= this.forcedEngine ? Promise.resolve(this.forcedEngine) : lineageRepository.engineOf(this.db);
    const { rows, edges } = await lineageRepository.closure(this.db, await this.engine, {
      direction,
      startIds,
      depth: maxDepth + 1,
      limit: maxNodes + 1,
      withEdges,
    });
    const within = rows.filter((row) => row.depth <= maxDepth);
    const truncatedReason: TruncatedReason | null =
      within.length > maxNodes ? 'MAX_NODES' : within.length < rows.length ? 'MAX_DEPTH' : null;
    return { rows: within.slice(0, maxNodes), edges, truncatedReason };
  }
}

/** The edges whose both ends are start nodes or closure nodes (a cap may have cut some ends off). */
function edgesAmong(startIds: string[], rows: ClosureRow[], edges: LineageEdgeRow[]): LineageEdgeRow[] {
  const inside = new Set([...startIds, ...rows.map((row) => row.node.id)]);
  return edges.filter((edge) => inside.has(edge.from) && inside.has(edge.to));
}

function strongest(a: TruncatedReason | null, b: TruncatedReason | null): TruncatedReason | null {
  return a === 'MAX_NODES' || b === 'MAX_NODES' ? 'MAX_NODES' : (a ?? b);
}

const rank = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);

function appendTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): { key: string; items: T[] }[] {
  const groups = new Map<string, T[]>();
  for (const item of items) appendTo(groups, keyOf(item), item);
  return [...groups].map(([key, grouped]) => ({ key, items: grouped }));
}

/** One shortest "why" path: from the item, via the neighbour nearer the start at each step, to a start. */
export function pathBack(id: string, via: Map<string, string | null>): string[] {
  const path = [id];
  for (let step = via.get(id); step; step = via.get(step)) path.push(step);
  return path;
}
