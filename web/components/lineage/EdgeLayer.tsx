'use client';
import type { Core } from 'cytoscape';
import { useEffect, useRef } from 'react';
import { type EdgeLines, pictureTransform, type Viewport } from '../../lib/lineage/edge-lines';

/** Matches the canvas's edge style: the plain line, and an affected one (impact). */
const LINE = { colour: '#94a3b8', width: 1.4 };
const AFFECTED = { colour: '#b91c1c', width: 2.5 };
/** Opacity of the plain lines while a highlight dims everything else. */
const DIMMED = 0.25;
/** A pan or zoom moves the last picture; the lines are drawn again once the view has rested this long. */
const REDRAW_AFTER_MS = 120;

/**
 * A large graph's edges, drawn under Cytoscape's canvas on a canvas of their own. As Cytoscape
 * elements, 25,000 edges cost most of a 5,000-node graph's first draw (adding them, styling each one,
 * their bounds, every pointer event testing them) while they are only lines: here they cost one path
 * per redraw. While the view moves the last picture is moved and scaled with it (a CSS transform, no
 * drawing), as Cytoscape moves its own picture of the nodes; the lines are drawn again when it rests.
 */
export function EdgeLayer(props: { cy: Core; lines: EdgeLines; dimmed: boolean }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { cy, lines, dimmed } = props;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    let drawnAt: Viewport | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;

    const stroke = (segments: Float32Array, style: typeof LINE) => {
      if (segments.length === 0) return;
      context.beginPath();
      for (let i = 0; i < segments.length; i += 4) {
        context.moveTo(segments[i], segments[i + 1]);
        context.lineTo(segments[i + 2], segments[i + 3]);
      }
      context.strokeStyle = style.colour;
      context.lineWidth = style.width;
      context.stroke();
    };
    const draw = () => {
      timer = undefined;
      const ratio = window.devicePixelRatio || 1;
      const width = cy.width();
      const height = cy.height();
      if (element.width !== Math.round(width * ratio) || element.height !== Math.round(height * ratio)) {
        element.width = Math.round(width * ratio);
        element.height = Math.round(height * ratio);
        element.style.width = `${width}px`;
        element.style.height = `${height}px`;
      }
      const zoom = cy.zoom();
      const pan = cy.pan();
      context.setTransform(1, 0, 0, 1, 0, 0);
      context.clearRect(0, 0, element.width, element.height);
      context.setTransform(ratio * zoom, 0, 0, ratio * zoom, ratio * pan.x, ratio * pan.y);
      context.globalAlpha = dimmed ? DIMMED : 1;
      stroke(lines.plain, LINE);
      context.globalAlpha = 1;
      stroke(lines.affected, AFFECTED);
      drawnAt = { zoom, pan: { ...pan } };
      element.style.transform = '';
    };
    const moved = () => {
      if (drawnAt) element.style.transform = pictureTransform(drawnAt, { zoom: cy.zoom(), pan: cy.pan() });
      clearTimeout(timer);
      timer = setTimeout(draw, REDRAW_AFTER_MS);
    };
    draw();
    window.__mnemoEdgeLayer = lines.count;
    cy.on('viewport', moved);
    cy.on('resize', draw);
    return () => {
      cy.off('viewport', moved);
      cy.off('resize', draw);
      clearTimeout(timer);
      window.__mnemoEdgeLayer = undefined;
    };
  }, [cy, lines, dimmed]);

  return (
    <div style={{ position: 'absolute', inset: 0, overflow: 'hidden', pointerEvents: 'none' }} aria-hidden="true">
      <canvas ref={canvas} style={{ position: 'absolute', left: 0, top: 0, transformOrigin: '0 0' }} />
    </div>
  );
}
