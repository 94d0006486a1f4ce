import type { FastifyInstance } from 'fastify';
import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { findTemplateUsage, sampleCustomer } from '../../engine/journeys/index';
import { createTemplate, deleteTemplate, findTemplate, listTemplates, toTemplateView, updateTemplate } from '../../engine/templates/index';
import { schemaId } from '../../schemas/index';
import type { Template, TemplateList, TemplateUsage } from '../../schemas/types';

const problem = { $ref: schemaId('problem') };
const errorResponses = { 400: problem, 401: problem, 403: problem, 404: problem, 409: problem, 422: problem };
const security = [{ adminKey: [] }];
const tags = ['templates'];
const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', minLength: 1, maxLength: 64, description: 'The template id (slug).' } },
};

type IdParams = { Params: { id: string } };

/**
 * The body is checked by the engine (checkTemplateInput), so a broken template is answered with the
 * template line and a JSON pointer into the body (`/content/subject`) rather than Fastify's message.
 */
const engineValidated = { attachValidation: true } as const;

/**
 * The template library (admin key): named message templates per workspace that journey send steps use
 * with `{ "ref": "<id>" }`. Drafts send a template's current content; publishing a journey version
 * freezes it into the version. docs/packs.md.
 */
export async function templateRoutes(app: FastifyInstance): Promise<void> {
  app.addHook('onRequest', app.requireAdminKey);

  app.get('/api/templates', {
    schema: { tags, security, summary: 'List the template library', response: { 200: { $ref: schemaId('template-list') }, ...errorResponses } },
  }, async (request): Promise<TemplateList> => ({ templates: (await listTemplates(app.runtime.store, request.workspace)).map(toTemplateView) }));

  app.post<{ Body: unknown }>('/api/templates', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Add a template to the library (version 1)',
      description: 'Checked as journey validation checks templates: the fields its channel needs, Liquid syntax, variables, and a render for a sample customer. Nothing is saved when it fails. 409 when the id is taken.',
      body: { $ref: schemaId('template-input') },
      response: { 201: { $ref: schemaId('template') }, ...errorResponses },
    },
  }, async (request, reply): Promise<Template> => {
    const saved = unwrap(await createTemplate(app.runtime, request.workspace, request.body, sampleCustomer));
    reply.code(201);
    return toTemplateView(saved.template);
  });

  app.get<IdParams>('/api/templates/:id', {
    schema: { tags, security, summary: 'One library template', params: idParams, response: { 200: { $ref: schemaId('template') }, ...errorResponses } },
  }, async (request): Promise<Template> => toTemplateView(await readTemplate(app, request.workspace, request.params.id)));

  app.get<IdParams>('/api/templates/:id/usage', {
    schema: {
      tags, security, summary: 'Which journey versions use a template',
      description: 'Drafts send the library\'s current content, so a change reaches them at once and the template cannot be deleted while one uses it; published and archived versions send the copy they froze (`frozen: true`).',
      params: idParams,
      response: { 200: { $ref: schemaId('template-usage') }, ...errorResponses },
    },
  }, async (request): Promise<TemplateUsage> => {
    await readTemplate(app, request.workspace, request.params.id);
    return findTemplateUsage(app.runtime, request.workspace, request.params.id);
  });

  app.put<IdParams & { Body: unknown }>('/api/templates/:id', {
    ...engineValidated,
    schema: {
      tags, security, summary: 'Change a template: its next version',
      description: 'Drafts that use it send the new content at once; published journey versions keep what they were published with. Send the `version` you edited to be told (409) when someone changed it meanwhile. An unchanged template makes no new version.',
      params: idParams,
      body: { $ref: schemaId('template-input') },
      response: { 200: { $ref: schemaId('template') }, ...errorResponses },
    },
  }, async (request): Promise<Template> => toTemplateView(unwrap(await updateTemplate(app.runtime, request.workspace, request.params.id, request.body, sampleCustomer)).template));

  app.delete<IdParams>('/api/templates/:id', {
    schema: {
      tags, security, summary: 'Remove a template from the library',
      description: 'Refused (409) while a draft journey version uses it. Published versions keep their frozen copy, so removing a template never changes what a live journey sends.',
      params: idParams,
      response: { 204: { type: 'null' }, ...errorResponses },
    },
  }, async (request, reply) => {
    const drafts = (await findTemplateUsage(app.runtime, request.workspace, request.params.id)).journeys.filter((version) => !version.frozen);
    if (drafts.length > 0) {
      throw new ProblemError(createProblem('CONFLICT', drafts.map((draft) => ({ pointer: '/id', message: `Version ${draft.version} of the journey "${draft.id}" (a draft) uses this template; change that step or delete the draft first.` }))));
    }
    unwrap(await deleteTemplate(app.runtime, request.workspace, request.params.id));
    return reply.code(204).send();
  });
}

/** The library template `id`, or 404 NOT_FOUND at `/id`. */
async function readTemplate(app: FastifyInstance, workspace: string, id: string) {
  const template = await findTemplate(app.runtime.store, workspace, id);
  if (!template) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/id', message: `No template "${id}" in this workspace.` }]));
  return template;
}
