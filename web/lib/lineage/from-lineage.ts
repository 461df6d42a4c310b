import type { LineageQuery } from '../gql/graphql';
import type { Merged } from '../merged';
import { displayName } from '../node-summary';
import type { GraphModel, GraphNode } from './graph-model';
import { dedupeEdges, edgeId } from './graph-model';

export type LineageAnswer = Merged<LineageQuery['lineage']>;

/**
 * The API's closure (asked for once, at the larger of the two depths) cut to the upstream and
 * downstream depths the user chose, with only the edges between the nodes kept.
 */
export function graphFromLineage(answer: LineageAnswer, upstreamDepth: number, downstreamDepth: number): GraphModel {
  const nodes: GraphNode[] = [
    {
      id: answer.root.id,
      kind: answer.root.kind,
      label: displayName(answer.root),
      depth: 0,
      side: 'centre',
      node: answer.root,
    },
  ];
  for (const entry of answer.nodes) {
    const upstream = entry.direction === 'UPSTREAM';
    if (entry.depth > (upstream ? upstreamDepth : downstreamDepth)) continue;
    nodes.push({
      id: entry.node.id,
      kind: entry.node.kind,
      label: displayName(entry.node),
      depth: entry.depth,
      side: upstream ? 'upstream' : 'downstream',
      node: entry.node,
    });
  }
  const kept = new Set(nodes.map((node) => node.id));
  const edges = answer.edges
    .filter((edge) => kept.has(edge.from) && kept.has(edge.to))
    .map((edge) => ({
      id: edgeId(edge.from, edge.to, edge.type),
      source: edge.from,
      target: edge.to,
      label: edge.role ? `${edge.type} (${edge.role})` : edge.type,
    }));
  return { nodes, edges: dedupeEdges(edges) };
}
