import type { Core } from 'cytoscape';

/** Hooks the lineage canvas sets for the browser tests and the explorer benchmark. */
declare global {
  interface Window {
    /** The Cytoscape instance of the graph on the page. */
    __mnemoCy?: Core;
    /** True once the current graph's layout has been applied (and a large graph's edge layer drawn). */
    __mnemoGraphReady?: boolean;
    /** performance.now() when Cytoscape had drawn it too (ms since the page's navigation began). */
    __mnemoGraphReadyAt?: number;
    /** Which of Cytoscape's renderers draws it: 'webgl' for large graphs where the browser has WebGL 2. */
    __mnemoRenderer?: 'webgl' | 'canvas';
    /** How many edges the edge layer draws: a large graph's edges are lines under the canvas, not Cytoscape elements. */
    __mnemoEdgeLayer?: number;
  }
}

export {};
