'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { rolesByProject } from '../../lib/access';
import { signInHref } from '../../lib/routes';
import { useSession } from './SessionProvider';

/** The header's part about who is signed in: name and roles with a sign-out, or a way to sign in. */
export function SessionStatus() {
  const { state, notice, signOut } = useSession();
  const pathname = usePathname();
  if (state.status !== 'ready') return null;
  const { principal } = state;
  if (principal.authMode === 'off') {
    return (
      <section className="session" aria-label="Session">
        <span className="session-note">Auth is off: everyone may read and write.</span>
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
  return (
    <section className="session" aria-label="Session">
      <span>
        Signed in as <strong>{principal.user?.name ?? principal.actor}</strong>{' '}
        <span className="mono session-actor">{principal.actor}</span>
      </span>
      <span className="session-roles" aria-label="Roles">
        {principal.orgRoles.length > 0 && <span>org {principal.orgRoles.join(', ')}</span>}
        {projectRoles.map(({ projectId, role }) => (
          <span key={projectId}>
            <span className="mono">{projectId}</span> {role}
          </span>
        ))}
        {principal.orgRoles.length === 0 && projectRoles.length === 0 && <span>no roles yet</span>}
      </span>
      <button type="button" onClick={() => void signOut()}>
        Sign out
      </button>
    </section>
  );
}
