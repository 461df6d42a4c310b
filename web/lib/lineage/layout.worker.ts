import dagre from '@dagrejs/dagre';
import type { LayoutRequest, LayoutResult } from './layout-protocol';

/**
 * Layered layout off the main thread: on thousands of nodes dagre takes long enough to freeze the
 * page. Ranks run right to left along the edges, so what a node depends on sits to its left.
 */
const scope = self as unknown as {
  onmessage: ((event: MessageEvent<LayoutRequest>) => void) | null;
  postMessage(message: LayoutResult): void;
};

scope.onmessage = (event) => {
  const { requestId, nodes, edges } = event.data;
  try {
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
