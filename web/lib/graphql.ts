import type { TypedDocumentString } from './gql/graphql';
import type { Merged } from './merged';

/**
 * An operation the explorer sends: written with `gql(...)` (from ./gql) anywhere under web/app,
 * web/components or web/lib, checked against schema/schema.graphql and typed by `npm run codegen`.
 */
export type Operation<TResult, TVariables> = TypedDocumentString<TResult, TVariables>;

/** The explorer's only way to data: POST same-origin /graphql (forwarded to the API by app/graphql/route.ts). */
export class ApiError extends Error {
  /** The first error's extensions.code (UNAUTHENTICATED, FORBIDDEN, ...), when the API gave one. */
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
  }
}

interface GraphQLAnswer<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/**
 * Sends `operation` with `variables`; the answer's data, typed from the schema (Merged: a node
 * selected with inline fragments reads as one object, its kinds' fields optional), or an ApiError.
 */
export const graphql = <T, V>(operation: Operation<T, V>, variables: V, signal?: AbortSignal) =>
  post<Merged<T>>(operation.toString(), variables, signal);

/** As graphql, the answer typed exactly as generated (for a caller generic over its selection). */
export const graphqlAsGenerated = <T, V>(operation: Operation<T, V>, variables: V, signal?: AbortSignal) =>
  post<T>(operation.toString(), variables, signal);

async function post<T>(query: string, variables: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
      signal,
    });
  } catch (error) {
    if (signal?.aborted) throw error;
    throw new ApiError('The explorer cannot reach its server. Check your connection, then try again.');
  }
  let answer: GraphQLAnswer<T>;
  try {
    answer = (await response.json()) as GraphQLAnswer<T>;
  } catch {
    throw new ApiError(`The API answered HTTP ${response.status} without data; it may be down or restarting.`);
  }
  if (answer.errors?.length)
    throw new ApiError(answer.errors.map((error) => error.message).join(' '), answer.errors[0].extensions?.code);
  if (!response.ok || !answer.data) throw new ApiError(`The API answered HTTP ${response.status} without data.`);
  return answer.data;
}
