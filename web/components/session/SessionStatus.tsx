'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useState } from 'react';
import { rolesByProject } from '../../lib/access';
import { projectHref, signInHref } from '../../lib/routes';
import { InboxLink } from '../notifications/InboxLink';
import { useSession } from './SessionProvider';

/**
 * The header's part about who is signed in: one line however many roles they hold (name, a roles menu
 * that opens on demand, sign-out), or a way to sign in.
 */
export function SessionStatus() {
  const { state, notice, signOut } = useSession();
  const pathname = usePathname();
  if (state.status !== 'ready') return null;
  const { principal } = state;
  if (principal.authMode === 'off') {
    return (
      <section className="session" aria-label="Session">
        <span className="session-note">Auth is off: everyone may read and write.</span>
        <InboxLink />
      </section>
    );
  }
  if (!principal.authenticated) {
    return (
      <section className="session" aria-label="Session">
        {notice && (
          <span className="session-note" role="alert">
            {notice}
          </span>
        )}
        <span>Not signed in.</span>
        {pathname !== '/sign-in' && <Link href={signInHref(pathname)}>Sign in</Link>}
      </section>
    );
  }
  const projectRoles = rolesByProject(principal);
  const roleCount = principal.orgRoles.length + projectRoles.length;
  return (
    <section className="session" aria-label="Session">
      <span>
        Signed in as <strong>{principal.user?.name ?? principal.actor}</strong>{' '}
        <span className="mono session-actor">{principal.actor}</span>
      </span>
      <InboxLink />
      {roleCount === 0 ? (
        <span className="session-actor">no roles yet</span>
      ) : (
        <details className="session-menu">
          <summary>{rolesSummary(principal.orgRoles, projectRoles.length)}</summary>
          <RoleList orgRoles={principal.orgRoles} projectRoles={projectRoles} />
        </details>
      )}
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </section>
  );
}

/** One line however many roles: org roles by name, projects counted (the list opens on demand). */
function rolesSummary(orgRoles: string[], projects: number): string {
  const parts = orgRoles.length > 0 ? [`org ${orgRoles.join(', ')}`] : [];
  if (projects > 0) parts.push(`${projects} project${projects === 1 ? '' : 's'}`);
  return parts.join(' · ');
}

/** Beyond this many projects the list is filtered by name rather than scrolled through. */
const FILTER_FROM = 8;
const SHOWN = 50;

/** The signed-in user's roles: org roles, then each project with its role, searchable when long. */
function RoleList({
  orgRoles,
  projectRoles,
}: {
  orgRoles: string[];
  projectRoles: { projectId: string; role: string }[];
}) {
  const [filter, setFilter] = useState('');
  const words = filter.trim().toLowerCase();
  const matching = words
    ? projectRoles.filter(({ projectId }) => projectId.toLowerCase().includes(words))
    : projectRoles;
  return (
    <div className="session-menu-body">
      {projectRoles.length > FILTER_FROM && (
        <input
          type="search"
          aria-label="Filter my projects"
          placeholder="Filter my projects"
          value={filter}
          onChange={(event) => setFilter(event.target.value)}
        />
      )}
      <ul aria-label="Roles">
        {orgRoles.length > 0 && <li>org {orgRoles.join(', ')}</li>}
        {matching.slice(0, SHOWN).map(({ projectId, role }) => (
          <li key={projectId}>
            <Link href={projectHref(projectId)} className="mono">
              {projectId}
            </Link>{' '}
            {role}
          </li>
        ))}
        {matching.length === 0 && <li>No project matches “{filter.trim()}”.</li>}
        {matching.length > SHOWN && <li>{matching.length - SHOWN} more: filter to find one.</li>}
      </ul>
    </div>
  );
}
