import { readGuard } from '../access/read-access';
import { isPlaceholder, type RestrictedPlaceholder } from '../access/restricted-placeholder';
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
import { runsRepository } from '../runs/runs.repository';
import { asItWas, existedAt, parseAsOf } from './as-of';
import { closureAsOf } from './as-of-closure';
import { catalogRepository } from '../catalog/catalog.repository';
import { type FanOutGroup, foldFanOuts } from './fan-out';

export const LINEAGE_LIMITS = {
  maxDepth: 50,
  maxNodes: 50_000,
  defaultDepth: 5,
  defaultNodes: 1_000,
  /** Groups a caller can ask to see unfolded, and how long a group id can be (an anchor can be a group). */
  maxExpandedGroups: 1_000,
  maxGroupIdLength: 4_000,
  maxFanOut: 1_000,
} as const;
export type LineageDirection = 'UPSTREAM' | 'DOWNSTREAM' | 'BOTH';
export type TruncatedReason = 'MAX_DEPTH' | 'MAX_NODES';

/** A node as lineage shows it: the node itself, or a placeholder when the caller may not read it. */
export type ShownNode = EntityRecord | RestrictedPlaceholder;

export interface LineageEntry {
  node: ShownNode;
  depth: number;
  direction: 'UPSTREAM' | 'DOWNSTREAM';
}

/** A folded fan-out as lineage answers it: its members are not among the nodes, their edges are its own. */
export type LineageGroup = Omit<FanOutGroup, 'members'> & { count: number; memberIds: string[] };

export interface LineageGraph {
  root: EntityRecord;
  nodes: LineageEntry[];
  edges: LineageEdgeRow[];
  groups: LineageGroup[];
  truncated: boolean;
  truncatedReason: TruncatedReason | null;
}

export interface ImpactedItem {
  node: ShownNode;
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
  /** Null when there is none, or when the caller may not read it (then `missing` says so). */
  trainingRun: EntityRecord | null;
  /** The upstream runs the caller may read. */
  runs: EntityRecord[];
  dataVersions: ShownNode[];
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
  dataOnlyInA: ShownNode[];
  dataOnlyInB: ShownNode[];
  sharedData: ShownNode[];
  code: FieldDiff[];
  environment: FieldDiff[];
  seed: FieldDiff | null;
  params: FieldDiff[];
}

export const DATA_KINDS = ['DatasetVersion', 'FeatureSetVersion', 'ModelVersion'];
const display = (value: unknown) =>
  value === null || value === undefined ? null : Array.isArray(value) ? value.join(', ') : String(value);

