/**
 * A journey send step's choice between a message written for the step and a library template
 * (`{ "ref": "<id>" }`): which templates it can pick, and the content it keeps when it goes inline.
 */
import type { TemplateChannel } from '../../../engine/templates/index';
import type { MessageTemplate, Template, TemplateRef } from '../../../schemas/types';
import { createTemplateDraft } from './template-draft';

export interface TemplateOption {
  /** The template id; '' for "written for this step". */
  value: string;
  label: string;
}

/** The value of the "written for this step" option. */
export const inlineTemplateOption = '';

/**
 * The options of a send step's template picker: the step's own message, then the library templates
 * written for its channel (by name). A reference the list cannot offer — deleted, or written for
 * another channel — stays listed as it is, so the picker shows what the step holds.
 *
 * @example listTemplateOptions([{ id: 'vip', name: 'Welcome to VIP', channel: 'email', … }], 'email', null)
 * // [{ value: '', label: 'Written for this step' }, { value: 'vip', label: 'Welcome to VIP (vip)' }]
 */
export function listTemplateOptions(templates: readonly Template[], channel: TemplateChannel, currentRef: string | null): TemplateOption[] {
  const fitting = templates.filter((template) => template.channel === channel).sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
  const options: TemplateOption[] = [{ value: inlineTemplateOption, label: 'Written for this step' }, ...fitting.map((template) => ({ value: template.id, label: `${template.name} (${template.id})` }))];
  if (currentRef !== null && !fitting.some((template) => template.id === currentRef)) {
    const other = templates.find((template) => template.id === currentRef);
    options.push({ value: currentRef, label: other ? `${other.name} (${currentRef}) — written for ${other.channel}` : `${currentRef} — not in the library` });
  }
  return options;
}

/**
 * The content a step keeps when its library reference becomes a message of its own: the library's
 * current content (what the draft sends now), else the copy a publish froze, else a starter.
 */
export function inlineContentOf(reference: TemplateRef, templates: readonly Template[] | null, channel: TemplateChannel): MessageTemplate {
  const found = templates?.find((template) => template.id === reference.ref);
  if (found) return structuredClone(found.content);
  if (reference.content) return structuredClone(reference.content);
  return createTemplateDraft(channel).content;
}
