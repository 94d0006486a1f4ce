import type { MessageTemplate } from '../../schemas/types';
import { createProblem, escapePointerSegment, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { Clock } from '../time/index';
import { renderTemplateSource, type TemplateMode } from './template-engine';
import { buildTemplateScope, type TemplateInput } from './template-scope';

/** A message template after rendering for one customer: the same fields, as final strings. */
export interface RenderedMessage {
  subject?: string;
  html?: string;
  text?: string;
  body?: string;
  title?: string;
  data?: Record<string, string>;
}

type TextField = Exclude<keyof MessageTemplate, 'data'>;

/**
 * How each field renders. Only `html` is escaped: the others end up in plain-text places (a subject
 * header, an SMS) where `&amp;` would be shown literally. One-line fields lose their line breaks so a
 * value with a newline cannot add a mail header or break a notification title.
 */
const textFields: Record<TextField, { mode: TemplateMode; singleLine: boolean }> = {
  subject: { mode: 'text', singleLine: true },
  html: { mode: 'html', singleLine: false },
  text: { mode: 'text', singleLine: false },
  body: { mode: 'text', singleLine: false },
  title: { mode: 'text', singleLine: true },
};

/** One template string of a message template, with where it sits and how it renders. */
export interface MessageTemplateField {
  /** Pointer below the template: `/subject`, `/data/deep_link`. */
  path: string;
  /** Where the rendered text goes in a `RenderedMessage`. */
  field: TextField | { data: string };
  source: string;
  mode: TemplateMode;
  singleLine: boolean;
}

/** Every template string of a message template, `data` entries included, in a fixed order. */
export function listMessageTemplateFields(template: MessageTemplate): MessageTemplateField[] {
  const fields: MessageTemplateField[] = [];
  for (const field of Object.keys(textFields) as TextField[]) {
    const source = template[field];
    if (source !== undefined) fields.push({ path: `/${field}`, field, source, ...textFields[field] });
  }
  for (const [key, source] of Object.entries(template.data ?? {})) {
    fields.push({ path: `/data/${escapePointerSegment(key)}`, field: { data: key }, source, mode: 'text', singleLine: false });
  }
  return fields;
}

export interface RenderOptions {
  /** The render's "now" (the `now` variable and `"now" | date`). */
  clock: Clock;
  /** JSON pointer of the template in its document; problem details point below it. */
  pointer?: string;
  /** Wall-clock budget per field; `templateLimits.renderMilliseconds` unless given. */
  renderMilliseconds?: number;
}

/** Joins the lines of a one-line field, so a value with a line break cannot start a new header. */
function toSingleLine(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').trim();
}

/**
 * Renders every field of a message template for one customer. All fields are rendered, so a failure
 * reports every broken field at once (`INVALID_DEFINITION`, one detail per field, with the template
 * line). Missing values render empty.
 *
 * @example
 * renderMessageTemplate({ subject: 'Hi {{ attributes.first_name | default: "there" }}' }, { customer }, { clock })
 * // { ok: true, value: { subject: 'Hi Ada' } }
 */
export function renderMessageTemplate(template: MessageTemplate, input: TemplateInput, options: RenderOptions): Result<RenderedMessage> {
  const scope = buildTemplateScope(input, options.clock.now());
  const prefix = options.pointer ?? '';
  const rendered: RenderedMessage = {};
  const details: ProblemDetail[] = [];
  for (const { path, field, source, mode, singleLine } of listMessageTemplateFields(template)) {
    const result = renderTemplateSource(source, mode, scope, prefix + path, options.renderMilliseconds);
    if (!result.ok) {
      details.push(result.detail);
      continue;
    }
    const text = singleLine ? toSingleLine(String(result.value)) : String(result.value);
    if (typeof field === 'string') rendered[field] = text;
    else rendered.data = { ...rendered.data, [field.data]: text };
  }
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details, 'A message template does not render. Each detail names the field, the template line and what to change.'));
  return ok(rendered);
}
