import type { Harness } from './harness';

/** An answer of one of the api's REST endpoints: its HTTP status and JSON body. */
export interface RestAnswer {
  status: number;
  body: Record<string, any>;
}

/**
 * Calls the REST endpoints of a harness (MLflow's, OpenLineage's) as the holder of `secret`, or
 * anonymously when it is null: a POST with a JSON body, or a GET with a query string.
 */
export function restCaller(harness: () => Harness, secret: string | null) {
  const call = async (route: string, init: RequestInit): Promise<RestAnswer> => {
    const base = harness().url.replace('/graphql', '');
    const authorization: Record<string, string> = secret ? { authorization: `Bearer ${secret}` } : {};
    const response = await fetch(`${base}${route}`, { ...init, headers: { ...init.headers, ...authorization } });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return {
    post: (route: string, body: unknown) =>
      call(route, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    get: (route: string, query: Record<string, string>) => call(`${route}?${new URLSearchParams(query)}`, {}),
  };
}
