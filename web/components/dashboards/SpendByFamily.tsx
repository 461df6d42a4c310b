'use client';
import { gql } from '../../lib/gql';
import type { FamilySpendQuery } from '../../lib/gql/graphql';
import { formatUsd } from '../../lib/dashboards';
import { plural } from '../../lib/format';
import type { QueryState } from '../../lib/use-query';
import { DataState } from '../DataState';
import { SpendChart } from './SpendChart';

export const FAMILY_SPEND = gql(`
  query FamilySpend($projectId: ID!) {
    costSummary(projectId: $projectId, groupBy: FAMILY) {
      ...CostGroupFields
    }
  }
`);

export type FamilySpendAnswer = FamilySpendQuery;

/** Spend by experiment family: a bar each, and the figures in a table under it. */
export function SpendByFamily({ state }: { state: QueryState<FamilySpendAnswer> }) {
  return (
    <section className="panel" aria-labelledby="spend-by-family-heading">
      <h2 id="spend-by-family-heading">Spend by experiment family</h2>
      <DataState
        state={state}
        what="spend by family"
        isEmpty={(data) => data.costSummary.length === 0}
        empty={<p>No runs in this project yet, so no spend.</p>}
      >
        {(data) => {
          const total = data.costSummary.reduce((sum, group) => sum + group.totalUsd, 0);
          const unknown = data.costSummary.reduce((sum, group) => sum + group.unknownCount, 0);
          return (
            <>
              <p>
                <strong>{formatUsd(total)}</strong> across {plural(data.costSummary.length, 'family', 'families')}
                {unknown > 0 && <> ({plural(unknown, 'run')} of unknown cost not included)</>}.
              </p>
              <SpendChart title="Spend by experiment family" groups={data.costSummary} />
              <table aria-label="Spend by experiment family">
                <thead>
                  <tr>
                    <th scope="col">Family</th>
                    <th scope="col">Runs</th>
                    <th scope="col">Spend</th>
                    <th scope="col">Unknown cost</th>
                  </tr>
                </thead>
                <tbody>
                  {data.costSummary.map((group) => (
                    <tr key={group.key}>
                      <th scope="row">{group.label}</th>
                      <td>{group.runCount}</td>
                      <td>{formatUsd(group.totalUsd)}</td>
                      <td>{group.unknownCount === 0 ? 'none' : plural(group.unknownCount, 'run')}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </DataState>
    </section>
  );
}
