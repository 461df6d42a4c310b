import { apiBase } from '../../lib/api-proxy';
import { type Principal, WHOAMI_QUERY } from '../../lib/access';
import { clearedTokenCookie, tokenCookie } from '../../lib/session-cookie';

export const dynamic = 'force-dynamic';

/** The prefix of every secret `mnemo token create` and `createApiToken` hand out. */
const TOKEN_PREFIX = 'mnemo_';

const refused = (status: number, code: string, message: string) =>
  Response.json({ error: { code, message } }, { status });

/**
 * Sign in: the API checks the token (whoami); only a token it accepts is kept, in the session cookie.
 * Answers `{ principal }`, or `{ error: { code, message } }` saying in words why nothing was kept.
 */
export async function POST(request: Request): Promise<Response> {
  // JSON only: another site's plain form cannot send it, so it cannot sign a visitor in as someone else.
  if (!request.headers.get('content-type')?.startsWith('application/json')) {
    return refused(415, 'BAD_USER_INPUT', 'Send the token as JSON (content-type: application/json).');
  }
  let sent: unknown;
  try {
    sent = ((await request.json()) as { token?: unknown }).token;
  } catch {
    return refused(400, 'BAD_USER_INPUT', 'Send the token as JSON: { "token": "mnemo_..." }.');
  }
  const token = typeof sent === 'string' ? sent.trim() : '';
  if (!token) return refused(400, 'BAD_USER_INPUT', 'Paste a token first.');
  if (!token.startsWith(TOKEN_PREFIX) || /\s/.test(token)) {
    return refused(
      400,
      'BAD_USER_INPUT',
      `That is not a Mnemo API token: tokens start with "${TOKEN_PREFIX}" and hold no spaces. Copy the whole secret that was printed when the token was made.`,
    );
  }

  let answer: { data?: { whoami?: Principal } | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    const response = await fetch(`${apiBase()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: WHOAMI_QUERY }),
      cache: 'no-store',
    });
    answer = await response.json();
  } catch {
    return refused(
      502,
      'API_UNREACHABLE',
      `The Mnemo API (${apiBase()}) cannot be reached, so the token could not be checked. Try again when it is up.`,
    );
  }
  const error = answer.errors?.[0];
  if (error) {
    const code = error.extensions?.code ?? 'REFUSED';
    const because = code === 'UNAUTHENTICATED' ? 'The API refused this token' : 'The API could not check this token';
    return refused(code === 'UNAUTHENTICATED' ? 401 : 502, code, `${because}: ${error.message}`);
  }
  const principal = answer.data?.whoami;
  if (!principal) return refused(502, 'REFUSED', 'The API answered without saying who the token belongs to.');
  if (principal.authMode === 'off') {
    return refused(
      409,
      'AUTH_OFF',
      'Auth is off on this API: it takes no tokens, and everyone may read and write. There is nothing to sign in to.',
    );
  }
  if (!principal.authenticated) return refused(401, 'UNAUTHENTICATED', 'The API did not accept this token.');
  return Response.json({ principal }, { headers: { 'set-cookie': tokenCookie(request, token) } });
}

/** Sign out: the cookie is dropped; the token itself stays valid until it is revoked (`mnemo token revoke`). */
export function DELETE(request: Request): Response {
  return new Response(null, { status: 204, headers: { 'set-cookie': clearedTokenCookie(request) } });
}
