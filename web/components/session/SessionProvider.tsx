'use client';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { type Principal, WHOAMI_QUERY } from '../../lib/access';
import { ApiError, graphql } from '../../lib/graphql';
import { CallerGeneration } from '../../lib/use-query';

/**
 * Who the explorer talks for, asked once per page load (and again after signing in or out).
 * `unknown`: the API cannot say (it is unreachable, or predates whoami); controls are then shown and
 * the API decides each write, as before sign-in existed.
 */
export type SessionState =
  { status: 'loading' } | { status: 'ready'; principal: Principal } | { status: 'unknown'; message: string };

interface Session {
  state: SessionState;
  /** Said once when a stored token stopped being accepted and was dropped. */
  notice: string | null;
  refresh(): void;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  // Set while a refused token is being dropped, so a cookie that will not go away cannot loop.
  const dropping = useRef(false);
  const refresh = useCallback(() => {
    setState({ status: 'loading' });
    setAttempt((n) => n + 1);
  }, []);

  const signOut = useCallback(async () => {
    await fetch('/session', { method: 'DELETE' });
    setNotice(null);
    refresh();
  }, [refresh]);

  useEffect(() => {
    const controller = new AbortController();
    graphql(WHOAMI_QUERY, {}, controller.signal).then(
      ({ whoami }) => {
        dropping.current = false;
        setState({ status: 'ready', principal: whoami });
      },
      async (error: Error) => {
        if (controller.signal.aborted) return;
        if (error instanceof ApiError && error.code === 'UNAUTHENTICATED' && !dropping.current) {
          dropping.current = true;
          // The stored token was revoked (or the API forgot it): drop it, and every query asks again
          // anonymously, rather than every page failing.
          await fetch('/session', { method: 'DELETE' });
          setNotice(`The API no longer accepts your token (${error.message}), so you are signed out.`);
          refresh();
          return;
        }
        setState({ status: 'unknown', message: error.message });
      },
    );
    return () => controller.abort();
  }, [attempt, refresh]);

  return (
    <SessionContext.Provider value={{ state, notice, refresh, signOut }}>
      <CallerGeneration.Provider value={attempt}>{children}</CallerGeneration.Provider>
    </SessionContext.Provider>
  );
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside SessionProvider');
  return session;
}

/** The principal to decide controls for: undefined while asking, null when the API cannot say. */
export function usePrincipal(): Principal | null | undefined {
  const { state } = useSession();
  if (state.status === 'loading') return undefined;
  return state.status === 'ready' ? state.principal : null;
}
