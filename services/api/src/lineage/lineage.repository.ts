import type { Queryable, WriteTransaction } from '../platform/neo4j';
import type { EntityRecord } from '../platform/records';

export type TraversalDirection = 'upstream' | 'downstream';

/** How closures are computed: Mnemo's procedure where the database has it, else plain Cypher. */
export type ClosureEngine = 'procedure' | 'cypher';

export interface ClosureRow {
  node: EntityRecord;
  depth: number;
  /** The smallest-id neighbour one step nearer a start: following vias walks a shortest path back. */
  via: string | null;
  /** Its owners' ids (its own, or its parent's for a version). */
  ownerIds: string[];
}

export interface LineageEdgeRow {
  from: string;
  type: string;
  to: string;
  role: string | null;
}

export interface Closure {
  rows: ClosureRow[];
  /** The lineage edges from closure nodes to closure nodes or starts (only when asked for). */
  edges: LineageEdgeRow[];
}

export interface ClosureRequest {
  direction: TraversalDirection;
  startIds: string[];
  depth: number;
  limit: number;
  withEdges: boolean;
  /** The graph as it stood at this instant (ISO 8601 UTC), without SERVES; absent: today's graph. */
  asOf?: string | null;
}

/** The nodes whose owner holder changed owners after an instant, and its first change's `before`. */
export interface OwnerChangeRow {
  ids: string[];
  before: string | null;
}

interface CypherClosureRow {
  node: EntityRecord;
  depth: number;
  dependsOn: { type: string; to: string; role: string | null }[];
  ownerIds: string[];
}

interface ProcedureClosure {
  nodes: EntityRecord[];
  depths: number[];
  vias: (string | null)[];
  ownerRow: number[];
  ownerId: string[];
  edgeRow: number[];
  edgeType: string[];
  edgeTo: string[];
  edgeRole: (string | null)[];
}

export const lineageRepository = {
  async engineOf(db: Queryable): Promise<ClosureEngine> {
    const [row] = await db.query<{ available: boolean }>('lineage/closure-procedure-available');
    return row?.available ? 'procedure' : 'cypher';
  },

  /** Distinct nodes within `depth` steps of the starts, nearest first then by id, at most `limit`. */
  closure(db: Queryable, engine: ClosureEngine, request: ClosureRequest): Promise<Closure> {
    return engine === 'procedure' ? procedureClosure(db, request) : cypherClosure(db, request);
  },

  edgesFrom(db: Queryable, ids: string[], asOf?: string | null) {
    return asOf
      ? db.query<LineageEdgeRow>('lineage/edges-from-as-of', { ids, asOf })
      : db.query<LineageEdgeRow>('lineage/edges-from', { ids });
  },

  /** What each deployment served at the instant, by its promotion history; existing deployments only. */
  servedAsOf(db: Queryable, deploymentIds: string[], asOf: string) {
    return db.query<{ deploymentId: string; servedId: string | null }>('lineage/served-as-of', {
      ids: deploymentIds,
      asOf,
    });
  },

  /** The deployments that serve or ever served any of the model versions, with their owners today. */
  async deploymentsEverServing(
    db: Queryable,
    modelVersionIds: string[],
  ): Promise<{ deployment: EntityRecord; ownerIds: string[] }[]> {
    if (modelVersionIds.length === 0) return [];
    return db.query<{ deployment: EntityRecord; ownerIds: string[] }>('lineage/deployments-ever-serving', {
      ids: modelVersionIds,
    });
  },

  /** Among the nodes, those whose owners changed after asOf (entity.owners-set events), with the owners then. */
  ownerChangesSince(db: Queryable, ids: string[], asOf: string) {
    return db.query<OwnerChangeRow>('lineage/owner-changes-since', { ids, asOf, action: 'entity.owners-set' });
  },

  async entities(db: Queryable, ids: string[]): Promise<EntityRecord[]> {
    if (ids.length === 0) return [];
    const rows = await db.query<{ entity: EntityRecord }>('catalog/find-entities', { ids });
    return rows.map((row) => row.entity);
  },

  async versionsOf(db: Queryable, id: string): Promise<string[]> {
    const [row] = await db.query<{ versionIds: string[] }>('lineage/versions-of', { id });
    return row?.versionIds ?? [];
  },

  /** The runs that generated each version, one row per version (lineage/generated-by.cypher). */
  generatedBy(db: Queryable, ids: string[]): Promise<{ id: string; related: EntityRecord[] }[]> {
    return db.query<{ id: string; related: EntityRecord[] }>('lineage/generated-by', { ids });
  },

  /** The versions each run used, one row per run (lineage/inputs-of-runs.cypher). */
  inputsOfRuns(db: Queryable, ids: string[]): Promise<{ inputs: { version: EntityRecord }[] }[]> {
    return db.query<{ inputs: { version: EntityRecord }[] }>('lineage/inputs-of-runs', { ids });
  },

  /** A deployment SERVES a model version. */
  async linkServes(tx: WriteTransaction, deploymentId: string, modelVersionId: string): Promise<void> {
    await tx.query('lineage/link-serves', { deploymentId, modelVersionId });
  },
};

