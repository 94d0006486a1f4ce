import type { ConsentDefaults, Customer } from '../../schemas/types';

/** Channels that reach a person and therefore need their consent. */
export const consentChannels = ['email', 'sms', 'push'] as const;

/**
 * What a missing consent value means per channel when the journey does not say: email is opt-out
 * (customers receive email until they withdraw consent), SMS and push are opt-in (nothing until
 * they give it), matching what SMS and push rules commonly require.
 */
export const defaultConsent: Required<ConsentDefaults> = { email: 'opt-out', sms: 'opt-in', push: 'opt-in' };

/** The words that grant consent (any case); every other word refuses it. */
const granting = new Set(['true', 'yes', 'y', '1', 'on', 'granted', 'given', 'accepted', 'subscribed', 'opted-in', 'opt-in', 'optin']);

/**
 * Reads `attributes.consent.<channel>` as the systems that feed identify traits send it: a boolean,
 * 1 / 0, a word ("granted", "yes", "subscribed", "opted-in", … grant; "denied", "no", "unsubscribed",
 * "false", … refuse), or an object carrying one of those in `status`, `granted` or `value`.
 * `undefined` (no answer: the opt-in / opt-out rule decides) only when the value is missing, null or
 * blank. Any other value refuses: a value nobody here understands ("pending", a double opt-in not yet
 * confirmed) must not send.
 */
function readConsent(customer: Customer, channel: string): boolean | undefined {
  const consent = customer.attributes.consent;
  if (!consent || typeof consent !== 'object') return undefined;
  return consentValue((consent as Record<string, unknown>)[channel], true);
}

function consentValue(value: unknown, mayNest: boolean): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') {
    const word = value.trim().toLowerCase();
    return word === '' ? undefined : granting.has(word);
  }
  if (mayNest && typeof value === 'object' && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    for (const key of ['status', 'granted', 'value']) if (key in record) return consentValue(record[key], false) ?? false;
  }
  return false;
}

/** The word an unsubscribe link writes (and CRMs send) for leaving a channel's marketing. */
export const marketingOptOut = 'unsubscribed';

/** The customer's raw answer for the channel: the value, or in an object the first of `status`, `granted`, `value` it has (as consentValue reads it). */
function answerOf(customer: Customer, channel: string): unknown {
  const consent = customer.attributes.consent;
  if (!consent || typeof consent !== 'object') return undefined;
  const value = (consent as Record<string, unknown>)[channel];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  const record = value as Record<string, unknown>;
  const key = ['status', 'granted', 'value'].find((name) => name in record);
  return key === undefined ? undefined : record[key];
}

/** Whether the customer's answer for the channel is the marketing opt-out word. */
export function isMarketingOptOut(customer: Customer, channel: string): boolean {
  const word = answerOf(customer, channel);
  return typeof word === 'string' && word.trim().toLowerCase() === marketingOptOut;
}

/**
 * Whether the customer's explicit answer refuses the channel outright: a refusal other than the
 * marketing opt-out (`false`, `"denied"`, …), which also stops transactional sends. An unsubscribe
 * link must not turn it into the weaker opt-out.
 */
export function refusesOutright(customer: Customer, channel: string): boolean {
  return readConsent(customer, channel) === false && !isMarketingOptOut(customer, channel);
}

/**
 * Whether the customer may be sent a message on a channel. An explicit answer in
 * `attributes.consent.<channel>` always wins; otherwise the journey's (or the default) opt-in /
 * opt-out rule decides. Channels that do not reach a person (webhook, log, task) need no consent.
 *
 * A transactional send (a receipt, a password reset) is not stopped by `"unsubscribed"`, the marketing
 * opt-out an unsubscribe link writes: for it that answer counts as none, and the rule decides (email
 * goes, SMS and push still need an opt-in). Every other refusal (`false`, `"denied"`, …) stops it too.
 */
export function hasConsent(customer: Customer, channel: string, defaults: ConsentDefaults | undefined, options: { transactional?: boolean } = {}): boolean {
  if (!(consentChannels as readonly string[]).includes(channel)) return true;
  const explicit = options.transactional && isMarketingOptOut(customer, channel) ? undefined : readConsent(customer, channel);
  if (explicit !== undefined) return explicit;
  const rule = defaults?.[channel as keyof ConsentDefaults] ?? defaultConsent[channel as keyof ConsentDefaults];
  return rule === 'opt-out';
}
