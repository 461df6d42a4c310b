'use client';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { gql } from '../../lib/gql';
import { AuditList } from '../AuditList';

const RECENT = gql(`query Recent { auditTrail(first: 20) { ...AuditEventFields } }`);

export function RecentActivity() {
  const state = useQuery(RECENT, {});
  return (
    <section className="panel" aria-labelledby="activity-heading">
      <h2 id="activity-heading">Recent activity</h2>
      <DataState state={state} what="recent activity" isEmpty={(data) => data.auditTrail.length === 0}>
        {(data) => <AuditList events={data.auditTrail} showEntity />}
      </DataState>
    </section>
  );
}
