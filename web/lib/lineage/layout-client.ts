import type { GraphModel } from './graph-model';
import type { LayoutRequest, LayoutResult } from './layout-protocol';

/** The box dagre reserves for a node: the shape plus its label underneath, wrapped at LABEL_WIDTH. */
export const NODE_SIZE = 26;
export const LABEL_WIDTH = 170;
const CHAR_WIDTH = 7.7; // at the canvas's 13 px label font
const LINE_HEIGHT = 16;

export function nodeBox(label: string): { width: number; height: number } {
  const textWidth = label.length * CHAR_WIDTH;
  const lines = Math.ceil(textWidth / LABEL_WIDTH);
  return { width: Math.max(NODE_SIZE, Math.min(textWidth, LABEL_WIDTH)), height: NODE_SIZE + 4 + lines * LINE_HEIGHT };
}

const startWorker = () => new Worker(new URL('./layout.worker.ts', import.meta.url));

/** A worker started before the graph arrived, for the next LayoutClient to take. */
let started: Worker | null = null;

/**
 * Starts the layout worker while the page still waits for its graph: fetching and starting its script
 * (dagre inside) then overlaps the API's answer instead of following it. Answers a function that stops
 * the worker if no LayoutClient took it.
 */
export function startLayoutWorkerEarly(): () => void {
  if (typeof Worker === 'undefined') return () => {};
  const worker = (started ??= startWorker());
  return () => {
    if (started !== worker) return;
    worker.terminate();
    started = null;
  };
}

/** One worker per page, answering the newest request; older answers are ignored. */
export class LayoutClient {
  private worker: Worker;
  private requestId = 0;

  constructor() {
    this.worker = started ?? startWorker();
    started = null;
  }

  layout(model: GraphModel): Promise<LayoutResult['positions']> {
    const requestId = ++this.requestId;
    const request: LayoutRequest = {
      requestId,
      nodes: model.nodes.map((node) => ({ id: node.id, ...nodeBox(node.label) })),
      edges: model.edges.map((edge) => ({ source: edge.source, target: edge.target })),
    };
    return new Promise((resolve, reject) => {
      const listener = (event: MessageEvent<LayoutResult>) => {
        if (event.data.requestId !== requestId) return;
        this.worker.removeEventListener('message', listener);
        if (event.data.error) reject(new Error(`The layout failed: ${event.data.error}`));
        else resolve(event.data.positions);
      };
      this.worker.addEventListener('message', listener);
      this.worker.postMessage(request);
    });
  }

  /** Whether a newer request was made since this one. */
  isCurrent(requestId: number): boolean {
    return requestId === this.requestId;
  }

  get latest(): number {
    return this.requestId;
  }

  terminate(): void {
    this.worker.terminate();
  }
}
