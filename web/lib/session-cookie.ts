/**
 * The signed-in person's API token lives in an httpOnly cookie on the explorer's own origin: page
 * scripts never read it, and the route handlers that forward to the API turn it into
 * `Authorization: Bearer`. SameSite=Strict keeps other sites from writing with it.
 */
export const TOKEN_COOKIE = 'mnemo_token';

/** The token the request carries in its cookie, if any. */
export function tokenFromCookie(request: Request): string | null {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== TOKEN_COOKIE) continue;
    const value = decodeURIComponent(part.slice(separator + 1).trim());
    return value || null;
  }
  return null;
}

/** Marked Secure when the explorer is reached over https (directly or behind a proxy that says so). */
function secure(request: Request): string {
  const https = new URL(request.url).protocol === 'https:' || request.headers.get('x-forwarded-proto') === 'https';
  return https ? '; Secure' : '';
}

/** A browser-session cookie: it ends when the browser closes, or at sign-out. */
export function tokenCookie(request: Request, token: string): string {
  return `${TOKEN_COOKIE}=${encodeURIComponent(token)}; Path=/; HttpOnly; SameSite=Strict${secure(request)}`;
}

export function clearedTokenCookie(request: Request): string {
  return `${TOKEN_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure(request)}`;
}
