'use client';
import Link from 'next/link';
import {
  consumersByTeam,
  type Consumer,
  DATASET_CONSUMERS_QUERY,
  DATASET_NEIGHBOURS_QUERY,
  LATEST_VERSION_CHECKS_QUERY,
  NEIGHBOUR_DEPTH,
  type NeighbourDataset,
  neighbourDatasets,
} from '../../lib/dataset-overview';
import type { EntityNode, VersionItem } from '../../lib/entity-query';
import { formatBytes, formatNumber, formatTime, plural } from '../../lib/format';
import { displayName, isRestricted } from '../../lib/node-summary';
import { entityHref, impactHref, lineageHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { QualityChecks } from './VersionChecks';
import { ColumnsOf } from './VersionColumns';

/**
 * What a dataset page leads with: the table as it is now (its newest version and columns), the
 * datasets it comes from and flows into, who consumes it, and the newest version's checks. The
 * versions timeline follows on the page.
 */
export function DatasetOverview({ node }: { node: EntityNode }) {
  const latest = node.versions?.[0] ?? null;
  return (
    <>
      <LatestVersion latest={latest} />
      <section className="panel" aria-labelledby="flows-heading">
        <h2 id="flows-heading">Where it comes from and flows to</h2>
        <Neighbours datasetId={node.id} />
      </section>
      <section className="panel" aria-labelledby="consumers-heading">
        <h2 id="consumers-heading">Consumers by team</h2>
        <Consumers datasetId={node.id} hasVersions={latest !== null} />
      </section>
      <section className="panel" aria-labelledby="latest-checks-heading">
        <h2 id="latest-checks-heading">Data-quality checks of the latest version</h2>
        {latest ? (
          <LatestChecks versionId={latest.id} />
        ) : (
          <p className="state state-empty">No version yet, so nothing to check.</p>
        )}
      </section>
    </>
  );
}

function LatestVersion({ latest }: { latest: VersionItem | null }) {
  return (
    <section className="panel" aria-labelledby="latest-heading">
      <h2 id="latest-heading">Latest version{latest ? `: ${latest.version}` : ''}</h2>
      {latest === null ? (
        <p className="state state-empty">No versions registered yet: there is no table to show.</p>
      ) : (
        <>
          <p className="mono">
            <Link href={entityHref(latest.id)}>{latest.id}</Link>
          </p>
          <p className="state">
            <span>
              {[
                `registered ${formatTime(latest.createdAt)}`,
                latest.rowCount != null && `${formatNumber(latest.rowCount)} rows`,
                latest.sizeBytes != null && formatBytes(latest.sizeBytes),
                latest.generatedBy && `built by ${latest.generatedBy.name}`,
              ]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </p>
          <nav className="actions" aria-label="Views of the latest version">
            <Link href={lineageHref(latest.id)}>Its lineage</Link>
            <Link href={impactHref(latest.id)}>Its impact</Link>
          </nav>
          <h3>Columns</h3>
          <p className="subtitle">Pick a column to see the columns it comes from and flows into.</p>
          <ColumnsOf versionId={latest.id} label="Columns of the latest version" />
        </>
      )}
    </section>
  );
}

function Neighbours({ datasetId }: { datasetId: string }) {
  const state = useQuery(DATASET_NEIGHBOURS_QUERY, { id: datasetId, maxDepth: NEIGHBOUR_DEPTH });
  return (
    <DataState state={state} what="the datasets upstream and downstream">
      {(data) => (
        <div className="grid-2">
          <NeighbourList
            title="Upstream datasets"
            nothing="Nothing recorded upstream: its versions were not derived from other data."
            {...neighbourDatasets(data.upstream.nodes, datasetId)}
            truncated={data.upstream.truncated}
          />
          <NeighbourList
            title="Downstream datasets"
            nothing="No dataset or feature set is built from it yet."
            {...neighbourDatasets(data.downstream.nodes, datasetId)}
            truncated={data.downstream.truncated}
          />
        </div>
      )}
    </DataState>
  );
}

function NeighbourList(props: {
  title: string;
  nothing: string;
  datasets: NeighbourDataset[];
  hidden: number;
  truncated: boolean;
}) {
  return (
    <div>
      <h3>
        {props.title} ({props.datasets.length})
      </h3>
      {props.datasets.length === 0 && props.hidden === 0 ? (
        <p className="state state-empty">{props.nothing}</p>
      ) : (
        <ul className="plain" aria-label={props.title}>
          {props.datasets.map((dataset) => (
            <li key={dataset.id}>
              <Link href={entityHref(dataset.id)}>{dataset.name}</Link>{' '}
              <span className="subtitle">
                {dataset.kind === 'FeatureSet' ? 'feature set · ' : ''}
                {plural(dataset.steps, 'step')} away · {plural(dataset.versionIds.length, 'version')}
              </span>
            </li>
          ))}
        </ul>
      )}
      {props.hidden > 0 && <p className="restricted">{plural(props.hidden, 'version')} you may not read, not shown.</p>}
      {props.truncated && (
        <p className="subtitle">
          Only the nearest are listed: the lineage goes on further than {NEIGHBOUR_DEPTH} steps.
        </p>
      )}
    </div>
  );
}

function Consumers({ datasetId, hasVersions }: { datasetId: string; hasVersions: boolean }) {
  const state = useQuery(DATASET_CONSUMERS_QUERY, { id: datasetId }, !hasVersions);
  if (!hasVersions) return <p className="state state-empty">No version yet, so nobody consumes it.</p>;
  return (
    <DataState
      state={state}
      what="the consumers of this dataset"
      isEmpty={(data) => data.impact.ownersToNotify.length === 0}
      empty={
        <p>
          {state.status === 'ready' && state.data.impact.total > 0
            ? `${plural(state.data.impact.total, 'item')} downstream, but none has an owner recorded.`
            : 'Nothing downstream of it has an owner: no team consumes it yet.'}
        </p>
      }
    >
      {(data) => {
        const { teams, people } = consumersByTeam(data.impact);
        return (
          <>
            <ConsumerTable label="Teams consuming this dataset" who="Team" consumers={teams} datasetId={datasetId} />
            <ConsumerTable
              label="People consuming this dataset"
              who="Person"
              consumers={people}
              datasetId={datasetId}
            />
            <p>
              <Link href={impactHref(datasetId)}>The whole impact analysis</Link>
            </p>
          </>
        );
      }}
    </DataState>
  );
}

/** How many of the things a consumer owns downstream are named; the impact page lists them all. */
const LISTED_OWNED = 6;

function ConsumerTable(props: { label: string; who: string; consumers: Consumer[]; datasetId: string }) {
  if (props.consumers.length === 0) return null;
  return (
    <table aria-label={props.label}>
      <thead>
        <tr>
          <th scope="col">{props.who}</th>
          <th scope="col">Owns downstream</th>
        </tr>
      </thead>
      <tbody>
        {props.consumers.map((consumer) => (
          <tr key={consumer.id}>
            <th scope="row">
              <Link href={entityHref(consumer.id)}>{consumer.name}</Link>
            </th>
            <td>
              {plural(consumer.owns.length, 'item')}:{' '}
              {consumer.owns.slice(0, LISTED_OWNED).map(({ id, node }, i) => (
                <span key={id}>
                  {i > 0 && ', '}
                  {isRestricted(id) ? (
                    <span className="restricted">{node ? displayName(node) : 'something you may not read'}</span>
                  ) : (
                    <Link href={entityHref(id)}>{node ? displayName(node) : id}</Link>
                  )}
                </span>
              ))}
              {consumer.owns.length > LISTED_OWNED && (
                <>
                  {' '}
                  and {consumer.owns.length - LISTED_OWNED} more (
                  <Link href={impactHref(props.datasetId)}>all of them</Link>)
                </>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LatestChecks({ versionId }: { versionId: string }) {
  const state = useQuery(LATEST_VERSION_CHECKS_QUERY, { id: versionId });
  return (
    <DataState
      state={state}
      what="the checks of the latest version"
      isEmpty={(data) => data.datasetVersion === null}
      empty={<p>The latest version could not be read.</p>}
    >
      {(data) => (
        <QualityChecks
          checks={data.datasetVersion!.dataQualityChecks}
          label="Data-quality checks of the latest version"
        />
      )}
    </DataState>
  );
}
