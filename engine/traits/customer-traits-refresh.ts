import type { Customer, StoredEvent } from '../../schemas/types';
import { updateComputedTraits, type ComputedTraitsResult, type TraitStateRebuilder } from './computed-traits';
import { readTraitsDueAt, withTraitStates } from './customer-trait-state';
import type { LifecycleStageTrait } from './lifecycle-stage';
import { hasStaleMarketingTraits, withMarketingTraits } from './marketing-traits';
import type { TraitCatalog } from './trait-catalog';

export interface CustomerTraitsInput {
  /** The event being ingested; null when the clock or a batch job re-evaluates the customer. */
  event: StoredEvent | null;
  now: number;
  /** The customer as it was before this event (null: created by it). */
  before: Customer | null;
  rebuild: TraitStateRebuilder;
  /**
   * The marketing traits: `auto` (default) recomputes them when their inputs changed or the clock
   * reached their next change — CLV only on an order; `skip` leaves them; `{ clv }` recomputes them
   * now, CLV only when `clv` is true (a refit).
   */
  marketing?: 'auto' | 'skip' | { clv: boolean };
  /** Computed traits to rebuild from stored events whatever their states say (a backfill). */
  forceRebuild?: ReadonlySet<string>;
}

/**
 * One customer's traits brought up to date at `now`: every computed trait (windows moved to now,
 * stale parts rebuilt, the event added), and the marketing traits when their inputs changed (an order,
 * a refund, a merge, an earlier first event) or the clock has reached their next change. Sets the due
 * time the clock job watches: the earliest instant a windowed value or the lifecycle stage changes
 * with no event.
 */
export function refreshCustomerTraits(customer: Customer, catalog: TraitCatalog, input: CustomerTraitsInput): Customer | Promise<Customer> {
  const computed = updateComputedTraits(customer, {
    event: input.event,
    traits: catalog.traits,
    now: input.now,
    isNew: input.event !== null && input.before === null,
    rebuild: input.rebuild,
    forceRebuild: input.forceRebuild,
  });
  // Synchronous when no trait needs a rebuild from stored events (see updateComputedTraits).
  return computed instanceof Promise ? computed.then((result) => finishTraitsRefresh(customer, catalog, input, result)) : finishTraitsRefresh(customer, catalog, input, computed);
}

/** The marketing traits and the due time, once the computed traits are current. */
function finishTraitsRefresh(customer: Customer, catalog: TraitCatalog, input: CustomerTraitsInput, computed: ComputedTraitsResult): Customer {
  const { event, now } = input;
  let next = computed.customer;
  const marketing = input.marketing ?? 'auto';
  if (marketing !== 'skip') {
    const stale = hasStaleMarketingTraits(next);
    if (marketing === 'auto') {
      const dueAt = readTraitsDueAt(customer);
      const isDue = dueAt !== null && Date.parse(dueAt) <= now;
      const firstSeenMoved = input.before !== null && input.before.traits.first_seen_at !== next.traits.first_seen_at;
      if (event === null || isDue || firstSeenMoved || stale) next = withMarketingTraits(next, catalog, now, { clv: isOrderEvent(event) || stale });
    } else {
      next = withMarketingTraits(next, catalog, now, { clv: marketing.clv || stale });
    }
  }
  const lifecycleChange = (next.traits.lifecycle_stage as LifecycleStageTrait | undefined)?.next_change_at ?? null;
  let nextDue = computed.nextChangeAt;
  if (lifecycleChange !== null) {
    const time = Date.parse(lifecycleChange);
    if (nextDue === null || time < nextDue) nextDue = time;
  }
  return withTraitStates(next, computed.states, nextDue === null ? null : new Date(nextDue).toISOString());
}

/**
 * `after` with every marketing trait that differs from `before` only in when it was computed
 * (`scored_at`, `evaluated_at`) put back as it was, so a batch refresh writes only real changes.
 */
export function keepUnchangedMarketingTraits(before: Customer, after: Customer): Customer {
  let traits: Customer['traits'] | null = null;
  for (const key of ['rfm', 'value_tier', 'lifecycle_stage'] as const) {
    const old = before.traits[key];
    const current = after.traits[key];
    if (old === current || old === undefined || current === undefined) continue;
    if (JSON.stringify(withoutStamps(old)) !== JSON.stringify(withoutStamps(current))) continue;
    traits ??= { ...after.traits };
    traits[key] = old;
  }
  return traits ? { ...after, traits } : after;
}

function withoutStamps(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  const { scored_at: _scored, evaluated_at: _evaluated, ...rest } = value as Record<string, unknown>;
  return rest;
}

function isOrderEvent(event: StoredEvent | null): boolean {
  return event !== null && event.type === 'track' && (event.event === 'Order Completed' || event.event === 'Order Refunded');
}
