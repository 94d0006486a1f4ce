import type { Customer } from '../../schemas/types';
import { mergeAttributes } from './attribute-tree';
import { countEventInTraits, orderCompletedEvent, orderRefundedEvent, setMoneyTraits, setOrderInTraits } from './built-in-traits';
import { stampOfEvent, timeOfStamp } from './event-stamp';
import { amountOfOrder } from './money-amount';
import { recordOrder, recordRefund } from './order-ledger';
import { attributesOfEvent, countedEventName, deviceTimeZoneOf, type ProfileEvent } from './profile-event';
import { readProfileMeta, withProfileMeta, type ProfileMeta } from './profile-meta';

/**
 * The customer after one event. Pure: returns a new document (sharing unchanged parts) and never mutates
 * its arguments, which may be frozen store documents. Exact under out-of-order delivery: any order of the
 * same events gives the same customer (attributes and the device's time zone by event time, counts and
 * sums order-independent).
 * Does not bump `version` or `updatedAt`; the pipeline does.
 *
 * Besides attributes and traits it records ids the event brings: a customer without a `userId` takes the
 * event's, and the event's `anonymousId` joins `anonymousIds` (kept sorted, so arrival order leaves no trace).
 *
 * @example applyEventToCustomer(customer, { type: 'track', event: 'Order Completed', messageId: 'm1', timestamp: '2024-01-01T10:00:00.000Z', properties: { revenue: 20 } }).traits.orders_count
 */
export function applyEventToCustomer(customer: Customer, event: ProfileEvent): Customer {
  const stamp = stampOfEvent(event);
  const time = timeOfStamp(stamp);
  const meta = readProfileMeta(customer);
  let { attributes } = customer;
  let { attributeStamps, orders, timezoneStamp } = meta;

  const assigned = attributesOfEvent(event);
  if (assigned) {
    const merged = mergeAttributes({ values: attributes, stamps: attributeStamps }, assigned, stamp);
    attributes = merged.values;
    attributeStamps = merged.stamps;
  }

  // Performance notes: the traits are copied once (countEventInTraits) and that private copy is
  // completed in place, rather than copied again by each helper; `meta` keeps its identity when the
  // event changed no bookkeeping (most events), which spares the store re-logging and re-indexing it.
  const traits = countEventInTraits(customer.traits, time, countedEventName(event));
  if (event.type === 'track' && event.event === orderCompletedEvent) {
    setOrderInTraits(traits, time);
    orders = recordOrder(orders, time.slice(0, 10), amountOfOrder(event.properties));
  } else if (event.type === 'track' && event.event === orderRefundedEvent) {
    orders = recordRefund(orders, amountOfOrder(event.properties));
  }
  setMoneyTraits(traits, orders);
  // The device's zone by event time, like an attribute: the latest event that sent a valid one wins. Its
  // stamp moves on with every such event even when the zone stays (a later one must still lose to it),
  // so `meta` changes on those events; the store logs only the changed key.
  const deviceZone = deviceTimeZoneOf(event);
  if (deviceZone !== null && (timezoneStamp === undefined || stamp > timezoneStamp)) {
    traits.timezone = deviceZone;
    timezoneStamp = stamp;
  }

  const storedMeta = customer.meta as Partial<ProfileMeta> | undefined;
  const isMetaCurrent =
    storedMeta?.attributeStamps === attributeStamps && storedMeta.orders === orders && storedMeta.timezoneStamp === timezoneStamp && storedMeta.mergedFrom !== undefined;
  return {
    ...customer,
    userId: customer.userId ?? (typeof event.userId === 'string' && event.userId !== '' ? event.userId : null),
    anonymousIds: withAnonymousId(customer.anonymousIds, event.anonymousId),
    attributes,
    traits,
    meta: isMetaCurrent
      ? customer.meta
      : withProfileMeta(customer, timezoneStamp === undefined ? { ...meta, attributeStamps, orders } : { ...meta, attributeStamps, orders, timezoneStamp }),
  };
}

function withAnonymousId(anonymousIds: string[], anonymousId: string | null | undefined): string[] {
  if (typeof anonymousId !== 'string' || anonymousId === '' || anonymousIds.includes(anonymousId)) return anonymousIds;
  return [...anonymousIds, anonymousId].sort();
}
