'use client';
import cytoscape, { type Core, type ElementDefinition } from 'cytoscape';
import type {} from '../../lib/test-hooks';
import { useEffect, useMemo, useRef, useState } from 'react';
import { FALLBACK_STYLE, STYLED_KINDS } from '../../lib/kinds';
import type { GraphModel } from '../../lib/lineage/graph-model';
import { edgeLines } from '../../lib/lineage/edge-lines';
import { LABEL_WIDTH, LayoutClient, NODE_SIZE, nodeBox } from '../../lib/lineage/layout-client';
import { EdgeLayer } from './EdgeLayer';
import { GraphOverview, type OverviewNode } from './GraphOverview';

/**
 * Above this many edges the graph is drawn for speed: plain lines without arrows or labels (thousands
 * of labels are unreadable anyway, and Cytoscape's curves compare every pair of parallel edges).
 */
export const DENSE_ABOVE_EDGES = 300;
/** The smallest zoom at which node labels read comfortably; a graph too big to fit above FITTED_ZOOM opens at it. */
const READABLE_ZOOM = 0.75;
/**
 * A graph that fits the canvas at this zoom or more opens fitted, whole: its shape matters more than
 * label size at first sight (a model's lineage of 16 nodes half past the edge hid what it came from).
 */
const FITTED_ZOOM = 0.25;

/**
 * Above this many nodes a graph is large: drawn by Cytoscape's WebGL renderer (3.31+) where the
 * browser has a GPU (nodes and labels become textures drawn in batches, so the first draw and every
 * pan or zoom stop costing one canvas call per element), else by the canvas renderer panning a
 * picture of the view. Smaller graphs keep the plain canvas renderer, whose edge labels and arrows
 * are exact. A large graph's edges are drawn on a layer of their own under the canvas (EdgeLayer), not
 * as Cytoscape elements.
 */
export const LARGE_ABOVE_NODES = 1_000;

let webglAnswer: boolean | undefined;
/**
 * Whether this browser can give Cytoscape a WebGL 2 context on a GPU (asked once; never on the
 * server). Software WebGL (SwiftShader, llvmpipe: a browser without a GPU) does not count: in headless
 * Chromium on SwiftShader a 5,000-node lineage took 25 s to become interactive and panned at 1 FPS,
 * several times slower than the canvas renderer. Chromium grants it even with
 * failIfMajorPerformanceCaveat, so the renderer's name is read.
 */
function webglAvailable(): boolean {
  if (typeof document === 'undefined') return false;
  if (webglAnswer === undefined) {
    const gl = document.createElement('canvas').getContext('webgl2', { failIfMajorPerformanceCaveat: true });
    const info = gl?.getExtension('WEBGL_debug_renderer_info');
    const renderer = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : '';
    webglAnswer = gl !== null && !/swiftshader|llvmpipe|softpipe|software/i.test(renderer);
    gl?.getExtension('WEBGL_lose_context')?.loseContext();
  }
  return webglAnswer;
}

const FIT_PADDING = 30;
/** A graph of a few nodes is not blown up past this. */
const LARGEST_FIT_ZOOM = 1.25;

type Positions = Record<string, { x: number; y: number }>;
type Box = { x1: number; y1: number; x2: number; y2: number };

/**
 * The drawing's extent from the layout's own boxes. Asking Cytoscape (`fit`, `boundingBox`) makes it
 * measure every label first: over a second on thousands of elements, before anything is drawn.
 */
function extentOf(model: GraphModel, positions: Positions): Box {
  const box = { x1: Infinity, y1: Infinity, x2: -Infinity, y2: -Infinity };
  for (const node of model.nodes) {
    const at = positions[node.id];
    if (!at) continue;
    const { width, height } = nodeBox(node.label);
    box.x1 = Math.min(box.x1, at.x - width / 2);
    box.x2 = Math.max(box.x2, at.x + width / 2);
    box.y1 = Math.min(box.y1, at.y - height / 2);
    box.y2 = Math.max(box.y2, at.y + height / 2);
  }
  return Number.isFinite(box.x1) ? box : { x1: 0, y1: 0, x2: 0, y2: 0 };
}

/**
 * Fits the whole drawing when it fits at FITTED_ZOOM or more. Otherwise (thousands of nodes) zooms
 * to a legible size and pans so the centre node is in view with as much of the graph around it as
 * fits: a centre at the upstream end sits at the left edge rather than in the middle of empty space.
 */
