import type { LineageQuery } from '../gql/graphql';
import type { Merged } from '../merged';
import { kindStyle } from '../kinds';
import { displayName } from '../node-summary';
import type { GraphModel, GraphNode } from './graph-model';
import { dedupeEdges, edgeId } from './graph-model';

export type LineageAnswer = Merged<LineageQuery['lineage']>;

const sideOf = (direction: string) => (direction === 'UPSTREAM' ? 'upstream' : 'downstream');

/**
 * The API's answer as the canvas draws it: the root, each node, and each fan-out the API folded as one
 * group node ("4,000 runs"); only edges whose both ends are drawn.
 */
export function graphFromLineage(answer: LineageAnswer): GraphModel {
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
    nodes.push({
      id: entry.node.id,
      kind: entry.node.kind,
      label: displayName(entry.node),
      depth: entry.depth,
      side: sideOf(entry.direction),
      node: entry.node,
    });
  }
  for (const group of answer.groups) {
    nodes.push({
      id: group.id,
      kind: group.kind,
      label: `${group.count.toLocaleString('en')} ${kindStyle(group.kind).plural}`,
      depth: group.depth,
      side: sideOf(group.direction),
      count: group.count,
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
