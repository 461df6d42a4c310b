/** Messages between the page and the layout worker. */
export interface LayoutRequest {
  requestId: number;
  nodes: { id: string; width: number; height: number }[];
  edges: { source: string; target: string }[];
}

export interface LayoutResult {
  requestId: number;
  positions: Record<string, { x: number; y: number }>;
  error?: string;
}
