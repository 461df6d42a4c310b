import dagre from '@dagrejs/dagre';
import { layoutInLayers } from './fast-layers';
import type { LayoutRequest, LayoutResult } from './layout-protocol';

/**
 * Dagre draws the nicest layers but its crossing minimisation grows steeply: seconds at a few hundred
 * nodes, minutes at a thousand with ten thousand edges. Above these sizes the linear-time layering runs.
 */
const DAGRE_MAX_NODES = 300;
const DAGRE_MAX_EDGES = 1_000;

/**
 * Layered layout off the main thread, so even a long layout never freezes the page. Ranks run right
 * to left along the edges, so what a node depends on sits to its left.
 */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResult): void;
};

scope.onmessage = (event) => {
  const { requestId, nodes, edges } = event.data;
  try {
    if (nodes.length > DAGRE_MAX_NODES || edges.length > DAGRE_MAX_EDGES) {
      scope.postMessage({ requestId, positions: layoutInLayers({ nodes, edges }) });
      return;
    }
    const graph = new dagre.graphlib.Graph({ multigraph: false });
    graph.setGraph({ rankdir: 'RL', nodesep: 18, ranksep: 90, marginx: 20, marginy: 20 });
    graph.setDefaultEdgeLabel(() => ({}));
    for (const node of nodes) graph.setNode(node.id, { width: node.width, height: node.height });
    for (const edge of edges) graph.setEdge(edge.source, edge.target);
    dagre.layout(graph);
    const positions: LayoutResult['positions'] = {};
    for (const node of nodes) {
      const placed = graph.node(node.id);
      positions[node.id] = { x: placed.x, y: placed.y };
    }
    scope.postMessage({ requestId, positions });
  } catch (error) {
    scope.postMessage({ requestId, positions: {}, error: (error as Error).message });
  }
};
