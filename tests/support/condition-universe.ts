/**
 * The facts and value pools shared by the randomised condition tests (differential test, benchmark):
 * conditions and customer documents draw from the same pools so comparisons often hit, and documents
 * also get wrong types, nulls, missing fields and arrays where scalars belong.
 */
import type { ElementType, FactType } from '../../engine/rules/index';

export const universeNow = Date.parse('2024-06-15T12:00:00.000Z');
const day = 86_400_000;

export interface UniverseFact {
  fact: string;
  path?: string;
  type: FactType;
  items?: ElementType;
  scope: 'customer' | 'event';
}

export const universeFacts: UniverseFact[] = [
  { fact: 'traits.orders_count', type: 'number', scope: 'customer' },
  { fact: 'traits.revenue_total', type: 'number', scope: 'customer' },
  { fact: 'attributes.age', type: 'number', scope: 'customer' },
  { fact: 'traits.rfm.r', type: 'number', scope: 'customer' },
  { fact: 'traits.event_counts.Order Completed', type: 'number', scope: 'customer' },
  { fact: 'traits.rfm', path: '$.m', type: 'number', scope: 'customer' },
  { fact: 'traits.clv', path: '$.p_alive', type: 'number', scope: 'customer' },
  { fact: 'attributes.city', type: 'string', scope: 'customer' },
  { fact: 'attributes.country', type: 'string', scope: 'customer' },
  { fact: 'traits.value_tier.tier', type: 'string', scope: 'customer' },
  { fact: 'traits.rfm.group', type: 'string', scope: 'customer' },
  { fact: 'traits.rfm', path: '$.score', type: 'string', scope: 'customer' },
  { fact: 'userId', type: 'string', scope: 'customer' },
  { fact: 'journeys.j1.state', type: 'string', scope: 'customer' },
  { fact: 'attributes.address.city', type: 'any', scope: 'customer' },
  { fact: 'attributes.plan', type: 'any', scope: 'customer' },
  { fact: 'attributes.consent.email', type: 'boolean', scope: 'customer' },
  { fact: 'attributes.consent', path: '$.sms', type: 'boolean', scope: 'customer' },
  { fact: 'traits.last_order_at', type: 'date', scope: 'customer' },
  { fact: 'traits.first_order_at', type: 'date', scope: 'customer' },
  { fact: 'createdAt', type: 'date', scope: 'customer' },
  { fact: 'attributes.birthday', type: 'date', scope: 'customer' },
  { fact: 'segmentsEnteredAt.seg_a', type: 'date', scope: 'customer' },
  { fact: 'attributes.tags', type: 'array', items: 'string', scope: 'customer' },
  { fact: 'attributes.interests', type: 'array', items: 'string', scope: 'customer' },
  { fact: 'segments', type: 'array', items: 'string', scope: 'customer' },
  { fact: 'attributes.consent', type: 'object', scope: 'customer' },
  { fact: 'event.event', type: 'string', scope: 'event' },
  { fact: 'event.properties.total', type: 'number', scope: 'event' },
  { fact: 'event.properties.currency', type: 'string', scope: 'event' },
  { fact: 'event.timestamp', type: 'date', scope: 'event' },
  { fact: 'event.properties.coupon', type: 'any', scope: 'event' },
];

export const numberPool = [0, 1, 2, 3, 4, 5, 10, 2.5, -1, 100, 250.75, 1000];
/** Numbers written as text: plain decimals, and forms only JavaScript reads as numbers. */
export const numericTextPool = ['3', '10', '2.5', '-1', '1e3', '007', '0', ' 3', '3 ', '+3', '.5', '0x10', 'Infinity', '', '5abc', '1e400'];
export const stringPool = ['London', 'Paris', 'london', 'Berlin', 'high', 'mid', 'low', 'Champions', 'Lost', '', 'Lon', 'Lo', 'é', 'Ünïcödé', '$gt', '{"$ne":null}', 'a.b', 'welcome', 'user_1', '2024-06-01', 'null', 'true', '555', '5'];
export const prefixPool = ['Lo', 'L', 'London', 'l', '$', '$g', 'a.', '2024-06', 'é', '{"', 'Ü', '5', '(', '.*', 'user_'];
export const elementPool = ['vip', 'new', 'x', 'seg_a', 'seg_b', 'running', '3', '', '$in'];
export const arrayPool: unknown[][] = [['vip'], ['vip', 'new'], [], ['new'], ['x', 1], [null], [['vip']], [3], ['3'], ['seg_a', 'seg_b'], ['running', 'cycling'], [1, 2, 3], [{ a: 1 }], ['2024-06-01T00:00:00.000Z'], ['London']];
export const objectPool: unknown[] = [{}, { r: 5, m: 3, group: 'x' }, { city: 'London' }, { email: true, sms: false }];
export const dayCountPool = [0, 1, 7, 30, 90, 365, 0.5];
export const wholeDayPool = [0, 1, 7, 30, 100, 365, 366];

/** Timestamps around "now": canonical ones at many offsets, window edges, dates without time, odd forms. */
export function createDatePool(now = universeNow): { valid: string[]; odd: string[]; birthdays: string[] } {
  const valid: string[] = [];
  for (const offset of [-800, -400, -366, -365, -120, -91, -90, -89, -31, -30, -29, -8, -7, -6, -2, -1, -0.5, 0, 1, 10]) {
    valid.push(new Date(now + offset * day).toISOString());
  }
  for (const edge of [30, 7, 90, 1]) {
    valid.push(new Date(now - edge * day - 1).toISOString(), new Date(now - edge * day + 1).toISOString());
  }
  valid.push(new Date(now + 1).toISOString(), '2024-06-15', '2024-06-14', '2024-05-16', '2024-03-17', '2023-06-15', '2024-01-01');
  const odd = ['2024-06-01T10:00:00Z', '2024-6-1', 'yesterday', '2024-06-15T12:00:00.000+02:00', '20240601', ' 2024-06-01', '1e3'];
  const birthdays = ['2000-02-29', '1990-06-15', '1990-06-16', '1985-06-22', '1970-07-15', '1999-06-14', '1988-12-31', '1992-01-01', '2004-02-28', '1995-03-01', '1991-04-31', '1980-06-15T00:00:00.000Z'];
  return { valid, odd, birthdays };
}
