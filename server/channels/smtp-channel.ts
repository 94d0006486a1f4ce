import net from 'node:net';
import nodemailer from 'nodemailer';
import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { Channel, OutboundMessage } from './channel';
import { deliveryFailed, deliverySent, type DeliveryResult } from './delivery-result';
import { checkEgressHost, createGuardedLookup, type HostResolver } from './egress-guard';
import type { EgressPolicy } from './egress-policy';
import { isEmailAddress } from './email-address';
import { assertIdempotencyKey, toMessageId } from './idempotency-key';
import { trackSmtpHandovers, type SmtpHandover } from './smtp-handover';

/** The longest line a message header may have, without its CRLF (RFC 5322, section 2.1.1). */
const maxHeaderLineLength = 998;

/** SMTP settings with secrets resolved and defaults applied. */
export interface SmtpSettings {
  host: string;
  port: number;
  secure: boolean;
  requireTls: boolean;
  auth?: { user: string; pass: string };
  from: string;
  replyTo?: string;
  messageIdDomain: string;
  maxConnections: number;
  maxMessages: number;
  connectionTimeoutMs: number;
  greetingTimeoutMs: number;
  socketTimeoutMs: number;
  tls: { rejectUnauthorized: boolean; servername?: string };
}

export interface SmtpChannelOptions {
  name: string;
  settings: SmtpSettings;
  policy: EgressPolicy;
  resolver: HostResolver;
}

interface SmtpError extends Error {
  code?: string;
  responseCode?: number;
}

/**
 * Maps a nodemailer error to an outcome. The SMTP reply code decides when there is one (RFC 5321:
 * 5xx permanent, 4xx transient). Without one the connection failed or timed out: before the message
 * was handed over (`handover`) that is worth retrying; after it the server may have accepted the
 * message and only its answer was lost, so the failure says `maybeDelivered`.
 */
function toSmtpFailure(error: SmtpError, handover: SmtpHandover): DeliveryResult {
  const reply = typeof error.responseCode === 'number' ? { responseCode: error.responseCode } : {};
  if (error.code === 'EGRESS_REFUSED') return deliveryFailed('EGRESS_REFUSED', error.message);
  if (error.responseCode !== undefined && error.responseCode >= 500) return deliveryFailed('REJECTED', `SMTP ${error.message}`, reply);
  if (error.responseCode !== undefined && error.responseCode >= 400) return deliveryFailed('DEFERRED', `SMTP ${error.message}`, reply);
  const unknown = handover.started ? { maybeDelivered: true as const } : {};
  const when = handover.started ? ' after the message was handed over (the server may have it)' : '';
  switch (error.code) {
    case 'ETIMEDOUT':
      return deliveryFailed('TIMEOUT', `SMTP server did not answer in time${when}: ${error.message}`, unknown);
    case 'EAUTH':
      return deliveryFailed('REJECTED', `SMTP authentication failed: ${error.message}. Check the channel's auth settings.`);
    case 'EENVELOPE':
      return deliveryFailed('INVALID_RECIPIENT', `SMTP envelope refused: ${error.message}`);
    case 'EMESSAGE':
      return deliveryFailed('INVALID_MESSAGE', `The message could not be built: ${error.message}`);
    default:
      return deliveryFailed('CONNECTION_FAILED', `SMTP connection failed${when} (${error.code ?? 'no code'}): ${error.message}`, unknown);
  }
}

/**
 * Opens the TCP connection for nodemailer through the egress guard: the SMTP host is checked and the
 * socket connects to exactly the address that was checked. TLS (implicit or STARTTLS) is then done
 * by nodemailer on this socket against the configured host name.
 */
function connectGuardedSocket(settings: SmtpSettings, policy: EgressPolicy, resolver: HostResolver, callback: (error: Error | null, socketOptions?: { connection: net.Socket }) => void): void {
  const refused = checkEgressHost(settings.host, policy);
  if (refused) {
    setImmediate(() => callback(refused));
    return;
  }
  let done = false;
  const finish = (error: Error | null, socket?: net.Socket) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    if (error) {
      socket?.destroy();
      const code = (error as SmtpError).code;
      // nodemailer reads `code`: keep the two that map to their own outcome, the rest are connection failures.
      callback(Object.assign(error, { code: code === 'EGRESS_REFUSED' || code === 'ETIMEDOUT' ? code : 'ECONNECTION' }));
    } else if (socket) {
      callback(null, { connection: socket });
    }
  };
  const socket = net.connect({ host: settings.host.replace(/^\[|\]$/g, ''), port: settings.port, lookup: createGuardedLookup(policy, resolver) });
  const timer = setTimeout(() => finish(Object.assign(new Error(`no connection to ${settings.host}:${settings.port} within ${settings.connectionTimeoutMs} ms`), { code: 'ETIMEDOUT' }), socket), settings.connectionTimeoutMs);
  socket.once('connect', () => finish(null, socket));
  socket.once('error', (error) => finish(error, socket));
}

