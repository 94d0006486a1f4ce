import type { Customer } from '../../schemas/types';
import { contactOf, type MessageContact } from '../../engine/journeys/index';

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

/**
 * A customer's addresses and name, read from the identify traits the Segment spec names (contactOf:
 * `email`, `phone`, `name` or first + last name, push tokens). Fields the customer lacks stay absent;
 * the channel that needs one fails the delivery with INVALID_RECIPIENT.
 */
export function resolveRecipient(customer: Pick<Customer, 'attributes' | 'userId'>): Recipient {
  return { userId: customer.userId ?? null, ...contactOf(customer.attributes ?? {}) };
}

/**
 * The recipient of an outbox record whose address was resolved when the step ran (`to`: an email
 * address, a phone number, or the push tokens), for the channel the record names, with what the record
 * kept of the customer then (`contact`: the name an email is addressed to; every address for a message on
 * the webhook channel). Webhook and task steps address no person and get only the user id.
 */
export function buildRecipient(channel: string, to: string | readonly string[] | null, userId: string | null = null, contact: MessageContact = {}): Recipient {
  const recipient: Recipient = { ...contact, userId };
  if (to === null) return recipient;
  if (channel === 'email' && typeof to === 'string') recipient.email = to;
  else if (channel === 'sms' && typeof to === 'string') recipient.phone = to;
  else if (channel === 'push') recipient.pushTokens = typeof to === 'string' ? [to] : [...to];
  return recipient;
}
