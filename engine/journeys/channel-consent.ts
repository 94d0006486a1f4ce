import type { ConsentDefaults, Customer } from '../../schemas/types';

/** Channels that reach a person and therefore need their consent. */
export const consentChannels = ['email', 'sms', 'push'] as const;

/**
 * What a missing consent value means per channel when the journey does not say: email is opt-out
 * (customers receive email until they withdraw consent), SMS and push are opt-in (nothing until
 * they give it), matching what SMS and push rules commonly require.
 */
export const defaultConsent: Required<ConsentDefaults> = { email: 'opt-out', sms: 'opt-in', push: 'opt-in' };

/** Reads `attributes.consent.<channel>`: true / false, or "granted" / "denied" / "subscribed" / "unsubscribed". */
function readConsent(customer: Customer, channel: string): boolean | undefined {
  const consent = customer.attributes.consent;
  if (!consent || typeof consent !== 'object') return undefined;
  const value = (consent as Record<string, unknown>)[channel];
  if (typeof value === 'boolean') return value;
  if (value === 'granted' || value === 'subscribed' || value === 'opted-in') return true;
  if (value === 'denied' || value === 'unsubscribed' || value === 'opted-out') return false;
  return undefined;
}

/**
 * Whether the customer may be sent a message on a channel. An explicit answer in
 * `attributes.consent.<channel>` always wins; otherwise the journey's (or the default) opt-in /
 * opt-out rule decides. Channels that do not reach a person (webhook, log, task) need no consent.
 */
export function hasConsent(customer: Customer, channel: string, defaults: ConsentDefaults | undefined): boolean {
  if (!(consentChannels as readonly string[]).includes(channel)) return true;
  const explicit = readConsent(customer, channel);
  if (explicit !== undefined) return explicit;
  const rule = defaults?.[channel as keyof ConsentDefaults] ?? defaultConsent[channel as keyof ConsentDefaults];
  return rule === 'opt-out';
}
