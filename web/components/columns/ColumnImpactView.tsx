'use client';
import Link from 'next/link';
import {
  COLUMN_IMPACT_QUERY,
  type ColumnImpactAnswer,
  columnLabel,
  columnNames,
  columnsByVersion,
} from '../../lib/column-lineage';
import { plural } from '../../lib/format';
import { displayName } from '../../lib/node-summary';
import { columnLineageHref, entityHref, splitColumnId } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { ImpactDownloads, ImpactReport } from '../impact/ImpactView';

/**
 * What breaks if a column is dropped or retyped: the columns computed from it, grouped by the version
 * holding them, then the impact page's report of everything downstream of those versions (production
 * at risk, the blast radius, items by kind, owners), exported in the same formats.
 */
export function ColumnImpactView({ id }: { id: string }) {
  const { versionId, column } = splitColumnId(id);
  const state = useQuery(COLUMN_IMPACT_QUERY, { versionId, column });
  return (
    <>
      <h1>Column impact: what breaks if this column changes</h1>
      <p className="subtitle mono">{id}</p>
      <nav className="actions" aria-label="Downloads and links">
        <ImpactDownloads id={id} />
        <Link href={columnLineageHref(versionId, column)}>Column lineage</Link>
        <Link href={entityHref(versionId)}>The version holding it</Link>
      </nav>
      <DataState
        state={state}
        what="the column impact analysis"
        isEmpty={(data) => data.columnImpact.columns.length === 0 && data.columnImpact.downstream.total === 0}
        empty={
          <p>
            Nothing depends on this column yet: no column was computed from it, and nothing is downstream of its version
            through it.
          </p>
        }
      >
        {(data) => <ColumnImpact answer={data} />}
      </DataState>
    </>
  );
}

function ColumnImpact({ answer }: { answer: ColumnImpactAnswer }) {
  const { columnImpact } = answer;
  const groups = columnsByVersion(columnImpact.columns);
  const names = columnNames(columnImpact.root, answer.version, columnImpact.columns);
  return (
    <>
      <p>
        <strong>{plural(columnImpact.columns.length, 'column')}</strong> computed from{' '}
        {columnLabel(columnImpact.root.name, answer.version)}, in {plural(groups.length, 'version')}
        {columnImpact.hidden > 0 && `; ${plural(columnImpact.hidden, 'column')} of versions you may not read left out`}.
      </p>
      <section className="panel" aria-labelledby="affected-columns-heading">
        <h2 id="affected-columns-heading">Affected columns ({columnImpact.columns.length})</h2>
        {groups.length === 0 ? (
          <p className="state state-empty">No column was computed from it.</p>
        ) : (
          <table aria-label="Affected columns, by the version holding them">
            <thead>
              <tr>
                <th scope="col">Column</th>
                <th scope="col">Steps away</th>
                <th scope="col">Why: computed through</th>
              </tr>
            </thead>
            {groups.map((group) => (
              <tbody key={group.versionId}>
                <tr>
                  <th scope="rowgroup" colSpan={3}>
                    <Link href={entityHref(group.versionId)}>
                      {group.version ? displayName(group.version) : group.versionId}
                    </Link>
                  </th>
                </tr>
                {group.columns.map((column) => (
                  <tr key={column.id}>
                    <td>
                      <Link className="mono" href={columnLineageHref(column.versionId, column.name)}>
                        {column.name}
                      </Link>
                    </td>
                    <td>{column.depth}</td>
                    <td className="mono">{column.why.map((step) => names.get(step) ?? step).join(' → ')}</td>
                  </tr>
                ))}
              </tbody>
            ))}
          </table>
        )}
      </section>
      <h2>Downstream of the versions holding them</h2>
      {columnImpact.downstream.total === 0 ? (
        <p className="state state-empty">Nothing is downstream of those versions: no runs, models or deployments.</p>
      ) : (
        <ImpactReport report={columnImpact.downstream} />
      )}
    </>
  );
}
