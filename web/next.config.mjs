/**
 * What every answer of the explorer carries so another site cannot frame it (clickjacking), a file
 * is never sniffed into something runnable, and a script that got in anyway cannot load or send
 * anything elsewhere: the browser only ever talks to this server (its own /graphql and
 * /api/impact/<id>, forwarded to the api). Next's inline bootstrap scripts and the charts' inline
 * styles need 'unsafe-inline'; Next's development server also needs 'unsafe-eval'.
 */
const development = process.env.NODE_ENV === 'development';
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${development ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export const SECURITY_HEADERS = [
  { key: 'Content-Security-Policy', value: CONTENT_SECURITY_POLICY },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'same-origin' },
];

/**
 * The browser only ever calls this server's own /graphql and /api/impact/<id>; route handlers forward
 * them to MNEMO_API_URL read at request time (app/graphql/route.ts). Not `rewrites()`: Next bakes
 * rewrites into the build, and one build must serve any API address (tests point it at several).
 * @type {import('next').NextConfig}
 */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // `npm test` runs ESLint and tsc over web/ itself; a second pass inside `next build` only costs time.
  eslint: { ignoreDuringBuilds: true },
  typescript: { ignoreBuildErrors: true },
  images: { unoptimized: true },
  async headers() {
    return [{ source: '/:path*', headers: SECURITY_HEADERS }];
  },
};

export default nextConfig;
