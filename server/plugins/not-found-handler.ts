import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError } from '../../engine/errors/index';

/**
 * Answers unknown routes with `ROUTE_NOT_FOUND`, and a known path asked with the wrong method with
 * `METHOD_NOT_ALLOWED` and an `Allow` header (Fastify itself says 404 to both).
 */
export function installNotFoundHandler(app: FastifyInstance): void {
  const routes: Array<{ pattern: RegExp; methods: Set<string> }> = [];
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    routes.push({ pattern: patternOfRoute(route.url), methods: new Set(methods.map((method) => method.toUpperCase())) });
  });
  app.setNotFoundHandler((request, reply) => {
    const path = (request.raw.url ?? '/').split('?')[0];
    const allowed = new Set<string>();
    for (const route of routes) if (route.pattern.test(path)) for (const method of route.methods) allowed.add(method);
    if (allowed.size > 0 && !allowed.has(request.method)) {
      reply.header('allow', [...allowed].sort().join(', '));
      throw new ProblemError(createProblem('METHOD_NOT_ALLOWED', [{ message: `${request.method} ${path} is not a route; this path accepts ${[...allowed].sort().join(', ')}.` }]));
    }
    throw new ProblemError(createProblem('ROUTE_NOT_FOUND', [{ message: `${request.method} ${path} is not a route.` }]));
  });
}

/** A route URL (`/api/customers/:userId`, `/docs/*`) as a regular expression over paths. */
function patternOfRoute(url: string): RegExp {
  const source = url
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) return '[^/]+';
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}/?$`);
}
