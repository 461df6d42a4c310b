import { tokenFromCookie } from './session-cookie';

/**
 * Forwards a same-origin request to the Mnemo API, so the browser needs no CORS and no API address.
 * MNEMO_API_URL is read per request: one build serves any API. The signed-in person's token (from
 * the session cookie) goes along as `Authorization: Bearer`, unless the request names its own.
 */
const FORWARDED_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'authorization',
  'x-mnemo-actor',
  'apollo-require-preflight',
];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'content-disposition'];

export function apiBase(): string {
  return (process.env.MNEMO_API_URL ?? 'http://127.0.0.1:4000').replace(/\/+$/, '');
}

/** What the browser gets when the API cannot be reached: said in words, in the shape the caller reads. */
export type UnreachableShape = 'graphql' | 'rest';

export async function forwardToApi(request: Request, path: string, shape: UnreachableShape): Promise<Response> {
  const headers = new Headers();
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  const token = tokenFromCookie(request);
  if (token && !headers.has('authorization')) headers.set('authorization', `Bearer ${token}`);
  let upstream: Response;
  try {
    upstream = await fetch(`${apiBase()}${path}`, {
      method: request.method,
      headers,
      body: request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.arrayBuffer(),
      cache: 'no-store',
    });
  } catch {
    const message = `The Mnemo API (${apiBase()}) cannot be reached. It may be stopped or restarting.`;
    const body =
      shape === 'graphql'
        ? { errors: [{ message, extensions: { code: 'API_UNREACHABLE' } }] }
        : { error: { code: 'API_UNREACHABLE', message } };
    return Response.json(body, { status: 502 });
  }
  const responseHeaders = new Headers();
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) responseHeaders.set(name, value);
  }
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}
