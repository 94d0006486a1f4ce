import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import {
  archiveJourney,
  listJourneyVersions,
  publishJourney,
  saveJourneyDraft,
  toJourneyDocument,
  validateJourney,
  type JourneyRuntime,
} from '../../engine/journeys/index';
import { schemaId } from '../../schemas/index';
import type { Journey, JourneyList, JourneyValidation, JourneyVersion, JourneyVersionList } from '../../schemas/types';
import { workspaceChecks } from './journey-workspace-checks';
import { deleteJourneyDraft, listJourneys, requireVersion, requireVersions, toJourneyVersion, toVersionList } from './journey-directory';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const journeyParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', pattern: '^[A-Za-z][A-Za-z0-9_-]{0,63}$', description: 'The journey id.' } },
};
const versionParams = {
  type: 'object',
  required: ['id', 'version'],
  properties: { ...journeyParams.properties, version: { type: 'integer', minimum: 1 } },
};
const security = [{ adminKey: [] }];
const tags = ['journeys'];

type IdParams = { Params: { id: string } };
type VersionParams = { Params: { id: string; version: number } };

function checkPathMatches(document: Journey, params: { id: string; version?: number }): void {
  const details = [];
  if (document.id !== params.id) details.push({ pointer: '/id', message: `must be "${params.id}", the journey in the URL.` });
  if (params.version !== undefined && document.version !== params.version) details.push({ pointer: '/version', message: `must be ${params.version}, the version in the URL.` });
  if (details.length > 0) throw new ProblemError(createProblem('VALIDATION_FAILED', details));
}

/**
 * Journeys and their versions (admin key): list, create a draft, save a draft version, read, delete
 * a draft, validate, publish (immutable afterwards), archive (no new entries; customers in flight
 * finish). docs/delivery.md lists the whole API with examples.
 */
