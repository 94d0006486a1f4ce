import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import {
  archiveSegment,
  countSegmentMembers,
  createSegment,
  findSegment,
  findSegmentVersion,
  listSegments,
  listSegmentSizes,
  listSegmentVersions,
  maxSizeRangeMilliseconds,
  previewSegment,
  recomputeSegment,
  toSegmentVersionView,
  toSegmentView,
  updateSegment,
  type RecomputeResult,
  type StoredSegment,
} from '../../engine/segments/index';
import { schemaId } from '../../schemas/index';
import type { RecomputeSummary, Segment, SegmentList, SegmentPreview, SegmentSizes, SegmentVersion, SegmentVersionList } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['segments'];
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'The segment id (slug).' } },
};
const versionParams = {
  type: 'object',
  required: ['id', 'version'],
  properties: { ...idParams.properties, version: { type: 'integer', minimum: 1 } },
};
const dayMilliseconds = 86_400_000;

type IdParams = { Params: { id: string } };

/**
 * The body is checked by the engine (checkSegmentInput / previewSegment), not by Fastify: the route
 * schema still documents it in OpenAPI, but `attachValidation` lets the engine answer a bad condition
 * with its precise code and JSON pointer (`/conditions/all/0/operator`) instead of the schema's anyOf.
 */
const engineValidated = { attachValidation: true } as const;

function summaryOf(result: RecomputeResult | null): RecomputeSummary | undefined {
  if (!result) return undefined;
  const { segmentId: _segmentId, ...summary } = result;
  return summary;
}

