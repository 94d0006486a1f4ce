import type { MessageTemplate, TemplateInput } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { Clock } from '../time/index';
import { validateAgainstSchema } from '../validation/index';
import { listMissingChannelFields, type TemplateChannel } from './template-channel';
import { sampleLinksOf } from './sample-links';
import { checkTemplate } from './template-check';
import type { TemplateCustomer } from './template-scope';

/** A library template that passed every check, ready to be stored. */
export interface CheckedTemplateInput {
  id: string;
  name: string;
  description: string;
  channel: TemplateChannel;
  content: MessageTemplate;
  /** The version the client edited (updates only). */
  expectedVersion?: number;
  /** Variables the sample customer lacks (they render empty): worth a look, not errors. */
  warnings: ProblemDetail[];
}

export interface TemplateInputContext {
  /** The customer the content is rendered against (journeys' sample customer, or a real one). */
  sampleCustomer: TemplateCustomer;
  clock: Clock;
  /** The id from the URL of an update; the body's `id`, if any, must equal it. */
  pathId?: string;
}

/**
 * Checks a library template as a client sends it (POST / PUT /api/templates, a rule pack's
 * templates[]): the schema (`VALIDATION_FAILED`), then the fields its channel needs and the content
 * as a template — syntax, variables, a render for the sample customer (`INVALID_DEFINITION`). Every
 * detail carries a JSON pointer into the body (`/content/subject`). Pure.
 *
 * @example checkTemplateInput({ id: 'welcome', name: 'Welcome', channel: 'email', content: { subject: 'Hi {{ frist_name }}' } }, context)
 * // { ok: false, problem: { code: 'INVALID_DEFINITION', details: [{ pointer: '/content', … "html" or "text" … }, { pointer: '/content/subject', … }] } }
 */
export function checkTemplateInput(body: unknown, context: TemplateInputContext): Result<CheckedTemplateInput> {
  const valid = validateAgainstSchema<TemplateInput>('template-input', body);
  if (!valid.ok) return valid;
  const input = valid.value;
  if (context.pathId !== undefined && input.id !== undefined && input.id !== context.pathId) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/id', message: `is "${input.id}" but the URL names "${context.pathId}"; a template's id never changes.` }]));
  }
  const id = input.id ?? context.pathId;
  if (id === undefined) return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/id', message: 'is required: journeys refer to the template by it. Use lowercase letters, digits, "_" and "-".' }]));

  const details = listMissingChannelFields(input.channel, input.content, '/content');
  const checked = checkTemplate(input.content, context.sampleCustomer, { pointer: '/content', clock: context.clock, journey: { id: 'template-library', step: id }, links: sampleLinksOf(input.channel) });
  if (!checked.ok) details.push(...checked.problem.details);
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details));
  return ok({
    id,
    name: input.name,
    description: input.description ?? '',
    channel: input.channel,
    content: input.content,
    ...(input.version === undefined ? {} : { expectedVersion: input.version }),
    warnings: checked.ok ? checked.value.warnings : [],
  });
}
