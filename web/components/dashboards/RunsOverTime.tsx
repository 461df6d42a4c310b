'use client';
import type { OverviewRunsQuery } from '../../lib/gql/graphql';
import { useMemo } from 'react';
import { RUN_STATUSES, runsPerWeek, runsPerWeekSummary, STATUS_COLOURS, STATUS_WORDS } from '../../lib/dashboards';
import type { AllRuns } from '../../lib/use-all-runs';
import type { QueryState } from '../../lib/use-query';
import { Chart, type ChartOption } from '../charts/Chart';
import { DataState } from '../DataState';

export type OverviewRun = OverviewRunsQuery['runs']['nodes'][number];

/** Runs started per week, stacked by status. */
export function RunsOverTime({ state }: { state: QueryState<AllRuns<OverviewRun>> }) {
  return (
    <section className="panel" aria-labelledby="runs-over-time-heading">
      <h2 id="runs-over-time-heading">Runs over time</h2>
      <DataState
        state={state}
        what="the project's runs"
        isEmpty={(data) => data.runs.length === 0}
        empty={<p>No runs in this project yet.</p>}
      >
        {(data) => <WeeklyRunsChart runs={data.runs} complete={data.complete} />}
      </DataState>
    </section>
  );
}

function WeeklyRunsChart({ runs, complete }: { runs: OverviewRun[]; complete: boolean }) {
  const weekly = useMemo(() => runsPerWeek(runs), [runs]);
  const option = useMemo<ChartOption>(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 40, right: 12, top: 32, bottom: 56 },
      xAxis: { type: 'category', data: weekly.weeks, name: 'week of', nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', name: 'runs', minInterval: 1 },
      series: RUN_STATUSES.filter((status) => weekly.counts[status].some((count) => count > 0)).map((status) => ({
        type: 'bar',
        name: STATUS_WORDS[status],
        stack: 'runs',
        data: weekly.counts[status],
        itemStyle: { color: STATUS_COLOURS[status] },
      })),
    }),
    [weekly],
  );
  return (
    <>
      <Chart title="Runs started per week, by status" summary={runsPerWeekSummary(weekly)} option={option} />
      {!complete && <p className="notice">Showing the first {runs.length} runs only.</p>}
    </>
  );
}
