import { OWNABLE_KINDS } from '../catalog/ownership.service';
import type { Queryable } from '../platform/neo4j';
import { asItWas, ownersBefore } from './as-of';
import {
  type Closure,
  type ClosureEngine,
  type ClosureRequest,
  type ClosureRow,
  lineageRepository,
} from './lineage.repository';

/**
 * A lineage closure as the graph stood at `asOf`: the as-of walk (the procedure's, or the Cypher
 * closure's: nodes and edges that existed then), the deployments that served its model versions then (from promotion history:
 * today's SERVES edge may point elsewhere), nodes as they were (a later archive undone), and owners
 * then (today's, corrected from the audit trail). Each step is one query, whatever the closure's size.
 */
export async function closureAsOf(
  db: Queryable,
  engine: ClosureEngine,
  request: ClosureRequest & { asOf: string },
): Promise<Closure> {
  const { asOf } = request;
  const closure =
    request.direction === 'upstream'
      ? await upstreamAsOf(db, engine, request)
      : await downstreamAsOf(db, engine, request);
  // Owners then: today's, unless the audit trail records a change since (then the owners before it).
  // Only what setOwners hands over, and versions through their parent, can have changed owners.
  const changeable = closure.rows.filter(
    ({ node }) => OWNABLE_KINDS.includes(node.kind) || OWNABLE_KINDS.includes(node.kind.replace(/Version$/, '')),
  );
  const changes = changeable.length
    ? await lineageRepository.ownerChangesSince(
        db,
        changeable.map((row) => row.node.id),
        asOf,
      )
    : [];
  const ownersThen = new Map(changes.flatMap(({ ids, before }) => ids.map((id) => [id, ownersBefore(before)])));
  const rows = closure.rows.map((row) => ({
    ...row,
    node: row.node.kind === 'Deployment' ? row.node : asItWas(row.node, asOf),
    ownerIds: ownersThen.get(row.node.id) ?? row.ownerIds,
  }));
  return { rows, edges: closure.edges };
}

/** Downstream: the closure, then the deployments serving its model versions (or a start) then. */
async function downstreamAsOf(db: Queryable, engine: ClosureEngine, request: ClosureRequest & { asOf: string }) {
  const closure = await lineageRepository.closure(db, engine, request);
  const depthOf = new Map<string, number>(request.startIds.map((id) => [id, 0]));
  for (const row of closure.rows) {
    if (row.node.kind === 'ModelVersion' && row.depth < request.depth) depthOf.set(row.node.id, row.depth);
  }
  const served = await servingThen(db, [...depthOf.keys()], request.asOf);
  const deploymentRows: ClosureRow[] = served
    .filter(({ servedId }) => depthOf.has(servedId))
    .map(({ deployment, servedId, ownerIds }) => ({
      node: deployment,
      depth: depthOf.get(servedId)! + 1,
      via: servedId,
      ownerIds,
    }));
  const rows = [...closure.rows, ...deploymentRows]
    .sort((a, b) => a.depth - b.depth || a.node.id.localeCompare(b.node.id))
    .slice(0, request.limit);
  const serves = request.withEdges ? deploymentRows.map(servesEdge) : [];
  return { rows, edges: [...closure.edges, ...serves] };
}

/**
 * Upstream: a deployment start is replaced by the model version it served then, one step away;
 * everything else is that version's upstream (deployments are not mixed with other starts).
 */
async function upstreamAsOf(db: Queryable, engine: ClosureEngine, request: ClosureRequest & { asOf: string }) {
  const served = (await lineageRepository.servedAsOf(db, request.startIds, request.asOf)).filter(
    (row): row is { deploymentId: string; servedId: string } => row.servedId !== null,
  );
  if (served.length === 0) return lineageRepository.closure(db, engine, request);
  const versionIds = [...new Set(served.map((row) => row.servedId))];
  const versions = await lineageRepository.entities(db, versionIds);
  const viaOf = new Map(served.map((row) => [row.servedId, row.deploymentId]));
  const closure = await lineageRepository.closure(db, engine, {
    ...request,
    startIds: versionIds,
    depth: request.depth - 1,
  });
  const rows: ClosureRow[] = [
    ...versions.map((node) => ({ node, depth: 1, via: viaOf.get(node.id)!, ownerIds: [] })),
    ...closure.rows.filter((row) => !viaOf.has(row.node.id)).map((row) => ({ ...row, depth: row.depth + 1 })),
  ].slice(0, request.limit);
  const serves = served.map((row) => ({ from: row.deploymentId, type: 'SERVES', to: row.servedId, role: null }));
  return { rows, edges: request.withEdges ? [...serves, ...closure.edges] : [] };
}

/** The deployments that served one of the model versions at the instant, each with the one it served. */
async function servingThen(db: Queryable, modelVersionIds: string[], asOf: string) {
  const candidates = await lineageRepository.deploymentsEverServing(db, modelVersionIds);
  if (candidates.length === 0) return [];
  const ids = candidates.map(({ deployment }) => deployment.id);
  const servedId = new Map(
    (await lineageRepository.servedAsOf(db, ids, asOf)).map((row) => [row.deploymentId, row.servedId]),
  );
  return candidates
    .filter(({ deployment }) => servedId.get(deployment.id))
    .map(({ deployment, ownerIds }) => {
      const served = servedId.get(deployment.id)!;
      return { deployment: asItWas(deployment, asOf, served), servedId: served, ownerIds };
    });
}

const servesEdge = (row: ClosureRow) => ({ from: row.node.id, type: 'SERVES', to: row.via!, role: null });
