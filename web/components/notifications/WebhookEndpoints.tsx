'use client';
import { formatTime } from '../../lib/format';
import { attemptSentence, ENDPOINTS_QUERY } from '../../lib/notifications';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';

/** The caller's webhook endpoints and each one's recent deliveries with their status codes. */
export function WebhookEndpoints({ ownerId }: { ownerId: string | null }) {
  const state = useQuery(ENDPOINTS_QUERY, { ownerId });
  return (
    <section aria-label="Webhook endpoints">
      <h2>Webhook endpoints{ownerId ? ` of ${ownerId}` : ''}</h2>
      <DataState
        state={state}
        what={ownerId ? `the webhook endpoints of ${ownerId}` : 'your webhook endpoints'}
        isEmpty={(data) => data.webhookEndpoints.length === 0}
        empty={<p>No webhook endpoints. Register one with the registerWebhookEndpoint mutation (docs/api.md).</p>}
      >
        {({ webhookEndpoints }) =>
          webhookEndpoints.map((endpoint) => (
            <div key={endpoint.id} className="webhook-endpoint">
              <p>
                <span className="mono">{endpoint.url}</span> ({endpoint.format}){' '}
                {endpoint.enabled ? 'enabled' : <strong>disabled: {endpoint.disabledReason}</strong>}
              </p>
              {endpoint.deliveries.length === 0 ? (
                <p>Nothing delivered yet.</p>
              ) : (
                <table aria-label={`Delivery log of ${endpoint.url}`}>
                  <thead>
                    <tr>
                      <th>#</th>
                      <th>Event</th>
                      <th>Status</th>
                      <th>Attempts</th>
                    </tr>
                  </thead>
                  <tbody>
                    {endpoint.deliveries.map((delivery) => (
                      <tr key={delivery.id}>
                        <td>{delivery.seq}</td>
                        <td>
                          {delivery.event}
                          <br />
                          <span className="session-actor">{formatTime(delivery.createdAt)}</span>
                        </td>
                        <td>
                          {delivery.status}
                          {delivery.lastStatusCode !== null && ` (HTTP ${delivery.lastStatusCode})`}
                        </td>
                        <td>{delivery.attemptLog.map(attemptSentence).join('; ') || 'not tried yet'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </div>
          ))
        }
      </DataState>
    </section>
  );
}
