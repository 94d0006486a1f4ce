import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import {
  findCustomerByUserId,
  listCustomerEvents,
  listCustomers,
  maxPageSize,
  toCustomerView,
  type CustomerPage,
  type CustomerView,
} from '../../engine/profile/index';
import { schemaId } from '../../schemas/index';
import type { Customer, CustomerEventPage } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem };
const limit = { type: 'integer', minimum: 1, maximum: maxPageSize, description: `Page size, 1–${maxPageSize}; default 50.` };
const userIdParams = {
  type: 'object',
  required: ['userId'],
  properties: { userId: { type: 'string', minLength: 1, description: 'The userId (URL-encoded).' } },
};

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
        security: [{ adminKey: [] }],
        params: userIdParams,
        response: { 200: { $ref: schemaId('customer') }, ...errorResponses },
      },
    },
    async (request): Promise<CustomerView> => toCustomerView(await requireCustomer(app, request.workspace, request.params.userId)),
  );

  app.get<{ Params: { userId: string }; Querystring: { limit?: number; before?: string } }>(
    '/api/customers/:userId/events',
    {
      schema: {
        tags: ['customers'],
        summary: "A customer's events, newest first",
        description: 'Pages by event time, newest first; pass `next` as `before` for older events. Stable when many events share a timestamp.',
        security: [{ adminKey: [] }],
        params: userIdParams,
        querystring: { type: 'object', properties: { limit, before: { type: 'string', minLength: 1 } }, additionalProperties: false },
        response: { 200: { $ref: schemaId('customer-event-page') }, ...errorResponses },
      },
    },
    async (request): Promise<CustomerEventPage> => {
      const customer = await requireCustomer(app, request.workspace, request.params.userId);
      return unwrap(await listCustomerEvents(app.runtime.store, request.workspace, customer._id, request.query));
    },
  );
}

async function requireCustomer(app: FastifyInstance, workspace: string, userId: string): Promise<Customer> {
  const customer = await findCustomerByUserId(app.runtime.store, workspace, userId);
  if (!customer) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/userId', message: `no customer has userId ${JSON.stringify(userId)} in this workspace` }]));
  return customer;
}
