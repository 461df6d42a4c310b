import { assertMayReadProject, readScopeParams } from '../access/read-access';
import { MnemoError, notFound } from '../platform/errors';
import type { GraphDatabase } from '../platform/neo4j';
import { InputCheck } from '../platform/validation';
import {
  type CostGroupRow,
  costsRepository,
  type FamilyRunRow,
  type Period,
  type RunCostRow,
  type WasteRow,
} from './costs.repository';
import {
  type CostGroup,
  CostGrouping,
  CostSource,
  type ImprovementCurve,
  type ImprovementPoint,
  MetricGoal,
  PriceKind,
  type RunCost,
  type RunWaste,
  type UnknownCostReason,
  type WasteReport,
} from './costs.types';
import { type PriceTable, PriceTableFile } from './price-table';
import { catalogRepository } from '../catalog/catalog.repository';

/** The price table every request reads (reloaded when the file changes). */
export const priceTable = new PriceTableFile();

export const DEFAULT_UTILIZATION_THRESHOLD = 10;

const dollars = (usd: number) => `$${usd.toFixed(2)}`;
const rate = (usd: number) => `$${Number(usd.toFixed(4))}/h`;
const hoursText = (hours: number) => `${Number(hours.toFixed(2))} h`;

/** A run's cost with its explanation in words, from what costs/run-costs found. */
export function describeRunCost(row: RunCostRow, prices: PriceTable): RunCost {
  const base = { usd: row.usd, hours: row.hours, unknownReason: null, prices: [], pricesEffectiveFrom: null };
  if (row.source === 'RECORDED') {
    return { ...base, source: CostSource.RECORDED, explanation: `Recorded by the client: ${dollars(row.usd!)}.` };
  }
  if (row.source === 'DERIVED') {
    const used = [{ kind: PriceKind.INSTANCE, name: row.instanceType!, usdPerHour: row.instancePrice!, count: 1 }];
    const parts = [`${row.instanceType} ${rate(row.instancePrice!)}`];
    if (row.acceleratorCount > 0) {
      for (const name of [...new Set(row.accelerators)]) {
        const share = row.accelerators.filter((a) => a === name).length / row.accelerators.length;
        const usdPerHour = prices.accelerators[name];
        used.push({ kind: PriceKind.ACCELERATOR, name, usdPerHour, count: share * row.acceleratorCount });
        parts.push(`${Number((share * row.acceleratorCount).toFixed(2))} × ${name} ${rate(usdPerHour)}`);
      }
    }
    const hourly = row.instancePrice! + row.acceleratorPrice! * row.acceleratorCount;
    return {
      ...base,
      source: CostSource.DERIVED,
      prices: used,
      pricesEffectiveFrom: prices.effectiveFrom,
      explanation:
        `Derived from the price table (effective ${prices.effectiveFrom}): ${parts.join(' + ')} = ${rate(hourly)}` +
        ` × ${hoursText(row.hours!)} = ${dollars(row.usd!)}.`,
    };
  }
  return {
    ...base,
    usd: null,
    source: CostSource.UNKNOWN,
    unknownReason: row.unknownReason as UnknownCostReason,
    explanation: `Unknown: ${unknownInWords(row)}.`,
  };
}

function unknownInWords(row: Pick<RunCostRow, 'unknownReason' | 'instanceType' | 'unpricedAccelerators'>): string {
  switch (row.unknownReason) {
    case 'RUNNING':
      return 'the run is still running and its client recorded no cost';
    case 'NO_INSTANCE_TYPE':
      return 'the client recorded neither a cost nor an instance type';
    case 'INSTANCE_NOT_PRICED':
      return `instance type ${row.instanceType} is not in the price table`;
    case 'ACCELERATOR_NOT_PRICED':
      return `accelerator ${[...new Set(row.unpricedAccelerators)].join(', ')} is not in the price table`;
    case 'ACCELERATOR_TYPE_UNKNOWN':
      return 'the run counted accelerators without recording their type';
    default:
      return 'the run could not be priced';
  }
}

