import type { GraphEdge } from './graph-model';

type Positions = Record<string, { x: number; y: number }>;

/** Straight segments, four numbers each (x1, y1, x2, y2), from node centre to node centre. */
export interface EdgeLines {
  /** Every edge but the affected ones (all of them when nothing is highlighted). */
  plain: Float32Array;
  /** Edges between two highlighted nodes (impact): drawn over the rest, in the alarm colour. */
  affected: Float32Array;
  /** How many edges the two hold together. */
  count: number;
}

/**
 * The segments of a large graph's edge layer, from the layout's positions. An edge joins its nodes'
 * centres, as Cytoscape's haystack lines did; the nodes drawn over them hide the ends. An edge whose
 * node has no position is left out.
 */
export function edgeLines(edges: GraphEdge[], positions: Positions, highlight?: ReadonlySet<string>): EdgeLines {
  const plain: number[] = [];
  const affected: number[] = [];
  for (const edge of edges) {
    const from = positions[edge.source];
    const to = positions[edge.target];
    if (!from || !to) continue;
    const into = highlight?.has(edge.source) && highlight.has(edge.target) ? affected : plain;
    into.push(from.x, from.y, to.x, to.y);
  }
  return {
    plain: Float32Array.from(plain),
    affected: Float32Array.from(affected),
    count: (plain.length + affected.length) / 4,
  };
}

export interface Viewport {
  zoom: number;
  pan: { x: number; y: number };
}

/**
 * The CSS transform (origin top left) that moves a picture drawn at `drawn` to where `now` would draw
 * it: a graph point p sits at p·zoom + pan on screen, so the picture is scaled by the zoom's ratio and
 * shifted by what is left of the new pan.
 */
export function pictureTransform(drawn: Viewport, now: Viewport): string {
  const scale = now.zoom / drawn.zoom;
  const x = now.pan.x - scale * drawn.pan.x;
  const y = now.pan.y - scale * drawn.pan.y;
  return `translate(${x}px, ${y}px) scale(${scale})`;
}
