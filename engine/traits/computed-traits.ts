import type { Customer, StoredEvent } from '../../schemas/types';
import type { CompiledTrait } from './compiled-trait';
import { readTraitStates, type TraitState, type TraitStates } from './customer-trait-state';
import type { TraitValue } from './trait-aggregation';
import { bucketExpiryOf, firstDayOfWindow, isBucketInWindow } from './trait-window';

/** A request to rebuild some traits of one customer id from its stored events. */
export interface TraitRebuildRequest {
  customerId: string;
  traits: CompiledTrait[];
}

/**
 * Rebuilds trait states from stored events (by the events' `customerId`), at `now`. The traits stage
 * reads the store; a backfill serves a whole chunk of customers from one query.
 */
export type TraitStateRebuilder = (requests: TraitRebuildRequest[], now: number) => Promise<Map<string, Record<string, TraitState>>>;

export interface ComputedTraitsInput {
  /** The event being ingested, or null for a re-evaluation on the clock. */
  event: StoredEvent | null;
  traits: readonly CompiledTrait[];
  now: number;
  /** The customer was created by this event: a missing state means "no events yet", not "stale". */
  isNew: boolean;
  rebuild: TraitStateRebuilder;
  /** Trait ids to rebuild from stored events whatever their states say (a backfill). */
  forceRebuild?: ReadonlySet<string>;
}

export interface ComputedTraitsResult {
  /** The customer with `traits.<id>` set for every definition and the states to keep (not yet written to meta). */
  customer: Customer;
  states: Record<string, TraitState>;
  /** When a windowed value next changes with no event (epoch ms), or null. */
  nextChangeAt: number | null;
}

/**
 * Brings a customer's computed traits up to date: combines the state blocks it carries (its own and
 * those of customers merged into it), rebuilds from stored events any part whose definition revision
 * changed, adds the event, drops what left each window at `now`, and sets `traits.<id>`. Traits of
 * deleted definitions are removed. Exact whatever order events arrive in (aggregation states are
 * order-independent; windows count by event time).
 */
export function updateComputedTraits(customer: Customer, input: ComputedTraitsInput): ComputedTraitsResult | Promise<ComputedTraitsResult> {
  const { own, foreign } = readTraitStates(customer);
  const forced = input.forceRebuild;
  const requests = new Map<string, CompiledTrait[]>();
  for (const trait of input.traits) {
    const ownState = own?.[trait.id];
    if (!isCurrentState(ownState, trait, forced) && !(input.isNew && ownState === undefined && !forced?.has(trait.id))) addRequest(requests, customer._id, trait);
    for (const part of foreign) if (!isCurrentState(part.states[trait.id], trait, forced)) addRequest(requests, part.customerId, trait);
  }
  // Performance notes: synchronous unless something must be rebuilt from stored events, so the
  // ingestion stage pays no promise per event in the common case.
  if (requests.size === 0) return combineComputedTraits(customer, input, own, foreign, noRebuilds);
  return input.rebuild([...requests].map(([customerId, traits]) => ({ customerId, traits })), input.now).then((rebuilt) => combineComputedTraits(customer, input, own, foreign, rebuilt));
}

const noRebuilds: ReadonlyMap<string, Record<string, TraitState>> = new Map();

