import type { Customer } from '../../schemas/types';

/** Where a message goes, taken from the customer's attributes. */
export interface Recipient {
  email?: string;
  /** Display name for the email `To` header. */
  name?: string;
  /** E.164 phone number for SMS. */
  phone?: string;
  /** Device tokens for push. */
  pushTokens?: string[];
  userId?: string | null;
}

function readString(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/**
 * Reads a customer's addresses from the identify traits the Segment spec names: `email`, `phone`,
 * `name` (or `first_name`/`firstName` + `last_name`/`lastName`), and push tokens from `push_tokens`
 * (a list) or `push_token`. Fields the customer lacks stay absent; the channel that needs one fails
 * the delivery with INVALID_RECIPIENT.
 */
export function resolveRecipient(customer: Pick<Customer, 'attributes' | 'userId'>): Recipient {
  const attributes = customer.attributes ?? {};
  const recipient: Recipient = { userId: customer.userId ?? null };
  const email = readString(attributes.email);
  if (email) recipient.email = email;
  const phone = readString(attributes.phone);
  if (phone) recipient.phone = phone;
  const first = readString(attributes.first_name) ?? readString(attributes.firstName);
  const last = readString(attributes.last_name) ?? readString(attributes.lastName);
  const name = readString(attributes.name) ?? ([first, last].filter(Boolean).join(' ') || undefined);
  if (name) recipient.name = name;
  const tokens = Array.isArray(attributes.push_tokens) ? attributes.push_tokens : [attributes.push_token];
  const pushTokens = tokens.map(readString).filter((token): token is string => token !== undefined);
  if (pushTokens.length > 0) recipient.pushTokens = [...new Set(pushTokens)];
  return recipient;
}

/**
 * The recipient of an outbox record whose address was resolved when the step ran (`to`: an email
 * address, a phone number, or the push tokens), for the channel the record names. Other channels
 * (webhook, log, task) address no person and get only the user id.
 */
export function buildRecipient(channel: string, to: string | readonly string[] | null, userId: string | null = null): Recipient {
  const recipient: Recipient = { userId };
  if (to === null) return recipient;
  if (channel === 'email' && typeof to === 'string') recipient.email = to;
  else if (channel === 'sms' && typeof to === 'string') recipient.phone = to;
  else if (channel === 'push') recipient.pushTokens = typeof to === 'string' ? [to] : [...to];
  return recipient;
}
