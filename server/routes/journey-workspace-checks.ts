import type { FastifyInstance } from 'fastify';
import type { FactCatalogue } from '../../engine/rules/index';
import { loadWorkspaceFacts } from '../../engine/segments/index';
import { loadTemplateLibrary, type TemplateLibrary } from '../../engine/templates/index';

/**
 * What a journey is checked against in this workspace — when it is validated, published or simulated:
 * its fact catalogue (custom traits, e.g. from a rule pack) and its template library (`{ "ref": … }`
 * steps; drafts send the library's current content).
 */
export async function workspaceChecks(app: FastifyInstance, workspace: string): Promise<{ catalogue: FactCatalogue; templates: TemplateLibrary }> {
  const [facts, templates] = await Promise.all([loadWorkspaceFacts(app.runtime, workspace), loadTemplateLibrary(app.runtime.store, workspace)]);
  return { catalogue: facts.catalogue, templates };
}
