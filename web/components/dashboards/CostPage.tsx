'use client';
import { gql } from '../../lib/gql';
import type { ProjectCostsQuery } from '../../lib/gql/graphql';
import { useMemo } from 'react';
import { costCsv, costCsvFileName, csvHref, formatUsd, GROUPING_WORDS, type Grouping } from '../../lib/dashboards';
import { plural } from '../../lib/format';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { CostTable } from './CostTable';
import { ProjectDashboard } from './ProjectDashboard';
import { RunCosts } from './RunCosts';
import { SpendChart } from './SpendChart';
import { WastePanel } from './WastePanel';

const COSTS = gql(`
  query ProjectCosts($projectId: ID!) {
    project: costSummary(projectId: $projectId, groupBy: PROJECT) { ...CostGroupFields }
    month: costSummary(projectId: $projectId, groupBy: MONTH) { ...CostGroupFields }
    experiment: costSummary(projectId: $projectId, groupBy: EXPERIMENT) { ...CostGroupFields }
    family: costSummary(projectId: $projectId, groupBy: FAMILY) { ...CostGroupFields }
    owner: costSummary(projectId: $projectId, groupBy: OWNER) { ...CostGroupFields }
  }
`);

type CostsAnswer = ProjectCostsQuery;

/** The tables in page order; the CSV export holds the same rows in the same order. */
const TABLES: { grouping: Grouping; field: keyof CostsAnswer; heading: string }[] = [
  { grouping: 'MONTH', field: 'month', heading: 'By month' },
  { grouping: 'EXPERIMENT', field: 'experiment', heading: 'By experiment' },
  { grouping: 'FAMILY', field: 'family', heading: 'By experiment family' },
  { grouping: 'OWNER', field: 'owner', heading: 'By owner' },
];

/** `/p/<project id>/costs`: spend by month, experiment, family and owner, idle waste, each run's cost. */
export function CostPage({ projectId }: { projectId: string }) {
  return (
    <ProjectDashboard projectId={projectId} page="costs">
      <SpendTables projectId={projectId} />
      <WastePanel projectId={projectId} />
      <RunCosts projectId={projectId} />
    </ProjectDashboard>
  );
}

function SpendTables({ projectId }: { projectId: string }) {
  const state = useQuery(COSTS, { projectId });
  return (
    <section className="panel" aria-labelledby="spend-heading">
      <h2 id="spend-heading">Spend</h2>
      <DataState
        state={state}
        what="the project's spend"
        isEmpty={(data) => data.project.length === 0}
        empty={<p>No runs in this project yet, so no spend.</p>}
      >
        {(data) => <SpendFigures projectId={projectId} data={data} />}
      </DataState>
    </section>
  );
}

function SpendFigures({ projectId, data }: { projectId: string; data: CostsAnswer }) {
  const total = data.project[0];
  const csv = useMemo(() => costCsv(TABLES.map(({ grouping, field }) => ({ grouping, groups: data[field] }))), [data]);
  return (
    <>
      <p className="cost-total">
        <strong>{formatUsd(total.totalUsd)}</strong> over {plural(total.runCount, 'run')}:{' '}
        {formatUsd(total.recordedUsd)} recorded by the runs&apos; clients, {formatUsd(total.derivedUsd)} derived from
        the price table
        {total.unknownCount > 0 ? (
          <>
            ; {plural(total.unknownCount, 'run')} of unknown cost left out (each run&apos;s reason is listed under
            &ldquo;Each run&apos;s cost&rdquo;)
          </>
        ) : (
          <>; no run of unknown cost</>
        )}
        .
      </p>
      <p>
        <a className="button-link" href={csvHref(csv)} download={costCsvFileName(projectId)}>
          Download the tables as CSV
        </a>
      </p>
      <SpendChart title="Spend by month" groups={data.month} vertical />
      {TABLES.map(({ grouping, field, heading }) => (
        <CostTable key={grouping} heading={heading} grouping={grouping} groups={data[field]} />
      ))}
      <p className="subtitle">
        Recorded: the computeCostUsd a run&apos;s client sent. Derived: the run&apos;s instance and accelerator prices
        from governance/prices.yaml × its hours. Unknown: runs still running or with no price to derive from; they are
        counted in the runs column but not in the sums. One run falls in one {GROUPING_WORDS.FAMILY}, owner, month and
        experiment, so each table adds up to the total above.
      </p>
    </>
  );
}
