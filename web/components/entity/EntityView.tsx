'use client';
import Link from 'next/link';
import { entityProjectId } from '../../lib/access';
import { ENTITY_QUERY, type EntityNode } from '../../lib/entity-query';
import { PROMOTION_HISTORY_KINDS } from '../../lib/governance';
import { IMPACT_TARGET_KINDS, kindStyle, VERSIONED_KINDS } from '../../lib/kinds';
import { displayName } from '../../lib/node-summary';
import { impactHref, lineageHref, projectCostsHref, projectHref } from '../../lib/routes';
import { pageProjectId } from '../../lib/history';
import { GOVERNED_KINDS } from '../../lib/metadata';
import { RESTRICTABLE_KINDS, forbiddenSentence } from '../../lib/restricted';
import { REVIEWED_KINDS } from '../../lib/reviews';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { KindBadge } from '../KindBadge';
import { AssetVersions } from './AssetVersions';
import { DatasetOverview } from './DatasetOverview';
import { EntityFacts } from './EntityFacts';
import { EntityHistory } from './EntityHistory';
import { ExperimentRuns } from './ExperimentRuns';
import { MetadataPanel } from './MetadataPanel';
import { MigrationsPanel } from './MigrationsPanel';
import { PromotionHistoryPanel } from './PromotionHistoryPanel';
import { SubscribeButton } from '../notifications/SubscribeButton';
import { RestrictedPanel } from './RestrictedPanel';
import { ReviewPanel } from './ReviewPanel';
import { RunDetails } from './RunDetails';
import { VersionChecks } from './VersionChecks';
import { VersionColumns } from './VersionColumns';

/** Where "Lineage" leads: an asset's lineage is recorded on its versions, so its newest version's. */
function lineageTarget(node: EntityNode): string | null {
  if (VERSIONED_KINDS.includes(node.kind)) return node.versions?.[0]?.id ?? null;
  if (['Project', 'Team', 'User', 'Experiment'].includes(node.kind)) return null;
  return node.id;
}

export function EntityView({ id }: { id: string }) {
  const state = useQuery(ENTITY_QUERY, { id });
  const forbidden = state.status === 'error' ? forbiddenSentence(state.code, state.message, id) : null;
  if (forbidden) {
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>{forbidden}</strong> Ask its owners or a maintainer of its project for read access.
        </p>
      </div>
    );
  }
  return (
    <DataState
      state={state}
      what={id}
      isEmpty={(data) => data.node === null}
      empty={
        <p>
          Nothing is registered under the id <span className="mono">{id}</span>. <Link href="/">Search</Link> for it by
          name instead.
        </p>
      }
    >
      {(data) => <Entity node={data.node!} />}
    </DataState>
  );
}

function Entity({ node }: { node: EntityNode }) {
  const lineageId = lineageTarget(node);
  return (
    <article>
      <KindBadge kind={node.kind} />
      <h1>{displayName(node)}</h1>
      <p className="subtitle mono">{node.id}</p>
      <nav className="actions" aria-label="Views of this node">
        {lineageId && (
          <Link className="button-link" href={lineageHref(lineageId)}>
            Lineage{lineageId !== node.id ? ' of the newest version' : ''}
          </Link>
        )}
        {IMPACT_TARGET_KINDS.includes(node.kind) && (
          <Link className="button-link" href={impactHref(node.id)}>
            Impact: what depends on it
          </Link>
        )}
        {node.kind === 'Project' && (
          <>
            <Link className="button-link" href={projectHref(node.id)}>
              Overview dashboard
            </Link>
            <Link className="button-link" href={projectCostsHref(node.id)}>
              Costs
            </Link>
          </>
        )}
      </nav>
      <div className="grid-main-side">
        <div>
          {node.description && <p>{node.description}</p>}
          {node.kind === 'Dataset' && <DatasetOverview key={`overview:${node.id}`} node={node} />}
          {VERSIONED_KINDS.includes(node.kind) && <AssetVersions node={node} />}
          <VersionColumns key={`columns:${node.id}`} node={node} />
          <VersionChecks node={node} />
          {node.kind === 'Run' && <RunDetails run={node} />}
          {node.kind === 'Experiment' && <ExperimentRuns runs={node.runs?.nodes ?? []} />}
          {PROMOTION_HISTORY_KINDS.includes(node.kind) && <PromotionHistoryPanel key={node.id} entityId={node.id} />}
          {REVIEWED_KINDS.includes(node.kind) && (
            <ReviewPanel
              key={node.id}
              entityId={node.id}
              projectId={entityProjectId(node)}
              what={kindStyle(node.kind).label.toLowerCase()}
            />
          )}
        </div>
        <div>
          {!['User', 'Team'].includes(node.kind) && <SubscribeButton key={`subscribe:${node.id}`} entityId={node.id} />}
          <EntityFacts node={node} />
          {IMPACT_TARGET_KINDS.includes(node.kind) && (
            <MigrationsPanel key={`migrations:${node.id}`} targetId={node.id} />
          )}
          {RESTRICTABLE_KINDS.includes(node.kind) && <RestrictedPanel key={node.id} entityId={node.id} />}
          {GOVERNED_KINDS.includes(node.kind) && <MetadataPanel key={node.id} entityId={node.id} />}
          <EntityHistory key={node.id} id={node.id} kind={node.kind} projectId={pageProjectId(node)} />
        </div>
      </div>
    </article>
  );
}
