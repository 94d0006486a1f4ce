/**
 * The closed set of reasons a delivery fails, with whether retrying can help. These are outcome
 * values stored on outbox records and shown to operators, not API errors: a client never receives
 * them as a `Problem`, so they live here rather than in engine/errors. docs/channels.md lists them.
 */
export const deliveryErrorCodes = {
  INVALID_RECIPIENT: { permanent: true, meaning: 'The customer has no usable address for this channel (no email, phone or push token, or a malformed one).' },
  INVALID_MESSAGE: { permanent: true, meaning: 'The rendered message lacks what the channel needs (an email without subject or body, an SMS without body), names an endpoint the channel cannot use, or the request cannot be built from it and the channel\'s settings.' },
  UNKNOWN_CHANNEL: { permanent: true, meaning: 'No channel of that name in the workspace config.' },
  EGRESS_REFUSED: { permanent: true, meaning: 'The SSRF policy refused the host: it is or resolves to a private, loopback, link-local or metadata address that is not allow-listed.' },
  REJECTED: { permanent: true, meaning: 'The receiver refused for good: SMTP 5xx or authentication failure, HTTP 4xx other than 408 and 429, another 3xx.' },
  REDIRECT_REFUSED: { permanent: true, meaning: 'The endpoint redirected and the redirect may not be followed (not enabled, too many, 301/302/303 for a POST, https to http).' },
  DEFERRED: { permanent: false, meaning: 'The receiver refused for now: SMTP 4xx, HTTP 408, 429 or 5xx. Retry later (Retry-After is honoured).' },
  CONNECTION_FAILED: { permanent: false, meaning: 'No connection (refused, DNS failure, TLS failure), or it broke. Broken after the message was handed over, the receiver may have it (`maybeDelivered`).' },
  TIMEOUT: { permanent: false, meaning: 'The receiver did not answer within the configured time. After the message was handed over, the receiver may have it (`maybeDelivered`).' },
  CHANNEL_CLOSED: { permanent: false, meaning: 'The channel was closed (the process is shutting down); another worker retries.' },
  WRITE_FAILED: { permanent: false, meaning: 'The log channel could not write its file.' },
} as const satisfies Record<string, { permanent: boolean; meaning: string }>;

export type DeliveryErrorCode = keyof typeof deliveryErrorCodes;

/** Why a delivery failed. */
export interface DeliveryError {
  code: DeliveryErrorCode;
  message: string;
  /** The receiver's status: SMTP reply code or HTTP status. */
  responseCode?: number;
  /** The receiver asked to wait this long before retrying (HTTP Retry-After). */
  retryAfterSeconds?: number;
  /**
   * The message was handed over (the SMTP DATA, the whole HTTP request) and the answer never came: a
   * timeout or a broken connection. The receiver may have it, so a resend is safe only where the
   * receiver drops a second copy by its idempotency key (webhooks): SMTP servers and SMS and push
   * gateways do not, and the worker marks such a message `uncertain` instead of retrying it.
   */
  maybeDelivered?: true;
}

/**
 * What `channel.deliver` returns; it never throws for a delivery problem. `permanent: true` means
 * retrying cannot help (the outbox worker marks the record failed); otherwise schedule a retry with
 * `nextRetryAt` — unless `error.maybeDelivered` and the channel's receivers cannot drop a second copy.
 */
export type DeliveryResult =
  | { status: 'sent'; providerMessageId: string | null; detail: string }
  | { status: 'failed'; permanent: boolean; error: DeliveryError };

/** A successful delivery. */
export function deliverySent(providerMessageId: string | null, detail: string): DeliveryResult {
  return { status: 'sent', providerMessageId, detail };
}

/** A failed delivery; permanence follows from the code. */
export function deliveryFailed(code: DeliveryErrorCode, message: string, extra: Omit<DeliveryError, 'code' | 'message'> = {}): DeliveryResult {
  return { status: 'failed', permanent: deliveryErrorCodes[code].permanent, error: { code, message, ...extra } };
}
