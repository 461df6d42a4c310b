import type { LayoutRequest, LayoutResult } from './layout-protocol';

const NODE_GAP = 18;
const RANK_GAP = 90;
/** Ordering passes (down the ranks and back up); more barely change the picture on lineage graphs. */
const SWEEPS = 4;

/**
 * A layered layout in linear time for graphs too big for dagre (whose crossing minimisation takes
 * minutes on thousands of edges). Same picture grammar: what a node depends on sits to its left.
 * Ranks by longest path along the edges (source depends on target), then orders each rank by the mean
 * position of its neighbours (barycentres), sweeping right and left a few times.
 */
export function layoutInLayers({ nodes, edges }: Pick<LayoutRequest, 'nodes' | 'edges'>): LayoutResult['positions'] {
  const index = new Map(nodes.map((node, i) => [node.id, i]));
  const dependsOn: number[][] = nodes.map(() => []);
  const dependents: number[][] = nodes.map(() => []);
  for (const edge of edges) {
    const source = index.get(edge.source);
    const target = index.get(edge.target);
    if (source === undefined || target === undefined || source === target) continue;
    dependsOn[source].push(target);
    dependents[target].push(source);
  }

  const rank = rankByLongestPath(dependsOn, dependents);
  const layers: number[][] = [];
  nodes.forEach((_, i) => (layers[rank[i]] ??= []).push(i));
  for (let r = 0; r < layers.length; r++) layers[r] ??= [];

  // Where each node sits in its layer, as a fraction, so layers of different sizes compare.
  const place = new Float64Array(nodes.length);
  const renumber = (layer: number[]) => layer.forEach((node, i) => (place[node] = (i + 0.5) / layer.length));
  layers.forEach(renumber);
  const orderBy = (layer: number[], neighbours: number[][]) => {
    const weight = new Map<number, number>();
    for (const node of layer) {
      const around = neighbours[node];
      weight.set(
        node,
        around.length ? around.reduce((sum, other) => sum + place[other], 0) / around.length : place[node],
      );
    }
    layer.sort((a, b) => weight.get(a)! - weight.get(b)! || a - b);
    renumber(layer);
  };
  for (let sweep = 0; sweep < SWEEPS; sweep++) {
    if (sweep % 2 === 0) for (let r = 1; r < layers.length; r++) orderBy(layers[r], dependsOn);
    else for (let r = layers.length - 2; r >= 0; r--) orderBy(layers[r], dependents);
  }

  const positions: LayoutResult['positions'] = {};
  let x = 0;
  for (const layer of layers) {
    const width = Math.max(0, ...layer.map((node) => nodes[node].width));
    const height = layer.reduce((sum, node) => sum + nodes[node].height, 0) + NODE_GAP * Math.max(0, layer.length - 1);
    let y = -height / 2;
    for (const node of layer) {
      positions[nodes[node].id] = { x: x + width / 2, y: y + nodes[node].height / 2 };
      y += nodes[node].height + NODE_GAP;
    }
    x += width + RANK_GAP;
  }
  return positions;
}

/**
 * Rank 0 for nodes that depend on nothing in view, else one more than their highest dependency
 * (Kahn's order). Lineage has no cycles; should one arrive, its nodes go one rank past the rest.
 */
function rankByLongestPath(dependsOn: number[][], dependents: number[][]): number[] {
  const rank = new Array<number>(dependsOn.length).fill(0);
  const waiting = dependsOn.map((targets) => targets.length);
  const ready = waiting.flatMap((count, node) => (count === 0 ? [node] : []));
  let placed = 0;
  for (let head = 0; head < ready.length; head++) {
    const node = ready[head];
    placed++;
    for (const dependent of dependents[node]) {
      rank[dependent] = Math.max(rank[dependent], rank[node] + 1);
      if (--waiting[dependent] === 0) ready.push(dependent);
    }
  }
  if (placed < dependsOn.length) {
    const past = Math.max(0, ...rank) + 1;
    waiting.forEach((count, node) => count > 0 && (rank[node] = past));
  }
  return rank;
}
