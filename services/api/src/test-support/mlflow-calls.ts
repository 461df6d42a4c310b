import type { Harness } from './harness';
import { restCaller, type RestAnswer } from './rest-calls';

/** An answer of Mnemo's MLflow API: its HTTP status and JSON body. */
export type MlflowAnswer = RestAnswer;

/**
 * Calls the MLflow REST API of a harness as the mlflow client does: GET with a query string, every
 * other method with a JSON body (DELETE too).
 */
export function mlflowCaller(harness: () => Harness) {
  const { send } = restCaller(harness, null);
  return (
    method: 'GET' | 'POST' | 'DELETE' | 'PATCH',
    endpoint: string,
    payload: Record<string, unknown> = {},
  ): Promise<MlflowAnswer> => send(method, `/api/2.0/mlflow/${endpoint}`, payload);
}
