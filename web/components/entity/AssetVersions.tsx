import Link from 'next/link';
import type { EntityNode } from '../../lib/entity-query';
import { ENVIRONMENT_WORDS, IMPACT_TARGET_KINDS } from '../../lib/kinds';
import { formatBytes, formatNumber, formatTime } from '../../lib/format';
import { entityHref, impactHref, lineageHref } from '../../lib/routes';

/** A dataset's, feature set's or model's versions as a timeline, newest first, each with its digest. */
export function AssetVersions({ node }: { node: EntityNode }) {
  const versions = node.versions ?? [];
  const versionKind = `${node.kind}Version`;
  return (
    <section className="panel" aria-labelledby="versions-heading">
      <h2 id="versions-heading">Versions ({versions.length})</h2>
      {versions.length === 0 ? (
        <p className="state state-empty">No versions registered yet.</p>
      ) : (
        <ol className="timeline" aria-label="Versions, newest first">
          {versions.map((version) => (
            <li key={version.id}>
              <Link href={entityHref(version.id)}>
                <strong>{version.version}</strong>
              </Link>{' '}
              <span className="subtitle">registered {formatTime(version.createdAt)}</span>
              <div className="mono">{version.digest}</div>
              <div className="subtitle">
                {[
                  version.rowCount != null && `${formatNumber(version.rowCount)} rows`,
                  version.sizeBytes != null && formatBytes(version.sizeBytes),
                  version.framework,
                  version.features && `${version.features.length} features`,
                  version.generatedBy && `built by ${version.generatedBy.name}`,
                  version.deployments &&
                    (version.deployments.length
                      ? `serving in ${version.deployments.map((d) => ENVIRONMENT_WORDS[d.environment] ?? d.environment).join(', ')}`
                      : 'not deployed'),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
              <div className="actions" style={{ margin: '2px 0' }}>
                <Link href={lineageHref(version.id)}>lineage</Link>
                {IMPACT_TARGET_KINDS.includes(versionKind) && <Link href={impactHref(version.id)}>impact</Link>}
              </div>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
