'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import { graphql } from '../../lib/graphql';
import {
  GRANT_READ_ACCESS,
  memberIdOf,
  readableBy,
  type Restriction,
  RESTRICTION_QUERY,
  restrictionAccess,
  restrictionOf,
  REVOKE_READ_ACCESS,
  SET_RESTRICTED,
} from '../../lib/restricted';
import { signInHref } from '../../lib/routes';
import { useQuery } from '../../lib/use-query';
import { DataState } from '../DataState';
import { usePrincipal } from '../session/SessionProvider';

/**
 * Who may read an entity: a "Restricted" badge with its owners and those granted it, or that its
 * project's members read it. Maintainers (and org admins, or everyone with auth off) also get the
 * controls to mark it restricted and to grant or revoke read access; others are told why not.
 */
export function RestrictedPanel({ entityId }: { entityId: string }) {
  // Bumped after a change so the panel asks the API again.
  const [generation, setGeneration] = useState(0);
  return <Restriction key={generation} entityId={entityId} onChanged={() => setGeneration((n) => n + 1)} />;
}

function Restriction({ entityId, onChanged }: { entityId: string; onChanged: () => void }) {
  const state = useQuery(RESTRICTION_QUERY, { id: entityId });
  return (
    <section className="panel" aria-labelledby="access-heading">
      <h2 id="access-heading">Access</h2>
      <DataState state={state} what="who may read it">
        {(data) =>
          data.node && (
            <RestrictionView entityId={entityId} restriction={restrictionOf(data.node)} onChanged={onChanged} />
          )
        }
      </DataState>
    </section>
  );
}

function RestrictionView(props: { entityId: string; restriction: Restriction; onChanged: () => void }) {
  const { entityId, restriction, onChanged } = props;
  const principal = usePrincipal();
  const pathname = usePathname();
  const access = principal === undefined ? null : restrictionAccess(principal, restriction.projectId);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [member, setMember] = useState('');

  const run = async (write: () => Promise<unknown>) => {
    setBusy(true);
    setProblem(null);
    try {
      await write();
      onChanged();
    } catch (error) {
      setProblem((error as Error).message);
      setBusy(false);
    }
  };
  const grant = (event: FormEvent) => {
    event.preventDefault();
    const memberId = memberIdOf(member);
    if (!memberId) {
      setProblem('Name a user or a team by id, e.g. user:dana or team:risk-data.');
      return;
    }
    void run(() => graphql(GRANT_READ_ACCESS, { id: entityId, memberId }));
  };

  return (
    <>
      {restriction.restricted ? (
        <p>
          <span className="kind-badge" style={{ borderColor: '#b42318', color: '#b42318' }}>
            Restricted
          </span>{' '}
          {readableBy(restriction)}
        </p>
      ) : (
        <p className="state">
          Not restricted: everyone with a role in {restriction.projectId ?? 'its project'} may read it.
        </p>
      )}
      {restriction.readers.length > 0 && (
        <ul aria-label="Granted read access">
          {restriction.readers.map((reader) => (
            <li key={reader.id}>
              <span className="mono">{reader.id}</span> {reader.name}{' '}
              {access?.allowed && (
                <button
                  type="button"
                  disabled={busy}
                  onClick={() => void run(() => graphql(REVOKE_READ_ACCESS, { id: entityId, memberId: reader.id }))}
                >
                  Revoke
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {access?.allowed && (
        <form className="review-form" aria-label="Read access" onSubmit={grant} noValidate>
          <div className="actions">
            <button
              type="button"
              disabled={busy}
              onClick={() =>
                void run(() => graphql(SET_RESTRICTED, { id: entityId, restricted: !restriction.restricted }))
              }
            >
              {restriction.restricted ? 'Lift the restriction' : 'Mark restricted'}
            </button>
          </div>
          <div className="field">
            <label htmlFor="grant-member">Grant read access to</label>
            <input
              id="grant-member"
              value={member}
              placeholder="user:dana or team:risk-data"
              onChange={(event) => setMember(event.target.value)}
            />
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              Grant read access
            </button>
          </div>
          {problem && (
            <div className="state state-error" role="alert">
              <p>
                <strong>Not changed.</strong> {problem}
              </p>
            </div>
          )}
        </form>
      )}
      {access && !access.allowed && (
        <p className="access-note" role="note">
          {access.reason} {access.signIn && <Link href={signInHref(pathname)}>Sign in</Link>}
        </p>
      )}
    </>
  );
}
