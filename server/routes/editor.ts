import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/** Where `npm run editor:build` writes the editor (editor/vite.config.ts). */
export const editorDistDirectory = fileURLToPath(new URL('../../editor/dist/', import.meta.url));

// ajv compiles the engine's schemas to functions in the browser (the editor validates with the
// engine's own code), hence 'unsafe-eval'; styles are set by React and xyflow at run time.
const contentSecurityPolicy = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

const notBuiltPage = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Wayfarer</title>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 4rem auto; line-height: 1.5">
<h1>The editor is not built</h1>
<p>Run <code>npm run editor:build</code> (or start the server with <code>npm start</code>, which builds it when it is missing or stale), then reload.</p>
<p>The API is up: <a href="/docs">/docs</a>, <a href="/health">/health</a>.</p>`;

/**
 * The marketer's editor at `/`: the files Vite built into editor/dist (one route per file, so unknown
 * paths still get the API's ROUTE_NOT_FOUND). Hashed assets are cached for good; index.html is
 * revalidated on every load so a new build shows at once. Without a build, `/` says how to make one.
 */
export async function editorRoutes(app: FastifyInstance, options: { directory?: string } = {}): Promise<void> {
  const root = options.directory ?? editorDistDirectory;
  if (!existsSync(join(root, 'index.html'))) {
    app.get('/', { schema: { hide: true } }, async (_request, reply) => reply.code(503).type('text/html; charset=utf-8').send(notBuiltPage));
    return;
  }
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(response, path) {
      response.setHeader('x-content-type-options', 'nosniff');
      if (/[\\/]assets[\\/]/.test(path)) {
        response.setHeader('cache-control', 'public, max-age=31536000, immutable');
      } else {
        response.setHeader('cache-control', 'no-cache');
        response.setHeader('content-security-policy', contentSecurityPolicy);
        response.setHeader('referrer-policy', 'no-referrer');
      }
    },
  });
}