/**
 * Email over SMTP through one pooled nodemailer transport per channel, reused by every send. The
 * idempotency key becomes the Message-ID (`<key@wayfarer.example.com>`) and the
 * `X-Wayfarer-Idempotency-Key` header, so a resent message is recognisably the same message — but
 * SMTP servers do not drop a second copy by it, which is why a failure after the message was handed
 * over says `maybeDelivered` rather than inviting a retry.
 */
export function createSmtpChannel(options: SmtpChannelOptions): Channel {
  const { settings, policy, resolver } = options;
  const poolOptions: SMTPPool.Options = {
    pool: true,
    host: settings.host,
    port: settings.port,
    secure: settings.secure,
    requireTLS: settings.requireTls,
    auth: settings.auth,
    maxConnections: settings.maxConnections,
    maxMessages: settings.maxMessages,
    connectionTimeout: settings.connectionTimeoutMs,
    greetingTimeout: settings.greetingTimeoutMs,
    socketTimeout: settings.socketTimeoutMs,
    tls: { rejectUnauthorized: settings.tls.rejectUnauthorized, ...(settings.tls.servername ? { servername: settings.tls.servername } : {}) },
    getSocket: (_socketOptions, callback) => connectGuardedSocket(settings, policy, resolver, callback),
    // Messages are built only from the rendered strings given here, never from files or URLs.
    disableFileAccess: true,
    disableUrlAccess: true,
  };
  const transport = nodemailer.createTransport(poolOptions);
  const trackSend = trackSmtpHandovers(transport);
  let closed = false;

  return {
    name: options.name,
    kind: 'smtp',
    async deliver(message: OutboundMessage, key: string): Promise<DeliveryResult> {
      assertIdempotencyKey(key);
      const messageId = toMessageId(key, settings.messageIdDomain);
      if (closed) return deliveryFailed('CHANNEL_CLOSED', `Channel ${options.name} is closed.`);
      const { recipient, content } = message;
      if (!recipient.email || !isEmailAddress(recipient.email)) {
        const why = recipient.email ? `has the email "${recipient.email}", which is not an address` : 'has no email attribute';
        return deliveryFailed('INVALID_RECIPIENT', `Customer ${message.metadata.customerId} ${why}.`);
      }
      if (!content.subject) return deliveryFailed('INVALID_MESSAGE', 'An email needs a subject; the template renders none.');
      if (!content.html && !content.text) return deliveryFailed('INVALID_MESSAGE', 'An email needs an html or text body; the template renders neither.');
      const headers: Record<string, string> = { 'X-Wayfarer-Idempotency-Key': key };
      if (message.unsubscribeUrl !== undefined) {
        const url = URL.canParse(message.unsubscribeUrl) ? new URL(message.unsubscribeUrl) : undefined;
        if (!url || (url.protocol !== 'https:' && url.protocol !== 'http:')) return deliveryFailed('INVALID_MESSAGE', `The unsubscribe URL "${message.unsubscribeUrl}" is not an http(s) URL.`);
        // A URL cannot be folded across lines, and a header line may hold 998 characters (RFC 5322).
        // A longer link (a userId of 256 letters does not make one; 256 emoji, or quote marks, which
        // JSON escapes, can) stays in the body and out of the header, where a mail server could
        // refuse the whole message for it.
        if (`List-Unsubscribe: <${url.href}>`.length <= maxHeaderLineLength) {
          headers['List-Unsubscribe'] = `<${url.href}>`;
          // RFC 8058 one-click unsubscribe (required by Gmail and Yahoo for bulk senders) needs https.
          if (url.protocol === 'https:') headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
        }
      }
      const send = trackSend(messageId);
      try {
        const info = await transport.sendMail({
          from: settings.from,
          replyTo: settings.replyTo,
          to: recipient.name ? { name: recipient.name, address: recipient.email } : recipient.email,
          subject: content.subject,
          html: content.html,
          text: content.text,
          messageId,
          headers,
        });
        const serverMessageId = (info as { serverMessageId?: string }).serverMessageId;
        return deliverySent(serverMessageId ?? info.messageId ?? messageId, String(info.response ?? 'accepted'));
      } catch (error) {
        return toSmtpFailure(error as SmtpError, send.handover);
      } finally {
        send.end();
      }
    },
    async close() {
      closed = true;
      transport.close();
    },
  };
}
