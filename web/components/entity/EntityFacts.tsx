import Link from 'next/link';
import type { EntityNode } from '../../lib/entity-query';
import { ENVIRONMENT_WORDS, kindStyle } from '../../lib/kinds';
import { formatBytes, formatNumber, formatTime } from '../../lib/format';
import { entityHref } from '../../lib/routes';
import { NodeLink } from '../NodeLink';

/** The metadata panel: whatever facts this kind of node has, as a definition list. */
export function EntityFacts({ node }: { node: EntityNode }) {
  const parent = node.dataset ?? node.featureSet ?? node.model;
  return (
    <section className="panel" aria-labelledby="facts-heading">
      <h2 id="facts-heading">About</h2>
      <dl className="meta">
        <dt>Kind</dt>
        <dd>{kindStyle(node.kind).label}</dd>
        <dt>Registered</dt>
        <dd>{formatTime(node.createdAt)}</dd>
        {node.project && (
          <>
            <dt>Project</dt>
            <dd>
              <Link href={entityHref(node.project.id)}>{node.project.name}</Link>
            </dd>
          </>
        )}
        {parent && 'id' in parent && (
          <>
            <dt>Version of</dt>
            <dd>
              <Link href={entityHref(parent.id)}>{parent.name}</Link>
            </dd>
          </>
        )}
        {node.owners && (
          <>
            <dt>Owners</dt>
            <dd>{node.owners.length === 0 ? 'nobody recorded' : <OwnerLinks owners={node.owners} />}</dd>
          </>
        )}
        {node.owner !== undefined && (
          <>
            <dt>Owner</dt>
            <dd>{node.owner ? <OwnerLinks owners={[node.owner]} /> : 'nobody recorded'}</dd>
          </>
        )}
        {node.tags && node.tags.length > 0 && (
          <>
            <dt>Tags</dt>
            <dd>{node.tags.join(', ')}</dd>
          </>
        )}
        {node.digest && (
          <>
            <dt>Digest</dt>
            <dd className="mono">{node.digest}</dd>
          </>
        )}
        {node.uri && (
          <>
            <dt>Location</dt>
            <dd className="mono">{node.uri}</dd>
          </>
        )}
        {node.rowCount != null && (
          <>
            <dt>Rows</dt>
            <dd>{formatNumber(node.rowCount)}</dd>
          </>
        )}
        {node.sizeBytes != null && (
          <>
            <dt>Size</dt>
            <dd>{formatBytes(node.sizeBytes)}</dd>
          </>
        )}
        {node.framework && (
          <>
            <dt>Framework</dt>
            <dd>{node.framework}</dd>
          </>
        )}
        {node.features && node.features.length > 0 && (
          <>
            <dt>Features</dt>
            <dd>{node.features.join(', ')}</dd>
          </>
        )}
        {node.kind === 'Deployment' && (
          <>
            <dt>Environment</dt>
            <dd>{ENVIRONMENT_WORDS[node.environment ?? ''] ?? node.environment}</dd>
            <dt>Endpoint</dt>
            <dd className="mono">{node.endpoint ?? '—'}</dd>
            <dt>Serves</dt>
            <dd>{node.modelVersion ? <NodeLink node={node.modelVersion} badge={false} /> : 'nothing'}</dd>
          </>
        )}
        {node.generatedBy !== undefined && (
          <>
            <dt>Produced by</dt>
            <dd>{node.generatedBy ? <NodeLink node={node.generatedBy} badge={false} /> : 'no run recorded'}</dd>
          </>
        )}
        {node.dataSource && (
          <>
            <dt>Lives in</dt>
            <dd>
              <NodeLink node={node.dataSource} badge={false} />
            </dd>
          </>
        )}
        {node.aliases && node.aliases.length > 0 && (
          <>
            <dt>Also named</dt>
            <dd className="mono">{node.aliases.join(', ')}</dd>
          </>
        )}
        {node.kind === 'DataSource' && (
          <>
            <dt>Platform</dt>
            <dd>{node.platform}</dd>
            <dt>Host</dt>
            <dd>{node.host ?? 'none named'}</dd>
            <dt>Namespace</dt>
            <dd className="mono">{node.namespace}</dd>
            <dt>Datasets</dt>
            <dd>
              {(node.datasets ?? []).length === 0
                ? 'none you may read'
                : node.datasets!.map((dataset) => (
                    <div key={dataset.id}>
                      <NodeLink node={dataset} badge={false} />
                    </div>
                  ))}
            </dd>
          </>
        )}
        {(node.parent ?? node.parentRun) && (
          <>
            <dt>Part of</dt>
            <dd>
              <NodeLink node={(node.parent ?? node.parentRun)!} badge={false} />
            </dd>
          </>
        )}
        {(node.children ?? node.childRuns ?? []).length > 0 && (
          <>
            <dt>Inside it</dt>
            <dd>
              {(node.children ?? node.childRuns)!.map((child) => (
                <div key={child.id}>
                  <NodeLink node={child} badge={false} />
                </div>
              ))}
            </dd>
          </>
        )}
        {(node.previousVersion !== undefined || node.nextVersion !== undefined) && (
          <>
            <dt>Version before</dt>
            <dd>{node.previousVersion ? <NodeLink node={node.previousVersion} badge={false} /> : 'none: the first'}</dd>
            <dt>Version after</dt>
            <dd>{node.nextVersion ? <NodeLink node={node.nextVersion} badge={false} /> : 'none: the latest'}</dd>
          </>
        )}
        {node.derivedFrom && node.derivedFrom.length > 0 && (
          <>
            <dt>Derived from</dt>
            <dd>
              {node.derivedFrom.map((source) => (
                <div key={source.id}>
                  <NodeLink node={source} badge={false} />
                </div>
              ))}
            </dd>
          </>
        )}
        {node.deployments && (
          <>
            <dt>Deployed as</dt>
            <dd>
              {node.deployments.length === 0
                ? 'not deployed'
                : node.deployments.map((deployment) => (
                    <div key={deployment.id}>
                      <NodeLink node={deployment} badge={false} /> (
                      {ENVIRONMENT_WORDS[deployment.environment ?? ''] ?? deployment.environment})
                    </div>
                  ))}
            </dd>
          </>
        )}
        {node.counts && (
          <>
            <dt>Holds</dt>
            <dd>
              {node.counts.length === 0
                ? 'nothing yet'
                : node.counts.map((count) => `${count.total} ${kindStyle(count.kind).plural}`).join(', ')}
            </dd>
          </>
        )}
      </dl>
    </section>
  );
}

function OwnerLinks({ owners }: { owners: { id: string; name: string }[] }) {
  return (
    <>
      {owners.map((owner, index) => (
        <span key={owner.id}>
          {index > 0 && ', '}
          <Link href={entityHref(owner.id)}>{owner.name}</Link>
        </span>
      ))}
    </>
  );
}
