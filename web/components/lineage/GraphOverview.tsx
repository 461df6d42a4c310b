'use client';
import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'react';

/** The overview's size in CSS pixels. */
const WIDTH = 200;
const HEIGHT = 130;
const INSET = 6;

/** A node of the overview: where the layout put it, in the colour of its kind. */
export interface OverviewNode {
  x: number;
  y: number;
  colour: string;
}

export type Extent = { x1: number; y1: number; x2: number; y2: number };

/** Graph coordinates ↔ overview pixels: the whole drawing scaled to fit, centred. */
function scaleOf(extent: Extent) {
  const scale = Math.min(
    (WIDTH - 2 * INSET) / Math.max(1, extent.x2 - extent.x1),
    (HEIGHT - 2 * INSET) / Math.max(1, extent.y2 - extent.y1),
  );
  const left = (WIDTH - (extent.x2 - extent.x1) * scale) / 2;
  const top = (HEIGHT - (extent.y2 - extent.y1) * scale) / 2;
  return {
    toOverview: (x: number, y: number) => ({ x: left + (x - extent.x1) * scale, y: top + (y - extent.y1) * scale }),
    toGraph: (x: number, y: number) => ({ x: extent.x1 + (x - left) / scale, y: extent.y1 + (y - top) / scale }),
  };
}

/**
 * A small picture of the whole graph with the part in view outlined (a minimap): on a graph of
 * thousands of nodes it says where the view is, and a click or a drag on it moves the view there.
 * Drawn from the layout's positions on a canvas of its own, so it costs one pass over the nodes
 * per frame in which the view moved, not Cytoscape's rendering.
 */
export function GraphOverview(props: {
  cy: Core;
  nodes: OverviewNode[];
  extent: Extent;
  /** Called when the person moves the view from the overview. */
  onMove: () => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { cy, nodes, extent, onMove } = props;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const ratio = window.devicePixelRatio || 1;
    element.width = WIDTH * ratio;
    element.height = HEIGHT * ratio;
    context.scale(ratio, ratio);
    const { toOverview } = scaleOf(extent);
    let frame = 0;
    const draw = () => {
      frame = 0;
      context.clearRect(0, 0, WIDTH, HEIGHT);
      for (const node of nodes) {
        const at = toOverview(node.x, node.y);
        context.fillStyle = node.colour;
        context.fillRect(at.x - 1.5, at.y - 1.5, 3, 3);
      }
      const view = cy.extent();
      const from = toOverview(view.x1, view.y1);
      const to = toOverview(view.x2, view.y2);
      context.strokeStyle = '#b45309';
      context.lineWidth = 2;
      context.strokeRect(from.x, from.y, to.x - from.x, to.y - from.y);
    };
    const redraw = () => {
      if (!frame) frame = requestAnimationFrame(draw);
    };
    draw();
    cy.on('viewport resize', redraw);
    return () => {
      cy.off('viewport resize', redraw);
      if (frame) cancelAnimationFrame(frame);
    };
  }, [cy, nodes, extent]);

  /** Centres the view on the graph point under the pointer, keeping the zoom. */
  const moveTo = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    const at = scaleOf(extent).toGraph(event.clientX - box.left, event.clientY - box.top);
    const zoom = cy.zoom();
    cy.pan({ x: cy.width() / 2 - at.x * zoom, y: cy.height() / 2 - at.y * zoom });
    onMove();
  };

  return (
    <canvas
      ref={canvas}
      className="graph-overview"
      style={{ width: WIDTH, height: HEIGHT }}
      role="img"
      aria-label="Overview of the whole graph, the part in view outlined; click or drag on it to move the view"
      onPointerDown={(event) => {
        event.currentTarget.setPointerCapture(event.pointerId);
        moveTo(event);
      }}
      onPointerMove={(event) => {
        if (event.buttons & 1) moveTo(event);
      }}
    />
  );
}
