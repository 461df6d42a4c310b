/**
 * How every CLI command talks to the Mnemo server: where it is, who the caller is (MNEMO_TOKEN, sent
 * as `Authorization: Bearer`), and what to say when the server refuses the caller.
 */

export const DEFAULT_URL = 'http://127.0.0.1:4000';

export function serverUrl(): string {
  return process.env.MNEMO_URL ?? DEFAULT_URL;
}

/** The caller's headers: the API token when MNEMO_TOKEN is set; the actor only counts in `auth: off` mode. */
export function callerHeaders(): Record<string, string> {
  const headers: Record<string, string> = { 'x-mnemo-actor': process.env.MNEMO_ACTOR ?? 'mnemo-cli' };
  const token = process.env.MNEMO_TOKEN?.trim();
  if (token) headers.authorization = `Bearer ${token}`;
  return headers;
}

/** An error as the server shapes it: REST `{ error: { code, message } }` or GraphQL `{ errors: [...] }`. */
export interface ServerError {
  code: string;
  message: string;
}

export function serverError(response: Response, body: unknown): ServerError {
  const answer = (body ?? {}) as {
    error?: { code?: string; message?: string };
    errors?: { message?: string; extensions?: { code?: string } }[];
  };
  const [first] = answer.errors ?? [];
  return {
    code: answer.error?.code ?? first?.extensions?.code ?? String(response.status),
    message: answer.error?.message ?? first?.message ?? response.statusText,
  };
}

/**
 * The reason to print when the server refused the caller (401 / UNAUTHENTICATED, 403 / FORBIDDEN),
 * or null when the error is something else. Commands exit 2 with it.
 */
export function accessRefusal(status: number, error: ServerError): string | null {
  if (status === 401 || error.code === 'UNAUTHENTICATED') {
    if (process.env.MNEMO_TOKEN?.trim()) return `the server refused the token: ${error.message} (MNEMO_TOKEN)`;
    return (
      `the server refused the request without a token: ${error.message}; ` +
      'set MNEMO_TOKEN to an API token (mnemo token create, or the local admin token in .mnemo/admin-token)'
    );
  }
  if (status === 403 || error.code === 'FORBIDDEN') return `forbidden: ${error.message}`;
  return null;
}

/** The line a command prints for a server error: the access reason, or `CODE: message`. */
export function describeServerError(status: number, error: ServerError): string {
  return accessRefusal(status, error) ?? `${error.code}: ${error.message}`;
}

export class Unreachable extends Error {}

/** A fetch that turns a network failure into `Unreachable` with the reason people need. */
export async function reach(url: string, baseUrl: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, { ...init, headers: { ...callerHeaders(), ...(init.headers ?? {}) } });
  } catch (error) {
    const reason = (error as Error).cause ?? (error as Error).message;
    throw new Unreachable(`cannot reach the Mnemo server at ${baseUrl}: ${String(reason)}`);
  }
}

export interface GraphQLAnswer<T> {
  response: Response;
  data: T | null;
  error: ServerError | null;
}

/** One POST to `<base>/graphql`; `error` is the first error when there is one (or a non-JSON answer). */
export async function postGraphQL<T>(
  baseUrl: string,
  query: string,
  variables: Record<string, unknown>,
): Promise<GraphQLAnswer<T>> {
  const base = baseUrl.replace(/\/$/, '').replace(/\/graphql$/, '');
  const response = await reach(`${base}/graphql`, baseUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json().catch(() => null)) as { data?: T | null; errors?: unknown[] } | null;
  const failed = !body || !response.ok || (body.errors?.length ?? 0) > 0 || !body.data;
  return { response, data: body?.data ?? null, error: failed ? serverError(response, body) : null };
}
