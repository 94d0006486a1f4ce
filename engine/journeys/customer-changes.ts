import type { Customer } from '../../schemas/types';
import { withFields } from '../store/index';

/**
 * The customer-document changes journey actions make. Each returns a new customer and never mutates
 * the one it is given (store documents are read-only). Journeys write these attributes directly: a
 * later identify that sets the same key replaces them, like any newer value.
 */

/** Where tags live: an array of strings under attributes. */
export const tagsAttribute = 'tags';
/** The loyalty points balance journeys award and redeem. */
export const loyaltyPointsAttribute = 'loyalty_points';
/** The lifecycle stage a journey sets explicitly (computed stages live in traits.lifecycle_stage). */
export const lifecycleStageAttribute = 'lifecycle_stage';

/** Effects that change facts segments may test: after them, memberships are re-evaluated. */
const customerChangingEffects: ReadonlySet<string> = new Set(['update-attributes', 'change-tags', 'change-loyalty-points', 'set-lifecycle-stage']);

/** Whether a step's effects changed facts of the customer that segments may test. */
export function changesCustomerFacts(effects: readonly { kind: string }[]): boolean {
  return effects.some((effect) => customerChangingEffects.has(effect.kind));
}

function withAttributes(customer: Customer, attributes: Record<string, unknown>): Customer {
  return { ...customer, attributes };
}

/** Sets and removes top-level attributes. */
export function updateCustomerAttributes(customer: Customer, set: Readonly<Record<string, unknown>>, unset: readonly string[]): Customer {
  const attributes: Record<string, unknown> = Object.assign({}, customer.attributes);
  for (const key of unset) delete attributes[key];
  for (const [key, value] of Object.entries(set)) attributes[key] = structuredClone(value);
  return withAttributes(customer, attributes);
}

/** The customer's tags (strings only; anything else under the attribute is ignored). */
export function readTags(customer: Customer): string[] {
  const tags = customer.attributes[tagsAttribute];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** Adds and removes tags, keeping their order and no duplicates. */
export function changeCustomerTags(customer: Customer, add: readonly string[], remove: readonly string[]): Customer {
  const removed = new Set(remove);
  const tags = readTags(customer).filter((tag) => !removed.has(tag));
  for (const tag of add) if (!tags.includes(tag) && !removed.has(tag)) tags.push(tag);
  return withAttributes(customer, withFields(customer.attributes, { [tagsAttribute]: tags }));
}

/** The customer's loyalty points balance (0 when unset or not a number). */
export function readLoyaltyPoints(customer: Customer): number {
  const points = customer.attributes[loyaltyPointsAttribute];
  return typeof points === 'number' && Number.isFinite(points) ? points : 0;
}

/**
 * Awards or redeems points. A redemption larger than the balance changes nothing and says so: a
 * journey must never drive a balance negative.
 */
export function changeLoyaltyPoints(
  customer: Customer,
  operation: 'award' | 'redeem',
  points: number,
): { customer: Customer; applied: boolean; balance: number } {
  const balance = readLoyaltyPoints(customer);
  if (operation === 'redeem' && points > balance) return { customer, applied: false, balance };
  const next = operation === 'award' ? balance + points : balance - points;
  return { customer: withAttributes(customer, withFields(customer.attributes, { [loyaltyPointsAttribute]: next })), applied: true, balance: next };
}

/** Sets the explicit lifecycle stage. */
export function setCustomerLifecycleStage(customer: Customer, stage: string): Customer {
  return withAttributes(customer, withFields(customer.attributes, { [lifecycleStageAttribute]: stage }));
}
