/** The arithmetic and words behind the project dashboards (overview and costs); no React here. */
import { gql } from './gql';
import type { CostGroupFieldsFragment, ImprovementCurveQuery } from './gql/graphql';
import { csvTable } from '@mnemo/export-writer';
import { plural } from './format';

export const RUN_STATUSES = ['FINISHED', 'RUNNING', 'FAILED', 'KILLED'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

export const STATUS_WORDS: Record<RunStatus, string> = {
  FINISHED: 'finished',
  RUNNING: 'running',
  FAILED: 'failed',
  KILLED: 'killed',
};

export const STATUS_COLOURS: Record<RunStatus, string> = {
  FINISHED: '#15803d',
  RUNNING: '#1d4ed8',
  FAILED: '#b91c1c',
  KILLED: '#a16207',
};

/** Dollars to the cent, e.g. 1234.5 → "$1,234.50"; null (unknown) → "—". */
export function formatUsd(usd: number | null | undefined): string {
  if (usd === null || usd === undefined || !Number.isFinite(usd)) return '—';
  const cents = Math.round(usd * 100) / 100;
  const text = Math.abs(cents).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return `${cents < 0 ? '-' : ''}$${text}`;
}

/** The Monday (UTC) of the week an instant falls in, as YYYY-MM-DD. */
export function weekOf(iso: string): string {
  const day = new Date(iso);
  const monday = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  return new Date(monday).toISOString().slice(0, 10);
}

export interface WeeklyRuns {
  /** Every week (its Monday, YYYY-MM-DD) from the first run's to the last run's, gaps included. */
  weeks: string[];
  /** For each status, the runs started in each week (parallel to `weeks`). */
  counts: Record<RunStatus, number[]>;
  total: number;
}

const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Runs started per week, by status; weeks without runs count 0 so the time axis stays even. */
export function runsPerWeek(runs: { startedAt: string; status: string }[]): WeeklyRuns {
  const counts = Object.fromEntries(RUN_STATUSES.map((status) => [status, [] as number[]])) as Record<
    RunStatus,
    number[]
  >;
  if (runs.length === 0) return { weeks: [], counts, total: 0 };
  const starts = runs.map((run) => weekOf(run.startedAt)).sort();
  const weeks: string[] = [];
  for (let t = Date.parse(starts[0]); t <= Date.parse(starts.at(-1)!); t += WEEK_MS) {
    weeks.push(new Date(t).toISOString().slice(0, 10));
  }
  const index = new Map(weeks.map((week, i) => [week, i]));
  for (const status of RUN_STATUSES) counts[status] = weeks.map(() => 0);
  for (const run of runs) {
    const status = (RUN_STATUSES as readonly string[]).includes(run.status) ? (run.status as RunStatus) : 'RUNNING';
    counts[status][index.get(weekOf(run.startedAt))!] += 1;
  }
  return { weeks, counts, total: runs.length };
}

/** The weekly chart in words: how many runs, over how many weeks, by status, and the busiest week. */
export function runsPerWeekSummary(weekly: WeeklyRuns): string {
  if (weekly.total === 0) return 'No runs.';
  const byStatus = RUN_STATUSES.map((status) => [status, sum(weekly.counts[status])] as const)
    .filter(([, count]) => count > 0)
    .map(([status, count]) => `${count} ${STATUS_WORDS[status]}`)
    .join(', ');
  const perWeek = weekly.weeks.map((_, i) => RUN_STATUSES.reduce((total, s) => total + weekly.counts[s][i], 0));
  const busiest = perWeek.indexOf(Math.max(...perWeek));
  return (
    `${plural(weekly.total, 'run')} started over ${plural(weekly.weeks.length, 'week')} from the week of ` +
    `${weekly.weeks[0]} to the week of ${weekly.weeks.at(-1)}: ${byStatus}. ` +
    `Busiest: the week of ${weekly.weeks[busiest]}, ${plural(perWeek[busiest], 'run')}.`
  );
}

/** One row of a spend table (spread as ...CostGroupFields). */
export const COST_GROUP_FIELDS = gql(`
  fragment CostGroupFields on CostGroup { key label runCount totalUsd recordedUsd derivedUsd unknownCount }
`);

export type CostGroup = CostGroupFieldsFragment;

/** A spend chart in words, e.g. "Ranker $14.00 (3 runs, 1 of unknown cost); tuning $9.60 (2 runs)". */
export function spendSummary(groups: CostGroup[], limit = 12): string {
  if (groups.length === 0) return 'No spend recorded.';
  const shown = groups.slice(0, limit).map((group) => {
    const unknown = group.unknownCount > 0 ? `, ${group.unknownCount} of unknown cost` : '';
    return `${group.label} ${formatUsd(group.totalUsd)} (${plural(group.runCount, 'run')}${unknown})`;
  });
  const more = groups.length > limit ? `; and ${groups.length - limit} more` : '';
  return `${shown.join('; ')}${more}.`;
}

export const GROUPINGS = ['EXPERIMENT', 'FAMILY', 'OWNER', 'MONTH'] as const;
export type Grouping = (typeof GROUPINGS)[number];
export const GROUPING_WORDS: Record<Grouping, string> = {
  EXPERIMENT: 'experiment',
  FAMILY: 'experiment family',
  OWNER: 'owner',
  MONTH: 'month',
};

export interface CostTable {
  grouping: Grouping;
  groups: CostGroup[];
}

/**
 * The cost page's tables as one CSV (RFC 4180, CRLF), one row per group with its grouping named, dollars
 * with two decimals: what the page shows, for a spreadsheet.
 */
export function costCsv(tables: CostTable[]): string {
  const header = ['grouping', 'key', 'label', 'runs', 'total_usd', 'recorded_usd', 'derived_usd', 'unknown_cost_runs'];
  const rows = tables.flatMap(({ grouping, groups }) =>
    groups.map((group) => [
      GROUPING_WORDS[grouping],
      group.key,
      group.label,
      group.runCount,
      group.totalUsd.toFixed(2),
      group.recordedUsd.toFixed(2),
      group.derivedUsd.toFixed(2),
      group.unknownCount,
    ]),
  );
  // The same writer as the api's impact exports: quoting, and no cell a spreadsheet would run.
  return csvTable([header, ...rows]);
}

/** `project:churn` → `churn-costs.csv`; anything a file name should not hold becomes '-'. */
export function costCsvFileName(projectId: string): string {
  const slug = projectId.replace(/^project:/, '').replace(/[^A-Za-z0-9._-]+/g, '-') || 'project';
  return `${slug}-costs.csv`;
}

export const csvHref = (csv: string) => `data:text/csv;charset=utf-8,${encodeURIComponent(csv)}`;

/** Metrics a run's client logs about the machine (utilisation, memory), not about the model. */
export const isSystemMetric = (key: string) => key.startsWith('system/');

/**
 * A family's primary metric: the model metric most of its runs logged (ties: alphabetical), or null
 * when they logged none.
 */
export function primaryMetric(runs: { metrics: { key: string }[] }[]): string | null {
  const counts = new Map<string, number>();
  for (const run of runs) {
    for (const key of new Set(run.metrics.map((metric) => metric.key))) {
      if (!isSystemMetric(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  const ranked = [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  return ranked[0]?.[0] ?? null;
}

/** The metrics logged by any of the runs, model metrics only, alphabetical. */
export function metricKeys(runs: { metrics: { key: string }[] }[]): string[] {
  const keys = new Set(runs.flatMap((run) => run.metrics.map((metric) => metric.key)));
  return [...keys].filter((key) => !isSystemMetric(key)).sort();
}

/** Losses, errors and fairness gaps get better as they fall (as drift reads them); everything else (accuracy, auc, f1...) as it rises. */
export const defaultGoal = (metric: string): 'MAXIMIZE' | 'MINIMIZE' =>
  /loss|error|rmse|mse|mae|mape|perplexity|latency|difference|gap/i.test(metric) ? 'MINIMIZE' : 'MAXIMIZE';

/** A point of an improvement curve, as much of it as the words below need. */
export type ImprovementPoint = Pick<
  ImprovementCurveQuery['improvementPerDollar']['points'][number],
  'runId' | 'runName' | 'cumulativeUsd' | 'value' | 'bestSoFar' | 'newBest' | 'gain' | 'gainPerDollar'
>;

/** The improvement curve in words: spend, how the best moved, and what each new best cost. */
export function improvementSummary(label: string, metric: string, points: ImprovementPoint[]): string {
  const scored = points.filter((point) => point.value !== null);
  if (scored.length === 0) return `No run of ${label} logged ${metric}.`;
  const bests = points.filter((point) => point.newBest);
  const last = points.at(-1)!;
  const steps = bests
    .map(
      (point) =>
        `${point.runName} reached ${formatValue(point.bestSoFar)} at ${formatUsd(point.cumulativeUsd)} spent` +
        (point.gainPerDollar !== null ? ` (${formatValue(point.gainPerDollar)} per dollar)` : ''),
    )
    .join('; ');
  return (
    `Best ${metric} of ${label} against cumulative spend: ${plural(points.length, 'run')}, ` +
    `${formatUsd(last.cumulativeUsd)} in all, best ${formatValue(last.bestSoFar)}. New bests: ${steps}.`
  );
}

/** A metric value or ratio with up to four significant figures. */
export function formatValue(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

const sum = (values: number[]) => values.reduce((total, value) => total + value, 0);