async function requireSegment(app: FastifyInstance, workspace: string, segmentId: string): Promise<StoredSegment> {
  const segment = await findSegment(app.runtime.store, workspace, segmentId);
  if (!segment) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No segment "${segmentId}" in this workspace.` }]));
  return segment;
}

/** The view of a segment after a change, with its recompute summary and size. */
async function viewAfterRecompute(app: FastifyInstance, workspace: string, segment: StoredSegment): Promise<Segment> {
  const recompute = summaryOf(await recomputeSegment(app.runtime, workspace, segment.id));
  const current = (await findSegment(app.runtime.store, workspace, segment.id)) ?? segment;
  const size = recompute?.size ?? (await countSegmentMembers(app.runtime.store, workspace, segment.id));
  return { ...toSegmentView(current, size), ...(recompute ? { recompute } : {}) };
}

function parseInstant(name: string, text: string | undefined, fallback: number): string {
  if (text === undefined) return new Date(fallback).toISOString();
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw new ProblemError(createProblem('INVALID_QUERY', [{ pointer: `/${name}`, message: `must be an ISO-8601 time like 2024-05-01T00:00:00Z; got ${JSON.stringify(text)}.` }]));
  return new Date(time).toISOString();
}

/**
 * Segments (admin key): definitions with versions, archive, membership recompute, preview without
 * saving, and size history. docs/segments.md describes each with examples.
 */
export async function segmentRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get<{ Querystring: { status?: 'active' | 'archived' | 'all' } }>('/api/segments', {
    schema: {
      tags, security, summary: 'List segments with their size now',
      querystring: { type: 'object', properties: { status: { type: 'string', enum: ['active', 'archived', 'all'], default: 'active' } }, additionalProperties: false },
      response: { 200: { $ref: schemaId('segment-list') }, ...errorResponses },
    },
  }, async (request): Promise<SegmentList> => {
    const segments = await listSegments(app.runtime.store, request.workspace, request.query.status ?? 'active');
    const sizes = await Promise.all(segments.map((segment) => countSegmentMembers(app.runtime.store, request.workspace, segment.id)));
    return { segments: segments.map((segment, i) => toSegmentView(segment, sizes[i])) };
  });

  app.post<{ Body: unknown }>('/api/segments', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Create a segment (version 1) and compute its members',
      description: 'Conditions are checked against GET /api/facts; a bad one is refused (422, or 400 for a malformed body) with a JSON pointer and nothing is saved. Without an id, one is made from the name. Members are computed at once (batch recompute): each records a Segment Entered event. Creating the id of an archived segment revives it as its next version.',
      body: { $ref: schemaId('segment-input') },
      response: { 201: { $ref: schemaId('segment') }, ...errorResponses },
    },
  }, async (request, reply): Promise<Segment> => {
    const segment = unwrap(await createSegment(app.runtime, request.workspace, request.body));
    reply.code(201);
    return viewAfterRecompute(app, request.workspace, segment);
  });

  app.post<{ Body: unknown }>('/api/segments/preview', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Count and sample the customers conditions match now, without saving',
      description: 'Made for every keystroke of the editor: the compiled MongoDB filter counted by the store, plus up to 20 matching customers with the value of every fact the conditions read. Bad conditions are refused exactly as when saving.',
      body: { $ref: schemaId('segment-preview-request') },
      response: { 200: { $ref: schemaId('segment-preview') }, ...errorResponses },
    },
  }, async (request): Promise<SegmentPreview> => unwrap(await previewSegment(app.runtime, request.workspace, request.body)));

  app.get<IdParams>('/api/segments/:id', {
    schema: { tags, security, summary: 'A segment: its current version, status and size now', params: idParams, response: { 200: { $ref: schemaId('segment') }, ...errorResponses } },
  }, async (request): Promise<Segment> => {
    const segment = await requireSegment(app, request.workspace, request.params.id);
    return toSegmentView(segment, await countSegmentMembers(app.runtime.store, request.workspace, segment.id));
  });

  app.put<IdParams & { Body: unknown }>('/api/segments/:id', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Change a segment: saves a new version and recomputes its members',
      description: 'Old versions stay listable. Send the `version` you edited to be told (409) when someone else changed it meanwhile. An unchanged definition makes no new version. Customers who enter or leave record Segment Entered / Segment Exited.',
      params: idParams,
      body: { $ref: schemaId('segment-input') },
      response: { 200: { $ref: schemaId('segment') }, ...errorResponses },
    },
  }, async (request): Promise<Segment> => {
    const { segment, changed } = unwrap(await updateSegment(app.runtime, request.workspace, request.params.id, request.body));
    if (!changed) return toSegmentView(segment, await countSegmentMembers(app.runtime.store, request.workspace, segment.id));
    return viewAfterRecompute(app, request.workspace, segment);
  });

  app.delete<IdParams>('/api/segments/:id', {
    schema: {
      tags, security, summary: 'Archive a segment: it stops being evaluated and its members leave',
      description: 'Members leave with Segment Exited events; the definition and its versions stay readable (GET with ?status=archived). Refused (409) while another segment is defined by this one. Create the id again to revive it.',
      params: idParams,
      response: { 200: { $ref: schemaId('segment') }, ...errorResponses },
    },
  }, async (request): Promise<Segment> => viewAfterRecompute(app, request.workspace, unwrap(await archiveSegment(app.runtime, request.workspace, request.params.id))));

  app.post<IdParams>('/api/segments/:id/recompute', {
    schema: {
      tags, security, summary: 'Recompute a segment\'s members now (after an import or a change of scores)',
      params: idParams,
      response: { 200: { $ref: schemaId('segment') }, ...errorResponses },
    },
  }, async (request): Promise<Segment> => viewAfterRecompute(app, request.workspace, await requireSegment(app, request.workspace, request.params.id)));

  app.get<IdParams>('/api/segments/:id/versions', {
    schema: { tags, security, summary: 'Every saved version of a segment, oldest first', params: idParams, response: { 200: { $ref: schemaId('segment-version-list') }, ...errorResponses } },
  }, async (request): Promise<SegmentVersionList> => {
    await requireSegment(app, request.workspace, request.params.id);
    const versions = await listSegmentVersions(app.runtime.store, request.workspace, request.params.id);
    return { segmentId: request.params.id, versions: versions.map(toSegmentVersionView) };
  });

  app.get<{ Params: { id: string; version: number } }>('/api/segments/:id/versions/:version', {
    schema: {
      tags, security, summary: 'One saved version of a segment', params: versionParams,
      response: { 200: { $ref: `${schemaId('segment')}#/definitions/SegmentVersion` }, ...errorResponses },
    },
  }, async (request): Promise<SegmentVersion> => {
    const version = await findSegmentVersion(app.runtime.store, request.workspace, request.params.id, request.params.version);
    if (!version) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/version', message: `Segment "${request.params.id}" has no version ${request.params.version}.` }]));
    return toSegmentVersionView(version);
  });

  app.get<IdParams & { Querystring: { from?: string; to?: string } }>('/api/segments/:id/sizes', {
    schema: {
      tags, security, summary: 'A segment\'s size over time',
      description: 'Points recorded every hour and at every recompute, oldest first. `to` defaults to now, `from` to 30 days before `to`; the range may span at most 366 days.',
      params: idParams,
      querystring: { type: 'object', properties: { from: { type: 'string', minLength: 1 }, to: { type: 'string', minLength: 1 } }, additionalProperties: false },
      response: { 200: { $ref: schemaId('segment-sizes') }, ...errorResponses },
    },
  }, async (request): Promise<SegmentSizes> => {
    await requireSegment(app, request.workspace, request.params.id);
    const to = parseInstant('to', request.query.to, app.runtime.clock.now());
    const from = parseInstant('from', request.query.from, Date.parse(to) - 30 * dayMilliseconds);
    if (from > to) throw new ProblemError(createProblem('INVALID_QUERY', [{ pointer: '/from', message: `${from} is after to (${to}).` }]));
    if (Date.parse(to) - Date.parse(from) > maxSizeRangeMilliseconds) throw new ProblemError(createProblem('INVALID_QUERY', [{ pointer: '/from', message: 'The range spans more than 366 days; ask for a shorter one.' }]));
    return listSegmentSizes(app.runtime.store, request.workspace, request.params.id, from, to);
  });
}
