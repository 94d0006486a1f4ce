import { createProblem, escapePointerSegment, fail, ok, type ProblemDetail, type Result } from '../../engine/errors/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import type { ChannelConfig, ChannelSettings, SecretValue, SmtpChannelSettings } from '../../schemas/types';
import { createEgressPolicy } from './egress-policy';
import { readMailboxAddress } from './email-address';

/** Where `{ "env": "NAME" }` secrets are read from: the server's environment, or a test's table. */
export type SecretEnvironment = Readonly<Record<string, string | undefined>>;

/** Headers a channel sets itself; a config may not override them. */
const reservedHeaders = new Set([
  'content-type', 'content-length', 'host', 'connection', 'transfer-encoding', 'user-agent',
  'idempotency-key', 'x-wayfarer-signature', 'x-wayfarer-attempt', 'i-twilio-idempotency-token',
]);

/**
 * Characters a header value cannot carry: anything outside RFC 9110's field-value (tab, space, visible
 * ASCII, 0x80–0xFF), which is Node's own rule — it throws for them when the request is built. CR and
 * LF above all: they would end the header and start another one.
 */
const invalidHeaderValueCharacter = /[^\t\x20-\x7e\x80-\xff]/;

/** Signing secrets shorter than this are guessable by brute force. */
const minimumSigningSecretLength = 16;

/** A secret's value: inline, or read from the environment. Undefined when the variable is unset. */
export function resolveSecret(secret: SecretValue, env: SecretEnvironment): string | undefined {
  if (typeof secret === 'string') return secret;
  const value = env[secret.env];
  return value === undefined || value === '' ? undefined : value;
}

function checkSecret(secret: SecretValue | undefined, pointer: string, env: SecretEnvironment, signing: boolean, details: ProblemDetail[]): void {
  if (secret === undefined) return;
  const value = resolveSecret(secret, env);
  if (value === undefined) {
    const variable = typeof secret === 'string' ? 'named' : secret.env;
    details.push({ pointer, message: `The environment variable ${variable} is not set on the server. Set it, or give the secret inline.` });
  } else if (signing && value.length < minimumSigningSecretLength) {
    details.push({ pointer, message: `A signing secret needs at least ${minimumSigningSecretLength} characters; generate one with \`openssl rand -hex 32\`.` });
  }
}

function checkSmtp(settings: SmtpChannelSettings, pointer: string, env: SecretEnvironment, details: ProblemDetail[]): void {
  if (!readMailboxAddress(settings.from)) details.push({ pointer: `${pointer}/from`, message: `"${settings.from}" is not an email address or "Name <address>".` });
  if (settings.replyTo !== undefined && !readMailboxAddress(settings.replyTo)) details.push({ pointer: `${pointer}/replyTo`, message: `"${settings.replyTo}" is not an email address or "Name <address>".` });
  if (settings.auth) checkSecret(settings.auth.pass, `${pointer}/auth/pass`, env, false, details);
}

function checkHttp(settings: Exclude<ChannelSettings, SmtpChannelSettings | { kind: 'log' }>, pointer: string, env: SecretEnvironment, details: ProblemDetail[]): void {
  const url = settings.url === undefined ? undefined : URL.canParse(settings.url) ? new URL(settings.url) : null;
  if (url === null || (url && url.protocol !== 'http:' && url.protocol !== 'https:')) details.push({ pointer: `${pointer}/url`, message: 'Give an absolute http:// or https:// URL.' });
  else if (url && (url.username || url.password)) details.push({ pointer: `${pointer}/url`, message: 'Credentials in the URL are not sent; move them to basicAuth.' });
  checkSecret(settings.secret, `${pointer}/secret`, env, true, details);
  checkSecret(settings.previousSecret, `${pointer}/previousSecret`, env, true, details);
  if (settings.previousSecret !== undefined && settings.secret === undefined) details.push({ pointer: `${pointer}/previousSecret`, message: 'previousSecret only makes sense next to secret.' });
  if (settings.basicAuth) checkSecret(settings.basicAuth.password, `${pointer}/basicAuth/password`, env, false, details);
  for (const header of Object.keys(settings.headers ?? {})) {
    const lower = header.toLowerCase();
    if (reservedHeaders.has(lower) || (lower === 'authorization' && settings.basicAuth)) {
      details.push({ pointer: `${pointer}/headers/${escapePointerSegment(header)}`, message: `${header} is set by the channel itself and cannot be configured.` });
    }
  }
  if (settings.kind === 'sms' && settings.format === 'twilio') {
    if (!settings.from) details.push({ pointer: `${pointer}/from`, message: 'Twilio needs the sender: a phone number in E.164 form or a Messaging Service SID (MG…).' });
    if (!settings.basicAuth) details.push({ pointer: `${pointer}/basicAuth`, message: 'Twilio needs basicAuth: the account SID as username and the auth token as password.' });
  } else if (settings.secret === undefined) {
    details.push({ pointer: `${pointer}/secret`, message: 'is required: receivers verify every request with it (X-Wayfarer-Signature).' });
  }
}

/** Each configured header value that no request could carry, with its pointer. */
function findUnsendableHeaderValues(config: ChannelConfig): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  for (const [name, settings] of Object.entries(config.channels)) {
    if (settings.kind === 'smtp' || settings.kind === 'log') continue;
    for (const [header, headerValue] of Object.entries(settings.headers ?? {})) {
      const character = invalidHeaderValueCharacter.exec(headerValue)?.[0];
      if (character === undefined) continue;
      const code = `U+${character.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
      details.push({
        pointer: `/channels/${escapePointerSegment(name)}/headers/${escapePointerSegment(header)}`,
        message: `A header value cannot contain ${code}: it carries tab, space and printable ASCII or Latin-1 characters only (CR or LF would end the header and start another). Remove it.`,
      });
    }
  }
  return details;
}

/**
 * Validates a workspace's channel config: the schema (`channel-config`) and the header values every
 * request will carry, then what a schema cannot say — URLs, sender addresses, the egress allow-list,
 * that `env` secrets exist on this server and signing secrets are long enough, and that no configured
 * header overrides one the channel sets.
 */
export function parseChannelConfig(value: unknown, env: SecretEnvironment): Result<ChannelConfig> {
  const valid = validateAgainstSchema<ChannelConfig>('channel-config', value);
  if (!valid.ok) return valid;
  const config = valid.value;
  // A malformed value, refused as the schema's errors are (400): accepted, it failed every delivery.
  const unsendable = findUnsendableHeaderValues(config);
  if (unsendable.length > 0) return fail(createProblem('VALIDATION_FAILED', unsendable, 'The channel config has header values no request can carry. Each detail points at one.'));
  const details: ProblemDetail[] = [];
  const policy = createEgressPolicy(config.egress?.allow ?? []);
  if (!policy.ok) details.push(...policy.problem.details);
  for (const [name, settings] of Object.entries(config.channels)) {
    const pointer = `/channels/${escapePointerSegment(name)}`;
    if (settings.kind === 'smtp') checkSmtp(settings, pointer, env, details);
    else if (settings.kind !== 'log') checkHttp(settings, pointer, env, details);
  }
  if (details.length > 0) return fail(createProblem('INVALID_DEFINITION', details, 'The channel config is inconsistent. Each detail points at one setting and says what to change.'));
  return ok(config);
}
