'use client';
import {
  BarChart,
  type BarSeriesOption,
  LineChart,
  type LineSeriesOption,
  ScatterChart,
  type ScatterSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  type GridComponentOption,
  LegendComponent,
  type LegendComponentOption,
  TooltipComponent,
  type TooltipComponentOption,
} from 'echarts/components';
import { type ComposeOption, type ECharts, init, use as registerParts } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Only what the dashboards draw, so the bundle carries no more of ECharts than that.
registerParts([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | LineSeriesOption
  | ScatterSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
>;

/**
 * One ECharts chart (SVG renderer) in a figure. The drawing is an image to assistive technology,
 * named by `summary`: the same figures in words, so nothing on it is only visible. `data-chart-ready`
 * is set once the option is drawn (the browser tests wait for it).
 */
export function Chart({
  title,
  summary,
  option,
  height = 260,
}: {
  title: string;
  summary: string;
  option: ChartOption;
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);

  useEffect(() => {
    const container = element.current!;
    const instance = init(container, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(container);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption({ animation: false, ...option }, { notMerge: true });
    element.current?.setAttribute('data-chart-ready', 'true');
  }, [option]);

  return (
    <figure className="dashboard-chart">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div ref={element} role="img" aria-label={`${title}. ${summary}`} style={{ width: '100%', height }} />
    </figure>
  );
}
