import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Who an unsubscribe link is for, and from which message: what the link's token carries. The
 * customer is named by `_id` and as ingestion names them (a userId, else an anonymous id), so a click
 * after an alias or a merge still reaches them, and never someone else who later used the same device.
 */
export interface UnsubscribeClaim {
  workspace: string;
  /** The channel the customer leaves: `email`, `sms` or `push`. */
  channel: string;
  /** The customer's `_id` when the message was made (a merge may have folded it into another since). */
  customerId: string;
  userId: string | null;
  anonymousId: string | null;
  journeyId: string;
  /** The idempotency key of the message the link was in. */
  messageKey: string;
}

const tokenVersion = 1;

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/** Derived keys by secret and workspace: one HMAC fewer per message. Cleared when it grows past a bound. */
const workspaceKeys = new Map<string, Buffer>();

/** Each workspace signs with its own key, derived from the server's secret. */
function signatureOf(secret: string, workspace: string, payload: string): Buffer {
  const id = `${secret}\u0000${workspace}`;
  let workspaceKey = workspaceKeys.get(id);
  if (!workspaceKey) {
    if (workspaceKeys.size >= 10_000) workspaceKeys.clear();
    workspaceKey = createHmac('sha256', secret).update(`unsubscribe-key:${workspace}`).digest();
    workspaceKeys.set(id, workspaceKey);
  }
  return createHmac('sha256', workspaceKey).update(payload).digest();
}

/**
 * The token of an unsubscribe link: the claim as base64url JSON, a dot, and its HMAC-SHA256. Anyone
 * holding a link can use it (that is what a link in an email is for), nobody can make one for another
 * customer or message without the secret.
 */
export function signUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const payload = base64url(JSON.stringify([tokenVersion, claim.workspace, claim.channel, claim.customerId, claim.userId, claim.anonymousId, claim.journeyId, claim.messageKey]));
  return `${payload}.${base64url(signatureOf(secret, claim.workspace, payload))}`;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The claim of a token this server signed, or null for anything else (altered, truncated, another secret's). */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 8 || fields[0] !== tokenVersion) return null;
  const [, workspace, channel, customerId, userId, anonymousId, journeyId, messageKey] = fields as unknown[];
  if (!isText(workspace) || !isText(channel) || !isText(customerId) || !isText(journeyId) || !isText(messageKey)) return null;
  if (!(userId === null || isText(userId)) || !(anonymousId === null || isText(anonymousId)) || (userId === null && anonymousId === null)) return null;
  const expected = signatureOf(secret, workspace, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { workspace, channel, customerId, userId, anonymousId, journeyId, messageKey };
}