async function procedureClosure(db: Queryable, request: ClosureRequest): Promise<Closure> {
  const [result] = await db.query<ProcedureClosure>('lineage/closure-procedure', {
    ids: request.startIds,
    direction: request.direction,
    maxDepth: request.depth,
    limit: request.limit,
    withEdges: request.withEdges,
    asOf: request.asOf ?? '',
  });
  const rows: ClosureRow[] = result.nodes.map((node, i) => ({
    node,
    depth: result.depths[i],
    via: result.vias[i],
    ownerIds: [],
  }));
  result.ownerRow.forEach((row, k) => rows[row].ownerIds.push(result.ownerId[k]));
  const edges = result.edgeRow.map((row, j) => ({
    from: rows[row].node.id,
    type: result.edgeType[j],
    to: result.edgeTo[j],
    role: result.edgeRole[j],
  }));
  return { rows, edges };
}

async function cypherClosure(db: Queryable, request: ClosureRequest): Promise<Closure> {
  const asOf = request.asOf ?? null;
  const found = await db.query<CypherClosureRow>(
    `lineage/${request.direction}-closure${asOf ? '-as-of' : ''}`,
    { ids: request.startIds, limit: request.limit, ...(asOf ? { asOf } : {}) },
    { maxDepth: request.depth },
  );
  const inside = new Set([...request.startIds, ...found.map((row) => row.node.id)]);
  const edges: LineageEdgeRow[] = [];
  for (const row of found) {
    for (const edge of row.dependsOn) {
      if (inside.has(edge.to)) edges.push({ from: row.node.id, type: edge.type, to: edge.to, role: edge.role });
    }
  }
  // Upstream, the first step leaves a start: its own edges say which start each first node came from.
  const startEdges =
    request.direction === 'upstream'
      ? await lineageRepository.edgesFrom(db, request.startIds, asOf)
      : ([] as LineageEdgeRow[]);
  const vias = nearerNeighbours(request.direction, request.startIds, found, [...startEdges, ...edges]);
  const rows = found.map(({ node, depth, ownerIds }) => ({ node, depth, via: vias.get(node.id) ?? null, ownerIds }));
  return { rows, edges: request.withEdges ? edges : [] };
}

/**
 * Each node's smallest-id neighbour one step nearer a start. An edge points from a node to what it
 * depends on, so downstream the nearer end is the edge's `to`, upstream its `from`.
 */
function nearerNeighbours(
  direction: TraversalDirection,
  startIds: string[],
  rows: { node: EntityRecord; depth: number }[],
  edges: LineageEdgeRow[],
): Map<string, string> {
  const depth = new Map<string, number>(startIds.map((id) => [id, 0]));
  for (const row of rows) depth.set(row.node.id, row.depth);
  const via = new Map<string, string>();
  for (const edge of edges) {
    const [far, near] = direction === 'downstream' ? [edge.from, edge.to] : [edge.to, edge.from];
    if (depth.get(near) !== (depth.get(far) ?? -1) - 1) continue;
    const current = via.get(far);
    if (current === undefined || near < current) via.set(far, near);
  }
  return via;
}