export async function journeyRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);
  const runtime = (): JourneyRuntime => app.runtime;

  app.get('/api/journeys', {
    schema: { tags, summary: 'List journeys with their latest and live versions', security, response: { 200: { $ref: schemaId('journey-list') }, ...errorResponses } },
  }, async (request): Promise<JourneyList> => listJourneys(app.runtime.store, request.workspace));

  app.post<{ Body: Journey }>('/api/journeys', {
    schema: {
      tags, summary: 'Create a journey: its first draft version', security,
      description: 'The body is a journey document with status "draft". A journey id that exists already is a CONFLICT: save further drafts with PUT /api/journeys/{id}/versions/{version}.',
      body: { $ref: schemaId('journey') },
      response: { 201: { $ref: schemaId('journey-version') }, ...errorResponses },
    },
  }, async (request, reply): Promise<JourneyVersion> => {
    const existing = await listJourneyVersions(runtime(), request.workspace, request.body.id);
    if (existing.length > 0) {
      const next = Math.max(...existing.map((v) => v.version)) + 1;
      throw new ProblemError(createProblem('CONFLICT', [{ pointer: '/id', message: `Journey "${request.body.id}" exists already; save a new draft with PUT /api/journeys/${request.body.id}/versions/${next}.` }]));
    }
    const saved = unwrap(await saveJourneyDraft(runtime(), request.workspace, request.body));
    reply.code(201);
    return toJourneyVersion(saved);
  });

  app.get<IdParams>('/api/journeys/:id', {
    schema: { tags, summary: 'The latest version of a journey (the one an editor opens)', security, params: journeyParams, response: { 200: { $ref: schemaId('journey-version') }, ...errorResponses } },
  }, async (request): Promise<JourneyVersion> => toJourneyVersion((await requireVersions(runtime(), request.workspace, request.params.id)).at(-1)!));

  app.get<IdParams>('/api/journeys/:id/versions', {
    schema: { tags, summary: 'Every version of a journey and which one is live', security, params: journeyParams, response: { 200: { $ref: schemaId('journey-version-list') }, ...errorResponses } },
  }, async (request): Promise<JourneyVersionList> => toVersionList(request.params.id, await requireVersions(runtime(), request.workspace, request.params.id)));

  app.get<VersionParams>('/api/journeys/:id/versions/:version', {
    schema: { tags, summary: 'One version of a journey', security, params: versionParams, response: { 200: { $ref: schemaId('journey-version') }, ...errorResponses } },
  }, async (request): Promise<JourneyVersion> => toJourneyVersion(await requireVersion(runtime(), request.workspace, request.params.id, request.params.version)));

  app.put<VersionParams & { Body: Journey }>('/api/journeys/:id/versions/:version', {
    schema: {
      tags, summary: 'Save a draft version (create or update)', security, params: versionParams,
      description: 'Only the schema is checked, so work in progress can be saved; publishing checks everything. A published or archived version cannot change: IMMUTABLE_VERSION (save the change as a new version).',
      body: { $ref: schemaId('journey') },
      response: { 200: { $ref: schemaId('journey-version') }, ...errorResponses },
    },
  }, async (request): Promise<JourneyVersion> => {
    checkPathMatches(request.body, request.params);
    return toJourneyVersion(unwrap(await saveJourneyDraft(runtime(), request.workspace, request.body)));
  });

  app.delete<VersionParams>('/api/journeys/:id/versions/:version', {
    schema: { tags, summary: 'Delete a draft version', security, params: versionParams, response: { 204: { type: 'null' }, ...errorResponses } },
  }, async (request, reply) => {
    unwrap(await deleteJourneyDraft(runtime(), request.workspace, request.params.id, request.params.version));
    return reply.code(204).send();
  });

  app.post<IdParams & { Body: { version?: number; journey?: unknown } }>('/api/journeys/:id/validate', {
    schema: {
      tags, summary: 'Check whether a version (or an unsaved document) could be published', security, params: journeyParams,
      description: 'Send {"version": n} to check a stored version (default: the latest), or {"journey": {...}} to check a document without saving it. Always 200: `valid`, and `problem.details` with a JSON pointer per problem.',
      body: { type: 'object', additionalProperties: false, properties: { version: { type: 'integer', minimum: 1 }, journey: { type: 'object' } } },
      response: { 200: { $ref: schemaId('journey-validation') }, ...errorResponses },
    },
  }, async (request): Promise<JourneyValidation> => {
    const { id } = request.params;
    let document: unknown;
    let version: number | null = null;
    if (request.body?.journey !== undefined) {
      document = request.body.journey;
      if ((document as { id?: unknown }).id !== id) throw new ProblemError(createProblem('VALIDATION_FAILED', [{ pointer: '/journey/id', message: `must be "${id}", the journey in the URL.` }]));
    } else {
      const stored = request.body?.version !== undefined ? await requireVersion(runtime(), request.workspace, id, request.body.version) : (await requireVersions(runtime(), request.workspace, id)).at(-1)!;
      document = toJourneyDocument(stored);
      version = stored.version;
    }
    const checked = validateJourney(document, { clock: app.runtime.clock, ...(await workspaceChecks(app, request.workspace)) });
    return checked.ok ? { valid: true, version, problem: null, warnings: checked.value.warnings } : { valid: false, version, problem: checked.problem, warnings: [] };
  });

  app.post<VersionParams>('/api/journeys/:id/versions/:version/publish', {
    schema: {
      tags, summary: 'Publish a draft version: new customers enter it, it never changes again', security, params: versionParams,
      description: 'Validates everything first (INVALID_DEFINITION with a pointer per problem). Customers already in an older version finish there. Publishing a published version changes nothing.',
      response: { 200: { $ref: schemaId('journey-version') }, ...errorResponses },
    },
  }, async (request): Promise<JourneyVersion> => toJourneyVersion(unwrap(await publishJourney(runtime(), request.workspace, request.params.id, request.params.version, await workspaceChecks(app, request.workspace)))));

  app.post<IdParams>('/api/journeys/:id/archive', {
    schema: {
      tags, summary: 'Archive a journey: nobody new enters, customers in flight finish', security, params: journeyParams,
      response: { 200: { $ref: schemaId('journey-version-list') }, ...errorResponses },
    },
  }, async (request): Promise<JourneyVersionList> => {
    unwrap(await archiveJourney(runtime(), request.workspace, request.params.id));
    return toVersionList(request.params.id, await requireVersions(runtime(), request.workspace, request.params.id));
  });
}
