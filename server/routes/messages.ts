import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { resolveUncertainMessage, type MessageChannel, type MessageRecord, type MessageStatus, type UncertainResolution } from '../../engine/journeys/index';
import { findCustomerOfUserId } from '../../engine/ingest/index';
import { schemaId } from '../../schemas/index';
import type { Message, MessagePage } from '../../schemas/types';
import { explainMessage, findMessage, listMessages, maxMessagePageSize } from '../workers/index';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const security = [{ adminKey: [] }];
const tags = ['messages'];

/** A message record as the API shows it: without the store's bookkeeping, with `why`. */
function toMessage(record: MessageRecord): Message {
  const { _id: _key, workspace: _workspace, rateLimit: _rate, instanceRev: _rev, countedAt: _counted, ...fields } = record;
  return { ...fields, why: explainMessage(record) } as Message;
}

interface MessageListQuery {
  userId?: string;
  journeyId?: string;
  status?: MessageStatus;
  channel?: MessageChannel;
  limit?: number;
  after?: string;
}

/**
 * The message log (admin key): every message a journey made — sent, waiting, retrying, failed,
 * suppressed or uncertain — with its status, why it is there, and its history; by customer (userId),
 * journey, status and channel, newest first, paged.
 */
export async function messageRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get<{ Querystring: MessageListQuery }>('/api/messages', {
    schema: {
      tags, summary: 'The message log: each message\'s status and why, newest first', security,
      description: 'Filter by `userId`, `journeyId`, `status` and `channel` (any combination); pass `next` as `after` for the next page.',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          userId: { type: 'string', minLength: 1 },
          journeyId: { type: 'string', minLength: 1 },
          status: { type: 'string', enum: ['queued', 'sending', 'sent', 'failed', 'uncertain', 'suppressed'] },
          channel: { type: 'string', enum: ['email', 'sms', 'push', 'webhook', 'log', 'task'] },
          limit: { type: 'integer', minimum: 1, maximum: maxMessagePageSize, description: `Page size, 1–${maxMessagePageSize}; default 50.` },
          after: { type: 'string', minLength: 1 },
        },
      },
      response: { 200: { $ref: schemaId('message-page') }, ...errorResponses },
    },
  }, async (request): Promise<MessagePage> => {
    const { userId, ...query } = request.query;
    let customerId: string | undefined;
    if (userId !== undefined) {
      // A userId the customer held before an alias finds them too, as GET /api/customers/{id} does.
      const found = await findCustomerOfUserId(app.runtime.store, request.workspace, userId);
      if (!found) return { messages: [], next: null };
      customerId = found.customer._id;
    }
    const page = unwrap(await listMessages(app.runtime.store, request.workspace, { ...query, ...(customerId ? { customerId } : {}) }));
    return { messages: page.messages.map(toMessage), next: page.next };
  });

  app.get<{ Params: { key: string } }>('/api/messages/:key', {
    schema: {
      tags, summary: 'One message by its idempotency key', security,
      params: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1, description: 'The message key (URL-encoded).' } } },
      response: { 200: { $ref: schemaId('message') }, ...errorResponses },
    },
  }, async (request): Promise<Message> => {
    const record = await findMessage(app.runtime.store, request.workspace, request.params.key);
    if (!record) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/key', message: `No message with key ${JSON.stringify(request.params.key)} in this workspace.` }]));
    return toMessage(record);
  });

  app.post<{ Params: { key: string }; Body: { resolution: UncertainResolution; note?: string } }>('/api/messages/:key/resolve', {
    schema: {
      tags, security,
      summary: 'Settle an uncertain message',
      description: 'A message is `uncertain` when it may or may not have reached the provider: its worker crashed after marking it `sending` and before recording the outcome (`lease-expired`), or the provider took it and its answer was lost (`delivery-error`: a timeout or dropped connection after the message was handed over). Wayfarer never resends an email, SMS or push on its own. Check the provider, then say `sent`, `failed`, or `resend` (same idempotency key). 409 when the message is not uncertain.',
      params: { type: 'object', required: ['key'], properties: { key: { type: 'string', minLength: 1 } } },
      body: { $ref: schemaId('message-resolution') },
      response: { 200: { $ref: schemaId('message') }, ...errorResponses },
    },
  }, async (request): Promise<Message> => {
    const { key } = request.params;
    const resolved = await resolveUncertainMessage(app.runtime, request.workspace, key, request.body.resolution, request.body.note ?? null);
    if (resolved) return toMessage(resolved);
    const record = await findMessage(app.runtime.store, request.workspace, key);
    if (!record) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/key', message: `No message with key ${JSON.stringify(key)} in this workspace.` }]));
    throw new ProblemError(createProblem('CONFLICT', [{ pointer: '/key', message: `The message is ${record.status}, not uncertain: only uncertain messages are settled by hand.` }]));
  });
}
