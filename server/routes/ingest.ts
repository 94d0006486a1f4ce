import type { FastifyInstance, FastifyReply } from 'fastify';
import { ProblemError } from '../../engine/errors/index';
import { ingestBatch, ingestLimits, ingestMessage, messageTypes, summariseReport, type IngestReport } from '../../engine/ingest/index';
import { schemaId } from '../../schemas/index';
import type { IngestResult } from '../../schemas/types';
import { requireBodyWriteKey, requireHeaderWriteKey } from '../plugins/api-key-auth';
import { installJsonBodyParser } from '../plugins/json-body-parser';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 413: problem, 415: problem, 503: problem };

/**
 * Segment's HTTP tracking API, so existing clients work unchanged: `POST /v1/{identify,track,page,
 * screen,group,alias,batch}` with the write key as the HTTP Basic username (or `writeKey` in the body).
 * Answers per docs/ingestion.md: 200 `{ success: true }`; 207 when some messages of a batch were
 * rejected; 4xx when nothing was stored.
 */
export async function ingestRoutes(app: FastifyInstance): Promise<void> {
  // Browsers send beacons as text/plain to avoid a CORS preflight; Segment reads them as JSON too.
  // The engine walks every message for depth and unsafe keys (stricter than the parser), so the
  // parser does not walk the body a second time.
  installJsonBodyParser(app, ['application/json', 'text/plain'], { checkStructure: false });
  app.addHook('onRequest', requireHeaderWriteKey);
  app.addHook('preValidation', requireBodyWriteKey);

  for (const type of messageTypes) {
    app.post(
      `/v1/${type}`,
      {
        bodyLimit: ingestLimits.maxMessageBytes,
        schema: {
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

  app.post(
    '/v1/batch',
    {
      bodyLimit: ingestLimits.maxBatchBytes,
      schema: {
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

function answerIngest(reply: FastifyReply, report: IngestReport): IngestResult {
  const outcome = summariseReport(report);
  if (outcome.kind === 'refused') throw new ProblemError(outcome.problem);
  if (outcome.kind === 'accepted') return { success: true };
  reply.code(207);
  return { success: false, accepted: outcome.accepted, rejected: outcome.rejected, ...outcome.problem };
}
