import { createCipheriv, createDecipheriv, createHmac, timingSafeEqual } from 'node:crypto';

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

/** What starts a sealed token; a signed (version 1) token is two base64url parts and never starts so. */
const sealedPrefix = 'u2.';
const legacyVersion = 1;
const sealedVersion = 2;
const ivBytes = 12;
const tagBytes = 16;

interface WorkspaceKeys {
  /** Signs version 1 tokens (links in messages made before tokens were sealed). */
  sign: Buffer;
  /** Encrypts the claim (AES-256-GCM). */
  seal: Buffer;
  /** Makes each sealed token's IV from its plaintext. */
  iv: Buffer;
}

/** Derived keys by secret and workspace: three HMACs fewer per message. Cleared when it grows past a bound. */
const workspaceKeys = new Map<string, WorkspaceKeys>();

/** Each workspace has its own keys, derived from the server's secret. */
function keysOf(secret: string, workspace: string): WorkspaceKeys {
  const id = `${secret}\u0000${workspace}`;
  let keys = workspaceKeys.get(id);
  if (!keys) {
    if (workspaceKeys.size >= 10_000) workspaceKeys.clear();
    const sign = createHmac('sha256', secret).update(`unsubscribe-key:${workspace}`).digest();
    keys = { sign, seal: createHmac('sha256', sign).update('seal').digest(), iv: createHmac('sha256', sign).update('iv').digest() };
    workspaceKeys.set(id, keys);
  }
  return keys;
}

/**
 * A message key begins with its workspace (`<workspace>.<instance>.<step>.<visit>`), which the token
 * carries already: only the rest is sealed. A key that does not is sealed whole, in a one-element list.
 */
function keyWithinWorkspace(workspace: string, messageKey: string): string | [string] {
  return messageKey.startsWith(`${workspace}.`) ? messageKey.slice(workspace.length + 1) : [messageKey];
}

function fullMessageKey(workspace: string, sealed: unknown): unknown {
  if (typeof sealed === 'string') return `${workspace}.${sealed}`;
  return Array.isArray(sealed) && sealed.length === 1 ? sealed[0] : null;
}

/**
 * The token of an unsubscribe link: `u2.<workspace>.<sealed>`, where `sealed` is the rest of the claim
 * as JSON, encrypted and authenticated with AES-256-GCM under a key of the workspace, with the
 * workspace as associated data. Anyone holding a link can use it (that is what a link in an email is
 * for); nobody can read whom it names (a forwarded email does not show the userId), change it, or
 * make one for another customer or message without the secret.
 *
 * The IV is an HMAC of the plaintext under a key of its own (a synthetic IV): the same message always
 * gets the same link, and an IV can repeat only with its own plaintext, which GCM needs. What this
 * shows an onlooker is only whether two links are the same.
 */
export function makeUnsubscribeToken(secret: string, claim: UnsubscribeClaim): string {
  const keys = keysOf(secret, claim.workspace);
  const plaintext = Buffer.from(JSON.stringify([sealedVersion, claim.channel, claim.customerId, claim.userId, claim.anonymousId, claim.journeyId, keyWithinWorkspace(claim.workspace, claim.messageKey)]));
  const iv = createHmac('sha256', keys.iv).update(plaintext).digest().subarray(0, ivBytes);
  const cipher = createCipheriv('aes-256-gcm', keys.seal, iv, { authTagLength: tagBytes });
  cipher.setAAD(Buffer.from(claim.workspace));
  const sealed = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
  return `${sealedPrefix}${claim.workspace}.${sealed.toString('base64url')}`;
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** The claim of a token this server made, or null for anything else (altered, truncated, another secret's). */
export function readUnsubscribeToken(secret: string, token: string): UnsubscribeClaim | null {
  return token.startsWith(sealedPrefix) ? readSealedToken(secret, token.slice(sealedPrefix.length)) : readSignedToken(secret, token);
}

function readSealedToken(secret: string, rest: string): UnsubscribeClaim | null {
  const [workspace, sealedText, ...extra] = rest.split('.');
  if (!isText(workspace) || !sealedText || extra.length > 0) return null;
  const sealed = Buffer.from(sealedText, 'base64url');
  if (sealed.length <= ivBytes + tagBytes || sealed.toString('base64url') !== sealedText) return null;
  let fields: unknown;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keysOf(secret, workspace).seal, sealed.subarray(0, ivBytes), { authTagLength: tagBytes });
    decipher.setAAD(Buffer.from(workspace));
    decipher.setAuthTag(sealed.subarray(sealed.length - tagBytes));
    const plaintext = Buffer.concat([decipher.update(sealed.subarray(ivBytes, sealed.length - tagBytes)), decipher.final()]);
    fields = JSON.parse(plaintext.toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 7 || fields[0] !== sealedVersion) return null;
  const [, channel, customerId, userId, anonymousId, journeyId, messageKey] = fields as unknown[];
  return claimOf([workspace, channel, customerId, userId, anonymousId, journeyId, fullMessageKey(workspace, messageKey)]);
}

/**
 * A version 1 token, as messages made before tokens were sealed carry: the claim as base64url JSON, a
 * dot, and its HMAC-SHA256. Still honoured, so links in messages already sent keep working.
 */
function readSignedToken(secret: string, token: string): UnsubscribeClaim | null {
  const [payload, signature, ...rest] = token.split('.');
  if (!payload || !signature || rest.length > 0) return null;
  let fields: unknown;
  try {
    fields = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(fields) || fields.length !== 8 || fields[0] !== legacyVersion) return null;
  const claim = claimOf(fields.slice(1));
  if (!claim) return null;
  const expected = createHmac('sha256', keysOf(secret, claim.workspace).sign).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  return given.length === expected.length && timingSafeEqual(given, expected) ? claim : null;
}

/** The claim from its fields in token order, or null when one is missing or of the wrong type. */
function claimOf(fields: unknown[]): UnsubscribeClaim | null {
  const [workspace, channel, customerId, userId, anonymousId, journeyId, messageKey] = fields;
  if (!isText(workspace) || !isText(channel) || !isText(customerId) || !isText(journeyId) || !isText(messageKey)) return null;
  if (!(userId === null || isText(userId)) || !(anonymousId === null || isText(anonymousId)) || (userId === null && anonymousId === null)) return null;
  return { workspace, channel, customerId, userId, anonymousId, journeyId, messageKey };
}
