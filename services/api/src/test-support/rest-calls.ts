import type { Harness } from './harness';

/** An answer of one of the api's REST endpoints: its HTTP status and JSON body. */
export interface RestAnswer {
  status: number;
  body: Record<string, any>;
}

type Method = 'GET' | 'POST' | 'DELETE' | 'PATCH';

/**
 * Calls the REST endpoints of a harness (MLflow's, OpenLineage's) as the holder of `secret`, or
 * anonymously when it is null, as their clients do: GET with a query string, every other method
 * with a JSON body (DELETE too).
 */
export function restCaller(harness: () => Harness, secret: string | null) {
  const send = async (method: Method, route: string, payload: unknown = {}): Promise<RestAnswer> => {
    const base = harness().url.replace('/graphql', '');
    const query = method === 'GET' ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
    const response = await fetch(`${base}${route}${query}`, {
      method,
      headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
      body: method === 'GET' ? undefined : JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
  return {
    send,
    post: (route: string, body: unknown) => send('POST', route, body),
    get: (route: string, query: Record<string, string>) => send('GET', route, query),
  };
}
