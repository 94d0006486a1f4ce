/**
 * How a customer is reached and addressed, read from the identify traits the Segment spec names:
 * `email`, `phone`, `name` (or `first_name`/`firstName` + `last_name`/`lastName`), and push tokens from
 * `push_tokens` (a list) or `push_token`. Fields the customer lacks stay absent.
 */
export interface MessageContact {
  email?: string;
  /** Display name, for the email `To` header. */
  name?: string;
  /** E.164 phone number, for SMS. */
  phone?: string;
  pushTokens?: string[];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** The customer's contact details, from their attributes. */
export function contactOf(attributes: Readonly<Record<string, unknown>>): MessageContact {
  const contact: MessageContact = {};
  const email = text(attributes.email);
  if (email) contact.email = email;
  const first = text(attributes.first_name) ?? text(attributes.firstName);
  const last = text(attributes.last_name) ?? text(attributes.lastName);
  const name = text(attributes.name) ?? ([first, last].filter(Boolean).join(' ') || undefined);
  if (name) contact.name = name;
  const phone = text(attributes.phone);
  if (phone) contact.phone = phone;
  const tokens = [...(Array.isArray(attributes.push_tokens) ? attributes.push_tokens : []), attributes.push_token].map(text).filter((token): token is string => token !== undefined);
  if (tokens.length > 0) contact.pushTokens = [...new Set(tokens)];
  return contact;
}
