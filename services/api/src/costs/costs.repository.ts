import type { Queryable } from '../platform/neo4j';
import type { PriceTable } from './price-table';

/** What the cost queries take from the price table. */
const pricesParam = (prices: PriceTable) => ({ instances: prices.instances, accelerators: prices.accelerators });

export type CostSourceName = 'RECORDED' | 'DERIVED' | 'UNKNOWN';

/** One run's cost as costs/run-costs prices it. */
export interface RunCostRow {
  source: CostSourceName;
  usd: number | null;
  unknownReason: string | null;
  hours: number | null;
  instanceType: string | null;
  instancePrice: number | null;
  accelerators: string[];
  acceleratorPrice: number | null;
  acceleratorCount: number;
  unpricedAccelerators: string[];
}

export interface CostGroupRow {
  key: string | null;
  label: string | null;
  runCount: number;
  totalUsd: number;
  recordedUsd: number;
  derivedUsd: number;
  unknownCount: number;
}

export interface FamilyRunRow {
  id: string;
  name: string;
  status: string;
  startedAt: string;
  costSource: CostSourceName;
  costUsd: number | null;
  value: number | null;
}

export interface FamilyExperimentRow {
  experimentId: string;
  familyLabel: string;
  familyBasis: 'MODEL' | 'DECLARED' | 'EXPERIMENT';
  runs: FamilyRunRow[];
}

export interface WasteRow {
  runId: string;
  name: string;
  status: string;
  costSource: CostSourceName;
  costUsd: number | null;
  unknownReason: string | null;
  instanceType: string | null;
  unpricedAccelerators: string[];
  acceleratorPrice: number | null;
  acceleratorCount: number;
  utilizationMetrics: string[];
  idleAcceleratorHours: number;
}

export interface Period {
  since: string | null;
  until: string | null;
}

/** Who may read what (readScopeParams()): the project queries leave out the runs the caller may not read. */
export interface ReadScopeParams {
  readAll: boolean;
  readerId: string | null;
}

export const costsRepository = {
  async runCosts(db: Queryable, ids: string[], prices: PriceTable): Promise<{ id: string; cost: RunCostRow }[]> {
    return db.query('costs/run-costs', { ids, prices: pricesParam(prices) });
  },

  async summary(
    db: Queryable,
    params: { projectId: string; groupBy: string } & Period & ReadScopeParams,
    prices: PriceTable,
  ): Promise<CostGroupRow[]> {
    return db.query('costs/cost-summary', { ...params, prices: pricesParam(prices) });
  },

  async familyRuns(
    db: Queryable,
    params: { projectId: string; family: string; metric: string } & ReadScopeParams,
    prices: PriceTable,
  ): Promise<FamilyExperimentRow[]> {
    return db.query('costs/family-runs', { ...params, prices: pricesParam(prices) });
  },

  async waste(
    db: Queryable,
    params: { projectId: string; threshold: number } & Period & ReadScopeParams,
    prices: PriceTable,
  ): Promise<WasteRow[]> {
    return db.query('costs/waste', { ...params, prices: pricesParam(prices) });
  },
};
