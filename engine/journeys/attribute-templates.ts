import type { Customer } from '../../schemas/types';
import { hasLiquidMarkup, renderJsonTemplate } from '../templates/index';
import type { JourneyEvent } from './journey-event';

/** What an update-attributes value template is rendered over: what a send step's template sees. */
export interface AttributeTemplateInput {
  customer: Customer;
  /** The event that moved this step (none after a delay or wait timeout). */
  event?: JourneyEvent;
  journey: { id: string; step: string; name?: string };
  now: number;
}

/** A `set` value that did not render for this customer: its attribute is left as it was. */
export interface AttributeRenderFailure {
  key: string;
  message: string;
}

export interface RenderedAttributeValues {
  set: Record<string, unknown>;
  failed: AttributeRenderFailure[];
}

/**
 * The values an update-attributes step sets for one customer. A string value containing Liquid
 * (`{{` or `{%`) is a template, rendered as a JSON value (`renderJsonTemplate`): a lone
 * `{{ event.properties.total }}` keeps its type (a number stays a number, a missing value is null),
 * anything else renders to a string. Other values, and strings without Liquid, are set as they are,
 * without a render; when no value is a template, `set` itself is returned. Parsed templates come from
 * the template engine's cache, so a journey version's templates are parsed once, not per customer.
 *
 * A value that fails to render at run time (a render limit hit, or a template that bypassed
 * validation) leaves that attribute unchanged and is reported in `failed`; the other values are set and
 * the journey goes on, as a send whose template fails goes on after recording the failure.
 *
 * @example renderAttributeValues({ last_code: '{{ event.properties.code }}', plan: 'gold' }, { customer, event, journey, now })
 * // { set: { last_code: 'SPRING24', plan: 'gold' }, failed: [] }
 */
export function renderAttributeValues(set: Readonly<Record<string, unknown>>, input: AttributeTemplateInput): RenderedAttributeValues {
  const failed: AttributeRenderFailure[] = [];
  if (!Object.values(set).some((value) => typeof value === 'string' && hasLiquidMarkup(value))) return { set: set as Record<string, unknown>, failed };
  const templateInput = { customer: input.customer, event: (input.event ?? null) as Record<string, unknown> | null, journey: input.journey };
  const clock = { now: () => input.now };
  const rendered: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(set)) {
    if (typeof value !== 'string' || !hasLiquidMarkup(value)) {
      rendered[key] = value;
      continue;
    }
    const result = renderJsonTemplate(value, templateInput, { clock });
    if (result.ok) rendered[key] = result.value;
    else failed.push({ key, message: result.problem.details.map((detail) => detail.message).join('; ') });
  }
  return { set: rendered, failed };
}
