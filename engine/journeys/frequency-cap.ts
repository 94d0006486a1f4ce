import type { Customer, FrequencyCap } from '../../schemas/types';
import { subtractDuration } from './delay-due-time';
import { withFields } from '../store/index';

/**
 * Send times per channel, kept on the customer document (`meta.journeySends`) so a cap check and the
 * send it allows commit atomically with the customer, across every journey.
 */
export const sendLogKey = 'journeySends';
/** Send times older than this are dropped; no cap window may be longer (validation enforces it). */
export const sendLogRetentionDays = 366;
/** At most this many send times per channel are kept (no cap allows more than 100). */
export const sendLogLimit = 100;

type SendLog = Record<string, string[]>;

function readSendLog(customer: Customer): SendLog {
  const log = customer.meta?.[sendLogKey];
  return log && typeof log === 'object' ? (log as SendLog) : {};
}

/**
 * The send log of a customer who absorbed another (an identity merge): every send of both, so frequency
 * caps count the sends to either. A multiset, not a set: two messages held to the same moment (both
 * customers queued for when quiet hours end) are two sends, as withdrawSend also holds.
 *
 * `customer` is the merged draft (mergeCustomers). When the remaining customer had no send log, the
 * profile's merge carried the absorbed customer's over as it was (it keeps meta keys only one side has),
 * so the draft holds the very same log object: those are the absorbed customer's sends, counted once.
 * An equal log in a different object is the remaining customer's own, and adds. A customer is never
 * combined with itself. A merge applied a second time (a standalone MongoDB's partial commit left the
 * absorbed customer in place) counts the absorbed customer's sends again: times alone cannot tell the
 * ones combined before from ones made since, and a cap counting one send too many only holds one back.
 */
export function combineSendLogs(customer: Customer, absorbed: Customer): Customer {
  if (absorbed._id === customer._id) return customer;
  const theirs = readSendLog(absorbed);
  if (Object.keys(theirs).length === 0) return customer;
  const carriedOver = customer.meta?.[sendLogKey] === absorbed.meta?.[sendLogKey];
  const ours = carriedOver ? {} : readSendLog(customer);
  const log: SendLog = { ...ours };
  for (const [channel, times] of Object.entries(theirs)) log[channel] = [...(ours[channel] ?? []), ...times].sort().slice(-sendLogLimit);
  return { ...customer, meta: withFields(customer.meta, { [sendLogKey]: log }) };
}

/** The send times on a channel within `window` before `now` (later ones too: queued for quiet hours). */
export function countRecentSends(customer: Customer, channel: string, window: string, now: number): number {
  const since = new Date(subtractDuration(now, window, 'UTC')).toISOString();
  return (readSendLog(customer)[channel] ?? []).filter((at) => at > since).length;
}

/** The first cap on the channel that one more send would break, if any. */
export function findExceededCap(customer: Customer, channel: string, caps: readonly FrequencyCap[] | undefined, now: number): FrequencyCap | undefined {
  return caps?.find((cap) => cap.channel === channel && countRecentSends(customer, channel, cap.window, now) >= cap.limit);
}

/** The customer with one more send on the channel at `at`, old entries pruned. */
export function recordSend(customer: Customer, channel: string, at: number, now: number): Customer {
  const log = readSendLog(customer);
  const oldest = new Date(now - sendLogRetentionDays * 86_400_000).toISOString();
  const times = [...(log[channel] ?? []).filter((time) => time > oldest), new Date(at).toISOString()].sort().slice(-sendLogLimit);
  return { ...customer, meta: withFields(customer.meta, { [sendLogKey]: withFields(log, { [channel]: times }) }) };
}

/**
 * The customer with one send time on the channel taken back (its message will never go out), or the
 * same customer when the log does not hold it (pruned, or never recorded). Only one entry goes: two
 * messages queued for the same moment (both held to when quiet hours end) are two sends.
 */
export function withdrawSend(customer: Customer, channel: string, at: string): Customer {
  const log = readSendLog(customer);
  const times = log[channel] ?? [];
  const index = times.indexOf(at);
  if (index < 0) return customer;
  const kept = [...times.slice(0, index), ...times.slice(index + 1)];
  return { ...customer, meta: withFields(customer.meta, { [sendLogKey]: withFields(log, { [channel]: kept }) }) };
}
