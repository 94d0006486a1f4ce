import { connect, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createProblem, errorCodes, ProblemError } from '../../engine/errors/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import { problemOfConnectionError } from '../../server/plugins/client-error-handler';
import { basicAuth, createIngestApp, testAdminKey, type IngestApp } from '../support/ingest-app';

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

  it('answers an unknown /v1 path with ROUTE_NOT_FOUND, as elsewhere, while the preflight of a tracking path still works', async () => {
    const elsewhere = await ingest.inject({ method: 'POST', url: '/api/nope', headers: { authorization: `Bearer ${testAdminKey}` }, payload: {} });
    expect(elsewhere.statusCode).toBe(404);
    expect(elsewhere.json().code).toBe('ROUTE_NOT_FOUND');
    for (const url of ['/v1/nope', '/v1/tracks', '/v1/x']) {
      const response = await ingest.inject({ method: 'POST', url, headers: { authorization: basicAuth() }, payload: { userId: 'u1', event: 'x' } });
      expect(response.statusCode, url).toBe(404);
      expect(response.json(), url).toEqual({ code: 'ROUTE_NOT_FOUND', message: errorCodes.ROUTE_NOT_FOUND.message, details: [{ message: `POST ${url} is not a route.` }] });
      expect(response.headers.allow).toBeUndefined();
    }
    for (const url of ['/v1/track', '/v1/t', '/v1/batch', '/v1/b']) {
      const preflight = await ingest.inject({ method: 'OPTIONS', url, headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization, content-type' } });
      expect(preflight.statusCode, url).toBe(204);
      expect(preflight.headers).toMatchObject({
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '86400',
      });
    }
  });

  it('answers a malformed percent-escape in the URL in the problem shape, not Fastify\'s', async () => {
    for (const url of ['/api/customers/%zz', '/v1/track%E0%A4%A']) {
      const response = await ingest.inject({ method: url.startsWith('/v1') ? 'POST' : 'GET', url, headers: { authorization: `Bearer ${testAdminKey}` } });
      expect(response.statusCode, url).toBe(400);
      expect(response.json(), url).toEqual({ code: 'MALFORMED_REQUEST', message: errorCodes.MALFORMED_REQUEST.message, details: [{ message: expect.stringContaining('percent-escape') }] });
    }
  });

  it('answers a path segment longer than any id with NOT_FOUND, not 414 FST_ERR_MAX_PARAM_LENGTH', async () => {
    const response = await ingest.inject({ method: 'GET', url: `/api/customers/${'u'.repeat(5_000)}`, headers: { authorization: `Bearer ${testAdminKey}` } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND', details: [{ message: expect.stringContaining('256 characters') }] });
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

/** One raw request over a fresh connection; the answer as sent, once the server has closed the connection. */
function sendRaw(port: number, request: string | Buffer): Promise<{ status: number; headers: Record<string, string>; body: string; bodyBytes: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const raw = Buffer.concat(chunks);
      const split = raw.indexOf('\r\n\r\n');
      const [statusLine, ...lines] = raw.subarray(0, split).toString('latin1').split('\r\n');
      const match = /^HTTP\/1\.1 (\d{3}) \S/.exec(statusLine);
      if (!match) return reject(new Error(`not an HTTP/1.1 status line: ${JSON.stringify(statusLine)}`));
      const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
      const body = raw.subarray(split + 4);
      resolve({ status: Number(match[1]), headers, body: body.toString('utf8'), bodyBytes: body.length });
    });
    socket.write(request);
  });
}

describe('client mistakes caught before a route, over a real socket', () => {
  let ingest: IngestApp;
  let port: number;
  beforeAll(async () => {
    ingest = await createIngestApp();
    await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    port = (ingest.app.server.address() as AddressInfo).port;
  });
  afterAll(() => ingest.close());

  const post = (headers: string, body = '{"userId":"u1","event":"x"}') =>
    `POST /v1/track HTTP/1.1\r\nHost: localhost\r\nAuthorization: ${basicAuth()}\r\nContent-Type: application/json\r\n${headers}\r\n${body}`;

  /** A well-formed HTTP/1.1 answer whose JSON body is a problem with this status and code, on a closed connection. */
  function expectProblem(answer: Awaited<ReturnType<typeof sendRaw>>, status: number, code: string): void {
    expect(answer.status, answer.body).toBe(status);
    expect(answer.headers['content-type']).toMatch(/^application\/json/);
    expect(Number(answer.headers['content-length'])).toBe(answer.bodyBytes);
    const problem = JSON.parse(answer.body);
    expect(problem).toMatchObject({ code, message: errorCodes[code as keyof typeof errorCodes].message });
    expect(validateAgainstSchema('problem', problem).ok).toBe(true);
    expect(answer.body).not.toContain('FST_');
    expect(answer.body).not.toContain('statusCode');
  }

  it.each([
    ['/api/customers/%zz', 'GET'],
    ['/v1/track%E0%A4%A', 'POST'],
  ])('answers the malformed URL %s with 400 MALFORMED_REQUEST', async (url, method) => {
    const answer = await sendRaw(port, `${method} ${url} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    expectProblem(answer, 400, 'MALFORMED_REQUEST');
  });

  it.each([
    ['a Content-Length that is not a number', 'Content-Length: abc\r\n'],
    ['two different Content-Lengths', 'Content-Length: 27\r\nContent-Length: 5\r\n'],
    ['a Content-Length with Transfer-Encoding: chunked', 'Content-Length: 27\r\nTransfer-Encoding: chunked\r\n'],
    ['a header name with a space', 'Bad Header: 1\r\nContent-Length: 27\r\n'],
  ])('answers %s with 400 MALFORMED_REQUEST, the parser\'s offset and Connection: close', async (_name, headers) => {
    const answer = await sendRaw(port, post(headers));
    expectProblem(answer, 400, 'MALFORMED_REQUEST');
    expect(answer.headers.connection).toBe('close');
    expect(JSON.parse(answer.body).details).toEqual([{ message: expect.stringMatching(/^The HTTP parser stopped at byte offset \d+ of the connection: /) }]);
  });

  it('answers headers over 16 KB, or a huge path, with 431 HEADERS_TOO_LARGE', async () => {
    const bigHeader = await sendRaw(port, post(`X-Padding: ${'p'.repeat(20_000)}\r\nContent-Length: 27\r\n`));
    expectProblem(bigHeader, 431, 'HEADERS_TOO_LARGE');
    expect(bigHeader.headers.connection).toBe('close');
    const hugePath = await sendRaw(port, `GET /api/customers/${'u'.repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`);
    expectProblem(hugePath, 431, 'HEADERS_TOO_LARGE');
  });

  it('stores nothing from any of them, and keeps serving', async () => {
    expect(await ingest.store.collection('events').count(ingest.workspace, {})).toBe(0);
    const fine = await sendRaw(port, post('Connection: close\r\nContent-Length: 27\r\n'));
    expect(fine.status, fine.body).toBe(200);
    expect(await ingest.store.collection('events').count(ingest.workspace, {})).toBe(1);
  });

  it('answers a Content-Length shorter than the body: first the request it frames, then 400 for the bytes after it', async () => {
    const answer = await sendRaw(port, post('Content-Length: 27\r\n', '{"userId":"u2","event":"x"}XYZ'));
    expect(answer.status).toBe(200);
    const [first, second] = answer.body.split(/(?=HTTP\/1\.1 )/);
    expect(first).toBe('{"success":true}');
    expect(second).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n[^]*Connection: close\r\n\r\n\{"code":"MALFORMED_REQUEST"/);
    expect(await ingest.store.collection('events').count(ingest.workspace, { userId: 'u2' })).toBe(1);
  });

  it('maps what Node reports to the closed set: a slow request is 408, anything unknown 400', () => {
    const timeout = Object.assign(new Error('Request timeout'), { code: 'ERR_HTTP_REQUEST_TIMEOUT', bytesParsed: 0, rawPacket: { type: 'Buffer', data: [] } });
    expect(problemOfConnectionError(timeout)).toMatchObject({ code: 'REQUEST_TIMEOUT' });
    const unknown = Object.assign(new Error('Parse Error: something new'), { code: 'HPE_SOMETHING_NEW', bytesParsed: 7, rawPacket: { type: 'Buffer', data: [] } });
    expect(problemOfConnectionError(unknown)).toMatchObject({ code: 'MALFORMED_REQUEST', details: [{ message: 'The HTTP parser stopped at byte offset 7 of the connection: Parse Error: something new.' }] });
  });
});
