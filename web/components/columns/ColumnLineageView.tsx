'use client';
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState } from 'react';
import {
  COLUMN_LINEAGE_QUERY,
  type ColumnLineageAnswer,
  columnGraph,
  columnLabel,
  type LineageColumn,
} from '../../lib/column-lineage';
import { plural } from '../../lib/format';
import { columnImpactHref, columnLineageHref, entityHref, splitColumnId } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { GraphCanvas } from '../lineage/GraphCanvas';
import { NodeIndex } from '../lineage/NodeIndex';

/**
 * A column's lineage: the columns it was computed from (left) and those computed from it (right),
 * drawn on the lineage canvas; another column of the same version is one pick away.
 */
export function ColumnLineageView({ id }: { id: string }) {
  const { versionId, column } = splitColumnId(id);
  const state = useQuery(COLUMN_LINEAGE_QUERY, { versionId, column });
  return (
    <>
      <h1>Column lineage</h1>
      <p className="subtitle mono">{id}</p>
      <nav className="actions" aria-label="Views of this column">
        <Link className="button-link" href={columnImpactHref(versionId, column)}>
          Impact: what breaks if this column changes
        </Link>
        <Link href={entityHref(versionId)}>The version holding it</Link>
      </nav>
      <DataState
        state={state}
        what="the column lineage"
        isEmpty={(data) => data.version === null}
        empty={
          <p>
            No version <span className="mono">{versionId}</span> is registered, so it has no column{' '}
            <span className="mono">{column}</span>.
          </p>
        }
      >
        {(data) => <ColumnLineage key={id} answer={data} versionId={versionId} column={column} />}
      </DataState>
    </>
  );
}

function ColumnPicker(props: { versionId: string; column: string; columns: string[] }) {
  const router = useRouter();
  const names = props.columns.includes(props.column) ? props.columns : [props.column, ...props.columns];
  return (
    <div className="controls">
      <label>
        Column{' '}
        <select
          value={props.column}
          onChange={(event) => router.push(columnLineageHref(props.versionId, event.target.value))}
        >
          {names.map((name) => (
            <option key={name}>{name}</option>
          ))}
        </select>
      </label>
    </div>
  );
}

function ColumnLineage(props: { answer: ColumnLineageAnswer; versionId: string; column: string }) {
  const { answer } = props;
  const model = useMemo(() => columnGraph(answer), [answer]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const router = useRouter();
  const reached = [...answer.upstream.columns, ...answer.downstream.columns];
  const selected = reached.find((column) => column.id === selectedId) ?? null;
  const hidden = answer.upstream.hidden + answer.downstream.hidden;
  const schema = (answer.version?.schema ?? []).map((column) => column.name);
  return (
    <>
      <ColumnPicker versionId={props.versionId} column={props.column} columns={schema} />
      <p>
        <strong>{columnLabel(props.column, answer.version)}</strong> was computed from{' '}
        {plural(answer.upstream.columns.length, 'column')}; {plural(answer.downstream.columns.length, 'column')}{' '}
        {answer.downstream.columns.length === 1 ? 'was' : 'were'} computed from it.
        {hidden > 0 && ` ${plural(hidden, 'column')} of versions you may not read are left out.`}
      </p>
      {reached.length === 0 ? (
        <p className="state state-empty">
          No column lineage was recorded for this column: no producer said which columns it was computed from or which
          were computed from it.
        </p>
      ) : (
        <>
          <p className="subtitle">
            Upstream is on the left. Click a column for details, double-click to centre the lineage on it.
          </p>
          <div className="graph-layout">
            <GraphCanvas
              model={model}
              selectedId={selectedId}
              onSelect={setSelectedId}
              onOpen={(other) => {
                const target = splitColumnId(other);
                router.push(columnLineageHref(target.versionId, target.column));
              }}
              label={`Column lineage of ${columnLabel(props.column, answer.version)}: ${model.nodes.length} columns`}
            />
            <aside aria-label="Selected column">
              <SelectedColumn column={selected} />
              <NodeIndex model={model} onSelect={setSelectedId} />
            </aside>
          </div>
          <div className="grid-2 column-lists">
            <ColumnList title="Computed from" columns={answer.upstream.columns} />
            <ColumnList title="Computed from it" columns={answer.downstream.columns} />
          </div>
        </>
      )}
    </>
  );
}

function SelectedColumn({ column }: { column: LineageColumn | null }) {
  if (!column) {
    return (
      <section className="panel" aria-live="polite">
        <p className="state">Select a column in the graph or the list below it.</p>
      </section>
    );
  }
  return (
    <section className="panel" aria-live="polite" aria-labelledby="selected-column-heading">
      <h2 id="selected-column-heading">{columnLabel(column.name, column.version)}</h2>
      <p className="subtitle">{plural(column.depth, 'step')} away</p>
      <ul className="plain">
        <li>
          <Link href={columnLineageHref(column.versionId, column.name)}>Its column lineage</Link>
        </li>
        <li>
          <Link href={columnImpactHref(column.versionId, column.name)}>Its impact</Link>
        </li>
        <li>
          <Link href={entityHref(column.versionId)}>The version holding it</Link>
        </li>
      </ul>
    </section>
  );
}

/** The reached columns as a list, nearest first: what the canvas draws, for reading and keyboards. */
export function ColumnList({ title, columns }: { title: string; columns: LineageColumn[] }) {
  const sorted = [...columns].sort((a, b) => a.depth - b.depth || a.id.localeCompare(b.id));
  return (
    <section className="panel" aria-label={title}>
      <h2>
        {title} ({columns.length})
      </h2>
      {sorted.length === 0 ? (
        <p className="state state-empty">None recorded.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th scope="col">Column</th>
              <th scope="col">Steps away</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((column) => (
              <tr key={column.id}>
                <td>
                  <Link href={columnLineageHref(column.versionId, column.name)}>
                    {columnLabel(column.name, column.version)}
                  </Link>
                </td>
                <td>{column.depth}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
