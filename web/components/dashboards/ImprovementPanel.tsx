'use client';
import { gql } from '../../lib/gql';
import type { ImprovementCurveQuery, MetricGoal } from '../../lib/gql/graphql';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import {
  defaultGoal,
  formatUsd,
  formatValue,
  improvementSummary,
  metricKeys,
  primaryMetric,
} from '../../lib/dashboards';
import { entityHref } from '../../lib/routes';
import type { AllRuns } from '../../lib/use-all-runs';
import { type QueryState, useQuery } from '../../lib/use-query';
import { Chart, type ChartOption } from '../charts/Chart';
import { DataState } from '../DataState';
import type { OverviewRun } from './RunsOverTime';
import type { FamilySpendAnswer } from './SpendByFamily';

const CURVE = gql(`
  query ImprovementCurve($projectId: ID!, $family: String!, $metric: String!, $goal: MetricGoal!) {
    improvementPerDollar(projectId: $projectId, family: $family, metric: $metric, goal: $goal) {
      family label metric goal totalUsd unknownCostRuns
      points {
        runId runName status startedAt costUsd costSource cumulativeUsd value bestSoFar newBest gain
        spendSincePreviousBestUsd gainPerDollar
      }
    }
  }
`);

type Goal = MetricGoal;

/**
 * Best metric against cumulative spend for one experiment family: by default the family with the
 * most spend and the metric most of its runs logged; the reader may pick another family, metric or
 * direction.
 */
export function ImprovementPanel({
  projectId,
  families,
  runs,
}: {
  projectId: string;
  families: QueryState<FamilySpendAnswer>;
  runs: QueryState<AllRuns<OverviewRun>>;
}) {
  return (
    <section className="panel" aria-labelledby="improvement-heading">
      <h2 id="improvement-heading">Improvement per dollar</h2>
      <DataState
        state={families}
        what="the experiment families"
        isEmpty={(data) => data.costSummary.length === 0}
        empty={<p>No experiment families yet: the curve needs runs.</p>}
      >
        {(familyData) => (
          <DataState state={runs} what="the runs' metrics">
            {(runData) => (
              <ImprovementChooser projectId={projectId} families={familyData.costSummary} runs={runData.runs} />
            )}
          </DataState>
        )}
      </DataState>
    </section>
  );
}

function ImprovementChooser({
  projectId,
  families,
  runs,
}: {
  projectId: string;
  families: FamilySpendAnswer['costSummary'];
  runs: OverviewRun[];
}) {
  // costSummary lists the largest spend first.
  const [family, setFamily] = useState(families[0].key);
  const [chosenMetric, setChosenMetric] = useState<string | null>(null);
  const [chosenGoal, setChosenGoal] = useState<Goal | null>(null);
  // Which runs belong to each family is learnt from its curve (any metric's): then the metric
  // offered first is the one most of the family's runs logged, not the project's.
  const [familyRuns, setFamilyRuns] = useState<Record<string, string[]>>({});

  const members = familyRuns[family];
  const candidates = useMemo(() => {
    const ids = members ? new Set(members) : null;
    return ids ? runs.filter((run) => ids.has(run.id)) : runs;
  }, [members, runs]);
  const metrics = metricKeys(candidates);
  const metric = chosenMetric && metrics.includes(chosenMetric) ? chosenMetric : primaryMetric(candidates);
  const goal = chosenGoal ?? (metric ? defaultGoal(metric) : 'MAXIMIZE');

  const curve = useQuery(CURVE, { projectId, family, metric: metric ?? '', goal }, metric === null);
  // Learnt while rendering (not in an effect), so the narrowed metric choice follows without a second pass.
  if (curve.status === 'ready' && !members) {
    setFamilyRuns((known) => ({ ...known, [family]: curve.data.improvementPerDollar.points.map((p) => p.runId) }));
  }

  return (
    <>
      <div className="controls dashboard-controls">
        <label>
          Family{' '}
          <select value={family} onChange={(event) => setFamily(event.target.value)}>
            {families.map((option) => (
              <option key={option.key} value={option.key}>
                {option.label} ({formatUsd(option.totalUsd)})
              </option>
            ))}
          </select>
        </label>
        <label>
          Metric{' '}
          <select
            value={metric ?? ''}
            disabled={metrics.length === 0}
            onChange={(event) => setChosenMetric(event.target.value)}
          >
            {metrics.length === 0 && <option value="">none logged</option>}
            {metrics.map((key) => (
              <option key={key} value={key}>
                {key}
              </option>
            ))}
          </select>
        </label>
        <label>
          Better when it{' '}
          <select value={goal} onChange={(event) => setChosenGoal(event.target.value as Goal)}>
            <option value="MAXIMIZE">rises</option>
            <option value="MINIMIZE">falls</option>
          </select>
        </label>
      </div>
      {metric === null ? (
        <p className="state state-empty">
          No run of this family logged a model metric, so there is no best to follow. Log one (e.g. auc or loss) with
          logMetrics or the MLflow client.
        </p>
      ) : (
        <DataState state={curve} what={`the ${metric} curve`}>
          {(data) => <Curve curve={data.improvementPerDollar} />}
        </DataState>
      )}
    </>
  );
}

