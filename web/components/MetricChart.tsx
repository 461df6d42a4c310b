import { formatMetric } from '../lib/format';

export interface ChartSeries {
  label: string;
  colour: string;
  points: { step: number; value: number }[];
}

const WIDTH = 300;
const HEIGHT = 150;
const PAD = { left: 44, right: 10, top: 10, bottom: 22 };

/** A small SVG line chart of one metric by step; several series overlay (run comparison). */
export function MetricChart({ title, series }: { title: string; series: ChartSeries[] }) {
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) return <p className="state">No values recorded for {title}.</p>;
  const steps = points.map((p) => p.step);
  const values = points.map((p) => p.value);
  const [minStep, maxStep] = [Math.min(...steps), Math.max(...steps)];
  const [minValue, maxValue] = [Math.min(...values), Math.max(...values)];
  const x = (step: number) =>
    PAD.left + (maxStep === minStep ? 0.5 : (step - minStep) / (maxStep - minStep)) * (WIDTH - PAD.left - PAD.right);
  const y = (value: number) =>
    HEIGHT -
    PAD.bottom -
    (maxValue === minValue ? 0.5 : (value - minValue) / (maxValue - minValue)) * (HEIGHT - PAD.top - PAD.bottom);
  const summary = series
    .map((s) => `${s.label}: ${s.points.length} points, last ${formatMetric(s.points.at(-1)?.value ?? NaN)}`)
    .join('; ');

  return (
    <figure className="panel" style={{ margin: 0 }}>
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <svg
        className="chart"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        width="100%"
        role="img"
        aria-label={`${title}. ${summary}`}
      >
        <line className="chart-axis" x1={PAD.left} y1={PAD.top} x2={PAD.left} y2={HEIGHT - PAD.bottom} />
        <line
          className="chart-axis"
          x1={PAD.left}
          y1={HEIGHT - PAD.bottom}
          x2={WIDTH - PAD.right}
          y2={HEIGHT - PAD.bottom}
        />
        <text className="chart-label" x={PAD.left - 4} y={PAD.top + 8} textAnchor="end">
          {formatMetric(maxValue)}
        </text>
        <text className="chart-label" x={PAD.left - 4} y={HEIGHT - PAD.bottom} textAnchor="end">
          {formatMetric(minValue)}
        </text>
        <text className="chart-label" x={PAD.left} y={HEIGHT - 6}>
          step {minStep}
        </text>
        <text className="chart-label" x={WIDTH - PAD.right} y={HEIGHT - 6} textAnchor="end">
          step {maxStep}
        </text>
        {series.map((s) =>
          s.points.length === 1 ? (
            <circle key={s.label} cx={x(s.points[0].step)} cy={y(s.points[0].value)} r={3} fill={s.colour} />
          ) : (
            <polyline
              key={s.label}
              fill="none"
              stroke={s.colour}
              strokeWidth={1.8}
              points={s.points.map((p) => `${x(p.step).toFixed(1)},${y(p.value).toFixed(1)}`).join(' ')}
            />
          ),
        )}
      </svg>
      {series.length > 1 && (
        <div className="series-key">
          {series.map((s) => (
            <span key={s.label}>
              <span className="legend-swatch" style={{ background: s.colour }} />
              {s.label}
            </span>
          ))}
        </div>
      )}
    </figure>
  );
}

/** Distinguishable line colours for up to ten runs. */
export const SERIES_COLOURS = [
  '#1d4ed8',
  '#c2410c',
  '#15803d',
  '#7e22ce',
  '#b91c1c',
  '#0e7490',
  '#a16207',
  '#be185d',
  '#4d7c0f',
  '#334155',
];
