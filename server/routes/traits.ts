import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import {
  createTraitDefinition,
  deleteTraitDefinition,
  findTraitDefinition,
  listTraitDefinitions,
  readWorkspaceTraitSettings,
  saveWorkspaceTraitSettings,
  traitJobNames,
  type MarketingRefreshReport,
  type ResolvedTraitSettings,
  type TraitSaveResult,
  updateTraitDefinition,
} from '../../engine/traits/index';
import { schemaId } from '../../schemas/index';
import type { TraitView } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['traits'];
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'The trait id.' } },
};
const openObject = { type: 'object', additionalProperties: true };
const refreshResult = {
  type: 'object',
  required: ['scored_at', 'customers', 'buyers', 'changed_customers', 'rfm_scale', 'value_tier_scale'],
  properties: {
    scored_at: { type: 'string' },
    customers: { type: 'integer' },
    buyers: { type: 'integer' },
    changed_customers: { type: 'integer' },
    rfm_scale: openObject,
    value_tier_scale: openObject,
  },
};

type IdParams = { Params: { id: string } };

/**
 * Computed traits (admin key): definitions CRUD, the workspace's marketing-trait settings, and the
 * on-demand RFM refresh. Saving a definition answers at once; every customer's value is backfilled by
 * the scheduler's `traits.backfill` job right after (`backfill.status` tells the progress). docs/traits.md.
 */
export async function traitRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  /** Starts the backfill a save needs, at the scheduler's next poll (a second or few). */
  const answerSave = async (workspace: string, saved: TraitSaveResult): Promise<TraitView> => {
    if (saved.needsBackfill) await app.scheduler.requestRun(workspace, traitJobNames.backfill);
    return saved.trait;
  };

  app.get('/api/traits', {
    schema: {
      tags, summary: 'List the computed trait definitions', security,
      response: { 200: { type: 'object', required: ['traits'], properties: { traits: { type: 'array', items: { $ref: schemaId('trait') } } } }, ...errorResponses },
    },
  }, async (request): Promise<{ traits: TraitView[] }> => ({ traits: await listTraitDefinitions(app.runtime.store, request.workspace) }));

  app.post('/api/traits', {
    schema: {
      tags, summary: 'Define a computed trait', security,
      description: 'Checked against the fact catalogue (event facts); nothing is saved when it is invalid. Every customer gets `traits.<id>` from the stored events shortly after (backfill), and keeps it current on every event.',
      body: { $ref: schemaId('trait-definition') },
      response: { 201: { $ref: schemaId('trait') }, ...errorResponses },
    },
  }, async (request, reply): Promise<TraitView> => {
    const saved = unwrap(await createTraitDefinition(app.runtime, request.workspace, request.body));
    reply.code(201);
    return answerSave(request.workspace, saved);
  });

  app.get('/api/traits/settings', {
    schema: { tags, summary: 'The settings of the marketing traits (value tiers, lifecycle stages, CLV, schedule)', security, response: { 200: { $ref: schemaId('trait-settings') }, ...errorResponses } },
  }, async (request): Promise<ResolvedTraitSettings> => readWorkspaceTraitSettings(app.runtime, request.workspace));

  app.put('/api/traits/settings', {
    schema: {
      tags, summary: 'Replace the settings of the marketing traits', security,
      description: 'A missing field takes its default. Tiers and stages are refreshed over the workspace right after.',
      body: { $ref: schemaId('trait-settings') },
      response: { 200: { $ref: schemaId('trait-settings') }, ...errorResponses },
    },
  }, async (request): Promise<ResolvedTraitSettings> => {
    const settings = unwrap(await saveWorkspaceTraitSettings(app.runtime, request.workspace, request.body));
    await app.scheduler.requestRun(request.workspace, traitJobNames.refresh);
    return settings;
  });

  app.post('/api/traits/rfm/refresh', {
    schema: {
      tags, summary: 'Refresh RFM scores, value tiers and lifecycle stages over the workspace now', security,
      description: 'Runs the hourly refresh job now and answers when it has finished. 409 while a refresh is already running.',
      response: { 200: refreshResult, ...errorResponses },
    },
  }, async (request): Promise<MarketingRefreshReport> => {
    const run = unwrap(await app.scheduler.runJobNow<MarketingRefreshReport>(request.workspace, traitJobNames.refresh));
    return run.result as MarketingRefreshReport;
  });

  app.get<IdParams>('/api/traits/:id', {
    schema: { tags, summary: 'One computed trait definition', security, params: idParams, response: { 200: { $ref: schemaId('trait') }, ...errorResponses } },
  }, async (request): Promise<TraitView> => {
    const trait = await findTraitDefinition(app.runtime.store, request.workspace, request.params.id);
    if (!trait) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No trait "${request.params.id}" in this workspace.` }]));
    return trait;
  });

  app.put<IdParams>('/api/traits/:id', {
    schema: {
      tags, summary: 'Replace a computed trait definition', security,
      description: 'A change to what the trait computes raises its revision and backfills every customer; a new name or description does not.',
      params: idParams,
      body: { $ref: schemaId('trait-definition') },
      response: { 200: { $ref: schemaId('trait') }, ...errorResponses },
    },
  }, async (request): Promise<TraitView> => answerSave(request.workspace, unwrap(await updateTraitDefinition(app.runtime, request.workspace, request.params.id, request.body))));

  app.delete<IdParams>('/api/traits/:id', {
    schema: { tags, summary: 'Delete a computed trait', security, description: 'It stops being computed at once; traits.<id> is removed from every customer by the backfill.', params: idParams, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply): Promise<void> => {
    await answerSave(request.workspace, unwrap(await deleteTraitDefinition(app.runtime, request.workspace, request.params.id)));
    reply.code(204);
  });
}

