import type { MessageTemplate, Template } from '../../schemas/types';
import type { CollectionSpec } from '../store/index';
import type { TemplateChannel } from './template-channel';

/** Collection names of the template library. */
export const templateCollectionNames = {
  /** One document per named template (`_id` = `<workspace>/<id>`), holding its current version. */
  templates: 'templates',
} as const;

/** The library's collections and indexes (`workspace` is prepended by the adapters). */
export const templateCollections: CollectionSpec[] = [
  { name: templateCollectionNames.templates, indexes: [{ name: 'templates_id', key: { id: 1 }, unique: true }] },
];

/** A library template as stored: the API's `Template` plus the store's bookkeeping. */
export interface StoredTemplate extends Template {
  _id: string;
  workspace: string;
}

/**
 * What a journey needs of a library template to render or freeze a reference to it. The library a
 * journey is checked or published against is a map from template id to this.
 */
export interface LibraryTemplate {
  id: string;
  name: string;
  channel: TemplateChannel;
  content: MessageTemplate;
}

/** The templates a journey's `{ "ref": … }` steps resolve against, by id. */
export type TemplateLibrary = ReadonlyMap<string, LibraryTemplate>;

/** `_id` of a template: the workspace is part of it because MongoDB's `_id` is unique across workspaces. */
export function templateDocumentId(workspace: string, templateId: string): string {
  return `${workspace}/${templateId}`;
}

/** The API view of a stored template. */
export function toTemplateView(stored: StoredTemplate): Template {
  const { _id: _storedId, workspace: _workspace, ...view } = stored;
  return view;
}

/** A template library of the given templates. */
export function createTemplateLibrary(templates: Iterable<LibraryTemplate>): TemplateLibrary {
  return new Map([...templates].map((template) => [template.id, { id: template.id, name: template.name, channel: template.channel, content: template.content }]));
}
