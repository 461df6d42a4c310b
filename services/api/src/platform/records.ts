/** A node as the repositories return it: its properties, plus `kind` (its domain label). */
export interface EntityRecord {
  id: string;
  kind: string;
  name?: string;
  createdAt?: string;
  [property: string]: unknown;
}

/** A run's USED edge with the version it points at. */
export interface InputRecord {
  role: string | null;
  version: EntityRecord;
}

export interface ParamRecord {
  key: string;
  value: string;
}

export interface MetricRecord {
  key: string;
  value: number;
  step: number;
  timestamp: number;
}

export interface TagRecord {
  key: string;
  value: string;
}

export interface MetricPointRecord {
  value: number;
  step: number;
  timestamp: number;
}
