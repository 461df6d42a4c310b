'use client';
import { useMemo } from 'react';
import { type CostGroup, formatUsd, spendSummary } from '../../lib/dashboards';
import { Chart, type ChartOption } from '../charts/Chart';

const RECORDED_COLOUR = '#1d4ed8';
const DERIVED_COLOUR = '#7e22ce';

/**
 * Spend per group as bars, recorded and derived stacked; horizontal (labels on the left) unless
 * `vertical`, as months read better left to right.
 */
export function SpendChart({
  title,
  groups,
  vertical = false,
}: {
  title: string;
  groups: CostGroup[];
  vertical?: boolean;
}) {
  const option = useMemo<ChartOption>(() => {
    // Horizontal bars list top-down, so the largest first reads from the top.
    const ordered = vertical ? groups : [...groups].reverse();
    const categoryAxis = { type: 'category' as const, data: ordered.map((group) => group.label) };
    // Dollars are in the tick labels; an axis name at the right-hand end would be cut off.
    const valueAxis = { type: 'value' as const, axisLabel: { formatter: (v: number) => `$${v}` } };
    const money = (value: unknown) => formatUsd(Number(value));
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: money },
      legend: { bottom: 0 },
      grid: { left: vertical ? 56 : 8, right: 24, top: 24, bottom: 40, containLabel: !vertical },
      xAxis: vertical ? categoryAxis : valueAxis,
      yAxis: vertical ? valueAxis : categoryAxis,
      series: [
        {
          type: 'bar',
          name: 'recorded',
          stack: 'usd',
          data: ordered.map((group) => round(group.recordedUsd)),
          itemStyle: { color: RECORDED_COLOUR },
        },
        {
          type: 'bar',
          name: 'derived from prices',
          stack: 'usd',
          data: ordered.map((group) => round(group.derivedUsd)),
          itemStyle: { color: DERIVED_COLOUR },
        },
      ],
    };
  }, [groups, vertical]);
  const height = vertical ? 260 : Math.max(160, 60 + groups.length * 32);
  return <Chart title={title} summary={spendSummary(groups)} option={option} height={height} />;
}

const round = (usd: number) => Math.round(usd * 100) / 100;
