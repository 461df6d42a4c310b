'use client';
import { HISTORY_QUERY, mayReadHistory } from '../../lib/history';
import { kindStyle } from '../../lib/kinds';
import { useQuery } from '../../lib/use-query';
import { AuditList } from '../AuditList';
import { DataState } from '../DataState';
import { usePrincipal } from '../session/SessionProvider';

/**
 * An entity's recorded changes, newest first, for those the API shows them to (its project's
 * maintainers, org auditors and admins); others are told who may see them.
 */
export function EntityHistory({ id, kind, projectId }: { id: string; kind: string; projectId: string | null }) {
  const principal = usePrincipal();
  const allowed = principal !== undefined && mayReadHistory(principal, projectId);
  const state = useQuery(HISTORY_QUERY, { id }, !allowed);
  const noun = kindStyle(kind).label.toLowerCase();
  return (
    <section className="panel" aria-labelledby="audit-heading">
      <h2 id="audit-heading">History</h2>
      {principal === undefined ? null : !allowed ? (
        <p className="access-note" role="note">
          The history of this {noun} is shown to maintainers of {projectId ?? 'its project'} and org auditors.
        </p>
      ) : (
        <DataState
          state={state}
          what="its history"
          isEmpty={(data) => data.auditTrail.length === 0}
          empty={<p>No recorded changes to this {noun}.</p>}
        >
          {(data) => <AuditList events={data.auditTrail} />}
        </DataState>
      )}
    </section>
  );
}
