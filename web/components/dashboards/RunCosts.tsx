'use client';
import Link from 'next/link';
import { formatUsd } from '../../lib/dashboards';
import { gql } from '../../lib/gql';
import type { RunCostsQuery } from '../../lib/gql/graphql';
import { plural } from '../../lib/format';
import { formatTime } from '../../lib/format';
import { entityHref } from '../../lib/routes';
import { useAllRuns } from '../../lib/use-all-runs';
import { DataState } from '../DataState';

const RUN_COSTS = gql(`
  query RunCosts($projectId: ID!, $first: Int!, $after: String) {
    runs(filter: { projectId: $projectId }, first: $first, after: $after, orderBy: { by: STARTED_AT, direction: ASC }) {
      nodes { id name status startedAt experiment { name } cost { usd source explanation } }
      pageInfo { endCursor hasNextPage }
    }
  }
`);

type CostedRun = RunCostsQuery['runs']['nodes'][number];

const SOURCE_WORDS: Record<CostedRun['cost']['source'], string> = {
  RECORDED: 'recorded',
  DERIVED: 'derived',
  UNKNOWN: 'unknown',
};

/** Every run's cost with where it comes from, so each sum above can be traced to its runs. */
export function RunCosts({ projectId }: { projectId: string }) {
  const state = useAllRuns(projectId, RUN_COSTS);
  return (
    <section className="panel" aria-labelledby="run-costs-heading">
      <h2 id="run-costs-heading">Each run&apos;s cost</h2>
      <DataState
        state={state}
        what="the runs' costs"
        isEmpty={(data) => data.runs.length === 0}
        empty={<p>No runs in this project yet.</p>}
      >
        {(data) => {
          const bySource = (source: CostedRun['cost']['source']) =>
            data.runs.filter((run) => run.cost.source === source).length;
          return (
            <details>
              <summary>
                {plural(data.runs.length, 'run')}: {bySource('RECORDED')} recorded, {bySource('DERIVED')} derived from
                the price table, {bySource('UNKNOWN')} unknown
              </summary>
              {!data.complete && <p className="notice">Showing the first {data.runs.length} runs only.</p>}
              <table aria-label="Each run's cost">
                <thead>
                  <tr>
                    <th scope="col">Run</th>
                    <th scope="col">Experiment</th>
                    <th scope="col">Started</th>
                    <th scope="col">Status</th>
                    <th scope="col">Cost</th>
                    <th scope="col">Source</th>
                    <th scope="col">How it was reached</th>
                  </tr>
                </thead>
                <tbody>
                  {data.runs.map((run) => (
                    <tr key={run.id}>
                      <th scope="row">
                        <Link href={entityHref(run.id)}>{run.name}</Link>
                      </th>
                      <td>{run.experiment?.name ?? '—'}</td>
                      <td>{formatTime(run.startedAt)}</td>
                      <td>{run.status.toLowerCase()}</td>
                      <td>{formatUsd(run.cost.usd)}</td>
                      <td>{SOURCE_WORDS[run.cost.source]}</td>
                      <td>{run.cost.explanation}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          );
        }}
      </DataState>
    </section>
  );
}
