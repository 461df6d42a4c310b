'use client';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { AuditList, AUDIT_FIELDS, type AuditEvent } from '../AuditList';

const RECENT = `query Recent { auditTrail(first: 20) { ${AUDIT_FIELDS} } }`;

export function RecentActivity() {
  const state = useQuery<{ auditTrail: AuditEvent[] }>(RECENT, {});
  return (
    <section className="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent activity</h2>
      <DataState state={state} what="recent activity" isEmpty={(data) => data.auditTrail.length === 0}>
        {(data) => <AuditList events={data.auditTrail} showEntity />}
      </DataState>
    </section>
  );
}
