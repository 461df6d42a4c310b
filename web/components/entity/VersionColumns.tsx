'use client';
import Link from 'next/link';
import {
  COLUMN_KINDS,
  type ColumnRow,
  changeSummary,
  columnRows,
  describesNoColumns,
  flagsOf,
  formatStat,
  nullableText,
  type SchemaChange,
  typeText,
  VERSION_COLUMNS_QUERY,
  VERSION_FLAGS_QUERY,
  type VersionFlag,
} from '../../lib/columns';
import type { EntityNode } from '../../lib/entity-query';
import { pageProjectId } from '../../lib/history';
import { columnLineageHref, entityHref, lineageHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { FLAG_WORDS } from '../dashboards/DriftFlagsPanel';

/**
 * A dataset or feature set version's columns as its client described them, with their statistics, what
 * changed since the previous version, and the drift flags about it (nothing for other kinds).
 */
export function VersionColumns({ node }: { node: EntityNode }) {
  if (!COLUMN_KINDS.includes(node.kind)) return null;
  return (
    <section className="panel" aria-labelledby="columns-heading">
      <h2 id="columns-heading">Columns</h2>
      <ColumnsOf versionId={node.id} label="Columns of this version" />
      <h3>Drift flags</h3>
      <FlagsOf versionId={node.id} projectId={pageProjectId(node)} />
    </section>
  );
}

/** A version's columns with their statistics and change; each column name leads to its column lineage. */
export function ColumnsOf({ versionId, label }: { versionId: string; label: string }) {
  const state = useQuery(VERSION_COLUMNS_QUERY, { id: versionId });
  return (
    <DataState
      state={state}
      what="the columns of this version"
      isEmpty={(data) => describesNoColumns(data.node)}
      empty={<p>No columns were described for this version: its client sent no schema.</p>}
    >
      {(data) => {
        const version = data.node!;
        const change = version.schemaChange ?? null;
        return (
          <>
            {change && <ChangeSentence change={change} />}
            {version.schema === null && (
              <p className="state state-empty">Its client sent statistics but no schema: types are not known.</p>
            )}
            <ColumnTable
              rows={columnRows(version)}
              withStats={version.columnStats != null}
              versionId={versionId}
              label={label}
            />
            {change && change.removed.length > 0 && (
              <p className="columns-removed">
                Removed since <Link href={entityHref(change.previousVersionId)}>{change.previousVersionId}</Link>:{' '}
                {change.removed.map((column, i) => (
                  <span key={column.name}>
                    {i > 0 && ', '}
                    <span className="mono">{column.name}</span> ({column.type})
                  </span>
                ))}
                .
              </p>
            )}
          </>
        );
      }}
    </DataState>
  );
}

function ChangeSentence({ change }: { change: SchemaChange }) {
  const previous = <Link href={entityHref(change.previousVersionId)}>{change.previousVersionId}</Link>;
  const summary = changeSummary(change);
  return (
    <p className="columns-change">
      {summary ? (
        <>
          Compared with {previous}: {summary}.
        </>
      ) : (
        <>No change in columns since {previous}.</>
      )}
    </p>
  );
}

function ColumnTable(props: { rows: ColumnRow[]; withStats: boolean; versionId: string; label: string }) {
  const { rows, withStats, versionId } = props;
  return (
    <table className="columns" aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">Column</th>
          <th scope="col">Type</th>
          <th scope="col">Nullable</th>
          {withStats && (
            <>
              <th scope="col">Count</th>
              <th scope="col">Nulls</th>
              <th scope="col">Mean</th>
              <th scope="col">Std</th>
              <th scope="col">Distinct</th>
            </>
          )}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.name} className={row.added ? 'column-added' : row.retypedFrom ? 'column-retyped' : undefined}>
            <th scope="row">
              <Link className="mono" href={columnLineageHref(versionId, row.name)}>
                {row.name}
              </Link>
              {row.added && <span className="column-mark"> added</span>}
            </th>
            <td className={row.retypedFrom ? 'column-mark' : undefined}>{typeText(row)}</td>
            <td>{nullableText(row.nullable)}</td>
            {withStats && (
              <>
                <td className="number">{formatStat(row.stats?.count)}</td>
                <td className="number">{formatStat(row.stats?.nulls)}</td>
                <td className="number">{formatStat(row.stats?.mean)}</td>
                <td className="number">{formatStat(row.stats?.std)}</td>
                <td className="number">{formatStat(row.stats?.distinct)}</td>
              </>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function FlagsOf({ versionId, projectId }: { versionId: string; projectId: string | null }) {
  const state = useQuery(VERSION_FLAGS_QUERY, { projectId: projectId ?? '' }, projectId === null);
  if (projectId === null) return <p className="state state-empty">This version belongs to no project to judge.</p>;
  return (
    <DataState
      state={state}
      what="the drift flags of this version"
      isEmpty={(data) => flagsOf(data.driftFlags, versionId).length === 0}
      empty={<p>No drift flags: no schema change or statistics drift beyond its thresholds.</p>}
    >
      {(data) => (
        <ul className="plain drift-flags" aria-label="Drift flags of this version">
          {flagsOf(data.driftFlags, versionId).map((flag, i) => (
            <li key={`${flag.kind}:${flag.column ?? ''}:${i}`}>
              <strong>{FLAG_WORDS[flag.kind]}</strong>
              {flag.column && <> · column {flag.column}</>}
              {flag.affectsProduction && <ProductionNote flag={flag} />}
              <div className="flag-explanation">{flag.explanation}</div>
              <div className="subtitle">
                {flag.measure} {formatStat(flag.value)} (flagged above {formatStat(flag.threshold)}) ·{' '}
                <Link href={lineageHref(flag.lineageRootId)}>Lineage that explains it</Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </DataState>
  );
}

function ProductionNote({ flag }: { flag: VersionFlag }) {
  const links = (ids: string[]) =>
    ids.map((id, i) => (
      <span key={id}>
        {i > 0 && ', '}
        <Link href={entityHref(id)}>{id}</Link>
      </span>
    ));
  return (
    <p className="production-note" role="note">
      <strong>This change reaches production:</strong> it feeds{' '}
      {flag.productionDeploymentIds.length > 0 ? links(flag.productionDeploymentIds) : 'a production deployment'}
      {flag.productionModelVersionIds.length > 0 && <>, serving {links(flag.productionModelVersionIds)}</>}.
    </p>
  );
}
