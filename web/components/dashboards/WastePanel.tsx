'use client';
import { gql } from '../../lib/gql';
import Link from 'next/link';
import { type FormEvent, useState } from 'react';
import { formatUsd, formatValue } from '../../lib/dashboards';
import { entityHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

const WASTE = gql(`
  query CostWaste($projectId: ID!, $threshold: Float) {
    costWaste(projectId: $projectId, utilizationThreshold: $threshold) {
      utilizationThreshold idleUsd idleAcceleratorHours lostUsd totalUsd
      runs {
        runId runName status costUsd costSource idleAcceleratorHours idleUsd lostUsd explanation
      }
    }
  }
`);

/**
 * Spend that bought nothing: accelerator hours below the utilisation threshold priced as idle, and
 * failed or killed runs as lost. The threshold is the API's default until the reader sets another.
 */
export function WastePanel({ projectId }: { projectId: string }) {
  const [threshold, setThreshold] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const state = useQuery(WASTE, { projectId, threshold });

  const apply = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const raw = new FormData(event.currentTarget).get('threshold');
    const value = Number(raw);
    if (raw === '' || !Number.isFinite(value) || value < 0 || value > 100) {
      setProblem('The threshold is a utilisation percentage from 0 to 100.');
      return;
    }
    setProblem(null);
    setThreshold(value);
  };

  return (
    <section className="panel" aria-labelledby="waste-heading">
      <h2 id="waste-heading">Idle and lost spend</h2>
      <DataState state={state} what="idle and lost spend">
        {({ costWaste: waste }) => (
          <>
            <form className="controls" onSubmit={apply} aria-label="Idle threshold" noValidate>
              <label>
                Idle below{' '}
                <input
                  key={waste.utilizationThreshold}
                  name="threshold"
                  type="number"
                  min={0}
                  max={100}
                  step="any"
                  defaultValue={waste.utilizationThreshold}
                  aria-invalid={problem !== null}
                  aria-describedby={problem ? 'threshold-problem' : undefined}
                  style={{ width: '5em' }}
                />{' '}
                % accelerator utilisation
              </label>{' '}
              <button type="submit">Apply</button>
              {problem && (
                <p id="threshold-problem" className="state state-error" role="alert">
                  {problem}
                </p>
              )}
            </form>
            <p className="waste-total">
              <strong>{formatUsd(waste.totalUsd)}</strong> wasted: {formatUsd(waste.idleUsd)} for{' '}
              {formatValue(waste.idleAcceleratorHours)} idle accelerator-hour
              {waste.idleAcceleratorHours === 1 ? '' : 's'} (below {waste.utilizationThreshold}% utilisation),{' '}
              {formatUsd(waste.lostUsd)} lost on failed or killed runs.
            </p>
            {waste.runs.length === 0 ? (
              <p className="state state-empty">
                No run sat idle below {waste.utilizationThreshold}% or failed. Idle time is only known for runs that
                recorded accelerator utilisation (system/gpu_&lt;n&gt;_utilization_percentage).
              </p>
            ) : (
              <table aria-label="Runs that wasted spend">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Status</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Idle accelerator-hours</th>
                    <th scope="col">Idle</th>
                    <th scope="col">Lost</th>
                    <th scope="col">How it was reached</th>
                  </tr>
                </thead>
                <tbody>
                  {waste.runs.map((run) => (
                    <tr key={run.runId}>
                      <th scope="row">
                        <Link href={entityHref(run.runId)}>{run.runName}</Link>
                      </th>
                      <td>{run.status.toLowerCase()}</td>
                      <td>
                        {formatUsd(run.costUsd)} ({run.costSource.toLowerCase()})
                      </td>
                      <td>{formatValue(run.idleAcceleratorHours)}</td>
                      <td>{formatUsd(run.idleUsd)}</td>
                      <td>{formatUsd(run.lostUsd)}</td>
                      <td>{run.explanation}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </DataState>
    </section>
  );
}
