'use client';
import Link from 'next/link';
import { useState } from 'react';
import { formatTime } from '../../lib/format';
import type { NodeSummary } from '../../lib/node-summary';
import { compareHref, entityHref } from '../../lib/routes';

const MAX_COMPARED = 10;

/** An experiment's runs, with boxes to pick 2 to 10 of them for the comparison page. */
export function ExperimentRuns({ runs }: { runs: (NodeSummary & { startedAt: string })[] }) {
  const [picked, setPicked] = useState<string[]>([]);
  const toggle = (id: string) =>
    setPicked((current) => (current.includes(id) ? current.filter((other) => other !== id) : [...current, id]));
  const canCompare = picked.length >= 2 && picked.length <= MAX_COMPARED;
  return (
    <section className="panel" aria-labelledby="runs-heading">
      <h2 id="runs-heading">Runs ({runs.length})</h2>
      {runs.length === 0 ? (
        <p className="state state-empty">No runs in this experiment yet.</p>
      ) : (
        <>
          <p className="actions">
            {canCompare ? (
              <Link className="button-link" href={compareHref(picked)}>
                Compare {picked.length} runs
              </Link>
            ) : (
              <span className="subtitle">Tick 2 to {MAX_COMPARED} runs to compare them.</span>
            )}
          </p>
          <table>
            <thead>
              <tr>
                <th scope="col">Compare</th>
                <th scope="col">Run</th>
                <th scope="col">Status</th>
                <th scope="col">Started</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Compare ${run.name}`}
                      checked={picked.includes(run.id)}
                      onChange={() => toggle(run.id)}
                    />
                  </td>
                  <td>
                    <Link href={entityHref(run.id)}>{run.name}</Link>
                  </td>
                  <td>{run.status?.toLowerCase()}</td>
                  <td>{formatTime(run.startedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
