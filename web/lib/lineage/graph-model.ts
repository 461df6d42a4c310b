import type { NodeSummary } from '../node-summary';

/**
 * What the canvas draws, independent of Cytoscape. Edges keep the API's direction: from the dependent
 * node (source) to what it depends on (target), so "run USED dataset" reads along the arrow.
 */
export interface GraphNode {
  id: string;
  kind: string;
  label: string;
  /** Steps from the centre node; 0 for the centre. */
  depth: number;
  side: 'centre' | 'upstream' | 'downstream';
  node?: NodeSummary;
  /** Set on a group node standing for a folded fan-out: how many nodes it stands for. */
  count?: number;
}

export interface GraphEdge {
  id: string;
  source: string;
  target: string;
  label: string;
}

export interface GraphModel {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export const edgeId = (source: string, target: string, label: string) => `${source}->${target}:${label}`;

/** Drops self-loops and repeats, e.g. after several nodes were merged into one. */
export function dedupeEdges(edges: GraphEdge[]): GraphEdge[] {
  const seen = new Map<string, GraphEdge>();
  for (const edge of edges) {
    if (edge.source === edge.target) continue;
    const id = edgeId(edge.source, edge.target, edge.label);
    if (!seen.has(id)) seen.set(id, { ...edge, id });
  }
  return [...seen.values()];
}