function showGraph(cy: Core, graph: Box, focusAt: { x: number; y: number } | undefined): 'whole' | 'part' {
  const fitZoom = Math.min(
    (cy.width() - 2 * FIT_PADDING) / Math.max(1, graph.x2 - graph.x1),
    (cy.height() - 2 * FIT_PADDING) / Math.max(1, graph.y2 - graph.y1),
  );
  if (fitZoom >= FITTED_ZOOM) {
    fitAll(cy, graph);
    return 'whole';
  }
  const zoom = READABLE_ZOOM;
  const focus = focusAt ?? { x: (graph.x1 + graph.x2) / 2, y: (graph.y1 + graph.y2) / 2 };
  // The viewport's size in graph coordinates at this zoom.
  const width = cy.width() / zoom;
  const height = cy.height() / zoom;
  const clamp = (want: number, low: number, high: number, size: number) =>
    high - low <= size ? (low + high) / 2 - size / 2 : Math.min(Math.max(want, low), high - size);
  const left = clamp(focus.x - width / 2, graph.x1, graph.x2, width);
  const top = clamp(focus.y - height / 2, graph.y1, graph.y2, height);
  cy.viewport({ zoom, pan: { x: -left * zoom, y: -top * zoom } });
  return 'part';
}

/** The whole drawing in view, however small its labels get (the Fit control). */
function fitAll(cy: Core, graph: Box) {
  const zoom = Math.min(
    LARGEST_FIT_ZOOM,
    (cy.width() - 2 * FIT_PADDING) / Math.max(1, graph.x2 - graph.x1),
    (cy.height() - 2 * FIT_PADDING) / Math.max(1, graph.y2 - graph.y1),
  );
  const pan = {
    x: cy.width() / 2 - ((graph.x1 + graph.x2) / 2) * zoom,
    y: cy.height() / 2 - ((graph.y1 + graph.y2) / 2) * zoom,
  };
  cy.viewport({ zoom, pan });
}

/** Pans (keeping the zoom) so a node is in view, when it is not. */
function keepInView(cy: Core, id: string) {
  const node = cy.getElementById(id);
  if (node.empty()) return;
  const at = node.renderedPosition();
  const margin = 40;
  if (at.x >= margin && at.x <= cy.width() - margin && at.y >= margin && at.y <= cy.height() - margin) return;
  cy.panBy({ x: cy.width() / 2 - at.x, y: cy.height() / 2 - at.y });
}

/** A node's look in every graph; a graph that is not large adds wrapped labels on a backing box. */
const NODE_LOOK = {
  shape: FALLBACK_STYLE.shape as never,
  'background-color': FALLBACK_STYLE.colour,
  width: NODE_SIZE,
  height: NODE_SIZE,
  label: 'data(label)',
  'font-size': 13,
  color: '#0f172a',
  'text-valign': 'bottom' as const,
};

