import type { FastifyInstance } from 'fastify';
import { unwrap } from '../../engine/errors/index';
import { checkPack, exportPack, findPackConflicts, importPack, listPackIds, loadWorkspaceDefinitions, toPackContext, type PackSelection } from '../../engine/packs/index';
import { traitJobNames } from '../../engine/traits/index';
import { schemaId } from '../../schemas/index';
import type { RulePack, RulePackImport, RulePackValidation } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 413: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['packs'];
/** A pack holds whole journeys and templates: more than the management API's usual 1 MB. */
const packBodyLimit = 16 * 1024 * 1024;
const idList = { type: 'string', maxLength: 10_000 };

/**
 * The pack is checked by the engine, not by Fastify: the route schema documents the body in OpenAPI,
 * while `attachValidation` lets `checkPack` report every problem of the pack at once, each with its
 * JSON pointer into the pack, as one INVALID_IMPORT.
 */
const engineValidated = { attachValidation: true, bodyLimit: packBodyLimit } as const;

type ValidateQuery = { Querystring: { publish?: boolean } };
type ImportQuery = { Querystring: { onConflict?: 'fail' | 'skip' | 'replace'; publish?: boolean } };
type ExportQuery = { Querystring: { segments?: string; traits?: string; journeys?: string; templates?: string; name?: string; description?: string } };

/** `?journeys=a,b` → ['a', 'b']; `?journeys=` → [] (none); absent → undefined (all). */
function parseIdList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  return text.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/**
 * Rule packs (admin key): validate a pack against this workspace, import one (all or nothing, with a
 * conflict policy), export the workspace's current definitions. docs/packs.md.
 */
export async function packRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.post<ValidateQuery & { Body: unknown }>('/api/packs/validate', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Check whether a rule pack could be imported into this workspace (imports nothing)',
      description: 'Always 200 for a pack that arrives: `valid`, and `problem.details` with EVERY problem and its JSON pointer into the pack. `conflicts` lists the ids this workspace already has (an import\'s onConflict decides about them). Every journey is checked as publishing checks it, unless `publish=false`: then the pack is checked as an import of drafts is (a draft journey only against the schema, its other problems as warnings).',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { publish: { type: 'boolean', description: 'Check as an import with this publish would (absent: every journey as if published).' } },
      },
      body: { $ref: schemaId('rule-pack') },
      response: { 200: { $ref: schemaId('rule-pack-validation') }, ...errorResponses },
    },
  }, async (request): Promise<RulePackValidation> => {
    // attachValidation leaves the pack to the engine; a bad query string is still the client's mistake.
    if (request.validationError?.validationContext === 'querystring') throw request.validationError;
    const current = await loadWorkspaceDefinitions(app.runtime, request.workspace);
    const checked = checkPack(request.body, { ...toPackContext(current), clock: app.runtime.clock }, { publish: request.query.publish });
    const ids = listPackIds(request.body);
    return {
      valid: checked.ok,
      problem: checked.ok ? null : checked.problem,
      warnings: checked.ok ? checked.value.warnings : [],
      contents: { segments: ids.segments.map((e) => e.id), traits: ids.traits.map((e) => e.id), journeys: ids.journeys.map((e) => e.id), templates: ids.templates.map((e) => e.id) },
      conflicts: findPackConflicts(request.body, current),
    };
  });

  app.post<ImportQuery & { Body: unknown }>('/api/packs/import', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Import a rule pack: all of it or nothing',
      description: 'Everything is checked first: a bad pack changes nothing (422 INVALID_IMPORT with every problem and its JSON pointer into the pack). Ids the workspace already has follow `onConflict`: fail (default, 409 CONFLICT naming each), skip (keep the workspace\'s) or replace (the pack\'s becomes a new version; a published journey version is never edited). Journeys are saved as drafts unless `publish=true` (drafts staying drafts are checked only against the schema, their other problems answered as warnings; a published journey of the pack publishes with the frozen templates it carries; open drafts left below a newly published version are named in `warnings`). All writes go into one commit; then the imported segments are recomputed and imported traits backfilled.',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          onConflict: { type: 'string', enum: ['fail', 'skip', 'replace'], default: 'fail', description: 'What to do with ids the workspace already has.' },
          publish: { type: 'boolean', default: false, description: 'Publish the journeys (default: drafts).' },
        },
      },
      body: { $ref: schemaId('rule-pack') },
      response: { 200: { $ref: schemaId('rule-pack-import') }, ...errorResponses },
    },
  }, async (request): Promise<RulePackImport> => {
    // attachValidation leaves the pack to the engine; a bad query string is still the client's mistake.
    if (request.validationError?.validationContext === 'querystring') throw request.validationError;
    const report = unwrap(await importPack(app.runtime, request.workspace, request.body, { onConflict: request.query.onConflict, publish: request.query.publish }));
    if (report.backfill) await app.scheduler.requestRun(request.workspace, traitJobNames.backfill);
    return report;
  });

  app.get<ExportQuery>('/api/packs/export', {
    schema: {
      tags, security, summary: 'Export the workspace\'s current definitions as a rule pack',
      description: 'Every active segment and trait, every library template and each journey\'s live (highest published) version with its frozen templates — a journey never published: its latest version (journeys whose latest version is archived are left out unless named). Each of segments, traits, journeys, templates takes a comma-separated list of ids; an empty value exports none of that kind. Export → import into an empty workspace → export gives the same pack (but for exportedAt).',
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: { segments: idList, traits: idList, journeys: idList, templates: idList, name: { type: 'string', minLength: 1, maxLength: 200 }, description: { type: 'string', maxLength: 4000 } },
      },
      response: { 200: { $ref: schemaId('rule-pack') }, ...errorResponses },
    },
  }, async (request): Promise<RulePack> => {
    const { name, description } = request.query;
    const selection: PackSelection = {
      segments: parseIdList(request.query.segments),
      traits: parseIdList(request.query.traits),
      journeys: parseIdList(request.query.journeys),
      templates: parseIdList(request.query.templates),
    };
    return unwrap(await exportPack(app.runtime, request.workspace, selection, { ...(name !== undefined ? { name } : {}), ...(description !== undefined ? { description } : {}) }));
  });
}
