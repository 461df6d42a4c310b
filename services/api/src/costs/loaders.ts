import DataLoader from 'dataloader';
import type { GraphDatabase } from '../platform/neo4j';
import { CostService } from './costs.service';
import type { RunCost } from './costs.types';

/** Per-request loaders for costs: the cost of a page of N runs is one query. */
export function costLoaders(db: GraphDatabase) {
  const costs = new CostService(db);
  return {
    runCost: new DataLoader<string, RunCost | null>((ids) => costs.runCosts(ids)),
  };
}
