import type { FastifyInstance } from 'fastify';
import { describeWorkspaceFacts, loadWorkspaceFacts } from '../../engine/segments/index';
import { schemaId } from '../../schemas/index';
import type { FactCatalogue } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };

/**
 * The fact catalogue (admin key): every path a condition may use in this workspace — built-in facts,
 * custom traits, attribute keys seen in its customers, its segments — with type, description and
 * example values, and the operators with the types each accepts. The editor builds its field picker
 * from it; conditions are checked against the same catalogue when saved.
 */
export async function factRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get('/api/facts', {
    schema: {
      tags: ['segments'],
      summary: 'Every fact and operator a condition may use in this workspace',
      security: [{ adminKey: [] }],
      response: { 200: { $ref: schemaId('fact-catalogue') }, 401: problem, 403: problem },
    },
  }, async (request): Promise<FactCatalogue> => describeWorkspaceFacts(await loadWorkspaceFacts(app.runtime, request.workspace)));
}