function monthLabel(month: string): string {
  const at = new Date(`${month}-01T00:00:00Z`);
  return Number.isNaN(at.getTime())
    ? month
    : at.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/**
 * Compute spend: each run's cost (recorded, derived from the price table, or unknown), roll-ups of a
 * project's spend, improvement per dollar of an experiment family, and wasted spend. The sums are
 * made in Cypher; the price table is passed to each query as a parameter.
 */
export class CostService {
  constructor(
    private readonly db: GraphDatabase,
    private readonly prices: PriceTableFile = priceTable,
  ) {}

  /** The cost of many runs in one query, in the order asked (null for an unknown run id). */
  async runCosts(ids: readonly string[]): Promise<(RunCost | null)[]> {
    const table = this.prices.current();
    const rows = await costsRepository.runCosts(this.db, [...ids], table);
    const found = new Map(rows.map((row) => [row.id, describeRunCost(row.cost, table)]));
    return ids.map((id) => found.get(id) ?? null);
  }

  async summary(
    projectId: string,
    groupBy: CostGrouping,
    since?: Date | null,
    until?: Date | null,
  ): Promise<CostGroup[]> {
    const period = checkPeriod(new InputCheck('cost summary'), since, until);
    await this.mayReadProject(projectId);
    const rows = await costsRepository.summary(
      this.db,
      { projectId, groupBy, ...period, ...readScope() },
      this.prices.current(),
    );
    return rows.map((row) => toCostGroup(row, groupBy));
  }

  async improvementPerDollar(
    projectId: string,
    family: string,
    metric: string,
    goal: MetricGoal,
  ): Promise<ImprovementCurve> {
    const check = new InputCheck('improvement per dollar');
    const familyKey = check.text('family', family, 300);
    const metricKey = check.text('metric', metric, 250);
    check.done();
    await this.mayReadProject(projectId);
    const experiments = await costsRepository.familyRuns(
      this.db,
      { projectId, family: familyKey, metric: metricKey, ...readScope() },
      this.prices.current(),
    );
    if (experiments.length === 0) {
      throw new MnemoError(
        'NOT_FOUND',
        `No experiment family "${familyKey}" in ${projectId}; costSummary(groupBy: FAMILY) lists its families.`,
        { projectId, family: familyKey },
      );
    }
    const runs = experiments
      .flatMap((experiment) => experiment.runs)
      .sort((a, b) => a.startedAt.localeCompare(b.startedAt) || a.id.localeCompare(b.id));
    return {
      family: familyKey,
      label: experiments[0].familyLabel,
      experimentIds: experiments.map((experiment) => experiment.experimentId).sort(),
      metric: metricKey,
      goal,
      totalUsd: runs.reduce((total, run) => total + (run.costUsd ?? 0), 0),
      unknownCostRuns: runs.filter((run) => run.costSource === 'UNKNOWN').length,
      points: improvementPoints(runs, goal),
    };
  }

  async waste(
    projectId: string,
    utilizationThreshold: number | null | undefined,
    since?: Date | null,
    until?: Date | null,
  ): Promise<WasteReport> {
    const check = new InputCheck('waste report');
    const threshold = utilizationThreshold ?? DEFAULT_UTILIZATION_THRESHOLD;
    if (!Number.isFinite(threshold) || threshold < 0 || threshold > 100) {
      check.fail('utilizationThreshold', `must be a percentage from 0 to 100; got ${threshold}`);
    }
    const period = checkPeriod(check, since, until);
    await this.mayReadProject(projectId);
    const rows = await costsRepository.waste(
      this.db,
      { projectId, threshold, ...period, ...readScope() },
      this.prices.current(),
    );
    const runs = rows.map((row) => toRunWaste(row, threshold));
    const idleUsd = runs.reduce((total, run) => total + (run.idleUsd ?? 0), 0);
    const lostUsd = runs.reduce((total, run) => total + (run.lostUsd ?? 0), 0);
    return {
      projectId,
      utilizationThreshold: threshold,
      idleUsd,
      idleAcceleratorHours: runs.reduce((total, run) => total + run.idleAcceleratorHours, 0),
      lostUsd,
      totalUsd: idleUsd + lostUsd,
      runs,
    };
  }

  /** The one place cost queries check the project: it exists, and the caller may read it. */
  private async mayReadProject(projectId: string): Promise<void> {
    await assertMayReadProject(this.db, projectId);
    const found = await catalogRepository.findOne(this.db, projectId);
    if (found?.kind !== 'Project') throw notFound('project', projectId);
  }
}

/** The caller's read scope, as the project queries take it. */
function readScope() {
  const { readAll, readerId } = readScopeParams();
  return { readAll, readerId };
}

function checkPeriod(check: InputCheck, since?: Date | null, until?: Date | null): Period {
  if (since && until && since.getTime() > until.getTime()) check.fail('since', 'must not be after until');
  check.done();
  return { since: since ? since.toISOString() : null, until: until ? until.toISOString() : null };
}

function toCostGroup(row: CostGroupRow, groupBy: CostGrouping): CostGroup {
  const key = row.key ?? 'none';
  let label = row.label ?? key;
  if (groupBy === CostGrouping.OWNER && row.key === null) label = 'No owner recorded';
  if (groupBy === CostGrouping.MONTH) label = monthLabel(key);
  return { ...row, key, label };
}

/**
 * Walks a family's runs in start order: spend accumulates (UNKNOWN counts 0), and each run whose
 * metric beats every earlier value is a new best, with its gain over the previous best and that gain
 * per dollar spent since the previous best (the runs after it, this one included).
 */
export function improvementPoints(runs: FamilyRunRow[], goal: MetricGoal): ImprovementPoint[] {
  const better = (a: number, b: number) => (goal === MetricGoal.MAXIMIZE ? a > b : a < b);
  let cumulativeUsd = 0;
  let best: number | null = null;
  let spentAtBest = 0;
  return runs.map((run) => {
    cumulativeUsd += run.costUsd ?? 0;
    const value = typeof run.value === 'number' && !Number.isNaN(run.value) ? run.value : null;
    const newBest = value !== null && (best === null || better(value, best));
    let gain: number | null = null;
    let spendSincePreviousBestUsd: number | null = null;
    let gainPerDollar: number | null = null;
    if (newBest && best !== null) {
      gain = Math.abs(value - best);
      spendSincePreviousBestUsd = cumulativeUsd - spentAtBest;
      gainPerDollar = spendSincePreviousBestUsd > 0 ? gain / spendSincePreviousBestUsd : null;
    }
    if (newBest) {
      best = value;
      spentAtBest = cumulativeUsd;
    }
    return {
      runId: run.id,
      runName: run.name,
      status: run.status as ImprovementPoint['status'],
      startedAt: run.startedAt,
      costUsd: run.costUsd,
      costSource: run.costSource as CostSource,
      cumulativeUsd,
      value,
      bestSoFar: best,
      newBest,
      gain,
      spendSincePreviousBestUsd,
      gainPerDollar,
    };
  });
}

function toRunWaste(row: WasteRow, threshold: number): RunWaste {
  const common = {
    runId: row.runId,
    runName: row.name,
    status: row.status as RunWaste['status'],
    costUsd: row.costUsd,
    costSource: row.costSource as CostSource,
    utilizationMetrics: [...row.utilizationMetrics].sort(),
    idleAcceleratorHours: row.idleAcceleratorHours,
  };
  const idle =
    row.idleAcceleratorHours > 0
      ? `${hoursText(row.idleAcceleratorHours)} of accelerator time below ${threshold}% utilisation ` +
        `(${[...row.utilizationMetrics].sort().join(', ')})`
      : null;
  if (row.status === 'FAILED' || row.status === 'KILLED') {
    const ended = row.status === 'FAILED' ? 'Failed' : 'Killed';
    const lost =
      row.costUsd === null
        ? `${ended}; its cost is unknown (${unknownInWords(row)}), so no lost spend is counted`
        : `${ended}: its whole cost, ${dollars(row.costUsd)} (${row.costSource.toLowerCase()}), is lost spend`;
    return {
      ...common,
      idleUsd: 0,
      lostUsd: row.costUsd,
      explanation: `${lost}${idle ? `; it also had ${idle}, counted in the loss` : ''}.`,
    };
  }
  if (row.acceleratorPrice === null) {
    return {
      ...common,
      idleUsd: null,
      lostUsd: 0,
      explanation: `${idle}; not priced: the price table has no price for its accelerators.`,
    };
  }
  const idleUsd = row.idleAcceleratorHours * row.acceleratorPrice;
  return {
    ...common,
    idleUsd,
    lostUsd: 0,
    explanation: `${idle} × ${rate(row.acceleratorPrice)} per accelerator = ${dollars(idleUsd)} idle.`,
  };
}
