import type { Journey, MessageTemplate, SendState, TemplateRef, TemplateUsage } from '../../schemas/types';
import { createTemplateLibrary, type LibraryTemplate, type TemplateLibrary } from '../templates/index';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyRuntime } from './journey-runtime';
import type { StoredJourney } from './stored-journey';

/** A send step whose template comes from the workspace's library. */
export interface TemplateRefSite {
  /** Index of the state in `states`. */
  index: number;
  state: SendState;
  ref: string;
  /** JSON pointer of the reference's id: `/states/3/params/template/ref`. */
  pointer: string;
}

/** Whether a send step's template is a library reference (`{ "ref": … }`) rather than inline content. */
export function isTemplateRef(template: MessageTemplate | TemplateRef): template is TemplateRef {
  return typeof (template as TemplateRef).ref === 'string';
}

/** Every send step of a document that refers to a library template, in document order. */
export function listTemplateRefs(document: Pick<Journey, 'states'>): TemplateRefSite[] {
  const sites: TemplateRefSite[] = [];
  document.states.forEach((state, index) => {
    if (state.kind === 'send' && isTemplateRef(state.params.template)) {
      sites.push({ index, state, ref: state.params.template.ref, pointer: `/states/${index}/params/template/ref` });
    }
  });
  return sites;
}

/**
 * The content a send step renders at run time: inline content as it is, a reference's frozen copy (set
 * by publishing), or null for a reference that was never frozen (a draft: it renders the library).
 */
export function frozenContentOf(template: MessageTemplate | TemplateRef): MessageTemplate | null {
  return isTemplateRef(template) ? (template.content ?? null) : template;
}

/**
 * The document with every library reference frozen: each `{ "ref": id }` gets `content`, the library
 * template's content now, so the version keeps sending exactly that whatever later happens to the
 * library. References the library lacks are left without content (validation reports them).
 * Publishing does this; nothing else should.
 */
export function freezeTemplateRefs<T extends Journey>(document: T, library: TemplateLibrary): T {
  if (listTemplateRefs(document).length === 0) return document;
  return {
    ...document,
    states: document.states.map((state) => {
      if (state.kind !== 'send' || !isTemplateRef(state.params.template)) return state;
      const { ref } = state.params.template;
      const found = library.get(ref);
      return { ...state, params: { ...state.params, template: found ? { ref, content: structuredClone(found.content) } : { ref } } };
    }),
  };
}

/**
 * A library made of the copies a published version froze, so the version can be checked or simulated
 * exactly as it sends, whatever the library holds now.
 */
export function readFrozenTemplates(document: Journey): TemplateLibrary {
  const templates: LibraryTemplate[] = [];
  for (const site of listTemplateRefs(document)) {
    const { content } = site.state.params.template as TemplateRef;
    if (content) templates.push({ id: site.ref, name: site.ref, channel: site.state.params.channel, content });
  }
  return createTemplateLibrary(templates);
}

/**
 * Every journey version whose send steps refer to the library template `templateId`, by journey id then
 * version: drafts render the library's current content; published and archived versions their frozen copy.
 */
export async function findTemplateUsage(runtime: JourneyRuntime, workspace: string, templateId: string): Promise<TemplateUsage> {
  const versions = await runtime.store
    .collection<StoredJourney>(journeyCollectionNames.journeys)
    .find(workspace, { 'states.params.template.ref': templateId }, { sort: { id: 1, version: 1 } });
  return {
    templateId,
    journeys: versions.map((version) => ({
      id: version.id,
      name: version.name,
      version: version.version,
      status: version.status,
      frozen: version.status !== 'draft',
      steps: listTemplateRefs(version).filter((site) => site.ref === templateId).map((site) => site.state.id),
    })),
  };
}
