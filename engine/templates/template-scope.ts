import type { Customer } from '../../schemas/types';

/**
 * What a template may read about the customer: the customer document or a part of it (the editor
 * checks templates against made-up customers that have only the fields the marketer typed).
 */
export type TemplateCustomer = Partial<Customer>;

/** Everything a message is rendered from. */
export interface TemplateInput {
  customer: TemplateCustomer;
  /** The event that triggered the step (a Segment-spec message), when there is one. */
  event?: Readonly<Record<string, unknown>> | null;
  /** The journey and step sending the message. */
  journey?: { id: string; step: string; name?: string };
  /** URLs the sender generates per message: `unsubscribe`, `preferences`, `view_in_browser`, … */
  links?: Readonly<Record<string, string>>;
}

/**
 * The names a template can start a variable with. Anything else is a typo (`{{ frist_name }}`), and
 * `checkTemplate` reports it; missing values under these roots render empty by design.
 */
export const templateRoots = ['customer', 'attributes', 'traits', 'segments', 'event', 'journey', 'links', 'now'] as const;

export type TemplateRoot = (typeof templateRoots)[number];

/**
 * Builds the variables of one render. `attributes`, `traits` and `segments` are shortcuts for the same
 * fields under `customer`, so `{{ attributes.first_name }}` and `{{ customer.attributes.first_name }}`
 * agree. `now` is the render time from the caller's clock as an ISO string (`{{ now | date: "%Y" }}`).
 * `meta` and `journeys` of the customer document are bookkeeping and stay out of reach.
 */
export function buildTemplateScope(input: TemplateInput, now: number): Record<TemplateRoot, unknown> {
  const { customer } = input;
  const attributes = customer.attributes ?? {};
  const traits = customer.traits ?? {};
  const segments = customer.segments ?? [];
  return {
    customer: {
      id: customer._id ?? null,
      userId: customer.userId ?? null,
      anonymousIds: customer.anonymousIds ?? [],
      attributes,
      traits,
      segments,
      segmentsEnteredAt: customer.segmentsEnteredAt ?? {},
      createdAt: customer.createdAt ?? null,
    },
    attributes,
    traits,
    segments,
    event: input.event ?? null,
    journey: input.journey ?? null,
    links: input.links ?? {},
    now: new Date(now).toISOString(),
  };
}
