import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProblem, errorCodes, ProblemError } from '../../engine/errors/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import { createIngestApp, type IngestApp } from '../support/ingest-app';

describe('the error handler and the not-found handler', () => {
  let ingest: IngestApp;
  beforeAll(async () => {
    ingest = await createIngestApp();
    await ingest.app.register(async (scope) => {
      scope.get('/test/problem', async () => {
        throw new ProblemError(createProblem('CONFLICT', [{ pointer: '/name', message: 'taken' }]));
      });
      scope.get('/test/bug', async () => {
        throw new TypeError('Cannot read properties of undefined (reading "secret")');
      });
      scope.get('/test/plugin-4xx', async () => {
        throw Object.assign(new Error('Too many'), { statusCode: 429 });
      });
      scope.get('/test/store-down', async () => {
        throw Object.assign(new Error('connect ECONNREFUSED'), { name: 'MongoServerSelectionError' });
      });
      scope.get<{ Querystring: { limit: number } }>(
        '/test/query',
        { schema: { querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1 } }, additionalProperties: false } } },
        async (request) => ({ limit: request.query.limit }),
      );
    });
  });
  afterAll(() => ingest.close());

  const get = (url: string, method: 'GET' | 'DELETE' | 'PUT' = 'GET') => ingest.inject({ method, url });

  it('answers a thrown ProblemError with its code, status and details', async () => {
    const response = await get('/test/problem');
    expect(response.statusCode).toBe(409);
    expect(response.json()).toEqual({ code: 'CONFLICT', message: errorCodes.CONFLICT.message, details: [{ pointer: '/name', message: 'taken' }] });
  });

  it('answers a bug with 500 INTERNAL_ERROR and a request id, never the message or a stack', async () => {
    const response = await get('/test/bug');
    expect(response.statusCode).toBe(500);
    const body = response.json();
    expect(body).toMatchObject({ code: 'INTERNAL_ERROR', requestId: expect.any(String) });
    expect(response.body).not.toContain('secret');
    expect(response.body).not.toContain('TypeError');
  });

  it('maps other 4xx errors and an unreachable store to their codes', async () => {
    const limited = await get('/test/plugin-4xx');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().code).toBe('RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    const down = await get('/test/store-down');
    expect(down.statusCode).toBe(503);
    expect(down.json().code).toBe('SERVICE_UNAVAILABLE');
  });

  it('answers query-string validation with INVALID_QUERY, coercing numbers', async () => {
    expect((await get('/test/query?limit=5')).json()).toEqual({ limit: 5 });
    const response = await get('/test/query?limit=zero');
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'INVALID_QUERY', details: [{ pointer: '/limit' }] });
  });

  it('answers unknown routes with ROUTE_NOT_FOUND and a wrong method with METHOD_NOT_ALLOWED and Allow', async () => {
    const missing = await get('/v2/track');
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('ROUTE_NOT_FOUND');
    const wrongMethod = await get('/v1/batch', 'PUT');
    expect(wrongMethod.statusCode).toBe(405);
    expect(wrongMethod.json().code).toBe('METHOD_NOT_ALLOWED');
    expect(wrongMethod.headers.allow).toBe('OPTIONS, POST'); // OPTIONS: the CORS preflight
  });

  it('answers every error with a body that matches the problem schema', async () => {
    for (const url of ['/test/problem', '/test/bug', '/test/plugin-4xx', '/nope', '/test/query?limit=-1']) {
      const body = (await get(url)).json();
      const { requestId: _id, ...problem } = body;
      expect(validateAgainstSchema('problem', problem).ok, url).toBe(true);
      expect(Object.keys(errorCodes)).toContain(body.code);
    }
  });
});
