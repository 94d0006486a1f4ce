import type { Customer } from '../../schemas/types';
import { combineAttributes } from './attribute-tree';
import { builtInTraitNames, combineBuiltInTraits, withMoneyTraits } from './built-in-traits';
import type { EventStamp } from './event-stamp';
import { combineOrderLedgers } from './order-ledger';
import { withMergedLedgers } from './change-ledger';
import { pointsLedger } from './points-ledger';
import { tagLedger } from './tag-ledger';
import { readProfileMeta, withProfileMeta } from './profile-meta';
import { withFields } from '../store/index';

/**
 * The known customer after absorbing an anonymous one (an alias, or an identify carrying both ids).
 * Pure; the caller deletes the anonymous document and re-points its events in the same commit.
 *
 * - attributes: per path by event time, exactly as if every event of both had been applied to one customer;
 *   a loyalty points balance and a tag list take both customers' journey changes (change-ledger.ts);
 * - built-in traits: counts and event_counts add, first times take the earlier, last times the later,
 *   money from the combined ledger, `timezone` from the customer whose zone came with the later event;
 * - other traits (computed: rfm, clv, custom) are the known customer's, plus any only the anonymous one
 *   had — their owners recompute them after the merge;
 * - `userId`, `_id`, `segments`, `segmentsEnteredAt`, `journeys`, `version` and `updatedAt` are the known
 *   customer's (the segments stage re-evaluates membership for the merged profile; the journeys stage
 *   takes over the anonymous customer's journeys: adoptMergedJourneys); `createdAt` is the earlier of the two;
 * - `anonymousIds`: sorted union.
 *
 * Idempotent: the anonymous `_id` is recorded in `meta.mergedFrom`, and merging the same customer again
 * returns `known` unchanged.
 */
export function mergeCustomers(known: Customer, anonymous: Customer): Customer {
  const knownMeta = readProfileMeta(known);
  if (anonymous._id === known._id || knownMeta.mergedFrom.includes(anonymous._id)) return known;
  const anonymousMeta = readProfileMeta(anonymous);

  const attributes = combineAttributes(
    { values: known.attributes, stamps: knownMeta.attributeStamps },
    { values: anonymous.attributes, stamps: anonymousMeta.attributeStamps },
  );
  const orders = combineOrderLedgers(knownMeta.orders, anonymousMeta.orders);
  const traits = withMoneyTraits(
    combineBuiltInTraits({ ...otherTraits(anonymous), ...known.traits }, anonymous.traits),
    orders,
  );
  // The device's zone of whichever customer heard it later (by stamp), as if one customer had heard both.
  const timezoneStamp = laterStamp(knownMeta.timezoneStamp, anonymousMeta.timezoneStamp);
  if (timezoneStamp !== undefined && timezoneStamp !== knownMeta.timezoneStamp) traits.timezone = anonymous.traits.timezone;
  const mergedFrom = [...new Set([...knownMeta.mergedFrom, ...anonymousMeta.mergedFrom, anonymous._id])].sort();

  const merged: Customer = {
    ...known,
    userId: known.userId ?? anonymous.userId,
    anonymousIds: [...new Set([...known.anonymousIds, ...anonymous.anonymousIds])].sort(),
    attributes: attributes.values,
    traits,
    createdAt: anonymous.createdAt < known.createdAt ? anonymous.createdAt : known.createdAt,
    meta: withProfileMeta(
      { ...known, meta: withFields(anonymous.meta, known.meta ?? {}) },
      timezoneStamp === undefined ? { attributeStamps: attributes.stamps, orders, mergedFrom } : { attributeStamps: attributes.stamps, orders, mergedFrom, timezoneStamp },
    ),
  };
  return withMergedLedgers(tagLedger, withMergedLedgers(pointsLedger, merged, known, anonymous), known, anonymous);
}

function laterStamp(a: EventStamp | undefined, b: EventStamp | undefined): EventStamp | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

/** A customer's traits other than the built-ins. */
function otherTraits(customer: Customer): Customer['traits'] {
  const traits: Customer['traits'] = { ...customer.traits };
  for (const name of builtInTraitNames) delete traits[name];
  return traits;
}
