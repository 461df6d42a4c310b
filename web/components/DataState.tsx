'use client';
import type { ReactNode } from 'react';
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
  if (state.status === 'loading') {
    return (
      <p className="state state-loading" role="status">
        Loading {what}…
      </p>
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
