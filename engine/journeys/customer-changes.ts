import type { Customer } from '../../schemas/types';
import { applyTagChange, loyaltyPointsAttribute, pointsLedger, readLoyaltyPoints, readTags, tagChangesOf, tagLedger, tagsAttribute, withLedgerChanges, writeCustomerAttributes, type EventStamp } from '../profile/index';

export { loyaltyPointsAttribute, readLoyaltyPoints, readTags, tagsAttribute };

/**
 * The customer-document changes journey actions make. Each returns a new customer and never mutates
 * the one it is given (store documents are read-only). Each writes at a stamp (journeyWriteStamp), as
 * an identify at the step's time would: an identify stamped later replaces the value, one stamped
 * earlier does not, however late it arrives, and an identity merge keeps it.
 */

/** The lifecycle stage a journey sets explicitly (computed stages live in traits.lifecycle_stage). */
export const lifecycleStageAttribute = 'lifecycle_stage';

/** Effects that change facts segments may test: after them, memberships are re-evaluated. */
const customerChangingEffects: ReadonlySet<string> = new Set(['update-attributes', 'change-tags', 'change-loyalty-points', 'set-lifecycle-stage']);

/** Whether a step's effects changed facts of the customer that segments may test. */
export function changesCustomerFacts(effects: readonly { kind: string }[]): boolean {
  return effects.some((effect) => customerChangingEffects.has(effect.kind));
}

/**
 * The stamp of a journey's write: the step's time, then the instance and the write's place in the
 * step, so two writes of one step to one key keep their order (writeCustomerAttributes moves a
 * write past a key's newer stamp). A tie with an identify of the same millisecond goes by the
 * messageId's order against `~journey`.
 */
export function journeyWriteStamp(now: number, instanceId: string, sequence: number): EventStamp {
  return `${new Date(now).toISOString()} ~journey ${instanceId} ${String(sequence).padStart(6, '0')}`;
}

/** Sets and removes top-level attributes (a key both set and removed is set). */
export function updateCustomerAttributes(customer: Customer, set: Readonly<Record<string, unknown>>, unset: readonly string[], stamp: EventStamp): Customer {
  return writeCustomerAttributes(customer, { set, unset }, stamp);
}

/** Adds and removes tags, keeping their order and no duplicates (a tag in both is removed). */
export function changeCustomerTags(customer: Customer, add: readonly string[], remove: readonly string[], stamp: EventStamp): Customer {
  const changes = tagChangesOf(add, remove);
  if (changes.length === 0) return customer;
  const written = writeCustomerAttributes(customer, { set: { [tagsAttribute]: changes.reduce(applyTagChange, readTags(customer)) } }, stamp);
  // Kept as changes too, so an identity merge joins this customer's tags with the other's.
  return withLedgerChanges(tagLedger, customer, written, changes);
}

/** What an award or redemption did: `why` says, when it was not applied, why not. */
export interface LoyaltyPointsChange {
  customer: Customer;
  applied: boolean;
  /** The balance after the change; null when the stored balance is not a number. */
  balance: number | null;
  why?: string;
}

/**
 * Awards or redeems points, writing the new balance as a number. A redemption larger than the balance
 * changes nothing and says so: a journey must never drive a balance negative. A stored balance that is
 * not a number (readLoyaltyPoints) is left untouched and the change not applied, also saying why.
 */
export function changeLoyaltyPoints(customer: Customer, operation: 'award' | 'redeem', points: number, stamp: EventStamp): LoyaltyPointsChange {
  const balance = readLoyaltyPoints(customer);
  if (balance === null) {
    const stored = JSON.stringify(customer.attributes[loyaltyPointsAttribute]).slice(0, 80);
    return { customer, applied: false, balance: null, why: `attributes.${loyaltyPointsAttribute} holds ${stored}, which is not a number: the balance was left as it is.` };
  }
  if (operation === 'redeem' && points > balance) {
    return { customer, applied: false, balance, why: `The balance of ${balance} does not cover ${points} points: nothing was redeemed.` };
  }
  const delta = operation === 'award' ? points : -points;
  const next = balance + delta;
  const written = writeCustomerAttributes(customer, { set: { [loyaltyPointsAttribute]: next } }, stamp);
  // Kept as a change too, so an identity merge adds this customer's awards to the other's balance.
  return { customer: withLedgerChanges(pointsLedger, customer, written, [delta]), applied: true, balance: next };
}

/** Sets the explicit lifecycle stage. */
export function setCustomerLifecycleStage(customer: Customer, stage: string, stamp: EventStamp): Customer {
  return writeCustomerAttributes(customer, { set: { [lifecycleStageAttribute]: stage } }, stamp);
}
