'use client';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import { blastRadiusGraph, IMPACT_QUERY, type ImpactAnswer, type ImpactItem, ownersByItem } from '../../lib/impact';
import { ENVIRONMENT_WORDS, kindStyle } from '../../lib/kinds';
import { collapseFanOuts } from '../../lib/lineage/fan-out';
import { displayName, isRestricted } from '../../lib/node-summary';
import { entityHref, impactExportHref, lineageHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { AsOfControl, asOfWords, useAsOf } from '../AsOfControl';
import { DataState } from '../DataState';
import { GraphCanvas } from '../lineage/GraphCanvas';

export function ImpactView({ id }: { id: string }) {
  const asOf = useAsOf();
  const state = useQuery(IMPACT_QUERY, { target: id, asOf });
  return (
    <>
      <h1>Impact: what breaks if this changes</h1>
      <p className="subtitle mono">{id}</p>
      <nav className="actions" aria-label="Downloads and links">
        <ImpactDownloads id={id} asOf={asOf} />
        <Link href={entityHref(id)}>Details of this node</Link>
        <Link href={lineageHref(id)}>Lineage</Link>
      </nav>
      <div className="controls">
        <AsOfControl />
      </div>
      <DataState
        state={state}
        what={asOf ? `the impact analysis ${asOfWords(asOf)}` : 'the impact analysis'}
        isEmpty={(data) => data.impact.total === 0}
        empty={
          <p>
            {asOf
              ? `Nothing depended on this ${asOfWords(asOf)}: no runs, versions, models or deployments downstream by the end of that day.`
              : 'Nothing depends on this yet: no runs, versions, models or deployments downstream.'}
          </p>
        }
      >
        {(data) => <ImpactReport report={data.impact} />}
      </DataState>
    </>
  );
}

/** The report's files (CSV, Markdown, JSON) as the API exports them; `id` may be a column's (`<version>#<column>`). */
export function ImpactDownloads({ id, asOf = null }: { id: string; asOf?: string | null }) {
  return (
    <>
      <a className="button-link" href={impactExportHref(id, 'csv', asOf)} download>
        Download CSV
      </a>
      <a className="button-link" href={impactExportHref(id, 'md', asOf)} download>
        Download Markdown
      </a>
      <a className="button-link" href={impactExportHref(id, 'json', asOf)} download>
        Download JSON
      </a>
    </>
  );
}

/** An impact report: production at risk, the blast radius drawn, affected items by kind, owners to notify. */
export function ImpactReport({ report }: { report: ImpactAnswer['impact'] }) {
  const [selected, setSelected] = useState<ImpactItem | null>(null);
  const owners = useMemo(() => ownersByItem(report), [report]);
  const model = useMemo(() => collapseFanOuts(blastRadiusGraph(report), new Set()), [report]);
  const allAffected = useMemo(
    () => new Set(report.byKind.flatMap((group) => group.items.map((i) => i.node.id))),
    [report],
  );
  const highlight = useMemo(() => (selected ? new Set(selected.why) : allAffected), [selected, allAffected]);
  const names = useMemo(() => {
    const byId = new Map<string, string>([[report.target.id, displayName(report.target)]]);
    for (const group of report.byKind) for (const item of group.items) byId.set(item.node.id, displayName(item.node));
    return byId;
  }, [report]);

  return (
    <>
      <p>
        <strong>{report.total}</strong> items downstream of {displayName(report.target)}
        {report.scope === 'ALL_VERSIONS' ? ` (all ${report.startIds.length} versions)` : ''}:{' '}
        {report.byKind.map((group) => `${group.count} ${kindStyle(group.kind).plural}`).join(', ')}.
        {report.truncated && ' The analysis stopped at a limit; there is more.'}
      </p>
      <section className="panel risk" aria-labelledby="prod-heading">
        <h2 id="prod-heading">Production deployments at risk ({report.productionDeploymentsAtRisk.length})</h2>
        {report.productionDeploymentsAtRisk.length === 0 ? (
          <p className="state state-empty">No production deployment depends on this.</p>
        ) : (
          <ItemTable
            items={report.productionDeploymentsAtRisk}
            owners={owners}
            selected={selected}
            onSelect={setSelected}
          />
        )}
      </section>
      <div className="grid-main-side">
        <div>
          {selected && (
            <section className="panel" aria-live="polite" aria-labelledby="why-heading">
              <h2 id="why-heading">Why {displayName(selected.node)} is affected</h2>
              <ol>
                {selected.why.map((step) => (
                  <li key={step}>
                    {isRestricted(step) ? (
                      <span className="restricted">{names.get(step) ?? '🔒 Something you may not read'}</span>
                    ) : (
                      <Link href={entityHref(step)}>{names.get(step) ?? step}</Link>
                    )}
                  </li>
                ))}
              </ol>
              <button type="button" onClick={() => setSelected(null)}>
                Show the whole blast radius again
              </button>
            </section>
          )}
          <GraphCanvas
            model={model}
            highlight={highlight}
            selectedId={selected?.node.id ?? null}
            onSelect={(clicked) => {
              const item = report.byKind.flatMap((group) => group.items).find((i) => i.node.id === clicked);
              setSelected(item ?? null);
            }}
            label={`Blast radius: ${report.total} affected items`}
          />
          {report.byKind.map((group) => (
            <section key={group.kind} className="panel" aria-labelledby={`kind-${group.kind}`}>
              <h2 id={`kind-${group.kind}`}>
                {kindStyle(group.kind).label}s ({group.count})
              </h2>
              <ItemTable items={group.items} owners={owners} selected={selected} onSelect={setSelected} />
            </section>
          ))}
        </div>
        <section className="panel" aria-labelledby="owners-heading">
          <h2 id="owners-heading">Owners to notify ({report.ownersToNotify.length})</h2>
          {report.ownersToNotify.length === 0 ? (
            <p className="state state-empty">No owners recorded on the affected items.</p>
          ) : (
            <ul className="plain">
              {report.ownersToNotify.map(({ owner, owns }) => (
                <li key={owner.id}>
                  <Link href={entityHref(owner.id)}>{owner.name}</Link>
                  {owner.email && <span className="subtitle"> {owner.email}</span>}
                  <div className="subtitle">owns {owns.length} affected</div>
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </>
  );
}

const NAME_ORDER = new Intl.Collator('en', { numeric: true });

function ItemTable(props: {
  items: ImpactItem[];
  owners: Map<string, string[]>;
  selected: ImpactItem | null;
  onSelect: (item: ImpactItem) => void;
}) {
  // Nearest first, then by name as people count ("#2" before "#10").
  const items = useMemo(
    () =>
      [...props.items].sort(
        (a, b) => a.depth - b.depth || NAME_ORDER.compare(displayName(a.node), displayName(b.node)),
      ),
    [props.items],
  );
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">Name</th>
          <th scope="col">Steps away</th>
          <th scope="col">Owners</th>
          <th scope="col">Where</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr
            key={item.node.id}
            className={`clickable${props.selected?.node.id === item.node.id ? ' selected' : ''}`}
            tabIndex={0}
            aria-label={`${displayName(item.node)}: show why it is affected`}
            onClick={() => props.onSelect(item)}
            onKeyDown={(event) => {
              if (event.key === 'Enter' || event.key === ' ') {
                event.preventDefault();
                props.onSelect(item);
              }
            }}
          >
            <td>
              {isRestricted(item.node) ? (
                // A placeholder has no page: its summary is all the caller may know.
                <span className="restricted">{displayName(item.node)}</span>
              ) : (
                <Link href={entityHref(item.node.id)} onClick={(event) => event.stopPropagation()}>
                  {displayName(item.node)}
                </Link>
              )}
            </td>
            <td>{item.depth}</td>
            <td>{props.owners.get(item.node.id)?.join(', ') ?? '—'}</td>
            <td>
              {item.node.environment ? (ENVIRONMENT_WORDS[item.node.environment] ?? item.node.environment) : ''}
              {item.node.endpoint ? <div className="mono">{item.node.endpoint}</div> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
