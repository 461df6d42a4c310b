'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { signInHref } from '../lib/routes';
import type { QueryState } from '../lib/use-query';

/**
 * Every data region goes through here, so none is ever blank: loading, error and empty are said in
 * words (role=status / role=alert so screen readers announce them too).
 */
export function DataState<T>(props: {
  state: QueryState<T>;
  what: string;
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}) {
  const { state, what } = props;
  const pathname = usePathname();
  if (state.status === 'loading') {
    return (
      <p className="state state-loading" role="status">
        Loading {what}…
      </p>
    );
  }
  // Where authentication is on, anonymous visitors read nothing: say so, and where to sign in.
  if (state.status === 'error' && state.code === 'UNAUTHENTICATED') {
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>Sign in to read {what}.</strong> This catalog shows its contents only to callers with a token.
        </p>
        <Link href={signInHref(pathname ?? undefined)}>Sign in</Link>
      </div>
    );
  }
  if (state.status === 'error') {
    return (
      <div className="state state-error" role="alert">
        <p>
          <strong>Could not load {what}.</strong> {state.message}
        </p>
        <button type="button" onClick={state.retry}>
          Try again
        </button>
      </div>
    );
  }
  if (props.isEmpty?.(state.data)) {
    return <div className="state state-empty">{props.empty ?? <p>No {what} yet.</p>}</div>;
  }
  return <>{props.children(state.data)}</>;
}
