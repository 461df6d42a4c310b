import { gql } from '../lib/gql';
import type { AuditEventFieldsFragment } from '../lib/gql/graphql';
import Link from 'next/link';
import { entityHref } from '../lib/routes';
import { formatTime } from '../lib/format';

/** An audit event as the lists show it (spread as ...AuditEventFields). */
export const AUDIT_FIELDS = gql(`
  fragment AuditEventFields on AuditEvent { id at actor action entityId entityKind }
`);

export type AuditEvent = AuditEventFieldsFragment;

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
