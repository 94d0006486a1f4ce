import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError } from '../../engine/errors/index';
import { describeWorkspace, hashApiKey, issueApiKey, listApiKeys, revokeApiKeyById, type ApiKeyRole } from '../../engine/workspaces/index';
import { schemaId } from '../../schemas/index';
import type { ApiKeyView, WorkspaceOverview } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem };
const security = [{ adminKey: [] }];
const tags = ['workspace'];

/**
 * The workspace an admin key belongs to, and its API keys (admin key): list them, issue a new one
 * (shown once), revoke one. Keys are rotated by issuing the new key, deploying it, then revoking the
 * old one; a revoked key stops working in every process within the key cache's lifetime
 * (docs/ingestion.md, "Keys").
 */
export async function workspaceRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get('/api/workspace', {
    schema: { tags, security, summary: 'This workspace and its API keys', response: { 200: { $ref: schemaId('workspace') }, ...errorResponses } },
  }, async (request): Promise<WorkspaceOverview> => {
    const overview = await describeWorkspace(app.runtime.store, request.workspace);
    // The key was just accepted for this workspace, so the directory must know it: a broken invariant.
    if (!overview) throw new Error(`Workspace ${request.workspace} holds a valid key but is missing from the directory.`);
    return overview;
  });

  app.post<{ Body: { role: ApiKeyRole } }>('/api/keys', {
    schema: {
      tags, security, summary: 'Issue a new API key',
      description: 'The answer carries the key in plain text in `key`: this is the only time it is shown (only its hash is stored).',
      body: { $ref: schemaId('api-key-request') },
      response: { 201: { $ref: schemaId('api-key') }, ...errorResponses },
    },
  }, async (request, reply): Promise<ApiKeyView> => {
    const key = await issueApiKey(app.runtime.store, app.runtime.clock, request.workspace, request.body.role);
    const id = hashApiKey(key);
    const issued = (await listApiKeys(app.runtime.store, request.workspace)).find((view) => view.id === id);
    if (!issued) throw new Error('A key issued a moment ago is not listed.');
    reply.code(201);
    return { ...issued, key };
  });

  app.delete<{ Params: { id: string } }>('/api/keys/:id', {
    schema: {
      tags, security, summary: 'Revoke an API key',
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', pattern: '^[0-9a-f]{64}$', description: 'The key id from GET /api/workspace.' } } },
      response: { 204: { type: 'null' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const outcome = await revokeApiKeyById(app.runtime.store, app.runtime.clock, request.workspace, request.params.id);
    if (outcome === 'not-found') {
      throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/id', message: 'No active key with this id in this workspace.' }]));
    }
    if (outcome === 'last-admin-key') {
      throw new ProblemError(createProblem('CONFLICT', [{ pointer: '/id', message: 'This is the workspace\'s last active admin key: issue another admin key before revoking it.' }]));
    }
    app.apiKeys.forget(request.params.id);
    reply.code(204);
  });
}
