'use client';
import { METADATA_QUERY, metadataByKey, percentage } from '../../lib/metadata';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

/** An entity's governed metadata and how complete it is against its project's template. */
export function MetadataPanel({ entityId }: { entityId: string }) {
  const state = useQuery(METADATA_QUERY, { id: entityId });
  return (
    <section className="panel" aria-labelledby="metadata-heading">
      <h2 id="metadata-heading">Metadata</h2>
      <DataState state={state} what="the metadata">
        {(data) => {
          const completeness = data.node?.completeness;
          const fields = metadataByKey(data.node?.metadata ?? []);
          return (
            <>
              {completeness && (
                <div className="completeness">
                  <p>
                    <strong>Completeness {percentage(completeness.score)}</strong>
                  </p>
                  <meter
                    min={0}
                    max={1}
                    value={completeness.score}
                    aria-label={`Completeness ${percentage(completeness.score)}`}
                  />
                  {completeness.missingRequired.length === 0 && completeness.missingRecommended.length === 0 ? (
                    <p className="state">Every required and recommended field is filled in.</p>
                  ) : (
                    <dl className="meta">
                      <dt>Missing required</dt>
                      <dd aria-label="Missing required fields">
                        {completeness.missingRequired.length ? completeness.missingRequired.join(', ') : 'none'}
                      </dd>
                      <dt>Missing recommended</dt>
                      <dd aria-label="Missing recommended fields">
                        {completeness.missingRecommended.length ? completeness.missingRecommended.join(', ') : 'none'}
                      </dd>
                    </dl>
                  )}
                </div>
              )}
              {fields.length === 0 ? (
                <p className="state state-empty">No governed metadata recorded.</p>
              ) : (
                <table aria-label="Governed metadata">
                  <tbody>
                    {fields.map(([key, values]) => (
                      <tr key={key}>
                        <th scope="row">{key}</th>
                        <td>{values.join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </DataState>
    </section>
  );
}
