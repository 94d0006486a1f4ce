/**
 * Problems of a library template placed next to the form field they are about. The engine's
 * `checkTemplateInput` (run as you type) and the API (on save) both point into the body they were
 * given — `/name`, `/content/subject`, `/content/data/url` — so one mapping serves both.
 */
import type { ProblemDetailBody } from '../../../schemas/types';

/**
 * A place in the template form: `id`, `name`, `description`, `channel`, `version` (someone else's
 * change), `content` (the message as a whole: a field the channel needs is missing), `content/<key>`
 * (one content field), or `form` (anything else, shown above the actions).
 */
export type TemplateFormField = 'id' | 'name' | 'description' | 'channel' | 'version' | 'content' | `content/${string}` | 'form';

const topFields = new Set(['id', 'name', 'description', 'channel', 'version']);

function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/**
 * The form field a JSON pointer into a template body names.
 *
 * @example fieldOfPointer('/content/data/url') // 'content/data'
 * @example fieldOfPointer('/content') // 'content'
 * @example fieldOfPointer('') // 'form'
 */
export function fieldOfPointer(pointer: string | undefined): TemplateFormField {
  const [head, key] = (pointer ?? '').split('/').slice(1).map(unescapeSegment);
  if (head === undefined || head === '') return 'form';
  if (topFields.has(head)) return head as TemplateFormField;
  if (head === 'content') return key === undefined || key === '' ? 'content' : `content/${key}`;
  return 'form';
}

/**
 * The messages of `details` by form field, each message once (the local check and the server may
 * report the same thing), in the order they came.
 */
export function groupTemplateProblems(details: readonly ProblemDetailBody[]): ReadonlyMap<TemplateFormField, string[]> {
  const grouped = new Map<TemplateFormField, string[]>();
  for (const detail of details) {
    const field = fieldOfPointer(detail.pointer);
    const messages = grouped.get(field) ?? [];
    if (!messages.includes(detail.message)) messages.push(detail.message);
    grouped.set(field, messages);
  }
  return grouped;
}
