'use client';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type {} from '../../lib/test-hooks';
import { useEffect, useRef, useState } from 'react';
import { kindStyle } from '../../lib/kinds';
import type { GraphModel } from '../../lib/lineage/graph-model';
import { LABEL_WIDTH, LayoutClient, NODE_SIZE } from '../../lib/lineage/layout-client';

/** Above this many edges, edge labels only show when zoomed in: thousands of labels are unreadable anyway. */
const EDGE_LABELS_ALWAYS_BELOW = 300;
/** The smallest zoom at which node labels are still legible; the user can zoom out further. */
const READABLE_ZOOM = 0.75;

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      shape: 'data(shape)' as never,
      'background-color': 'data(colour)',
      width: NODE_SIZE,
      height: NODE_SIZE,
      label: 'data(label)',
      'font-size': 11,
      color: '#0f172a',
      'text-valign': 'bottom',
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': `${LABEL_WIDTH}px`,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
  { selector: 'node.centre', style: { 'border-width': 4, 'border-color': '#0f172a', 'font-weight': 'bold' } },
  { selector: 'node.group', style: { 'border-width': 3, 'border-style': 'dashed', 'border-color': '#0f172a' } },
  { selector: 'node:selected', style: { 'overlay-color': '#f59e0b', 'overlay-opacity': 0.35, 'overlay-padding': 6 } },
  {
    selector: 'edge',
    style: {
      width: 1.4,
      'line-color': '#94a3b8',
      'target-arrow-color': '#94a3b8',
      'target-arrow-shape': 'triangle',
      'curve-style': 'bezier',
      label: 'data(label)',
      'font-size': 9,
      color: '#475569',
      'text-rotation': 'autorotate',
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.9,
    },
  },
  { selector: '.affected', style: { 'border-width': 4, 'border-color': '#b91c1c' } },
  { selector: 'edge.affected', style: { 'line-color': '#b91c1c', 'target-arrow-color': '#b91c1c', width: 2.5 } },
  { selector: '.dimmed', style: { opacity: 0.25 } },
];

function elementsOf(model: GraphModel): ElementDefinition[] {
  return [
    ...model.nodes.map((node) => ({
      group: 'nodes' as const,
      data: { id: node.id, label: node.label, kind: node.kind, members: node.members, ...colourAndShape(node.kind) },
      classes: [node.side === 'centre' ? 'centre' : '', node.members ? 'group' : ''].filter(Boolean).join(' '),
    })),
    ...model.edges.map((edge) => ({
      group: 'edges' as const,
      data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label },
    })),
  ];
}

function colourAndShape(kind: string) {
  const style = kindStyle(kind);
  return { colour: style.colour, shape: style.shape };
}

export type CanvasStatus = { phase: 'layout' } | { phase: 'ready' } | { phase: 'error'; message: string };

/**
 * Draws a graph model with Cytoscape. The layout comes from a Web Worker (dagre) and is applied as a
 * `preset` layout, so the page stays responsive while thousands of nodes are placed.
 */
export function GraphCanvas(props: {
  model: GraphModel;
  /** Ids to mark as affected (impact); everything else is dimmed. */
  highlight?: ReadonlySet<string>;
  selectedId?: string | null;
  onSelect: (id: string | null) => void;
  onOpen?: (id: string) => void;
  label: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const layoutRef = useRef<LayoutClient | null>(null);
  const handlers = useRef({ onSelect: props.onSelect, onOpen: props.onOpen });
  useEffect(() => {
    handlers.current = { onSelect: props.onSelect, onOpen: props.onOpen };
  });
  const [status, setStatus] = useState<CanvasStatus>({ phase: 'layout' });

  useEffect(() => {
    const cy = cytoscape({ container: container.current, style: STYLE, elements: [], minZoom: 0.05, maxZoom: 3 });
    cyRef.current = cy;
    layoutRef.current = new LayoutClient();
    window.__mnemoCy = cy;
    cy.on('tap', 'node', (event) => handlers.current.onSelect(event.target.id()));
    cy.on('tap', (event) => {
      if (event.target === cy) handlers.current.onSelect(null);
    });
    cy.on('dbltap', 'node', (event) => handlers.current.onOpen?.(event.target.id()));
    return () => {
      window.__mnemoGraphReady = false;
      if (window.__mnemoCy === cy) window.__mnemoCy = undefined;
      layoutRef.current?.terminate();
      cy.destroy();
    };
  }, []);

  useEffect(() => {
    const cy = cyRef.current;
    const layout = layoutRef.current;
    if (!cy || !layout) return;
    window.__mnemoGraphReady = false;
    setStatus({ phase: 'layout' });
    let cancelled = false;
    layout.layout(props.model).then(
      (positions) => {
        if (cancelled) return;
        cy.batch(() => {
          cy.elements().remove();
          cy.add(elementsOf(props.model));
          cy.style()
            .selector('edge')
            .style('min-zoomed-font-size', props.model.edges.length > EDGE_LABELS_ALWAYS_BELOW ? 12 : 0);
        });
        cy.layout({ name: 'preset', positions, fit: true, padding: 30 }).run();
        // A long chain fitted whole has unreadable labels: stay readable, centred on the centre node.
        if (cy.zoom() < READABLE_ZOOM) {
          cy.zoom(READABLE_ZOOM);
          cy.center(cy.nodes('.centre').length ? cy.nodes('.centre') : undefined);
        }
        setStatus({ phase: 'ready' });
        window.__mnemoGraphReady = true;
      },
      (error: Error) => !cancelled && setStatus({ phase: 'error', message: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [props.model]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || status.phase !== 'ready') return;
    cy.batch(() => {
      cy.elements().removeClass('affected dimmed');
      if (props.highlight) {
        const affected = cy.nodes().filter((node) => props.highlight!.has(node.id()));
        affected.addClass('affected');
        affected.edgesWith(affected).addClass('affected');
        cy.elements().not(affected).not(affected.edgesWith(affected)).not('.centre').addClass('dimmed');
      }
      cy.nodes().unselect();
      if (props.selectedId) cy.getElementById(props.selectedId).select();
    });
  }, [props.highlight, props.selectedId, status]);

  return (
    <div className="graph-canvas">
      <div ref={container} style={{ position: 'absolute', inset: 0 }} role="img" aria-label={props.label} />
      {status.phase === 'layout' && (
        <p className="state state-loading" role="status">
          Laying out {props.model.nodes.length} nodes…
        </p>
      )}
      {status.phase === 'error' && (
        <p className="state state-error" role="alert">
          Could not draw the graph. {status.message}
        </p>
      )}
    </div>
  );
}
