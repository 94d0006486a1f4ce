import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { findCustomerOfUserId } from '../../engine/ingest/index';
import { readJourneyHistory } from '../../engine/journeys/index';
import {
  listCustomerEvents,
  listCustomers,
  maxPageSize,
  toCustomerView,
  type CustomerPage,
  type CustomerView,
} from '../../engine/profile/index';
import { schemaId } from '../../schemas/index';
import type { Customer, CustomerEventPage, CustomerJourneyHistory } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem };
const limit = { type: 'integer', minimum: 1, maximum: maxPageSize, description: `Page size, 1–${maxPageSize}; default 50.` };
const userIdParams = {
  type: 'object',
  required: ['userId'],
  properties: { userId: { type: 'string', minLength: 1, description: 'The userId (URL-encoded).' } },
};

const formerUserIdNote =
  'A userId the customer held before an alias renamed or merged it still finds the customer; the answer then carries `Content-Location` with the URL under its current userId.';

/**
 * The customer API (admin key as a Bearer token): a customer by userId or anonymousId, pages of
 * customers, and a customer's timeline newest first. Customers are shown without `meta`
 * (bookkeeping, not facts). docs/profiles.md describes the answers.
 */
export async function customerRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get<{ Querystring: { limit?: number; after?: string; anonymousId?: string } }>(
    '/api/customers',
    {
      schema: {
        tags: ['customers'],
        summary: 'List customers, or find the ones that used an anonymousId',
        description: 'Pages in _id order: pass `next` as `after`. With `anonymousId`, only the customers whose anonymousIds hold it (usually one; a shared device can link several).',
        security: [{ adminKey: [] }],
        querystring: {
          type: 'object',
          properties: { limit, after: { type: 'string', minLength: 1 }, anonymousId: { type: 'string', minLength: 1 } },
          additionalProperties: false,
        },
        response: { 200: { $ref: schemaId('customer-page') }, ...errorResponses },
      },
    },
    async (request): Promise<CustomerPage> => unwrap(await listCustomers(app.runtime.store, request.workspace, request.query)),
  );

  app.get<{ Params: { userId: string } }>(
    '/api/customers/:userId',
    {
      schema: {
        tags: ['customers'],
        summary: 'A customer by userId: attributes, traits, segments, journeys',
        description: formerUserIdNote,
        security: [{ adminKey: [] }],
        params: userIdParams,
        response: { 200: { $ref: schemaId('customer') }, ...errorResponses },
      },
    },
    async (request, reply): Promise<CustomerView> => toCustomerView(await requireCustomer(app, request, reply)),
  );

  app.get<{ Params: { userId: string }; Querystring: { limit?: number; before?: string } }>(
    '/api/customers/:userId/events',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's events, newest first",
        description: `Pages by event time, newest first; pass \`next\` as \`before\` for older events. Stable when many events share a timestamp. ${formerUserIdNote}`,
        security: [{ adminKey: [] }],
        params: userIdParams,
        querystring: { type: 'object', properties: { limit, before: { type: 'string', minLength: 1 } }, additionalProperties: false },
        response: { 200: { $ref: schemaId('customer-event-page') }, ...errorResponses },
      },
    },
    async (request, reply): Promise<CustomerEventPage> => {
      const customer = await requireCustomer(app, request, reply);
      return unwrap(await listCustomerEvents(app.runtime.store, request.workspace, customer._id, request.query));
    },
  );

  app.get<{ Params: { userId: string; journeyId: string } }>(
    '/api/customers/:userId/journeys/:journeyId',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's runs through one journey, each with the whole path it took",
        description: `Newest first, at most 50: every state each run entered, with the time, its variant, goal and how it ended. The customer's \`journeys\` entry shows only the latest run's last steps. An empty list when the customer never entered the journey. ${formerUserIdNote}`,
        security: [{ adminKey: [] }],
        params: {
          type: 'object',
          required: ['userId', 'journeyId'],
          properties: { ...userIdParams.properties, journeyId: { type: 'string', minLength: 1, maxLength: 64, description: 'The journey id.' } },
        },
        response: { 200: { $ref: schemaId('customer-journey-history') }, ...errorResponses },
      },
    },
    async (request, reply): Promise<CustomerJourneyHistory> => {
      const customer = await requireCustomer(app, request, reply);
      return readJourneyHistory(app.runtime.store, request.workspace, customer._id, request.params.journeyId);
    },
  );
}

/**
 * The customer the request's userId resolves to, the way ingestion resolves it. Reached through a
 * former userId, the answer says where the customer lives now: `Content-Location` is the same URL
 * under its current userId (RFC 9110: the URL of the representation sent).
 */
async function requireCustomer(
  app: FastifyInstance,
  request: FastifyRequest<{ Params: { userId: string } }>,
  reply: FastifyReply,
): Promise<Customer> {
  const { userId } = request.params;
  const found = await findCustomerOfUserId(app.runtime.store, request.workspace, userId);
  if (!found) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/userId', message: `no customer has userId ${JSON.stringify(userId)} in this workspace` }]));
  const { customer, isFormerUserId } = found;
  if (isFormerUserId && customer.userId !== null) reply.header('content-location', currentUrlOf(request, customer.userId));
  return customer;
}

/** The request's URL under the customer's current userId: the route's path with its other parameters as given, the same query. */
function currentUrlOf(request: FastifyRequest, userId: string): string {
  const queryAt = request.url.indexOf('?');
  const query = queryAt === -1 ? '' : request.url.slice(queryAt);
  const params = request.params as Record<string, string>;
  const path = (request.routeOptions.url ?? '/api/customers/:userId').replace(/:(\w+)/g, (_, name: string) => encodeURIComponent(name === 'userId' ? userId : params[name]));
  return `${path}${query}`;
}
