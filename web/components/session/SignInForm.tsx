'use client';
import { useRouter } from 'next/navigation';
import { type FormEvent, useState } from 'react';
import type { Principal } from '../../lib/access';
import { afterSignIn } from '../../lib/routes';
import { useHydrated } from '../../lib/use-hydrated';
import { useSession } from './SessionProvider';

/**
 * Paste a token; the explorer's server asks the API who it belongs to (whoami) and keeps it in an
 * httpOnly session cookie only when the API accepts it. A refused token is explained and kept nowhere.
 */
export function SignInForm() {
  const { state, refresh, signOut } = useSession();
  const router = useRouter();
  const [token, setToken] = useState('');
  const [checking, setChecking] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  // Until React hydrates, "Sign in" would reload the page and lose the token typed (a slow machine).
  const hydrated = useHydrated();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem(null);
    setChecking(true);
    try {
      const response = await fetch('/session', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      const answer = (await response.json().catch(() => ({}))) as {
        principal?: Principal;
        error?: { message: string };
      };
      if (!response.ok || !answer.principal) {
        setProblem(answer.error?.message ?? `The explorer answered HTTP ${response.status}.`);
        return;
      }
      setToken('');
      refresh();
      router.push(afterSignIn(new URLSearchParams(window.location.search).get('next')));
    } catch {
      setProblem('The explorer cannot reach its server. Check your connection, then try again.');
    } finally {
      setChecking(false);
    }
  };

  const signedIn = state.status === 'ready' && state.principal.authenticated ? state.principal : null;
  return (
    <div className="grid-main-side">
      <form className="panel sign-in-form" aria-labelledby="sign-in-heading" onSubmit={submit} noValidate>
        <h2 id="sign-in-heading">Your token</h2>
        {signedIn && (
          <p className="state" role="status">
            You are signed in as {signedIn.user?.name ?? signedIn.actor} ({signedIn.actor}). Signing in again replaces
            that token.{' '}
            <button type="button" onClick={() => void signOut()}>
              Sign out
            </button>
          </p>
        )}
        {state.status === 'ready' && state.principal.authMode === 'off' && (
          <p className="state" role="status">
            Auth is off on this API: it takes no tokens, and everyone may read and write.
          </p>
        )}
        <div className="field">
          <label htmlFor="sign-in-token">API token</label>
          <span id="sign-in-token-hint" className="subtitle">
            The secret, starting with mnemo_, shown once when the token was made.
          </span>
          <input
            id="sign-in-token"
            type="password"
            autoComplete="off"
            spellCheck={false}
            disabled={!hydrated}
            value={token}
            aria-describedby={`sign-in-token-hint${problem ? ' sign-in-problem' : ''}`}
            aria-invalid={problem ? true : undefined}
            onChange={(event) => setToken(event.target.value)}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={checking || !hydrated}>
            {checking ? 'Checking…' : 'Sign in'}
          </button>
        </div>
        {problem && (
          <div id="sign-in-problem" className="state state-error" role="alert">
            <p>
              <strong>Not signed in.</strong> {problem}
            </p>
          </div>
        )}
      </form>
      <section className="panel token-sources" aria-labelledby="token-source-heading">
        <h2 id="token-source-heading">Where tokens come from</h2>
        <ul>
          <li>
            <span className="mono">mnemo token create --name laptop</span> makes a token for you and prints its secret
            once (the CLI itself needs a token in <span className="mono">MNEMO_TOKEN</span>).
          </li>
          <li>
            On a laptop, the first <span className="mono">npm start</span> makes a local admin and prints its token
            once; it is kept in <span className="mono">.mnemo/admin-token</span>.
          </li>
          <li>
            An org admin can make a token for someone else:{' '}
            <span className="mono">mnemo token create --name NAME --user user:HANDLE</span>.
          </li>
        </ul>
        <p>
          The explorer keeps the token for this browser session only, where page scripts cannot read it, and sends it to
          the API with each request. Signing out forgets it here; <span className="mono">mnemo token revoke ID</span>{' '}
          ends it everywhere.
        </p>
      </section>
    </div>
  );
}
