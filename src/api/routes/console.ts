import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ApiContext } from '../context.ts';
import { consoleWalletRoutes } from './console-wallets.ts';
import { liveRoutes } from './live.ts';

/** Where `npm run build:web` writes the console (web/vite.config.ts). */
export const CONSOLE_DIR = fileURLToPath(new URL('../../../web/dist/', import.meta.url));
/**
 * The console's pages (web/src/app/routes.ts): each answers the console's index.html and the browser
 * routes from there. Only these paths do, so an unknown /v1 route stays a 404 problem.
 */
export const CONSOLE_PAGES = [
  '/',
  '/sign-in',
  '/dashboard',
  '/cases',
  '/cases/*',
  '/alerts/*',
  '/operator',
  '/operator/*',
  '/wallet',
  '/wallet/*',
  '/settings',
] as const;

/** The console runs its own scripts only, talks to this node only, and is never framed. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');
const IMMUTABLE = 'public, max-age=31536000, immutable';

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Tongbao</title>
<p>The web console has not been built. Run <code>npm run build:web</code> (or <code>npm start</code>, which builds it) and reload.</p></html>`;

/**
 * The web console: its static files (public: the console holds no data, everything it shows comes
 * through the authorised API), its pages, its live feed and its wallet search.
 */
export async function consoleRoutes(app: FastifyInstance, ctx: ApiContext): Promise<void> {
  liveRoutes(app, ctx);
  consoleWalletRoutes(app, ctx);
  const built = existsSync(`${CONSOLE_DIR}index.html`);
  await app.register(async (scope) => {
    scope.addHook('onSend', async (_request, reply, payload) => {
      reply.header('content-security-policy', CONTENT_SECURITY_POLICY);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('x-frame-options', 'DENY');
      return payload;
    });
    if (built)
      await scope.register(fastifyStatic, {
        root: CONSOLE_DIR,
        prefix: '/',
        wildcard: false,
        index: false,
        preCompressed: true,
        globIgnore: ['**/*.gz', '**/*.br', 'index.html'],
        cacheControl: false,
        // Assets carry a hash of their content in their names; the page itself is always revalidated.
        setHeaders: (reply, path) => {
          reply.header('cache-control', path.endsWith('.html') ? 'no-cache' : IMMUTABLE);
        },
      });
    for (const page of CONSOLE_PAGES)
      scope.get(
        page,
        { schema: { hide: true }, config: { permission: 'public' } },
        async (_request, reply) => {
          if (!built) return reply.code(503).type('text/html; charset=utf-8').send(NOT_BUILT);
          reply.header('cache-control', 'no-cache');
          return reply.sendFile('index.html', { maxAge: 0, immutable: false, cacheControl: false });
        },
      );
  });
}
