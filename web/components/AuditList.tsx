import Link from 'next/link';
import { entityHref } from '../lib/routes';
import { formatTime } from '../lib/format';

export const AUDIT_FIELDS = 'id at actor action entityId entityKind';

export interface AuditEvent {
  id: string;
  at: string;
  actor: string;
  action: string;
  entityId: string;
  entityKind: string;
}

/** Audit events newest first: when, who, what (and on which entity when several are mixed). */
export function AuditList({ events, showEntity = false }: { events: AuditEvent[]; showEntity?: boolean }) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Who</th>
          <th scope="col">What</th>
          {showEntity && <th scope="col">On</th>}
        </tr>
      </thead>
      <tbody>
        {events.map((event) => (
          <tr key={event.id}>
            <td>{formatTime(event.at)}</td>
            <td>{event.actor}</td>
            <td>{event.action}</td>
            {showEntity && (
              <td className="mono">
                <Link href={entityHref(event.entityId)}>{event.entityId}</Link>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
