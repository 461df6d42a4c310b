import { startWebServer, type WebServer } from './support/web-server';

/**
 * The explorer's answers carry the headers that keep it from being framed, sniffed or made to talk
 * to another site (issue 18, finding 12): pages, static files and the API forwarders alike, from
 * the production build. No API is needed: the headers are on every answer, even an error.
 */
let web: WebServer;

beforeAll(async () => {
  web = await startWebServer('http://127.0.0.1:9'); // nothing listens there
}, 120_000);
afterAll(() => web?.stop());

describe('security headers of the explorer', () => {
  it('are sent with pages, static files and the forwarders', async () => {
    const page = await fetch(`${web.url}/`);
    const html = await page.text();
    const script = /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const answers = [page, await fetch(`${web.url}${script}`), await fetch(`${web.url}/graphql`, { method: 'POST' })];
    for (const answer of answers) {
      const csp = answer.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toContain('unsafe-eval');
      expect(answer.headers.get('x-frame-options')).toBe('DENY');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