const IMPACT_TARGETS = ['Dataset', 'DatasetVersion', 'FeatureSet', 'FeatureSetVersion'];
/** Kinds whose lineage is their versions' lineage. */
const VERSIONED_KINDS = ['Dataset', 'FeatureSet', 'Model'];
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
    /** Per direction; each defaults to maxDepth. */
    upstreamDepth?: number | null;
    downstreamDepth?: number | null;
    kinds?: string[] | null;
    asOf?: string | null;
    /** Fold more siblings than this into a group (see fan-out.ts); omitted: every node is answered. */
    fanOutLimit?: number | null;
    /** Ids of groups to answer unfolded. */
    expandedGroups?: string[] | null;
  }): Promise<LineageGraph> {
    const maxDepth = checkBound('maxDepth', input.maxDepth, LINEAGE_LIMITS.defaultDepth, LINEAGE_LIMITS.maxDepth);
    const depthOf = {
      UPSTREAM: checkBound('upstreamDepth', input.upstreamDepth, maxDepth, LINEAGE_LIMITS.maxDepth),
      DOWNSTREAM: checkBound('downstreamDepth', input.downstreamDepth, maxDepth, LINEAGE_LIMITS.maxDepth),
    };
    const fanOutLimit = input.fanOutLimit ?? null;
    if (fanOutLimit !== null) checkBound('fanOutLimit', fanOutLimit, 0, LINEAGE_LIMITS.maxFanOut);
    const expandedGroups = checkExpandedGroups(input.expandedGroups);
    const maxNodes = checkBound('maxNodes', input.maxNodes, LINEAGE_LIMITS.defaultNodes, LINEAGE_LIMITS.maxNodes);
    const asOf = parseAsOf(input.asOf);
    const root = await this.find(input.id, asOf);
    await readGuard(this.db).assertReadable(root.id);
    const directions: LineageEntry['direction'][] =
      input.direction === 'BOTH' ? ['UPSTREAM', 'DOWNSTREAM'] : [input.direction];
    // A dataset, feature set or model has no lineage edges of its own: its versions do. Its lineage
    // is theirs, the versions one step from it (VERSION_OF) and what they lead to one step further.
    const versionIds = VERSIONED_KINDS.includes(root.kind) ? await this.versionIdsOf(root.id, asOf) : [];
    const versions = versionIds.length ? await lineageRepository.entities(this.db, versionIds) : [];
    const startIds = versionIds.length ? versionIds : [root.id];
    let rows: (ClosureRow & { direction: LineageEntry['direction'] })[] = versions.map((node) => ({
      node,
      depth: 1,
      via: root.id,
      ownerIds: [],
      // Asked for both ways, the versions count as what depends on the dataset.
      direction: input.direction === 'BOTH' ? 'DOWNSTREAM' : input.direction,
    }));
    let edges: LineageEdgeRow[] = versionIds.map((id) => ({ from: id, to: root.id, type: 'VERSION_OF', role: null }));
    let truncatedReason: TruncatedReason | null = null;
    const shift = versionIds.length ? 1 : 0;
    for (const direction of directions) {
      const closure = await this.closure(
        direction === 'UPSTREAM' ? 'upstream' : 'downstream',
        startIds,
        depthOf[direction] - shift,
        maxNodes,
        true,
        asOf,
      );
      const fresh = closure.rows.filter((row) => !versionIds.includes(row.node.id));
      rows.push(...fresh.map((row) => ({ ...row, depth: row.depth + shift, direction })));
      edges.push(...closure.edges);
      truncatedReason = strongest(truncatedReason, closure.truncatedReason);
    }
    if (rows.length > maxNodes) {
      rows = rows.sort((a, b) => a.depth - b.depth).slice(0, maxNodes);
      truncatedReason = 'MAX_NODES';
    }
    if (input.kinds?.length) rows = rows.filter((row) => input.kinds!.includes(row.node.kind));
    const rootEdges = directions.includes('UPSTREAM') ? await lineageRepository.edgesFrom(this.db, startIds, asOf) : [];
    edges = edgesAmong([root.id, ...startIds], rows, [...rootEdges, ...edges]);
    const { shown, idOf } = await this.masked(rows.map((row) => row.node));
    let nodes = rows.map(({ depth, direction }, i) => ({ node: shown[i], depth, direction }));
    edges = edges.map((edge) => ({ ...edge, from: idOf(edge.from), to: idOf(edge.to) }));
    let groups: LineageGroup[] = [];
    if (fanOutLimit !== null) {
      const folded = foldFanOuts(
        root.id,
        nodes.map(({ node, depth, direction }) => ({ id: node.id, kind: node.kind, depth, direction })),
        edges,
        expandedGroups,
        fanOutLimit,
      );
      const moved = (id: string) => folded.groupOf.get(id) ?? id;
      nodes = nodes.filter((entry) => !folded.groupOf.has(entry.node.id));
      edges = distinctEdges(edges.map((edge) => ({ ...edge, from: moved(edge.from), to: moved(edge.to) })));
      groups = folded.groups.map(({ members, ...group }) => ({ ...group, count: members.length, memberIds: members }));
    }
    return { root, nodes, edges, groups, truncated: truncatedReason !== null, truncatedReason };
  }

  async impact(input: {
    targetId: string;
    scope?: 'VERSION' | 'ALL_VERSIONS' | null;
    maxDepth?: number | null;
    maxNodes?: number | null;
    asOf?: string | null;
  }): Promise<ImpactReport> {
    const maxDepth = checkBound('maxDepth', input.maxDepth, 20, LINEAGE_LIMITS.maxDepth);
    const maxNodes = checkBound('maxNodes', input.maxNodes, LINEAGE_LIMITS.maxNodes, LINEAGE_LIMITS.maxNodes);
    const asOf = parseAsOf(input.asOf);
    const target = await this.find(input.targetId, asOf);
    await readGuard(this.db).assertReadable(target.id);
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
    const startIds = scope === 'VERSION' ? [target.id] : await this.versionIdsOf(target.id, asOf);
    return this.impactFrom(target, scope, startIds, maxDepth, maxNodes, asOf);
  }

  /**
   * Everything downstream of some versions, reported about a target: a dataset's versions, or the
   * versions holding the columns a column reaches (column impact); as the graph stood at `asOf` when given.
   */
  async impactFrom(
    target: EntityRecord,
    scope: 'VERSION' | 'ALL_VERSIONS',
    startIds: string[],
    maxDepth: number,
    maxNodes: number = LINEAGE_LIMITS.maxNodes,
    asOf: string | null = null,
  ): Promise<ImpactReport> {
    const closure = startIds.length
      ? await this.closure('downstream', startIds, maxDepth, maxNodes, false, asOf)
      : { rows: [], edges: [], truncatedReason: null };
    const via = new Map(closure.rows.map((row) => [row.node.id, row.via]));
    // Unreadable items are shown as placeholders but still counted, grouped by their real kind and environment,
    // so a blast radius never looks smaller than it is.
    const { shown, idOf } = await this.masked(
      closure.rows.map((row) => row.node),
      startIds,
    );
    const affected = closure.rows.map((row, i) => ({
      real: row.node,
      item: { node: shown[i], depth: row.depth, why: pathBack(row.node.id, via).map(idOf) },
    }));
    const owns = new Map<string, string[]>();
    for (const row of closure.rows) {
      for (const ownerId of new Set(row.ownerIds)) appendTo(owns, ownerId, idOf(row.node.id));
    }
    const owners = (await lineageRepository.entities(this.db, [...owns.keys()])).map((owner) => ({
      owner,
      owns: owns.get(owner.id)!,
    }));

    const deployments = affected.filter(({ real }) => real.kind === 'Deployment');
    const items = (group: { item: ImpactedItem }[]) => group.map(({ item }) => item);
    return {
      target,
      scope,
      startIds: startIds.map(idOf),
      affected: items(affected),
      byKind: groupBy(affected, ({ real }) => real.kind)
        .sort((a, b) => rank(KIND_ORDER, a.key) - rank(KIND_ORDER, b.key))
        .map(({ key, items: group }) => ({ kind: key, count: group.length, items: items(group) })),
      byEnvironment: groupBy(deployments, ({ real }) => String(real.environment))
        .sort((a, b) => rank(['PROD', 'STAGING', 'DEV'], a.key) - rank(['PROD', 'STAGING', 'DEV'], b.key))
        .map(({ key, items: group }) => ({ environment: key, count: group.length, items: items(group) })),
      productionDeploymentsAtRisk: items(deployments.filter(({ real }) => real.environment === 'PROD')),
      ownersToNotify: owners.sort((a, b) => a.owner.id.localeCompare(b.owner.id)),
      total: affected.length,
      maxDepth,
      truncated: closure.truncatedReason !== null,
      truncatedReason: closure.truncatedReason,
    };
  }

  /** The recipe of a model version: every run and data version upstream, and what is missing to rebuild it. */
  async provenance(modelVersionId: string, asOfInput?: string | null): Promise<Provenance> {
    const asOf = parseAsOf(asOfInput);
    const modelVersion = await this.find(modelVersionId, asOf);
    await readGuard(this.db).assertReadable(modelVersion.id);
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
      asOf,
    );
    const upstream = closure.rows.map((row) => row.node);
    const { shown } = await this.masked(upstream);
    const hidden = new Set(upstream.filter((_, i) => isPlaceholder(shown[i])).map((node) => node.id));
    const allRuns = upstream.filter((node) => node.kind === 'Run');
    const runs = allRuns.filter((run) => !hidden.has(run.id));
    const generatingRun = closure.rows.find((row) => row.depth === 1 && row.node.kind === 'Run')?.node ?? null;
    const trainingRun = generatingRun && !hidden.has(generatingRun.id) ? generatingRun : null;
    const dataVersions = shown.filter((_, i) => DATA_KINDS.includes(upstream[i].kind));
    const missing: string[] = [];
    if (!generatingRun) missing.push(`${modelVersion.id} has no generating run`);
    const unreadableRuns = allRuns.length - runs.length;
    if (unreadableRuns) {
      missing.push(`${unreadableRuns} upstream run${unreadableRuns === 1 ? '' : 's'} you cannot read`);
    }
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

  /**
   * Each record as the caller may see it (unreadable ones become placeholders, in the same order), and the id
   * each real id is shown as, for edges and why-paths; `alsoIds` are ids to map that are not among the records.
   */
  private async masked(records: EntityRecord[], alsoIds: string[] = []) {
    const guard = readGuard(this.db);
    const shown: ShownNode[] = await guard.masked(records);
    const shownId = new Map(records.map((record, i) => [record.id, shown[i].id]));
    const others = alsoIds.filter((id) => !shownId.has(id));
    const visibilities = await Promise.all(others.map((id) => guard.visibility(id)));
    others.forEach((id, i) =>
      shownId.set(id, !visibilities[i] || visibilities[i]!.readable ? id : guard.placeholderId(id)),
    );
    return { shown, idOf: (id: string) => shownId.get(id) ?? id };
  }

  private async paramsOf(runId: string): Promise<Map<string, string>> {
    const [row] = await runsRepository.paramsOf(this.db, [runId]);
    return new Map((row?.params ?? []).map((p) => [p.key, p.value]));
  }

  /** The node, as it stood at `asOf` when given: one created later is not found, as it was not there. */
  private async find(id: string, asOf: string | null = null): Promise<EntityRecord> {
    if (typeof id !== 'string' || id.length === 0 || id.length > 300) {
      throw new MnemoError('BAD_USER_INPUT', 'id must be a node id.');
    }
    const entity = await catalogRepository.findOne(this.db, id);
    if (!entity) throw notFound('node', id);
    if (!asOf) return entity;
    if (!existedAt(entity, asOf)) {
      throw new MnemoError('NOT_FOUND', `${id} did not exist yet at ${asOf}.`, { id, asOf });
    }
    return asItWas(entity, asOf);
  }

  /** The versions of a dataset, feature set or model (given it or one of them) that existed at `asOf`. */
  private async versionIdsOf(id: string, asOf: string | null): Promise<string[]> {
    const ids = await lineageRepository.versionsOf(this.db, id);
    if (!asOf) return ids;
    const versions = await lineageRepository.entities(this.db, ids);
    return versions.filter((version) => existedAt(version, asOf)).map((version) => version.id);
  }

  /** Asks for one level and one node more than allowed, to say honestly whether a cap cut anything off. */
  private async closure(
    direction: TraversalDirection,
    startIds: string[],
    maxDepth: number,
    maxNodes: number,
    withEdges: boolean,
    asOf: string | null = null,
  ) {
    this.engine ??= this.forcedEngine ? Promise.resolve(this.forcedEngine) : lineageRepository.engineOf(this.db);
    const request = { direction, startIds, depth: maxDepth + 1, limit: maxNodes + 1, withEdges };
    const engine = await this.engine;
    const { rows, edges } = asOf
      ? await closureAsOf(this.db, engine, { ...request, asOf })
      : await lineageRepository.closure(this.db, engine, request);
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

/** Edges once each, without the loops folding leaves inside a group. */
function distinctEdges(edges: LineageEdgeRow[]): LineageEdgeRow[] {
  const seen = new Map<string, LineageEdgeRow>();
  for (const edge of edges) {
    if (edge.from === edge.to) continue;
    const key = `${edge.from}\u0000${edge.to}\u0000${edge.type}\u0000${edge.role ?? ''}`;
    if (!seen.has(key)) seen.set(key, edge);
  }
  return [...seen.values()];
}

function checkExpandedGroups(ids: string[] | null | undefined): ReadonlySet<string> {
  const list = ids ?? [];
  if (list.length > LINEAGE_LIMITS.maxExpandedGroups) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `expandedGroups takes at most ${LINEAGE_LIMITS.maxExpandedGroups} group ids; got ${list.length}.`,
    );
  }
  const long = list.find((id) => id.length > LINEAGE_LIMITS.maxGroupIdLength);
  if (long !== undefined) {
    throw new MnemoError(
      'BAD_USER_INPUT',
      `A group id is at most ${LINEAGE_LIMITS.maxGroupIdLength} characters; got one of ${long.length}.`,
    );
  }
  return new Set(list);
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
