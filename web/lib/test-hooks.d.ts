import type { Core } from 'cytoscape';

/** Hooks the lineage canvas sets for the browser tests and the explorer benchmark. */
declare global {
  interface Window {
    /** The Cytoscape instance of the graph on the page. */
    __mnemoCy?: Core;
    /** True once the current graph's layout has been applied. */
    __mnemoGraphReady?: boolean;
    /** performance.now() when it was (ms since the page's navigation began). */
    __mnemoGraphReadyAt?: number;
    /** Which of Cytoscape's renderers draws it: 'webgl' for large graphs where the browser has WebGL 2. */
    __mnemoRenderer?: 'webgl' | 'canvas';
  }
}

export {};