const STYLE: cytoscape.StylesheetJson = [
  {
    selector: 'node',
    style: {
      ...NODE_LOOK,
      'text-margin-y': 4,
      'text-wrap': 'wrap',
      'text-max-width': `${LABEL_WIDTH}px`,
      'text-background-color': '#ffffff',
      'text-background-opacity': 0.8,
    },
  },
  // A class per kind rather than data() mappers: mapped values are parsed again for every element.
  ...STYLED_KINDS.map(([kind, style]) => ({
    selector: `node.kind-${kind}`,
    style: { shape: style.shape as never, 'background-color': style.colour },
  })),
  // A node the caller may not read: grey, a dotted border and a lock in its label (its summary).
  {
    selector: 'node.kind-RestrictedNode',
    style: { 'border-width': 2, 'border-style': 'dotted', 'border-color': '#4b5563', color: '#4b5563' },
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
  // Haystack lines skip the per-edge curve and arrow geometry; direction still reads left to right.
  { selector: 'edge.dense', style: { 'curve-style': 'haystack', 'haystack-radius': 0, label: '' } },
  { selector: '.affected', style: { 'border-width': 4, 'border-color': '#b91c1c' } },
  { selector: 'edge.affected', style: { 'line-color': '#b91c1c', 'target-arrow-color': '#b91c1c', width: 2.5 } },
  { selector: '.dimmed', style: { opacity: 0.25 } },
];

/**
 * A large graph's look: labels on one line, cut to the label width, without the wrapping and the
 * backing box Cytoscape would otherwise size and style node by node (5,000 nodes: the task adding them
 * 0.46 → 0.39 s, the first frame ~0.1 s sooner, `npm run -s bench -- explorer`); and only on the nodes
 * in view (`labelled`, kept up by labelInView), the centre and the selected node, since Cytoscape
 * measures every label it is given (5,000 nodes: that task ~0.13 s shorter again).
 */
const LARGE_STYLE: cytoscape.StylesheetJson = [
  ...STYLE.map((block) =>
    block.selector === 'node' ? { selector: 'node', style: { ...NODE_LOOK, label: '' } } : block,
  ),
  { selector: 'node.labelled, node.centre, node:selected', style: { label: 'data(label)' } },
];
/** Zoomed out further, a label is under 5 pixels high: no node is labelled. */
const LABEL_ZOOM = 0.35;
/** How long the view must rest before a large graph is labelled again: not on every frame of a pan. */
const LABEL_DELAY_MS = 120;

/** Labels the nodes in view (a large graph's), and no others; nothing when zoomed out too far to read. */
function labelInView(cy: Core): void {
  const view = cy.extent();
  const readable = cy.zoom() >= LABEL_ZOOM;
  const inView = readable
    ? cy.nodes().filter((node) => {
        const { x, y } = node.position();
        return x >= view.x1 && x <= view.x2 && y >= view.y1 && y <= view.y2;
      })
    : cy.collection();
  const labelled = cy.nodes('.labelled');
  cy.batch(() => {
    labelled.difference(inView).removeClass('labelled');
    inView.difference(labelled).addClass('labelled');
  });
}
/** Characters of a label that fit on one line of a large graph's labels. */
const ONE_LINE = 24;
const oneLine = (label: string) => (label.length > ONE_LINE ? `${label.slice(0, ONE_LINE - 1)}…` : label);

const KIND_COLOURS = new Map(STYLED_KINDS.map(([kind, style]) => [kind, style.colour]));

/** The overview's dots: each node where the layout put it, in its kind's colour. */
function overviewOf(model: GraphModel, positions: Positions): OverviewNode[] {
  return model.nodes.flatMap((node) => {
    const at = positions[node.id];
    return at ? [{ x: at.x, y: at.y, colour: KIND_COLOURS.get(node.kind) ?? FALLBACK_STYLE.colour }] : [];
  });
}

/**
 * Nodes are added where the layout put them: no separate layout pass over Cytoscape's elements. A
 * large graph's edges are left to the edge layer.
 */
function elementsOf(model: GraphModel, positions: Positions, large: boolean): ElementDefinition[] {
  const edgeClasses = model.edges.length > DENSE_ABOVE_EDGES ? 'dense' : '';
  const nodes: ElementDefinition[] = model.nodes.map((node) => ({
    group: 'nodes' as const,
    position: positions[node.id] ?? { x: 0, y: 0 },
    data: { id: node.id, label: large ? oneLine(node.label) : node.label, kind: node.kind, count: node.count },
    classes: [`kind-${node.kind}`, node.side === 'centre' ? 'centre' : '', node.count ? 'group' : '']
      .filter(Boolean)
      .join(' '),
  }));
  if (large) return nodes;
  return [
    ...nodes,
    ...model.edges.map((edge) => ({
      group: 'edges' as const,
      data: { id: edge.id, source: edge.source, target: edge.target, label: edge.label },
      classes: edgeClasses,
    })),
  ];
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
  /** Settles once Cytoscape has drawn the current graph's first frame. */
  const firstFrame = useRef<Promise<void>>(Promise.resolve());
  /** The last drawing's extent and centre, and whether it was fitted whole, to show it again on a resize. */
  const shown = useRef<{ extent: Box; focus?: { x: number; y: number }; whole?: boolean } | null>(null);
  /** Set once the person pans or zooms: a resize then keeps their view instead of showing the graph again. */
  const moved = useRef(false);
  const [overview, setOverview] = useState<{ cy: Core; nodes: OverviewNode[]; extent: Box } | null>(null);
  const [overviewShown, setOverviewShown] = useState(false);
  /** The drawn graph and where its nodes are: what the edge layer draws from. */
  const [drawn, setDrawn] = useState<{ cy: Core; model: GraphModel; positions: Positions } | null>(null);
  const large = props.model.nodes.length > LARGE_ABOVE_NODES;
  const webgl = large && webglAvailable();
  const lines = useMemo(
    () => (large && drawn ? edgeLines(drawn.model.edges, drawn.positions, props.highlight) : null),
    [large, drawn, props.highlight],
  );

  // The renderer is chosen when Cytoscape starts: a graph crossing LARGE_ABOVE_NODES (expanded,
  // collapsed) gets a new instance, drawn by the effect below.
  useEffect(() => {
    const cy = cytoscape({
      container: container.current,
      style: large ? LARGE_STYLE : STYLE,
      elements: [],
      minZoom: 0.05,
      maxZoom: 3,
      // Without a GPU, a large graph pans and zooms as one picture of the view, drawn again when the
      // motion stops, instead of redrawing thousands of elements every frame (its edges are on the
      // edge layer, which does the same).
      ...(webgl ? { renderer: { name: 'canvas', webgl: true } } : large ? { textureOnViewport: true } : {}),
    } as cytoscape.CytoscapeOptions);
    cyRef.current = cy;
    layoutRef.current = new LayoutClient();
    window.__mnemoCy = cy;
    window.__mnemoRenderer = webgl ? 'webgl' : 'canvas';
    cy.on('tap', 'node', (event) => handlers.current.onSelect(event.target.id()));
    cy.on('tap', (event) => {
      if (event.target === cy) handlers.current.onSelect(null);
    });
    cy.on('dbltap', 'node', (event) => handlers.current.onOpen?.(event.target.id()));
    // Pans and zooms by the person (not the ones this component makes) keep their view.
    cy.on('dragpan scrollzoom pinchzoom', () => (moved.current = true));
    // A large graph labels what is in view, once the view stops moving.
    let relabel: ReturnType<typeof setTimeout> | undefined;
    if (large)
      cy.on('viewport', () => {
        clearTimeout(relabel);
        relabel = setTimeout(() => !cy.destroyed() && labelInView(cy), LABEL_DELAY_MS);
      });
    // The canvas changes size when the page does (a window resized, a side panel opening): Cytoscape
    // is told, and the graph shown again to fit the new size unless the person has moved the view.
    const resized = new ResizeObserver(() => {
      cy.resize();
      if (!shown.current || moved.current) return;
      if (shown.current.whole) fitAll(cy, shown.current.extent);
      else showGraph(cy, shown.current.extent, shown.current.focus);
    });
    if (container.current) resized.observe(container.current);
    return () => {
      resized.disconnect();
      clearTimeout(relabel);
      window.__mnemoGraphReady = false;
      if (window.__mnemoCy === cy) window.__mnemoCy = undefined;
      layoutRef.current?.terminate();
      cy.destroy();
    };
  }, [webgl, large]);

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
          cy.add(elementsOf(props.model, positions, large));
        });
        const centre = props.model.nodes.find((node) => node.side === 'centre');
        shown.current = { extent: extentOf(props.model, positions), focus: centre && positions[centre.id] };
        moved.current = false;
        cy.resize();
        // The overview opens with a graph too big to show whole (on a fitted one it would hide part of it).
        setOverviewShown(showGraph(cy, shown.current.extent, shown.current.focus) === 'part');
        if (large) labelInView(cy);
        setOverview({ cy, nodes: overviewOf(props.model, positions), extent: shown.current.extent });
        setDrawn({ cy, model: props.model, positions });
        setStatus({ phase: 'ready' });
        // Cytoscape draws in its next animation frame, not now.
        firstFrame.current = new Promise((resolve) => cy.one('render', () => resolve()));
      },
      (error: Error) => !cancelled && setStatus({ phase: 'error', message: error.message }),
    );
    return () => {
      cancelled = true;
    };
  }, [props.model, webgl, large]);

  // Ready for tests and the benchmark once both are drawn: the edge layer (its effect, a child's, ran
  // before this one) and Cytoscape's first frame.
  useEffect(() => {
    if (status.phase !== 'ready') return;
    window.__mnemoGraphReady = true;
    let current = true;
    firstFrame.current.then(() => current && (window.__mnemoGraphReadyAt = performance.now()));
    return () => {
      current = false;
    };
  }, [status]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy || status.phase !== 'ready') return;
    // Only the elements whose look changes are touched: restyling thousands on every click is slow.
    cy.batch(() => {
      cy.elements('.affected, .dimmed').removeClass('affected dimmed');
      if (props.highlight) {
        const affected = cy.nodes().filter((node) => props.highlight!.has(node.id()));
        affected.addClass('affected');
        affected.edgesWith(affected).addClass('affected');
        cy.elements().not(affected).not(affected.edgesWith(affected)).not('.centre').addClass('dimmed');
      }
      cy.elements(':selected').unselect();
      if (props.selectedId) cy.getElementById(props.selectedId).select();
    });
    // The selected node is always in view (picked from the index or the panel, it may be off-screen).
    if (props.selectedId) keepInView(cy, props.selectedId);
  }, [props.highlight, props.selectedId, status]);

  return (
    <div className="graph-canvas">
      {status.phase === 'ready' && drawn && lines && (
        <EdgeLayer cy={drawn.cy} lines={lines} dimmed={props.highlight !== undefined} />
      )}
      <div ref={container} style={{ position: 'absolute', inset: 0 }} role="img" aria-label={props.label} />
      {status.phase === 'ready' && (
        <div className="graph-controls">
          <button
            type="button"
            onClick={() => {
              const cy = cyRef.current;
              if (!cy || !shown.current) return;
              fitAll(cy, shown.current.extent);
              shown.current.whole = true;
              moved.current = false;
            }}
          >
            Fit to view
          </button>
          <button type="button" aria-pressed={overviewShown} onClick={() => setOverviewShown((on) => !on)}>
            Overview
          </button>
        </div>
      )}
      {status.phase === 'ready' && overviewShown && overview && (
        <GraphOverview
          cy={overview.cy}
          nodes={overview.nodes}
          extent={overview.extent}
          onMove={() => (moved.current = true)}
        />
      )}
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
