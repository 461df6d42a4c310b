'use client';
import { createContext, useCallback, useContext, useEffect, useState } from 'react';
import { ApiError, graphql, type Operation } from './graphql';
import type { Merged } from './merged';

/**
 * Bumped when the caller changes (signing in or out, a refused token dropped): every query asks
 * again, since what the API answers may depend on who asks.
 */
export const CallerGeneration = createContext(0);

export type QueryState<T> =
  | { status: 'loading' }
  /** `code`: the API's error code (FORBIDDEN, ...), when it gave one. */
  | { status: 'error'; message: string; code?: string; retry: () => void }
  | { status: 'ready'; data: T };

const LOADING = { status: 'loading' } as const;

/**
 * Runs a GraphQL query whenever its variables change; a newer request cancels the older one, so a
 * slow answer never overwrites a fresh one. An answer is kept with the request it answers, so state
 * for other variables reads as loading without a reset. `skip` holds the query back.
 */
export function useQuery<T, V>(
  query: Operation<T, V>,
  variables: V,
  skip = false,
  /** Bumped to ask again with the same variables (after a write this page made). */
  again = 0,
): QueryState<Merged<T>> {
  const key = JSON.stringify(variables);
  const load = useCallback(
    (signal: AbortSignal) =>
      (takeEarly(query, key) as Promise<Merged<T>> | undefined) ?? graphql(query, JSON.parse(key) as V, signal),
    [query, key],
  );
  return useLoad(`${key}#${again}`, load, skip);
}

/** Requests sent before any component ran, each waiting for the first useQuery asking the same. */
const early = new Map<string, Promise<unknown>>();
/** The operation's text and its variables, as sent. */
const earlyKey = (query: { toString(): string }, variablesJson: string) => `${query.toString()}\u0000${variablesJson}`;

/**
 * Sends a query now, from a page's module as it loads, rather than after React has hydrated the page
 * (a few hundred milliseconds later): the useQuery that asks the same with the same variables (in the
 * same key order) takes its answer instead of asking again.
 */
export function startEarly<T, V>(query: Operation<T, V>, variables: V): void {
  const key = earlyKey(query, JSON.stringify(variables));
  if (early.has(key)) return;
  const request = graphql(query, variables);
  early.set(key, request);
  // An answer nobody took soon after it came is not for a later visit: it would be stale by then.
  const forget = () => setTimeout(() => early.get(key) === request && early.delete(key), EARLY_KEPT_MS);
  request.then(forget, forget);
}

const EARLY_KEPT_MS = 10_000;

function takeEarly(query: { toString(): string }, variablesJson: string): Promise<unknown> | undefined {
  const key = earlyKey(query, variablesJson);
  const request = early.get(key);
  early.delete(key);
  return request;
}

/**
 * The request lifecycle under useQuery and the dashboards' paged loads: `load` runs again when `key`
 * (what it asks) or the caller changes, or on retry; the older request is aborted; errors carry the
 * API's code. `load` must be stable for a given `key` (useCallback).
 */
export function useLoad<T>(key: string, load: (signal: AbortSignal) => Promise<T>, skip = false): QueryState<T> {
  const [attempt, setAttempt] = useState(0);
  const generation = useContext(CallerGeneration);
  const request = `${key}#${generation}.${attempt}`;
  const [answer, setAnswer] = useState<{ request: string; state: QueryState<T> } | null>(null);
  const retry = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    if (skip) return;
    const controller = new AbortController();
    load(controller.signal).then(
      (data) => setAnswer({ request, state: { status: 'ready', data } }),
      (error: Error) => {
        if (!controller.signal.aborted)
          setAnswer({
            request,
            state: {
              status: 'error',
              message: error.message,
              code: error instanceof ApiError ? error.code : undefined,
              retry,
            },
          });
      },
    );
    return () => controller.abort();
  }, [load, request, skip, retry]);

  return answer?.request === request ? answer.state : LOADING;
}
