import type { Harness } from './harness';

/** An answer of Mnemo's MLflow API: its HTTP status and JSON body. */
export interface MlflowAnswer {
  status: number;
  body: Record<string, any>;
}

/**
 * Calls the MLflow REST API of a harness as the mlflow client does: GET with a query string, every
 * other method with a JSON body (DELETE too).
 */
export function mlflowCaller(harness: () => Harness) {
  return async (
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
    endpoint: string,
    payload: Record<string, unknown> = {},
  ): Promise<MlflowAnswer> => {
    const base = harness().url.replace('/graphql', '');
    const query = method === 'GET' ? `?${new URLSearchParams(payload as Record<string, string>)}` : '';
    const response = await fetch(`${base}/api/2.0/mlflow/${endpoint}${query}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: method === 'GET' ? undefined : JSON.stringify(payload),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
}