function Curve({ curve }: { curve: ImprovementCurveQuery['improvementPerDollar'] }) {
  const option = useMemo<ChartOption>(() => {
    const scored = curve.points.filter((point) => point.value !== null);
    const money = (value: unknown) => formatUsd(Number(value));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const { seriesName, data } = params as { seriesName: string; data: [number, number, string] };
          return `${data[2]}<br/>${seriesName}: ${formatValue(data[1])}<br/>spent so far: ${money(data[0])}`;
        },
      },
      legend: { bottom: 0 },
      grid: { left: 56, right: 24, top: 24, bottom: 56 },
      xAxis: {
        type: 'value',
        name: 'cumulative spend (USD)',
        nameLocation: 'middle',
        nameGap: 26,
        axisLabel: { formatter: (v: number) => `$${v}` },
      },
      yAxis: { type: 'value', name: curve.metric, scale: true },
      series: [
        {
          type: 'line',
          name: `best ${curve.metric} so far`,
          step: 'end',
          data: scored.map((point) => [round(point.cumulativeUsd), point.bestSoFar, point.runName]),
          itemStyle: { color: '#15803d' },
          symbolSize: (_: unknown, params: { dataIndex: number }) => (scored[params.dataIndex].newBest ? 9 : 4),
        },
        {
          type: 'scatter',
          name: `each run's ${curve.metric}`,
          data: scored.map((point) => [round(point.cumulativeUsd), point.value, point.runName]),
          itemStyle: { color: '#64748b' },
          symbolSize: 6,
        },
      ],
    };
  }, [curve]);
  const bests = curve.points.filter((point) => point.newBest);
  return (
    <>
      <p>
        <strong>{curve.label}</strong>: {curve.points.length} runs, {formatUsd(curve.totalUsd)} spent
        {curve.unknownCostRuns > 0 && <> ({curve.unknownCostRuns} of unknown cost, counted as $0)</>}.
      </p>
      <Chart
        title={`Best ${curve.metric} against cumulative spend`}
        summary={improvementSummary(curve.label, curve.metric, curve.points)}
        option={option}
        height={300}
      />
      {bests.length === 0 ? (
        <p className="state state-empty">
          No run of {curve.label} logged {curve.metric}.
        </p>
      ) : (
        <table aria-label="New bests and what they cost">
          <thead>
            <tr>
              <th scope="col">New best</th>
              <th scope="col">{curve.metric}</th>
              <th scope="col">Spent so far</th>
              <th scope="col">Gain</th>
              <th scope="col">Spent since the previous best</th>
              <th scope="col">Gain per dollar</th>
            </tr>
          </thead>
          <tbody>
            {bests.map((point) => (
              <tr key={point.runId}>
                <th scope="row">
                  <Link href={entityHref(point.runId)}>{point.runName}</Link>
                </th>
                <td>{formatValue(point.value)}</td>
                <td>{formatUsd(point.cumulativeUsd)}</td>
                <td>{point.gain === null ? 'first' : formatValue(point.gain)}</td>
                <td>{formatUsd(point.spendSincePreviousBestUsd)}</td>
                <td>{formatValue(point.gainPerDollar)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

const round = (usd: number) => Math.round(usd * 100) / 100;
