/**
 * A library template as its form edits it, and the pure edits of it: the body the API takes
 * (`schemas/template-input.schema.json`) is made from it in one place, so what the form shows, what
 * the engine checks as you type and what is sent on save are the same object.
 */
import type { TemplateChannel } from '../../../engine/templates/index';
import type { MessageTemplate, Template, TemplateInput } from '../../../schemas/types';
import type { ContentKey } from './content-fields';

export interface TemplateDraft {
  /** The slug journeys refer to; only a new template's can change. */
  id: string;
  name: string;
  description: string;
  channel: TemplateChannel;
  content: MessageTemplate;
}

const firstName = (fallback: string) => `{{ attributes.first_name | default: "${fallback}" }}`;

/** What a new template of each channel starts with: a working message to change, not a blank page. */
const starterContent: Readonly<Record<TemplateChannel, MessageTemplate>> = {
  email: { subject: `Hello ${firstName('there')}`, text: `Hi ${firstName('there')},\n\nThanks for being with us.` },
  sms: { body: `Hi ${firstName('there')}! Reply STOP to opt out.` },
  push: { title: 'Something new for you', body: `Take a look, ${firstName('friend')}.` },
  webhook: { body: 'Customer {{ customer.userId }} reached this step.' },
  log: { body: 'Customer {{ customer.userId }} reached this step.' },
};

/** A new template of `channel`, with starter content. */
export function createTemplateDraft(channel: TemplateChannel = 'email'): TemplateDraft {
  return { id: '', name: '', description: '', channel, content: structuredClone(starterContent[channel]) };
}

/** The draft of a stored template. */
export function toTemplateDraft(template: Template): TemplateDraft {
  return { id: template.id, name: template.name, description: template.description, channel: template.channel, content: structuredClone(template.content) };
}

/**
 * A template id made from its name (`Welcome to VIP!` → `welcome-to-vip`), fitting the schema's
 * `^[a-z0-9][a-z0-9_-]{0,63}$`; empty when the name has no letter or digit.
 */
export function templateIdOfName(name: string): string {
  return name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // accents, split off by NFKD: é → e
    .replace(/[^a-z0-9_]+/g, '-')
    .replace(/^[-_]+|-+$/g, '')
    .slice(0, 64)
    .replace(/-+$/, '');
}

/**
 * A message with one field set; an empty text (or an empty data object) removes the field, as the
 * schema has no empty fields to mean "not set". A journey step's own message is edited with it too.
 */
export function setMessageField(content: MessageTemplate, key: ContentKey, value: string | Record<string, string>): MessageTemplate {
  const next: MessageTemplate = { ...content };
  const isEmpty = typeof value === 'string' ? value === '' : Object.keys(value).length === 0;
  if (isEmpty) delete next[key];
  else (next as Record<ContentKey, unknown>)[key] = value;
  return next;
}

/** The draft with one content field set (see `setMessageField`). */
export function setContentField(draft: TemplateDraft, key: ContentKey, value: string | Record<string, string>): TemplateDraft {
  return { ...draft, content: setMessageField(draft.content, key, value) };
}

/**
 * Writes the template for another channel. Content is kept (the form shows fields the new channel
 * does not list, so nothing is dropped out of sight); a body missing on one side is carried over from
 * the other (email text ⇄ SMS/push body), so switching does not start the message from nothing.
 */
export function changeTemplateChannel(draft: TemplateDraft, channel: TemplateChannel): TemplateDraft {
  const content: MessageTemplate = { ...draft.content };
  if (channel === 'email' && content.text === undefined && content.html === undefined && content.body !== undefined) content.text = content.body;
  if (channel !== 'email' && content.body === undefined && content.text !== undefined) content.body = content.text;
  return { ...draft, channel, content };
}

/**
 * The body of `POST /api/templates` (a new template: with its id) or of `PUT /api/templates/{id}`
 * (with the `version` that was edited, so a concurrent change is refused rather than overwritten).
 */
export function toTemplateInput(draft: TemplateDraft, editedVersion: number | null): TemplateInput {
  const input: TemplateInput = { name: draft.name, description: draft.description, channel: draft.channel, content: draft.content };
  return editedVersion === null ? { id: draft.id, ...input } : { ...input, version: editedVersion };
}

/** `JSON.stringify` with object keys in order, so two contents compare equal whatever order their fields were typed in. */
function toCanonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(toCanonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>).filter(([, item]) => item !== undefined);
  return `{${entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, item]) => `${JSON.stringify(key)}:${toCanonicalJson(item)}`).join(',')}}`;
}

/** Whether saving the draft would change nothing (the server then keeps the version, too). */
export function isTemplateDraftUnchanged(template: Template, draft: TemplateDraft): boolean {
  return (
    template.name === draft.name &&
    template.description === draft.description &&
    template.channel === draft.channel &&
    toCanonicalJson(template.content) === toCanonicalJson(draft.content)
  );
}