/** The second half of updateComputedTraits, once the states that needed a rebuild are rebuilt. */
function combineComputedTraits(
  customer: Customer,
  input: ComputedTraitsInput,
  own: TraitStates | null,
  foreign: ReturnType<typeof readTraitStates>['foreign'],
  rebuilt: ReadonlyMap<string, Record<string, TraitState>>,
): ComputedTraitsResult {
  const forced = input.forceRebuild;
  const states: Record<string, TraitState> = {};
  const values: Record<string, TraitValue> = {};
  const currentTraits = customer.traits as Record<string, unknown>;
  let ownCovered = 0;
  let nextChangeAt: number | null = null;
  for (const trait of input.traits) {
    const { aggregation } = trait;
    const ownState = own?.[trait.id];
    if (ownState !== undefined) ownCovered++;
    const firstDay = firstDayOfWindow(input.now, trait.windowDays);
    const contribution = input.event ? trait.contributionOf(input.event) : null;
    const counts = contribution !== null && isBucketInWindow(contribution.bucket, firstDay);
    // Untouched: no event of this trait, nothing merged in, nothing left the window since it was computed.
    if (foreign.length === 0 && !counts && isCurrentState(ownState, trait, forced) && Object.hasOwn(currentTraits, trait.id) && (ownState!.next ?? Infinity) > input.now) {
      states[trait.id] = ownState!;
      if (ownState!.next != null && (nextChangeAt === null || ownState!.next < nextChangeAt)) nextChangeAt = ownState!.next;
      continue;
    }
    let data = partOf(rebuilt, customer._id, own, trait, forced);
    for (const part of foreign) data = aggregation.combine(data, partOf(rebuilt, part.customerId, part.states, trait, forced));
    if (counts) data = aggregation.add(data, contribution.bucket, contribution.stamp, contribution.value);
    data = aggregation.prune(data, firstDay);
    const oldest = trait.windowDays === null ? null : aggregation.oldestBucket(data);
    const next = oldest === null ? null : bucketExpiryOf(oldest, trait.windowDays as number);
    states[trait.id] = ownState && ownState.data === data && ownState.next === next && isCurrentState(ownState, trait, forced) ? ownState : { revision: trait.revision, data, next };
    values[trait.id] = aggregation.valueOf(data);
    if (next !== null && (nextChangeAt === null || next < nextChangeAt)) nextChangeAt = next;
  }
  // States of definitions that no longer exist: only when some block holds a trait not listed.
  const dropped = foreign.length > 0 || (own !== null && Object.keys(own).length !== ownCovered) ? [own, ...foreign.map((part) => part.states)] : [];
  return { customer: withTraitValues(customer, values, dropped), states, nextChangeAt };
}

function isCurrentState(state: TraitState | undefined, trait: CompiledTrait, forced: ReadonlySet<string> | undefined): boolean {
  return state !== undefined && state.revision === trait.revision && !forced?.has(trait.id);
}

function addRequest(requests: Map<string, CompiledTrait[]>, customerId: string, trait: CompiledTrait): void {
  const list = requests.get(customerId);
  if (list) list.push(trait);
  else requests.set(customerId, [trait]);
}

/** One customer's part of a trait's state: the stored one when current, else the rebuilt one. */
function partOf(rebuilt: ReadonlyMap<string, Record<string, TraitState>>, customerId: string, states: TraitStates | null, trait: CompiledTrait, forced: ReadonlySet<string> | undefined): unknown {
  const stored = states?.[trait.id];
  if (isCurrentState(stored, trait, forced)) return stored!.data;
  return rebuilt.get(customerId)?.[trait.id]?.data ?? trait.aggregation.empty();
}

/**
 * Folds events into fresh states of the given traits at `now` (events outside a window are skipped,
 * order does not matter). What a rebuild does with a customer's stored events.
 */
export async function foldTraitEvents(events: Iterable<StoredEvent> | AsyncIterable<StoredEvent>, traits: readonly CompiledTrait[], now: number): Promise<Record<string, TraitState>> {
  const data = traits.map((trait) => trait.aggregation.empty());
  const firstDays = traits.map((trait) => firstDayOfWindow(now, trait.windowDays));
  for await (const event of events) {
    traits.forEach((trait, index) => {
      const contribution = trait.contributionOf(event);
      if (contribution && isBucketInWindow(contribution.bucket, firstDays[index])) {
        data[index] = trait.aggregation.add(data[index], contribution.bucket, contribution.stamp, contribution.value);
      }
    });
  }
  const states: Record<string, TraitState> = {};
  traits.forEach((trait, index) => {
    const pruned = trait.aggregation.prune(data[index], firstDays[index]);
    const oldest = trait.windowDays === null ? null : trait.aggregation.oldestBucket(pruned);
    states[trait.id] = { revision: trait.revision, data: pruned, next: oldest === null ? null : bucketExpiryOf(oldest, trait.windowDays as number) };
  });
  return states;
}

/** The customer's traits with the computed values set and the traits of dropped definitions removed. */
function withTraitValues(customer: Customer, values: Record<string, TraitValue>, previous: Array<TraitStates | null>): Customer {
  let traits: Customer['traits'] | null = null;
  const current = customer.traits as Record<string, unknown>;
  for (const id of Object.keys(values)) {
    if (Object.hasOwn(current, id) && current[id] === values[id]) continue;
    traits ??= { ...customer.traits };
    traits[id] = values[id];
  }
  for (const states of previous) {
    if (!states) continue;
    for (const id of Object.keys(states)) {
      if (Object.hasOwn(values, id) || !Object.hasOwn(current, id)) continue;
      traits ??= { ...customer.traits };
      delete traits[id];
    }
  }
  return traits ? { ...customer, traits } : customer;
}
