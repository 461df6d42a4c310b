'use client';
import Link from 'next/link';
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';
import {
  COMPARED_RUN_QUERY,
  type ComparedRun,
  MAX_RUNS,
  metricKeys,
  MIN_RUNS,
  paramRows,
  parseRunIds,
} from '../../lib/compare';
import { entityHref } from '../../lib/routes';
import { graphql } from '../../lib/graphql';
import { useLoad } from '../../lib/use-query';
import { DataState } from '../DataState';
import { MetricChart, SERIES_COLOURS } from '../MetricChart';
import { ModelDiff } from './ModelDiff';

export function CompareView() {
  const ids = parseRunIds(useSearchParams().get('runs'));
  const tooFew = ids.length < MIN_RUNS;
  const tooMany = ids.length > MAX_RUNS;
  const key = ids.join(',');
  const load = useCallback(
    (signal: AbortSignal) =>
      Promise.all(key.split(',').map((id) => graphql(COMPARED_RUN_QUERY, { id }, signal).then((data) => data.run))),
    [key],
  );
  const state = useLoad(key, load, tooFew || tooMany);

  return (
    <>
      <h1>Compare runs</h1>
      {tooFew || tooMany ? (
        <p className="state state-empty">
          Name {MIN_RUNS} to {MAX_RUNS} runs in the address, e.g.{' '}
          <span className="mono">/compare?runs=run:a,run:b</span>, or tick runs on an experiment’s page. {ids.length}{' '}
          named.
        </p>
      ) : (
        <DataState state={state} what="the runs">
          {(runs) => {
            const missing = ids.filter((_, i) => !runs[i]);
            if (missing.length) {
              return (
                <p className="state state-empty">
                  No run is registered under {missing.map((id) => `“${id}”`).join(', ')}.
                </p>
              );
            }
            return <Comparison runs={runs as ComparedRun[]} />;
          }}
        </DataState>
      )}
    </>
  );
}

function Comparison({ runs }: { runs: ComparedRun[] }) {
  const rows = paramRows(runs);
  const differing = rows.filter((row) => row.differs).length;
  const colour = (i: number) => SERIES_COLOURS[i % SERIES_COLOURS.length];
  return (
    <>
      <section className="panel" aria-labelledby="params-heading">
        <h2 id="params-heading">
          Params ({differing} of {rows.length} differ)
        </h2>
        {rows.length === 0 ? (
          <p className="state state-empty">None of these runs logged params.</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">Param</th>
                {runs.map((run, i) => (
                  <th scope="col" key={run.id}>
                    <span className="legend-swatch" style={{ background: colour(i) }} />
                    <Link href={entityHref(run.id)}>{run.name}</Link>
                    <div className="subtitle">
                      {run.experiment.name} · {run.status.toLowerCase()}
                    </div>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} data-differs={row.differs}>
                  <th scope="row">
                    {row.key}
                    {row.differs && <span className="differs"> (differs)</span>}
                  </th>
                  {row.values.map((value, i) => (
                    <td key={runs[i].id} className={row.differs ? 'differs mono' : 'mono'}>
                      {value ?? '— not set'}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-labelledby="metrics-heading">
        <h2 id="metrics-heading">Metrics</h2>
        {metricKeys(runs).length === 0 ? (
          <p className="state state-empty">None of these runs logged metrics.</p>
        ) : (
          <div className="chart-grid">
            {metricKeys(runs).map((key) => (
              <MetricChart
                key={key}
                title={key}
                series={runs.flatMap((run, i) => {
                  const metric = run.metrics.find((m) => m.key === key);
                  return metric ? [{ label: run.name, colour: colour(i), points: metric.history }] : [];
                })}
              />
            ))}
          </div>
        )}
      </section>
      <ModelDiff runs={runs} />
    </>
  );
}
