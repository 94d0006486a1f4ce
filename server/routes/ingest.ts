import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ProblemError } from '../../engine/errors/index';
import { ingestBatch, ingestLimits, ingestMessage, messageTypes, summariseReport, type IngestReport } from '../../engine/ingest/index';
import { schemaId } from '../../schemas/index';
import type { IngestResult } from '../../schemas/types';
import { requireBodyWriteKey, requireHeaderWriteKey } from '../plugins/api-key-auth';
import { installJsonBodyParser } from '../plugins/json-body-parser';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 413: problem, 415: problem, 503: problem };

/**
 * The one-letter paths analytics.js (the browser library) posts to: `${apiHost}/t` for a track, and
 * `/b` for a batch when it batches. Same handlers; left out of the API reference.
 */
const browserPaths: Record<(typeof messageTypes)[number] | 'batch', string> = { identify: 'i', track: 't', page: 'p', screen: 's', group: 'g', alias: 'a', batch: 'b' };

/** Every path under /v1 that takes messages, long and one-letter. */
const trackingPaths: readonly string[] = Object.entries(browserPaths).flat();

/**
 * Segment's HTTP tracking API, so existing clients work unchanged: `POST /v1/{identify,track,page,
 * screen,group,alias,batch}` (and the browser library's `/v1/{i,t,p,s,g,a,b}`) with the write key as
 * the HTTP Basic username (or `writeKey` in the body). Answers per docs/ingestion.md: 200
 * `{ success: true }`; 207 when some messages of a batch were rejected; 4xx when nothing was stored.
 * Any web page may send to it (CORS, see allowBrowserOrigins); the write key is what admits a message.
 */
export async function ingestRoutes(app: FastifyInstance): Promise<void> {
  allowBrowserOrigins(app);
  await app.register(trackingRoutes);
}

/**
 * CORS for the tracking API, as Segment answers it: every origin, no cookies. analytics.js posts
 * `text/plain` JSON with the key in the body — a simple request, which needs only
 * `Access-Control-Allow-Origin` for the page to read the answer (without it the library counts the
 * send as failed and sends again); a client that sends `Authorization` or `application/json` is
 * preflighted, and the preflight is answered here, before any key is asked for. The management API
 * sends no CORS headers: the editor is served from the same origin.
 */
function allowBrowserOrigins(app: FastifyInstance): void {
  app.addHook('onRequest', async (_request, reply) => {
    reply.header('access-control-allow-origin', '*');
  });
  // One preflight route per tracking path, not `/v1/:path`: a wildcard would make every unknown
  // /v1 path look like a route that accepts only OPTIONS (405 instead of 404 ROUTE_NOT_FOUND).
  for (const path of trackingPaths) app.options(`/v1/${path}`, { schema: { hide: true } }, answerPreflight);
}

async function answerPreflight(request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const requested = request.headers['access-control-request-headers'];
  reply
    .code(204)
    .header('access-control-allow-methods', 'POST')
    .header('access-control-allow-headers', typeof requested === 'string' && requested !== '' ? requested : 'Authorization, Content-Type')
    .header('access-control-max-age', '86400');
}

async function trackingRoutes(app: FastifyInstance): Promise<void> {
  // Browsers send beacons as text/plain to avoid a CORS preflight; Segment reads them as JSON too.
  // Server libraries may compress (analytics-python with gzip=True), as Segment's API accepts.
  // The engine walks every message for depth, unsafe keys and unstorable values (stricter than the
  // parser), so the parser does not walk the body a second time.
  installJsonBodyParser(app, ['application/json', 'text/plain'], { checkStructure: false, contentCodings: ['gzip', 'deflate'] });
  app.addHook('onRequest', requireHeaderWriteKey);
  app.addHook('preValidation', requireBodyWriteKey);

  for (const type of messageTypes) {
    for (const path of [type, browserPaths[type]]) {
      app.post(
        `/v1/${path}`,
        {
          bodyLimit: ingestLimits.maxMessageBytes,
          schema: {
            hide: path !== type,
            tags: ['ingestion'],
            summary: `Record a ${type} message`,
            security: [{ writeKey: [] }],
            body: { $ref: schemaId(type) },
            response: { 200: { $ref: schemaId('ingest-result') }, ...errorResponses },
          },
        },
        async (request, reply) => answerIngest(reply, await ingestMessage(app.runtime, request.workspace, request.body, type, { bodyBytes: request.bodyBytes })),
      );
    }
  }

  for (const path of ['batch', browserPaths.batch]) {
    app.post(
      `/v1/${path}`,
      {
        bodyLimit: ingestLimits.maxBatchBytes,
        schema: {
          hide: path !== 'batch',
          tags: ['ingestion'],
          summary: 'Record many messages at once (up to 500 KB)',
          description: 'Each message is checked on its own: with some bad messages the good ones are stored and the answer is 207 naming each bad one by index.',
          security: [{ writeKey: [] }],
          body: { $ref: schemaId('batch') },
          response: { 200: { $ref: schemaId('ingest-result') }, 207: { $ref: schemaId('ingest-result') }, ...errorResponses },
        },
      },
      async (request, reply) => answerIngest(reply, await ingestBatch(app.runtime, request.workspace, request.body, { bodyBytes: request.bodyBytes })),
    );
  }
}

function answerIngest(reply: FastifyReply, report: IngestReport): IngestResult {
  const outcome = summariseReport(report);
  if (outcome.kind === 'refused') throw new ProblemError(outcome.problem);
  if (outcome.kind === 'accepted') return { success: true };
  reply.code(207);
  return { success: false, accepted: outcome.accepted, rejected: outcome.rejected, ...outcome.problem };
}
