/* eslint-disable */
/**
 * GENERATED from schemas/*.schema.json by schemas/generate-types.ts — do not edit.
 * Run `npm run schemas:types` after changing a schema.
 */

/**
 * Unique per message within a workspace; a message whose messageId is already stored is ignored (de-duplication). The server fills one when absent.
 */
export type MessageId = string;
/**
 * An id that must be present: a non-empty string, or a number (stored as a string).
 */
export type RequiredMessageIdentifier = string | number;
/**
 * A user, anonymous, group or previous id. Segment libraries send strings; numbers are accepted and stored as strings. null and "" mean absent.
 */
export type MessageIdentifier = string | number | null;
/**
 * An ISO-8601 / RFC 3339 time with a time zone, e.g. 2024-05-01T12:00:00.000Z.
 */
export type MessageTimestamp = string;
/**
 * The write key, for clients that cannot send HTTP Basic auth. Never stored.
 */
export type BodyWriteKey = string;
export type ChannelSettings = (
  SmtpChannelSettings | WebhookChannelSettings | SmsChannelSettings | PushChannelSettings | LogChannelSettings
) & {
  kind: 'smtp' | 'webhook' | 'sms' | 'push' | 'log';
};
/**
 * A secret inline, or {"env": "NAME"} to read it from the server's environment when channels are built (keeps it out of the store).
 */
export type SecretValue =
  | string
  | {
      env: string;
    };
export type ChannelSettings1 = (
  SmtpChannelSettings1 | WebhookChannelSettings1 | SmsChannelSettings1 | PushChannelSettings1 | LogChannelSettings1
) & {
  kind: 'smtp' | 'webhook' | 'sms' | 'push' | 'log';
};
/**
 * A secret inline, or {"env": "NAME"} to read it from the server's environment when channels are built (keeps it out of the store).
 */
export type SecretValue1 =
  | string
  | {
      env: string;
    };
/**
 * The unit of t_x, T, alpha and forecast horizons.
 */
export type ModelTimeUnit = 'days' | 'weeks';
/**
 * A condition in json-rules-engine's JSON format: a tree of all / any / not groups whose leaves compare a fact (a dotted path into the customer document, or into the triggering event) with a value or with another fact. Type checking against the fact catalogue, limits and operator values are checked by checkCondition (engine/rules); docs/conditions.md documents the language.
 */
export type Condition = AllCondition | AnyCondition | NotCondition | FactCondition;
export type Details = ProblemDetailBody[];
export type JourneyState =
  | EntryState
  | DelayState
  | WaitState
  | SplitState
  | SendState
  | WebhookState
  | UpdateAttributesState
  | TagsState
  | LoyaltyState
  | LifecycleStageState
  | TaskState
  | GoalState
  | ExitState;
export type EntryTrigger = EventEntryTrigger | SegmentEntryTrigger | ScheduleEntryTrigger | ApiEntryTrigger;
/**
 * A condition in json-rules-engine's JSON format (schemas/condition.schema.json). Checked by checkCondition (engine/rules) during journey validation, which reports precise codes (UNKNOWN_FACT, TYPE_MISMATCH, …) rather than schema errors.
 */
export type ConditionJson = object;
export type DelayParams = DurationDelay | TimeOfDayDelay | DateAttributeDelay;
export type SplitParams = ConditionSplit | RandomSplit | AbSplit;
/**
 * A stable slug: lowercase letters, digits, '_' and '-', at most 64 characters. Journeys refer to the template by it.
 */
export type TemplateId = string;
export type TransitionTrigger = ImmediateTrigger | EventTrigger | DelayElapsedTrigger | TimeoutTrigger | BranchTrigger;
export type ExitCriterion = EventExitCriterion | SegmentExitCriterion;
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'suppressed';
/**
 * Why a message was suppressed, delayed or failed.
 */
export type MessageReason =
  | 'holdout'
  | 'consent'
  | 'no-recipient'
  | 'frequency-cap'
  | 'quiet-hours'
  | 'rate-limit'
  | 'template-error'
  | 'delivery-error'
  | 'lease-expired'
  | 'journey-ended';
export type JourneyState1 =
  | EntryState1
  | DelayState1
  | WaitState1
  | SplitState1
  | SendState1
  | WebhookState1
  | UpdateAttributesState1
  | TagsState1
  | LoyaltyState1
  | LifecycleStageState1
  | TaskState1
  | GoalState1
  | ExitState1;
export type EntryTrigger1 = EventEntryTrigger1 | SegmentEntryTrigger1 | ScheduleEntryTrigger1 | ApiEntryTrigger1;
/**
 * A condition in json-rules-engine's JSON format (schemas/condition.schema.json). Checked by checkCondition (engine/rules) during journey validation, which reports precise codes (UNKNOWN_FACT, TYPE_MISMATCH, …) rather than schema errors.
 */
export type ConditionJson1 = object;
export type DelayParams1 = DurationDelay1 | TimeOfDayDelay1 | DateAttributeDelay1;
export type SplitParams1 = ConditionSplit1 | RandomSplit1 | AbSplit1;
export type TransitionTrigger1 =
  ImmediateTrigger1 | EventTrigger1 | DelayElapsedTrigger1 | TimeoutTrigger1 | BranchTrigger1;
export type ExitCriterion1 = EventExitCriterion1 | SegmentExitCriterion1;
/**
 * Where a message goes: the send channels, plus `task` for follow-up tasks posted to a CRM.
 */
export type MessageChannel = 'email' | 'sms' | 'push' | 'webhook' | 'log' | 'task';
export type MessageStatus1 = 'queued' | 'sending' | 'sent' | 'failed' | 'uncertain' | 'suppressed';
/**
 * Why a message was suppressed, delayed or failed.
 */
export type MessageReason1 =
  | 'holdout'
  | 'consent'
  | 'no-recipient'
  | 'frequency-cap'
  | 'quiet-hours'
  | 'rate-limit'
  | 'template-error'
  | 'delivery-error'
  | 'lease-expired'
  | 'journey-ended';
/**
 * Where a message goes: the send channels, plus `task` for follow-up tasks posted to a CRM.
 */
export type MessageChannel1 = 'email' | 'sms' | 'push' | 'webhook' | 'log' | 'task';
export type PackSegment = SegmentInput & {
  /**
   * Required in a pack: journeys and other segments refer to it.
   */
  id: string;
};
/**
 * A stable slug: lowercase letters, digits, '_' and '-', at most 64 characters. It is what journeys and other segments refer to, and never changes.
 */
export type SegmentId = string;
/**
 * A condition in json-rules-engine's JSON format: a tree of all / any / not groups whose leaves compare a fact (a dotted path into the customer document, or into the triggering event) with a value or with another fact. Type checking against the fact catalogue, limits and operator values are checked by checkCondition (engine/rules); docs/conditions.md documents the language.
 */
export type Condition1 = AllCondition1 | AnyCondition1 | NotCondition1 | FactCondition1;
export type PackTemplate = TemplateInput & {
  /**
   * Required in a pack: journeys refer to it.
   */
  id: string;
};
/**
 * A stable slug: lowercase letters, digits, '_' and '-', at most 64 characters. It is what journeys and other segments refer to, and never changes.
 */
export type SegmentId1 = string;
/**
 * A stable slug: lowercase letters, digits, '_' and '-', at most 64 characters. Journeys refer to the template by it.
 */
export type TemplateId1 = string;

export interface WayfarerSchemas {
  'alias.schema.json'?: AliasMessage;
  'api-key.schema.json'?: ApiKeyView;
  'api-key-request.schema.json'?: ApiKeyRequest;
  'batch.schema.json'?: BatchRequest;
  'channel-config.schema.json'?: ChannelConfig;
  'channel-config-view.schema.json'?: ChannelConfigView;
  'clv-fit-request.schema.json'?: ClvFitRequest;
  'clv-model.schema.json'?: ClvModel;
  'condition.schema.json'?: Condition;
  'customer.schema.json'?: Customer;
  'customer-event-page.schema.json'?: CustomerEventPage;
  'customer-journey-history.schema.json'?: CustomerJourneyHistory;
  'customer-page.schema.json'?: CustomerPage;
  'event.schema.json'?: StoredEvent1;
  'fact-catalogue.schema.json'?: FactCatalogue;
  'group.schema.json'?: GroupMessage;
  'health.schema.json'?: Health;
  'identify.schema.json'?: IdentifyMessage;
  'ingest-result.schema.json'?: IngestResult;
  'journey.schema.json'?: Journey;
  'journey-analytics.schema.json'?: JourneyAnalytics;
  'journey-entry.schema.json'?: JourneyEntry;
  'journey-entry-request.schema.json'?: JourneyEntryRequest;
  'journey-list.schema.json'?: JourneyList;
  'journey-simulation.schema.json'?: JourneySimulation;
  'journey-simulation-request.schema.json'?: JourneySimulationRequest;
  'journey-validation.schema.json'?: JourneyValidation;
  'journey-version.schema.json'?: JourneyVersion;
  'journey-version-list.schema.json'?: JourneyVersionList;
  'message.schema.json'?: Message;
  'message-fields.schema.json'?: MessageFields;
  'message-page.schema.json'?: MessagePage;
  'message-resolution.schema.json'?: MessageResolution;
  'message-template.schema.json'?: MessageTemplate3;
  'page.schema.json'?: PageMessage;
  'problem.schema.json'?: Problem1;
  'rule-pack.schema.json'?: RulePack;
  'rule-pack-import.schema.json'?: RulePackImport;
  'rule-pack-validation.schema.json'?: RulePackValidation;
  'screen.schema.json'?: ScreenMessage;
  'segment.schema.json'?: Segment;
  'segment-input.schema.json'?: SegmentInput1;
  'segment-list.schema.json'?: SegmentList;
  'segment-preview.schema.json'?: SegmentPreview;
  'segment-preview-request.schema.json'?: SegmentPreviewRequest;
  'segment-sizes.schema.json'?: SegmentSizes;
  'segment-version-list.schema.json'?: SegmentVersionList;
  'template.schema.json'?: Template;
  'template-input.schema.json'?: TemplateInput1;
  'template-list.schema.json'?: TemplateList;
  'template-usage.schema.json'?: TemplateUsage;
  'track.schema.json'?: TrackMessage;
  'trait.schema.json'?: TraitView;
  'trait-definition.schema.json'?: TraitDefinition1;
  'trait-settings.schema.json'?: TraitSettings;
  'workspace.schema.json'?: WorkspaceOverview;
}
/**
 * Segment alias: previousId and userId are the same person; the profile of previousId is merged into the profile of userId. Unknown top-level fields are accepted and not stored.
 */
export interface AliasMessage {
  /**
   * Optional on /v1/alias; required inside a batch.
   */
  type?: 'alias';
  messageId?: MessageId;
  userId: RequiredMessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  previousId: RequiredMessageIdentifier;
  [k: string]: unknown;
}
/**
 * Free-form JSON object (properties, traits, context, integrations). Keys may not start with $, contain a dot, or be __proto__ / constructor / prototype.
 */
export interface MessagePayload {
  [k: string]: unknown;
}
/**
 * An API key as listed: its id (the SHA-256 of the key), role and first characters. The key itself is shown once, when issued.
 */
export interface ApiKeyView {
  id: string;
  role: 'write' | 'admin';
  hint: string;
  createdAt: string;
  revokedAt: string | null;
  /**
   * Only in the answer to POST /api/keys: the new key in plain text, shown this once.
   */
  key?: string;
}
/**
 * POST /api/keys: issue a new key for this workspace.
 */
export interface ApiKeyRequest {
  role: 'write' | 'admin';
}
/**
 * Segment batch: up to 500 KB of messages of any type. Each message is validated on its own against the schema of its type, so a bad message rejects only itself (see docs/ingestion.md). context and integrations given here are merged into every message (the message's own keys win); sentAt applies to every message that has none. Unknown top-level fields are accepted and not stored.
 */
export interface BatchRequest {
  /**
   * identify, track, page, screen, group and alias messages, each with its type.
   *
   * @minItems 1
   */
  batch: [unknown, ...unknown[]];
  sentAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  [k: string]: unknown;
}
/**
 * The delivery channels of one workspace: plain JSON, stored and edited like any definition. Secrets are given inline or as {"env": "NAME"} read from the server's environment. docs/channels.md explains every field.
 */
export interface ChannelConfig {
  workspace: string;
  /**
   * Channels by name; journeys name the channel a message goes through.
   */
  channels: {
    [k: string]: ChannelSettings;
  };
  egress?: EgressPolicy;
}
/**
 * Email through an SMTP server (a pooled nodemailer transport per channel).
 */
export interface SmtpChannelSettings {
  kind: 'smtp';
  /**
   * SMTP server host name or IP; must pass the egress policy.
   */
  host: string;
  /**
   * Default 587 (465 when secure).
   */
  port?: number;
  /**
   * TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it.
   */
  secure?: boolean;
  /**
   * Refuse to send unless the connection is upgraded with STARTTLS.
   */
  requireTls?: boolean;
  auth?: {
    user: string;
    pass: SecretValue;
  };
  /**
   * Sender: an address or "Name <address>".
   */
  from: string;
  replyTo?: string;
  /**
   * Right-hand side of generated Message-IDs. Default: wayfarer. followed by the from address's domain.
   */
  messageIdDomain?: string;
  pool?: {
    /**
     * Default 5.
     */
    maxConnections?: number;
    /**
     * Messages per connection before it is recycled. Default 100.
     */
    maxMessages?: number;
  };
  timeouts?: {
    /**
     * Default 10000.
     */
    connectionMs?: number;
    /**
     * Default 10000.
     */
    greetingMs?: number;
    /**
     * Inactivity on an open connection. Default 30000.
     */
    socketMs?: number;
  };
  tls?: {
    /**
     * Default true. false accepts self-signed certificates (development only).
     */
    rejectUnauthorized?: boolean;
    servername?: string;
  };
  retry?: RetryPolicySettings;
}
/**
 * When a failed delivery is tried again (nextRetryAt). Defaults: 8 attempts in all; the first retry after 15 to 30 s, each wait about 3 times the one before, at most 6 h (docs/channels.md#retry-policy).
 */
export interface RetryPolicySettings {
  maxAttempts?: number;
  baseDelayMs?: number;
  multiplier?: number;
  maxDelayMs?: number;
}
/**
 * A signed JSON POST to any HTTP endpoint: the whole message, or the rendered body of a journey webhook step sent to that step's own URL. `url` is the endpoint for messages that do not name one. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`.
 */
export interface WebhookChannelSettings {
  kind: 'webhook';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url?: string;
  secret: SecretValue;
  previousSecret?: SecretValue;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings;
  retry?: RetryPolicySettings;
}
/**
 * HTTP Basic credentials (Twilio: account SID and auth token).
 */
export interface BasicAuthSettings {
  username: string;
  password: SecretValue;
}
/**
 * TLS for https endpoints. The certificate is always verified against the host name.
 */
export interface HttpTlsSettings {
  /**
   * PEM certificate(s) of a private CA to trust in addition to the public ones (internal endpoints).
   */
  ca?: string;
}
/**
 * SMS through a provider's HTTP API: the generic JSON payload {to, body, from} or Twilio's Messages API form. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`. The generic format needs `secret`; twilio needs `from` and `basicAuth` (checked when channels are built).
 */
export interface SmsChannelSettings {
  kind: 'sms';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url: string;
  secret?: SecretValue;
  previousSecret?: SecretValue;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings;
  retry?: RetryPolicySettings;
  /**
   * Default generic.
   */
  format?: 'generic' | 'twilio';
  /**
   * Sender number or id; required by twilio.
   */
  from?: string;
}
/**
 * Push notifications through a provider endpoint: the JSON payload {tokens, title, body, data}. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`.
 */
export interface PushChannelSettings {
  kind: 'push';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url: string;
  secret: SecretValue;
  previousSecret?: SecretValue;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings;
  retry?: RetryPolicySettings;
}
/**
 * Development: every message becomes one JSON line on standard output or in a file of the server's log directory. Always sends.
 */
export interface LogChannelSettings {
  kind: 'log';
  /**
   * A file name (no directories) inside the operator's channel log directory. Standard output when absent.
   */
  file?: string;
}
/**
 * Private, loopback, link-local and metadata addresses are refused unless listed here.
 */
export interface EgressPolicy {
  /**
   * Host names (hooks.internal, *.corp.example), IP addresses (10.0.0.7, ::1) and CIDR ranges (10.20.0.0/16, fd00::/8) that may be reached although they are not public.
   *
   * @maxItems 100
   */
  allow?: string[];
}
/**
 * GET /api/channels: the channel config workers use for this workspace and where it comes from — saved with PUT /api/channels, the server's environment (default workspace only), or none. Inline secrets are masked; send a masked value back unchanged to keep the stored secret.
 */
export interface ChannelConfigView {
  source: 'stored' | 'environment' | 'none';
  revision: number | null;
  updatedAt: string | null;
  config: ChannelConfig1 | null;
}
/**
 * The delivery channels of one workspace: plain JSON, stored and edited like any definition. Secrets are given inline or as {"env": "NAME"} read from the server's environment. docs/channels.md explains every field.
 */
export interface ChannelConfig1 {
  workspace: string;
  /**
   * Channels by name; journeys name the channel a message goes through.
   */
  channels: {
    [k: string]: ChannelSettings1;
  };
  egress?: EgressPolicy1;
}
/**
 * Email through an SMTP server (a pooled nodemailer transport per channel).
 */
export interface SmtpChannelSettings1 {
  kind: 'smtp';
  /**
   * SMTP server host name or IP; must pass the egress policy.
   */
  host: string;
  /**
   * Default 587 (465 when secure).
   */
  port?: number;
  /**
   * TLS from the first byte (port 465). Otherwise STARTTLS is used when the server offers it.
   */
  secure?: boolean;
  /**
   * Refuse to send unless the connection is upgraded with STARTTLS.
   */
  requireTls?: boolean;
  auth?: {
    user: string;
    pass: SecretValue1;
  };
  /**
   * Sender: an address or "Name <address>".
   */
  from: string;
  replyTo?: string;
  /**
   * Right-hand side of generated Message-IDs. Default: wayfarer. followed by the from address's domain.
   */
  messageIdDomain?: string;
  pool?: {
    /**
     * Default 5.
     */
    maxConnections?: number;
    /**
     * Messages per connection before it is recycled. Default 100.
     */
    maxMessages?: number;
  };
  timeouts?: {
    /**
     * Default 10000.
     */
    connectionMs?: number;
    /**
     * Default 10000.
     */
    greetingMs?: number;
    /**
     * Inactivity on an open connection. Default 30000.
     */
    socketMs?: number;
  };
  tls?: {
    /**
     * Default true. false accepts self-signed certificates (development only).
     */
    rejectUnauthorized?: boolean;
    servername?: string;
  };
  retry?: RetryPolicySettings1;
}
/**
 * When a failed delivery is tried again (nextRetryAt). Defaults: 8 attempts in all; the first retry after 15 to 30 s, each wait about 3 times the one before, at most 6 h (docs/channels.md#retry-policy).
 */
export interface RetryPolicySettings1 {
  maxAttempts?: number;
  baseDelayMs?: number;
  multiplier?: number;
  maxDelayMs?: number;
}
/**
 * A signed JSON POST to any HTTP endpoint: the whole message, or the rendered body of a journey webhook step sent to that step's own URL. `url` is the endpoint for messages that do not name one. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`.
 */
export interface WebhookChannelSettings1 {
  kind: 'webhook';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url?: string;
  secret: SecretValue1;
  previousSecret?: SecretValue1;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings1;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings1;
  retry?: RetryPolicySettings1;
}
/**
 * HTTP Basic credentials (Twilio: account SID and auth token).
 */
export interface BasicAuthSettings1 {
  username: string;
  password: SecretValue1;
}
/**
 * TLS for https endpoints. The certificate is always verified against the host name.
 */
export interface HttpTlsSettings1 {
  /**
   * PEM certificate(s) of a private CA to trust in addition to the public ones (internal endpoints).
   */
  ca?: string;
}
/**
 * SMS through a provider's HTTP API: the generic JSON payload {to, body, from} or Twilio's Messages API form. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`. The generic format needs `secret`; twilio needs `from` and `basicAuth` (checked when channels are built).
 */
export interface SmsChannelSettings1 {
  kind: 'sms';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url: string;
  secret?: SecretValue1;
  previousSecret?: SecretValue1;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings1;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings1;
  retry?: RetryPolicySettings1;
  /**
   * Default generic.
   */
  format?: 'generic' | 'twilio';
  /**
   * Sender number or id; required by twilio.
   */
  from?: string;
}
/**
 * Push notifications through a provider endpoint: the JSON payload {tokens, title, body, data}. Requests are signed with `secret` (X-Wayfarer-Signature; at least 16 characters) and, while rotating, also with `previousSecret`.
 */
export interface PushChannelSettings1 {
  kind: 'push';
  /**
   * The endpoint; http or https. Its host must pass the egress policy (docs/channels.md#ssrf-policy).
   */
  url: string;
  secret: SecretValue1;
  previousSecret?: SecretValue1;
  /**
   * Extra request headers (an API key, a tenant id). Headers the channel sets itself cannot be overridden. Dropped when a redirect leaves the origin.
   */
  headers?: {
    [k: string]: string;
  };
  basicAuth?: BasicAuthSettings1;
  /**
   * The whole request, connect to last byte. Default 10000.
   */
  timeoutMs?: number;
  /**
   * Establishing the connection (TCP and TLS). Default 5000.
   */
  connectTimeoutMs?: number;
  /**
   * 307/308 redirects followed, each one checked by the egress policy. Default 0: a redirect is a permanent failure.
   */
  maxRedirects?: number;
  tls?: HttpTlsSettings1;
  retry?: RetryPolicySettings1;
}
/**
 * Development: every message becomes one JSON line on standard output or in a file of the server's log directory. Always sends.
 */
export interface LogChannelSettings1 {
  kind: 'log';
  /**
   * A file name (no directories) inside the operator's channel log directory. Standard output when absent.
   */
  file?: string;
}
/**
 * Private, loopback, link-local and metadata addresses are refused unless listed here.
 */
export interface EgressPolicy1 {
  /**
   * Host names (hooks.internal, *.corp.example), IP addresses (10.0.0.7, ::1) and CIDR ranges (10.20.0.0/16, fd00::/8) that may be reached although they are not public.
   *
   * @maxItems 100
   */
  allow?: string[];
}
/**
 * Body of POST /api/models/clv/fit: the calibration end and time unit of the fit (docs/traits.md).
 */
export interface ClvFitRequest {
  /**
   * The last day of the order history the model is fitted on (YYYY-MM-DD or ISO-8601; only its UTC day counts). Default: today. Orders after it are ignored by the fit.
   */
  observation_end?: string;
  /**
   * Default: the workspace setting clv.time_unit (weeks).
   */
  time_unit?: 'days' | 'weeks';
}
/**
 * A fitted customer-lifetime-value model: BG/NBD for the number of future orders and Gamma-Gamma for their value, both by maximum likelihood. Definitions and formulae: docs/traits.md.
 */
export interface ClvModel {
  time_unit: ModelTimeUnit;
  /**
   * The last day of the order history the model was fitted on (YYYY-MM-DD, UTC).
   */
  observation_end: string;
  /**
   * When the fit ran (ISO-8601 UTC).
   */
  fitted_at: string;
  bg_nbd: BgNbdFit;
  gamma_gamma: GammaGammaFit;
}
/**
 * Fitted BG/NBD parameters (Fader, Hardie & Lee 2005): purchase rate ~ Gamma(r, alpha), dropout probability ~ Beta(a, b).
 */
export interface BgNbdFit {
  r: number;
  alpha: number;
  a: number;
  b: number;
  time_unit: ModelTimeUnit;
  /**
   * Customers the fit used.
   */
  customers: number;
  /**
   * Of them, customers with at least one repeat purchase (x > 0).
   */
  repeat_customers: number;
  /**
   * The maximised log-likelihood (sum over customers).
   */
  log_likelihood: number;
  /**
   * BFGS iterations of the best start.
   */
  iterations: number;
  /**
   * Whether the optimiser met its gradient tolerance.
   */
  converged: boolean;
  /**
   * Asymptotic standard errors from the observed information; null when the Hessian is not positive definite.
   */
  standard_errors: null | BgNbdStandardErrors;
  fitted_at: string;
}
export interface BgNbdStandardErrors {
  r: number;
  alpha: number;
  a: number;
  b: number;
}
/**
 * Fitted Gamma-Gamma spend parameters (Fader, Hardie & Lee 2005; Colombo & Jiang 1999): order value ~ Gamma(p, nu), nu ~ Gamma(q, v).
 */
export interface GammaGammaFit {
  p: number;
  /**
   * Above 1, so that the mean order value is finite.
   */
  q: number;
  v: number;
  /**
   * Repeat customers (x > 0) with a positive mean repeat value that the fit used.
   */
  customers: number;
  /**
   * Repeat customers left out because their mean repeat value was zero or negative.
   */
  excluded_customers: number;
  log_likelihood: number;
  iterations: number;
  converged: boolean;
  standard_errors: null | GammaGammaStandardErrors;
  fitted_at: string;
}
export interface GammaGammaStandardErrors {
  p: number;
  q: number;
  v: number;
}
/**
 * True when every child is true; an empty list is true (it matches everyone).
 */
export interface AllCondition {
  all: Condition[];
  name?: string;
  priority?: number;
}
/**
 * True when at least one child is true. Must not be empty.
 */
export interface AnyCondition {
  /**
   * @minItems 1
   */
  any: [Condition, ...Condition[]];
  name?: string;
  priority?: number;
}
/**
 * True when its single child is false.
 */
export interface NotCondition {
  not: Condition;
  name?: string;
  priority?: number;
}
/**
 * Compares a fact with a value (or with another fact) using an operator.
 */
export interface FactCondition {
  /**
   * A dotted path such as traits.orders_count; segments contain no '.', no '$', no control characters and are not all digits.
   */
  fact: string;
  /**
   * One of the operators listed with the fact catalogue (GET /api/facts).
   */
  operator: string;
  /**
   * The operand: a JSON value whose shape the operator fixes, or { fact, path?, params? } to compare with another fact. (anyOf, not a type list: Fastify's response serializer coerces arrays to strings under a type list.)
   */
  value:
    | string
    | number
    | boolean
    | null
    | unknown[]
    | {
        [k: string]: unknown;
      };
  /**
   * A JSONPath of plain member names into the fact's value: $.score or $.a.b.
   */
  path?: string;
  /**
   * Parameters of a parameterised fact; no built-in fact takes any, so it must be empty.
   */
  params?: {
    [k: string]: unknown;
  };
  name?: string;
  priority?: number;
}
/**
 * One document per customer: everything a condition can test. Timestamps are ISO-8601 UTC strings (Date.prototype.toISOString), so they order as strings in every store.
 */
export interface Customer {
  /**
   * Internal customer id.
   */
  _id: string;
  workspace: string;
  /**
   * The known id; null while the customer is only known by anonymous ids.
   */
  userId: string | null;
  anonymousIds: string[];
  /**
   * Identify traits merged in event-time order: geography, demographics, interests, birthday, timezone, consent per channel.
   */
  attributes: {
    [k: string]: unknown;
  };
  traits: CustomerTraits;
  /**
   * Ids of the segments the customer is in now.
   */
  segments: string[];
  /**
   * When the customer entered each current segment.
   */
  segmentsEnteredAt: {
    [k: string]: string;
  };
  /**
   * Journey instances by journey id.
   */
  journeys: {
    [k: string]: JourneyPresence;
  };
  createdAt: string;
  updatedAt: string;
  /**
   * Incremented on every write, for optimistic concurrency.
   */
  version: number;
  /**
   * Bookkeeping that keeps traits exact under out-of-order events; not a condition fact.
   */
  meta?: {
    [k: string]: unknown;
  };
}
/**
 * Computed traits, kept current on every event by event time. Custom trait definitions add keys by their id.
 */
export interface CustomerTraits {
  first_seen_at?: string;
  last_seen_at?: string;
  events_count?: number;
  orders_count?: number;
  revenue_total?: number;
  first_order_at?: string | null;
  last_order_at?: string | null;
  average_order_value?: number | null;
  event_counts?: {
    [k: string]: number;
  };
  /**
   * The device's IANA time zone: context.timezone of the customer's latest event (by event time) that sent a valid one. Absent until one did. attributes.timezone, when valid, takes precedence for local times.
   */
  timezone?: string;
  [k: string]: unknown;
}
export interface JourneyPresence {
  instanceId: string;
  version: number;
  state: string;
  status: 'active' | 'completed' | 'exited';
  enteredAt: string;
  updatedAt?: string;
  path?: {
    state: string;
    at: string;
  }[];
  [k: string]: unknown;
}
/**
 * One page of a customer's timeline (GET /api/customers/{userId}/events), newest first by event time; equal timestamps are ordered by event _id.
 */
export interface CustomerEventPage {
  events: StoredEvent[];
  /**
   * Pass as `before` to get the next (older) page; null on the last page.
   */
  next: string | null;
}
/**
 * One ingested message as stored in the events collection. Timestamps are ISO-8601 UTC strings from toISOString(). Unique per (workspace, messageId).
 */
export interface StoredEvent {
  /**
   * Internal id, derived from (workspace, messageId).
   */
  _id: string;
  workspace: string;
  /**
   * Unique per workspace (de-duplication).
   */
  messageId: string;
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /**
   * track: the event name.
   */
  event?: string;
  /**
   * page / screen: the name.
   */
  name?: string;
  /**
   * page / screen: the category.
   */
  category?: string;
  userId: string | null;
  anonymousId: string | null;
  /**
   * _id of the customer document the event belongs to.
   */
  customerId: string;
  /**
   * group: the group id.
   */
  groupId?: string;
  /**
   * alias: the previous id.
   */
  previousId?: string;
  /**
   * Event time, corrected for client clock skew (docs/ingestion.md).
   */
  timestamp: string;
  /**
   * When the server received the message.
   */
  receivedAt: string;
  /**
   * When the client sent the message, as the client's clock said.
   */
  sentAt?: string;
  /**
   * The event time as the client's clock said, before skew correction.
   */
  originalTimestamp?: string;
  properties?: {
    [k: string]: unknown;
  };
  traits?: {
    [k: string]: unknown;
  };
  context?: {
    [k: string]: unknown;
  };
  integrations?: {
    [k: string]: unknown;
  };
}
/**
 * A customer's runs through one journey (GET /api/customers/{userId}/journeys/{journeyId}), newest first, at most 50 (`more` says when there are others), each with the path it took. The customer document's `journeys` entry shows only the latest run's last steps.
 */
export interface CustomerJourneyHistory {
  journeyId: string;
  instances: JourneyRun[];
  /**
   * True when the customer has more runs than the 50 newest listed.
   */
  more: boolean;
}
export interface JourneyRun {
  instanceId: string;
  /**
   * The journey version this run follows.
   */
  version: number;
  status: 'active' | 'completed' | 'exited';
  /**
   * The state it is in, or ended in.
   */
  state: string;
  enteredAt: string;
  updatedAt: string;
  endedAt?: string;
  endReason?: string;
  /**
   * The A/B variant it was assigned.
   */
  variant?: string;
  /**
   * In the holdout control group: kept out of sends.
   */
  holdout?: boolean;
  /**
   * When it first reached a goal.
   */
  convertedAt?: string;
  /**
   * How many states it entered.
   */
  steps: number;
  /**
   * Every state it entered, oldest first, with the time.
   */
  path: {
    state: string;
    at: string;
  }[];
  /**
   * False when older steps are missing: beyond the last 205 a run keeps (200 in its history, 5 on the instance), or taken before histories were kept.
   */
  pathComplete: boolean;
}
/**
 * One page of customers (GET /api/customers), in _id order. Customers are shown without their bookkeeping `meta`.
 */
export interface CustomerPage {
  customers: Customer1[];
  /**
   * Pass as `after` to get the next page; null on the last page.
   */
  next: string | null;
}
/**
 * One document per customer: everything a condition can test. Timestamps are ISO-8601 UTC strings (Date.prototype.toISOString), so they order as strings in every store.
 */
export interface Customer1 {
  /**
   * Internal customer id.
   */
  _id: string;
  workspace: string;
  /**
   * The known id; null while the customer is only known by anonymous ids.
   */
  userId: string | null;
  anonymousIds: string[];
  /**
   * Identify traits merged in event-time order: geography, demographics, interests, birthday, timezone, consent per channel.
   */
  attributes: {
    [k: string]: unknown;
  };
  traits: CustomerTraits1;
  /**
   * Ids of the segments the customer is in now.
   */
  segments: string[];
  /**
   * When the customer entered each current segment.
   */
  segmentsEnteredAt: {
    [k: string]: string;
  };
  /**
   * Journey instances by journey id.
   */
  journeys: {
    [k: string]: JourneyPresence1;
  };
  createdAt: string;
  updatedAt: string;
  /**
   * Incremented on every write, for optimistic concurrency.
   */
  version: number;
  /**
   * Bookkeeping that keeps traits exact under out-of-order events; not a condition fact.
   */
  meta?: {
    [k: string]: unknown;
  };
}
/**
 * Computed traits, kept current on every event by event time. Custom trait definitions add keys by their id.
 */
export interface CustomerTraits1 {
  first_seen_at?: string;
  last_seen_at?: string;
  events_count?: number;
  orders_count?: number;
  revenue_total?: number;
  first_order_at?: string | null;
  last_order_at?: string | null;
  average_order_value?: number | null;
  event_counts?: {
    [k: string]: number;
  };
  /**
   * The device's IANA time zone: context.timezone of the customer's latest event (by event time) that sent a valid one. Absent until one did. attributes.timezone, when valid, takes precedence for local times.
   */
  timezone?: string;
  [k: string]: unknown;
}
export interface JourneyPresence1 {
  instanceId: string;
  version: number;
  state: string;
  status: 'active' | 'completed' | 'exited';
  enteredAt: string;
  updatedAt?: string;
  path?: {
    state: string;
    at: string;
  }[];
  [k: string]: unknown;
}
/**
 * One ingested message as stored in the events collection. Timestamps are ISO-8601 UTC strings from toISOString(). Unique per (workspace, messageId).
 */
export interface StoredEvent1 {
  /**
   * Internal id, derived from (workspace, messageId).
   */
  _id: string;
  workspace: string;
  /**
   * Unique per workspace (de-duplication).
   */
  messageId: string;
  type: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  /**
   * track: the event name.
   */
  event?: string;
  /**
   * page / screen: the name.
   */
  name?: string;
  /**
   * page / screen: the category.
   */
  category?: string;
  userId: string | null;
  anonymousId: string | null;
  /**
   * _id of the customer document the event belongs to.
   */
  customerId: string;
  /**
   * group: the group id.
   */
  groupId?: string;
  /**
   * alias: the previous id.
   */
  previousId?: string;
  /**
   * Event time, corrected for client clock skew (docs/ingestion.md).
   */
  timestamp: string;
  /**
   * When the server received the message.
   */
  receivedAt: string;
  /**
   * When the client sent the message, as the client's clock said.
   */
  sentAt?: string;
  /**
   * The event time as the client's clock said, before skew correction.
   */
  originalTimestamp?: string;
  properties?: {
    [k: string]: unknown;
  };
  traits?: {
    [k: string]: unknown;
  };
  context?: {
    [k: string]: unknown;
  };
  integrations?: {
    [k: string]: unknown;
  };
}
/**
 * GET /api/facts: every path a condition may use in this workspace (built-in facts, custom traits, attribute keys seen in its customers, its segments) with type, description and example values; every operator with the fact types it accepts; and the size limits of a condition. The editor builds its field picker from it. docs/conditions.md documents the language.
 */
export interface FactCatalogue {
  facts: FactDescription[];
  operators: OperatorDescriptionBody[];
  limits: ConditionLimitsBody;
  /**
   * The workspace's active segments, for `segments contains <id>` and `segmentsEnteredAt.<id>`.
   */
  segments: SegmentReference[];
}
export interface FactDescription {
  /**
   * Dotted path; `*` stands for one segment, a final `**` for one or more.
   */
  path: string;
  type: 'string' | 'number' | 'boolean' | 'date' | 'array' | 'object' | 'any';
  /**
   * Element type of an array fact.
   */
  items?: 'string' | 'number' | 'boolean' | 'object';
  format?: 'date-time' | 'date';
  description: string;
  examples: unknown[];
  /**
   * Known values of an enumerated text fact, or the segment ids for `segments`.
   */
  values?: string[];
  /**
   * `event` facts exist only in journey triggers, branches and waits.
   */
  scope: 'customer' | 'event';
  origin: 'built-in' | 'custom-trait' | 'observed' | 'segment';
}
export interface OperatorDescriptionBody {
  name: string;
  label: string;
  description: string;
  origin: 'json-rules-engine' | 'wayfarer';
  /**
   * The fact types the operator accepts (facts of type any accept every operator).
   */
  factTypes: string[];
  /**
   * What the value must be: scalar, scalar-list, comparable, range, flag, text, days, whole-days, element, element-list.
   */
  operand: string;
  comparesFacts: boolean;
  dependsOnTime: boolean;
  /**
   * The answer when the fact is missing.
   */
  whenMissing: boolean;
  example: {
    fact: string;
    operator: string;
    value: unknown;
  };
}
export interface ConditionLimitsBody {
  maxDepth: number;
  maxNodes: number;
  maxListLength: number;
  maxStringLength: number;
  maxBytes: number;
}
export interface SegmentReference {
  id: string;
  name: string;
}
/**
 * Segment group: associates the user with a group (company, account), with group traits. Unknown top-level fields are accepted and not stored.
 */
export interface GroupMessage {
  /**
   * Optional on /v1/group; required inside a batch.
   */
  type?: 'group';
  messageId?: MessageId;
  userId?: MessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  groupId: RequiredMessageIdentifier;
  traits?: MessagePayload;
  [k: string]: unknown;
}
/**
 * GET /health: the server is up and its store answers.
 */
export interface Health {
  status: 'ok';
  /**
   * Wayfarer's version, from package.json.
   */
  version: string;
  store: HealthStore;
}
export interface HealthStore {
  kind: 'embedded' | 'mongodb';
  /**
   * Adapter detail: write-ahead log state (generation, sequence, size, snapshots, recovery, failure) and memory budget, or MongoDB server version and topology. Never the data directory: /health needs no key.
   */
  detail: {
    [k: string]: unknown;
  };
}
/**
 * Segment identify: who the user is, with traits. Carrying both userId and anonymousId merges the anonymous profile into the known one. Unknown top-level fields are accepted and not stored.
 */
export interface IdentifyMessage {
  /**
   * Optional on /v1/identify; required inside a batch.
   */
  type?: 'identify';
  messageId?: MessageId;
  userId?: MessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  traits?: MessagePayload;
  [k: string]: unknown;
}
/**
 * The answer to /v1/* when something was stored. 200: { success: true } — every message is stored (or was already stored). 207: some messages of a batch were rejected; the others are stored; details lists each rejected one by index.
 */
export interface IngestResult {
  /**
   * true when every message was stored or was already stored.
   */
  success: boolean;
  /**
   * 207 only: messages stored or already stored.
   */
  accepted?: number;
  /**
   * 207 only: messages rejected.
   */
  rejected?: number;
  /**
   * 207 only: the error code of the rejections (VALIDATION_FAILED when they differ; each detail has its own).
   */
  code?: string;
  message?: string;
  details?: Details;
}
export interface ProblemDetailBody {
  /**
   * JSON pointer (RFC 6901) to the offending place.
   */
  pointer?: string;
  /**
   * Index of the message in a batch.
   */
  index?: number;
  /**
   * Line in an imported file.
   */
  line?: number;
  code?: string;
  message: string;
}
/**
 * A journey document: a lifecycle state chart close to the graph the editor draws (states with positions, transitions as edges) plus settings. Compiled to an xstate v5 machine; see docs/journeys.md.
 */
export interface Journey {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  name: string;
  description?: string;
  /**
   * Version number; a published version never changes (publish a new one instead).
   */
  version: number;
  status: 'draft' | 'published' | 'archived';
  states: JourneyState[];
  transitions: JourneyTransition[];
  settings: JourneySettings;
}
export interface EntryState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'entry';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: EntryParams;
}
export interface JourneyPosition {
  x: number;
  y: number;
}
export interface EntryParams {
  trigger: EntryTrigger;
}
export interface EventEntryTrigger {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson;
}
export interface SegmentEntryTrigger {
  type: 'segment-entered' | 'segment-exited';
  segmentId: string;
}
export interface ScheduleEntryTrigger {
  type: 'schedule';
  segmentId: string;
  /**
   * Five fields: minute hour day-of-month month day-of-week, in the schedule's time zone.
   */
  cron?: string;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  every?: string;
  /**
   * First run of an interval schedule; default: when the version is published.
   */
  anchor?: string;
  /**
   * IANA zone for cron fields; default the journey's settings.timezone.
   */
  timezone?: string;
}
export interface ApiEntryTrigger {
  type: 'api';
}
export interface DelayState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'delay';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: DelayParams;
}
export interface DurationDelay {
  mode: 'duration';
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  duration: string;
}
export interface TimeOfDayDelay {
  mode: 'until-time';
  /**
   * HH:MM, 24-hour clock.
   */
  time?: string;
  weekdays?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
}
export interface DateAttributeDelay {
  mode: 'until-date';
  /**
   * Path under attributes (birthday, renewal_date, contract.renews_on).
   */
  attribute: string;
  recurrence: 'yearly' | 'once';
  offsetDays?: number;
  /**
   * HH:MM, 24-hour clock.
   */
  time?: string;
  onMissing?: 'continue' | 'exit';
}
export interface WaitState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'wait';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: WaitParams;
}
export interface WaitParams {
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  timeout: string;
}
export interface SplitState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'split';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: SplitParams;
}
export interface ConditionSplit {
  mode: 'conditions';
  branches: ConditionBranch[];
}
export interface ConditionBranch {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  label?: string;
  condition: ConditionJson;
}
export interface RandomSplit {
  mode: 'random';
  branches: WeightedBranch[];
}
export interface WeightedBranch {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  label?: string;
  weight: number;
}
export interface AbSplit {
  mode: 'ab';
  variants: WeightedBranch[];
  /**
   * Share of customers kept out of every send from here on, reported separately.
   */
  holdoutPercent?: number;
}
export interface SendState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'send';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: SendParams;
}
export interface SendParams {
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  /**
   * The message as Liquid templates, inline, or a reference to a template of the workspace's library ({"ref": "<id>"}).
   */
  template: MessageTemplate | TemplateRef;
  /**
   * Exempt from frequency caps, quiet hours and the marketing opt-out "unsubscribed" (an unsubscribe link's); every other consent refusal still stops it.
   */
  transactional?: boolean;
}
/**
 * The content of one message as Liquid templates, rendered per customer (engine/templates, docs/channels.md). Email uses subject, html and text; SMS uses body; push uses title, body and data; webhooks carry every field that is set.
 */
export interface MessageTemplate {
  /**
   * Email subject. Rendered as one line: line breaks become spaces.
   */
  subject?: string;
  /**
   * Email HTML body. Output tags are HTML-escaped; end a tag with `| raw` to insert markup.
   */
  html?: string;
  /**
   * Email plain-text body. Not escaped.
   */
  text?: string;
  /**
   * SMS text or push notification body. Not escaped.
   */
  body?: string;
  /**
   * Push notification title. Rendered as one line.
   */
  title?: string;
  /**
   * Push notification data: each value is a template rendered to a string.
   */
  data?: {
    [k: string]: string;
  };
}
/**
 * A send step's template taken from the workspace's template library. A draft renders the library's current content; publishing copies it into `content`, so a published version always sends what it was published with (docs/packs.md).
 */
export interface TemplateRef {
  ref: TemplateId;
  content?: MessageTemplate1;
}
/**
 * The content of one message as Liquid templates, rendered per customer (engine/templates, docs/channels.md). Email uses subject, html and text; SMS uses body; push uses title, body and data; webhooks carry every field that is set.
 */
export interface MessageTemplate1 {
  /**
   * Email subject. Rendered as one line: line breaks become spaces.
   */
  subject?: string;
  /**
   * Email HTML body. Output tags are HTML-escaped; end a tag with `| raw` to insert markup.
   */
  html?: string;
  /**
   * Email plain-text body. Not escaped.
   */
  text?: string;
  /**
   * SMS text or push notification body. Not escaped.
   */
  body?: string;
  /**
   * Push notification title. Rendered as one line.
   */
  title?: string;
  /**
   * Push notification data: each value is a template rendered to a string.
   */
  data?: {
    [k: string]: string;
  };
}
export interface WebhookState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'webhook';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: WebhookParams;
}
export interface WebhookParams {
  url: string;
  /**
   * The JSON body; every string value is a Liquid template.
   */
  body: {
    [k: string]: unknown;
  };
}
export interface UpdateAttributesState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'update-attributes';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: UpdateAttributesParams;
}
export interface UpdateAttributesParams {
  set?: {
    [k: string]: unknown;
  };
  unset?: string[];
}
export interface TagsState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'tags';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: TagsParams;
}
export interface TagsParams {
  add?: string[];
  remove?: string[];
}
export interface LoyaltyState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'loyalty';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: LoyaltyParams;
}
export interface LoyaltyParams {
  operation: 'award' | 'redeem';
  points: number;
  reason?: string;
}
export interface LifecycleStageState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'lifecycle-stage';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: LifecycleStageParams;
}
export interface LifecycleStageParams {
  stage: string;
}
export interface TaskState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'task';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: TaskParams;
}
export interface TaskParams {
  /**
   * The CRM / task system endpoint the task is posted to.
   */
  url: string;
  title: string;
  description?: string;
  assignee?: string;
  dueInDays?: number;
  priority?: 'low' | 'normal' | 'high';
}
export interface GoalState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'goal';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: GoalParams;
}
export interface GoalParams {
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  window: string;
  /**
   * On conversion, move to this state (and on along its transitions, or end). Default false: count only.
   */
  endsJourney?: boolean;
}
export interface ExitState {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'exit';
  label?: string;
  position: JourneyPosition;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params?: {};
}
export interface JourneyTransition {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  from: string;
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  to: string;
  label?: string;
  on: TransitionTrigger;
}
export interface ImmediateTrigger {
  type: 'immediate';
}
export interface EventTrigger {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson;
}
export interface DelayElapsedTrigger {
  type: 'delay-elapsed';
}
export interface TimeoutTrigger {
  type: 'timeout';
}
export interface BranchTrigger {
  type: 'branch';
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  branch: string;
}
export interface JourneySettings {
  entryCondition?: ConditionJson;
  exitCriteria?: ExitCriterion[];
  reentry?: ReentryPolicy;
  frequencyCaps?: FrequencyCap[];
  quietHours?: QuietHours;
  sendRate?: SendRate;
  consent?: ConsentDefaults;
  /**
   * IANA zone used when a customer has no attributes.timezone (default UTC).
   */
  timezone?: string;
}
export interface EventExitCriterion {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson;
}
export interface SegmentExitCriterion {
  type: 'segment-exited';
  segmentId: string;
}
export interface ReentryPolicy {
  policy: 'never' | 'after-exit' | 'after-cooldown' | 'always';
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  cooldown?: string;
}
export interface FrequencyCap {
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  limit: number;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  window: string;
}
export interface QuietHours {
  /**
   * HH:MM, 24-hour clock.
   */
  start: string;
  /**
   * HH:MM, 24-hour clock.
   */
  end: string;
  channels?: ('email' | 'sms' | 'push' | 'webhook' | 'log')[];
}
export interface SendRate {
  limit: number;
  per: 'second' | 'minute';
}
/**
 * What a missing attributes.consent.<channel> means: opt-in = no consent until given, opt-out = consent until withdrawn.
 */
export interface ConsentDefaults {
  email?: 'opt-in' | 'opt-out';
  sms?: 'opt-in' | 'opt-out';
  push?: 'opt-in' | 'opt-out';
}
/**
 * GET /api/journeys/{id}/analytics: customers in each state now and ever, conversions (reaching a goal) of the customers who got the journey against the holdout group who did not, per A/B variant, and messages by channel, status and reason. Counts cover every version.
 */
export interface JourneyAnalytics {
  journeyId: string;
  liveVersion: number | null;
  instances: {
    total: number;
    active: number;
    completed: number;
    exited: number;
  };
  states: JourneyStateCount[];
  conversions: JourneyConversions;
  variants: JourneyVariantCount[];
  messages: {
    channel: string;
    status: string;
    reason: string | null;
    count: number;
  }[];
}
export interface JourneyStateCount {
  state: string;
  /**
   * From the live (else latest) version; null for a state only older versions have.
   */
  kind: string | null;
  label: string | null;
  /**
   * Customers waiting in the state now.
   */
  now: number;
  /**
   * Distinct customers who ever entered the state.
   */
  customersEver: number;
  /**
   * Entries into the state, counting loops and re-entries.
   */
  visits: number;
  /**
   * False when customersEver and visits are a lower bound: every instance counts its visits of every state, except instances entered before 2026-11-23, which counted waiting, message and random-split states only; their other states are read from their last few steps, so such an instance with a longer path may have passed one unseen.
   */
  exact: boolean;
}
export interface JourneyConversions {
  treated: ConversionGroup;
  /**
   * Null when the journey has no holdout group.
   */
  holdout: ConversionGroup1 | null;
  /**
   * treated.conversionRate − holdout.conversionRate; null without a holdout.
   */
  uplift: number | null;
}
export interface ConversionGroup {
  entered: number;
  converted: number;
  conversionRate: number;
}
export interface ConversionGroup1 {
  entered: number;
  converted: number;
  conversionRate: number;
}
export interface JourneyVariantCount {
  variant: string | null;
  holdout: boolean;
  entered: number;
  converted: number;
  conversionRate: number;
}
/**
 * The outcome of an API entry: the new instance, or why the customer was not entered.
 */
export interface JourneyEntry {
  entered: boolean;
  instanceId?: string;
  reason?: 'reentry-policy' | 'entry-condition';
}
/**
 * POST /api/journeys/{id}/entries: put a known customer into a journey through one of its API entry states. Re-entry policy and entry condition apply.
 */
export interface JourneyEntryRequest {
  userId: string;
  /**
   * Which API entry state; default the first.
   */
  entry?: string;
  /**
   * Seen by templates and conditions as the triggering event's properties.
   */
  properties?: {
    [k: string]: unknown;
  };
}
/**
 * Every journey of the workspace (GET /api/journeys), by id, with its latest and live versions.
 */
export interface JourneyList {
  journeys: JourneyListItem[];
}
export interface JourneyListItem {
  id: string;
  /**
   * The latest version's name.
   */
  name: string;
  latestVersion: number;
  latestStatus: 'draft' | 'published' | 'archived';
  /**
   * The version new customers enter; null when none is published (drafts only, or archived).
   */
  liveVersion: number | null;
  /**
   * ISO-8601 UTC time.
   */
  updatedAt: string;
}
/**
 * What a journey would do for one customer (POST /api/journeys/{id}/simulate): the states visited with times, every action with its rendered message, every suppression and why, conversions, and where the customer ends up. Computed on a virtual clock; nothing was sent.
 */
export interface JourneySimulation {
  journeyId: string;
  version: number;
  /**
   * ISO-8601 UTC time.
   */
  start: string;
  /**
   * ISO-8601 UTC time.
   */
  until: string;
  /**
   * How many of the customer's stored events were replayed (userId): those within the period, at most the newest 2,000.
   */
  replayedEvents: number;
  /**
   * How many of the customer's stored events within the requested period (without start: up to until) were not replayed because the history was longer than the 2,000-event bound: the oldest ones. 0 when everything was replayed; when it is not, give a later start or a narrower period.
   */
  omittedEvents: number;
  visits: {
    /**
     * ISO-8601 UTC time.
     */
    at: string;
    instanceId: string;
    state: string;
  }[];
  actions: SimulatedActionBody[];
  suppressions: {
    /**
     * ISO-8601 UTC time.
     */
    at: string;
    instanceId: string;
    state: string;
    channel: string;
    reason: MessageReason | null;
    detail?: string;
  }[];
  conversions: {
    /**
     * ISO-8601 UTC time.
     */
    at: string;
    instanceId: string;
    goal: string;
  }[];
  instances: {
    _id: string;
    status: string;
    state: string;
    /**
     * ISO-8601 UTC time.
     */
    enteredAt: string;
    /**
     * ISO-8601 UTC time.
     */
    endedAt?: string;
    endReason?: string;
    variant?: string;
    holdout?: boolean;
    /**
     * ISO-8601 UTC time.
     */
    convertedAt?: string;
  }[];
  pendingTimers: {
    instanceId: string | null;
    state: string;
    /**
     * ISO-8601 UTC time.
     */
    dueAt: string;
  }[];
  customer: Customer1;
}
export interface SimulatedActionBody {
  /**
   * ISO-8601 UTC time.
   */
  at: string;
  instanceId: string;
  state: string;
  kind: 'message' | 'update-attributes' | 'change-tags' | 'change-loyalty-points' | 'set-lifecycle-stage';
  channel?: string;
  status?: MessageStatus;
  reason?: MessageReason | null;
  /**
   * ISO-8601 UTC time.
   */
  availableAt?: string;
  /**
   * The rendered message ({type: message, to, content}), webhook ({type: webhook, url, body}) or task ({type: task, url, task}).
   */
  payload?: {
    [k: string]: unknown;
  };
  detail?: {
    [k: string]: unknown;
  };
}
/**
 * POST /api/journeys/{id}/simulate: which version (a stored draft or published version, or an unsaved document), whom (a real customer's history by userId, and/or a made-up customer and timeline) and over which period. Nothing is sent and nothing is stored.
 */
export interface JourneySimulationRequest {
  /**
   * The stored version to run; default the latest (draft or not).
   */
  version?: number;
  journey?: Journey1;
  /**
   * Start from this customer as stored now (attributes, computed traits, segments, presence in the journey) and replay their stored events within the period through the journey, oldest first: at most the newest 2,000 (the response's omittedEvents counts the rest). Replayed events are not applied to the profile again.
   */
  userId?: string;
  customer?: SimulatedCustomer;
  /**
   * Made-up events, in any order (after the replayed history, when both are given).
   *
   * @maxItems 1000
   */
  timeline?: SimulationTimelineEvent[];
  /**
   * Times at which the customer enters through the journey's API entry.
   *
   * @maxItems 100
   */
  apiEntries?: string[];
  /**
   * Default: the first replayed event, made-up event or API entry, else now.
   */
  start?: string;
  /**
   * Default: one year after start.
   */
  until?: string;
}
/**
 * An unsaved document to run instead of a stored version (its id must be the path's).
 */
export interface Journey1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  name: string;
  description?: string;
  /**
   * Version number; a published version never changes (publish a new one instead).
   */
  version: number;
  status: 'draft' | 'published' | 'archived';
  states: JourneyState1[];
  transitions: JourneyTransition1[];
  settings: JourneySettings1;
}
export interface EntryState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'entry';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: EntryParams1;
}
export interface JourneyPosition1 {
  x: number;
  y: number;
}
export interface EntryParams1 {
  trigger: EntryTrigger1;
}
export interface EventEntryTrigger1 {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson1;
}
export interface SegmentEntryTrigger1 {
  type: 'segment-entered' | 'segment-exited';
  segmentId: string;
}
export interface ScheduleEntryTrigger1 {
  type: 'schedule';
  segmentId: string;
  /**
   * Five fields: minute hour day-of-month month day-of-week, in the schedule's time zone.
   */
  cron?: string;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  every?: string;
  /**
   * First run of an interval schedule; default: when the version is published.
   */
  anchor?: string;
  /**
   * IANA zone for cron fields; default the journey's settings.timezone.
   */
  timezone?: string;
}
export interface ApiEntryTrigger1 {
  type: 'api';
}
export interface DelayState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'delay';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: DelayParams1;
}
export interface DurationDelay1 {
  mode: 'duration';
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  duration: string;
}
export interface TimeOfDayDelay1 {
  mode: 'until-time';
  /**
   * HH:MM, 24-hour clock.
   */
  time?: string;
  weekdays?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
}
export interface DateAttributeDelay1 {
  mode: 'until-date';
  /**
   * Path under attributes (birthday, renewal_date, contract.renews_on).
   */
  attribute: string;
  recurrence: 'yearly' | 'once';
  offsetDays?: number;
  /**
   * HH:MM, 24-hour clock.
   */
  time?: string;
  onMissing?: 'continue' | 'exit';
}
export interface WaitState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'wait';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: WaitParams1;
}
export interface WaitParams1 {
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  timeout: string;
}
export interface SplitState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'split';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: SplitParams1;
}
export interface ConditionSplit1 {
  mode: 'conditions';
  branches: ConditionBranch1[];
}
export interface ConditionBranch1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  label?: string;
  condition: ConditionJson1;
}
export interface RandomSplit1 {
  mode: 'random';
  branches: WeightedBranch1[];
}
export interface WeightedBranch1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  label?: string;
  weight: number;
}
export interface AbSplit1 {
  mode: 'ab';
  variants: WeightedBranch1[];
  /**
   * Share of customers kept out of every send from here on, reported separately.
   */
  holdoutPercent?: number;
}
export interface SendState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'send';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: SendParams1;
}
export interface SendParams1 {
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  /**
   * The message as Liquid templates, inline, or a reference to a template of the workspace's library ({"ref": "<id>"}).
   */
  template: MessageTemplate | TemplateRef1;
  /**
   * Exempt from frequency caps, quiet hours and the marketing opt-out "unsubscribed" (an unsubscribe link's); every other consent refusal still stops it.
   */
  transactional?: boolean;
}
/**
 * A send step's template taken from the workspace's template library. A draft renders the library's current content; publishing copies it into `content`, so a published version always sends what it was published with (docs/packs.md).
 */
export interface TemplateRef1 {
  ref: TemplateId;
  content?: MessageTemplate2;
}
/**
 * The content of one message as Liquid templates, rendered per customer (engine/templates, docs/channels.md). Email uses subject, html and text; SMS uses body; push uses title, body and data; webhooks carry every field that is set.
 */
export interface MessageTemplate2 {
  /**
   * Email subject. Rendered as one line: line breaks become spaces.
   */
  subject?: string;
  /**
   * Email HTML body. Output tags are HTML-escaped; end a tag with `| raw` to insert markup.
   */
  html?: string;
  /**
   * Email plain-text body. Not escaped.
   */
  text?: string;
  /**
   * SMS text or push notification body. Not escaped.
   */
  body?: string;
  /**
   * Push notification title. Rendered as one line.
   */
  title?: string;
  /**
   * Push notification data: each value is a template rendered to a string.
   */
  data?: {
    [k: string]: string;
  };
}
export interface WebhookState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'webhook';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: WebhookParams1;
}
export interface WebhookParams1 {
  url: string;
  /**
   * The JSON body; every string value is a Liquid template.
   */
  body: {
    [k: string]: unknown;
  };
}
export interface UpdateAttributesState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'update-attributes';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: UpdateAttributesParams1;
}
export interface UpdateAttributesParams1 {
  set?: {
    [k: string]: unknown;
  };
  unset?: string[];
}
export interface TagsState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'tags';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: TagsParams1;
}
export interface TagsParams1 {
  add?: string[];
  remove?: string[];
}
export interface LoyaltyState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'loyalty';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: LoyaltyParams1;
}
export interface LoyaltyParams1 {
  operation: 'award' | 'redeem';
  points: number;
  reason?: string;
}
export interface LifecycleStageState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'lifecycle-stage';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: LifecycleStageParams1;
}
export interface LifecycleStageParams1 {
  stage: string;
}
export interface TaskState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'task';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: TaskParams1;
}
export interface TaskParams1 {
  /**
   * The CRM / task system endpoint the task is posted to.
   */
  url: string;
  title: string;
  description?: string;
  assignee?: string;
  dueInDays?: number;
  priority?: 'low' | 'normal' | 'high';
}
export interface GoalState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'goal';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params: GoalParams1;
}
export interface GoalParams1 {
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson1;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  window: string;
  /**
   * On conversion, move to this state (and on along its transitions, or end). Default false: count only.
   */
  endsJourney?: boolean;
}
export interface ExitState1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  kind: 'exit';
  label?: string;
  position: JourneyPosition1;
  stage: 'acquire' | 'convert' | 'retain' | 'win-back' | 'remarket';
  params?: {};
}
export interface JourneyTransition1 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  from: string;
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  to: string;
  label?: string;
  on: TransitionTrigger1;
}
export interface ImmediateTrigger1 {
  type: 'immediate';
}
export interface EventTrigger1 {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson1;
}
export interface DelayElapsedTrigger1 {
  type: 'delay-elapsed';
}
export interface TimeoutTrigger1 {
  type: 'timeout';
}
export interface BranchTrigger1 {
  type: 'branch';
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  branch: string;
}
export interface JourneySettings1 {
  entryCondition?: ConditionJson1;
  exitCriteria?: ExitCriterion1[];
  reentry?: ReentryPolicy1;
  frequencyCaps?: FrequencyCap1[];
  quietHours?: QuietHours1;
  sendRate?: SendRate1;
  consent?: ConsentDefaults1;
  /**
   * IANA zone used when a customer has no attributes.timezone (default UTC).
   */
  timezone?: string;
}
export interface EventExitCriterion1 {
  type: 'event';
  /**
   * A track event's name ("Order Completed"); page and screen views as "Page Viewed" / "Screen Viewed"; identify, group and alias as "$identify", "$group", "$alias".
   */
  event: string;
  condition?: ConditionJson1;
}
export interface SegmentExitCriterion1 {
  type: 'segment-exited';
  segmentId: string;
}
export interface ReentryPolicy1 {
  policy: 'never' | 'after-exit' | 'after-cooldown' | 'always';
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  cooldown?: string;
}
export interface FrequencyCap1 {
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  limit: number;
  /**
   * An ISO-8601 duration such as PT30M, P3D, P1M, P1Y (calendar units follow the customer's time zone).
   */
  window: string;
}
export interface QuietHours1 {
  /**
   * HH:MM, 24-hour clock.
   */
  start: string;
  /**
   * HH:MM, 24-hour clock.
   */
  end: string;
  channels?: ('email' | 'sms' | 'push' | 'webhook' | 'log')[];
}
export interface SendRate1 {
  limit: number;
  per: 'second' | 'minute';
}
/**
 * What a missing attributes.consent.<channel> means: opt-in = no consent until given, opt-out = consent until withdrawn.
 */
export interface ConsentDefaults1 {
  email?: 'opt-in' | 'opt-out';
  sms?: 'opt-in' | 'opt-out';
  push?: 'opt-in' | 'opt-out';
}
/**
 * A made-up customer to start from (ignored with userId).
 */
export interface SimulatedCustomer {
  userId?: string;
  attributes?: {
    [k: string]: unknown;
  };
  traits?: {
    [k: string]: unknown;
  };
  segments?: string[];
}
export interface SimulationTimelineEvent {
  at: string;
  /**
   * Default track.
   */
  type?: 'identify' | 'track' | 'page' | 'screen' | 'group' | 'alias';
  event?: string;
  name?: string;
  properties?: {
    [k: string]: unknown;
  };
  traits?: {
    [k: string]: unknown;
  };
}
/**
 * The outcome of POST /api/journeys/{id}/validate: whether the version could be published, every problem with a JSON pointer into the document, and warnings (template variables the sample customer lacks).
 */
export interface JourneyValidation {
  valid: boolean;
  /**
   * The stored version checked; null when an unsaved document was sent.
   */
  version: number | null;
  /**
   * Null when valid; otherwise code VALIDATION_FAILED (schema) or INVALID_DEFINITION with one detail per problem.
   */
  problem: Problem | null;
  warnings: ProblemDetailBody[];
}
/**
 * The body of every 4xx (and the rare 5xx) answer: a code from the closed set in docs/errors.md, a message saying how to fix it, and the offending places.
 */
export interface Problem {
  /**
   * One of the codes in docs/errors.md.
   */
  code: string;
  message: string;
  details: Details;
  requestId?: string;
}
/**
 * One stored version of a journey: the document and its bookkeeping (GET /api/journeys/{id}/versions/{version}). A published version never changes; archived versions let in-flight customers finish.
 */
export interface JourneyVersion {
  journey: Journey2;
  /**
   * ISO-8601 UTC time.
   */
  createdAt: string;
  /**
   * ISO-8601 UTC time.
   */
  updatedAt: string;
  /**
   * ISO-8601 UTC time.
   */
  publishedAt?: string;
  /**
   * ISO-8601 UTC time.
   */
  archivedAt?: string;
}
/**
 * The journey document of this version.
 */
export interface Journey2 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  name: string;
  description?: string;
  /**
   * Version number; a published version never changes (publish a new one instead).
   */
  version: number;
  status: 'draft' | 'published' | 'archived';
  states: JourneyState1[];
  transitions: JourneyTransition1[];
  settings: JourneySettings1;
}
/**
 * Every version of a journey, oldest first, and which one new customers enter (the highest published version; null when none is published).
 */
export interface JourneyVersionList {
  journeyId: string;
  liveVersion: number | null;
  versions: JourneyVersionSummary[];
}
export interface JourneyVersionSummary {
  version: number;
  name: string;
  status: 'draft' | 'published' | 'archived';
  /**
   * ISO-8601 UTC time.
   */
  createdAt: string;
  /**
   * ISO-8601 UTC time.
   */
  updatedAt: string;
  /**
   * ISO-8601 UTC time.
   */
  publishedAt?: string;
  /**
   * ISO-8601 UTC time.
   */
  archivedAt?: string;
}
/**
 * One message of the log (the journeys' outbox): where it goes, its status, why it is there (`why`), its idempotency key (`key`, the same on every attempt: the email Message-ID, the webhook Idempotency-Key) and its recent history. docs/delivery.md explains the statuses.
 */
export interface Message {
  key: string;
  customerId: string;
  userId: string | null;
  journeyId: string;
  journeyVersion: number;
  instanceId: string;
  stepId: string;
  channel: MessageChannel;
  status: MessageStatus1;
  reason: MessageReason1 | null;
  /**
   * The status and reason in a sentence: what happened and what happens next.
   */
  why: string;
  /**
   * ISO-8601 UTC time. Not to be sent before it (quiet hours, retries, rate limit).
   */
  availableAt: string;
  attempts: number;
  /**
   * ISO-8601 UTC time.
   */
  createdAt: string;
  /**
   * ISO-8601 UTC time.
   */
  updatedAt: string;
  sentAt: string | null;
  providerMessageId: string | null;
  variant: string | null;
  holdout: boolean;
  lastError: string | null;
  /**
   * The worker holding it while sending (and the one whose crash left it uncertain).
   */
  leaseOwner: string | null;
  leaseUntil: string | null;
  /**
   * What was rendered when the step ran: {type: message, to, content}, {type: webhook, url, body} or {type: task, url, task}.
   */
  payload: {
    [k: string]: unknown;
  };
  history: MessageHistoryEntryBody[];
}
export interface MessageHistoryEntryBody {
  /**
   * ISO-8601 UTC time.
   */
  at: string;
  status: MessageStatus1;
  reason?: string;
  detail?: string;
}
/**
 * Field types shared by the Segment-spec messages (identify, track, page, screen, group, alias). Each message schema refers to these definitions.
 */
export interface MessageFields {
  [k: string]: unknown;
}
/**
 * One page of the message log (GET /api/messages), newest first.
 */
export interface MessagePage {
  messages: Message1[];
  /**
   * Pass as `after` for the next page; null on the last page.
   */
  next: string | null;
}
/**
 * One message of the log (the journeys' outbox): where it goes, its status, why it is there (`why`), its idempotency key (`key`, the same on every attempt: the email Message-ID, the webhook Idempotency-Key) and its recent history. docs/delivery.md explains the statuses.
 */
export interface Message1 {
  key: string;
  customerId: string;
  userId: string | null;
  journeyId: string;
  journeyVersion: number;
  instanceId: string;
  stepId: string;
  channel: MessageChannel1;
  status: MessageStatus;
  reason: MessageReason | null;
  /**
   * The status and reason in a sentence: what happened and what happens next.
   */
  why: string;
  /**
   * ISO-8601 UTC time. Not to be sent before it (quiet hours, retries, rate limit).
   */
  availableAt: string;
  attempts: number;
  /**
   * ISO-8601 UTC time.
   */
  createdAt: string;
  /**
   * ISO-8601 UTC time.
   */
  updatedAt: string;
  sentAt: string | null;
  providerMessageId: string | null;
  variant: string | null;
  holdout: boolean;
  lastError: string | null;
  /**
   * The worker holding it while sending (and the one whose crash left it uncertain).
   */
  leaseOwner: string | null;
  leaseUntil: string | null;
  /**
   * What was rendered when the step ran: {type: message, to, content}, {type: webhook, url, body} or {type: task, url, task}.
   */
  payload: {
    [k: string]: unknown;
  };
  history: MessageHistoryEntryBody1[];
}
export interface MessageHistoryEntryBody1 {
  /**
   * ISO-8601 UTC time.
   */
  at: string;
  status: MessageStatus;
  reason?: string;
  detail?: string;
}
/**
 * POST /api/messages/{key}/resolve: settle an uncertain message after checking the provider's logs. `sent`: the provider has it. `failed`: it did not go out and must not. `resend`: queue it again with the same idempotency key (same SMTP Message-ID).
 */
export interface MessageResolution {
  resolution: 'sent' | 'failed' | 'resend';
  /**
   * Why, for the message's history.
   */
  note?: string;
}
/**
 * The content of one message as Liquid templates, rendered per customer (engine/templates, docs/channels.md). Email uses subject, html and text; SMS uses body; push uses title, body and data; webhooks carry every field that is set.
 */
export interface MessageTemplate3 {
  /**
   * Email subject. Rendered as one line: line breaks become spaces.
   */
  subject?: string;
  /**
   * Email HTML body. Output tags are HTML-escaped; end a tag with `| raw` to insert markup.
   */
  html?: string;
  /**
   * Email plain-text body. Not escaped.
   */
  text?: string;
  /**
   * SMS text or push notification body. Not escaped.
   */
  body?: string;
  /**
   * Push notification title. Rendered as one line.
   */
  title?: string;
  /**
   * Push notification data: each value is a template rendered to a string.
   */
  data?: {
    [k: string]: string;
  };
}
/**
 * Segment page: a web page view. Unknown top-level fields are accepted and not stored.
 */
export interface PageMessage {
  /**
   * Optional on /v1/page; required inside a batch.
   */
  type?: 'page';
  messageId?: MessageId;
  userId?: MessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  name?: string;
  category?: string;
  properties?: MessagePayload;
  [k: string]: unknown;
}
/**
 * The body of every 4xx (and the rare 5xx) answer: a code from the closed set in docs/errors.md, a message saying how to fix it, and the offending places.
 */
export interface Problem1 {
  /**
   * One of the codes in docs/errors.md.
   */
  code: string;
  message: string;
  details: ProblemDetailBody1[];
  requestId?: string;
}
export interface ProblemDetailBody1 {
  /**
   * JSON pointer (RFC 6901) to the offending place.
   */
  pointer?: string;
  /**
   * Index of the message in a batch.
   */
  index?: number;
  /**
   * Line in an imported file.
   */
  line?: number;
  code?: string;
  message: string;
}
/**
 * A rule pack: how marketers share and version their work. One JSON document with segments, computed trait definitions, journeys and library templates, imported (POST /api/packs/import, `wayfarer pack import`) and exported (GET /api/packs/export) as a whole. docs/packs.md describes the format, validation and the conflict policy.
 */
export interface RulePack {
  /**
   * Always "wayfarer.rule-pack": what this file is.
   */
  format: 'wayfarer.rule-pack';
  /**
   * The version of the pack format (not of its content).
   */
  version: 1;
  name: string;
  description?: string;
  /**
   * Set by an export: when it was taken. Ignored by an import.
   */
  exportedAt?: string;
  /**
   * Segment definitions (schemas/segment-input.schema.json, with an id).
   */
  segments?: PackSegment[];
  /**
   * Computed trait definitions (schemas/trait-definition.schema.json). The pack's own segments and journeys may use them.
   */
  traits?: TraitDefinition[];
  /**
   * Journey documents (schemas/journey.schema.json). Imported as drafts unless the import publishes them.
   */
  journeys?: Journey3[];
  /**
   * Library templates (schemas/template-input.schema.json, with an id) the pack's journeys refer to with {"ref": "<id>"}.
   */
  templates?: PackTemplate[];
}
/**
 * The body of POST /api/segments (create) and PUT /api/segments/{id} (update: a new version). The conditions are checked against the workspace's fact catalogue (GET /api/facts); a bad one is refused with a JSON pointer into this body and nothing is saved.
 */
export interface SegmentInput {
  id?: SegmentId;
  name: string;
  description?: string;
  conditions: Condition1;
  /**
   * Update only: the version you edited. When the segment has moved on since, the update is refused with CONFLICT.
   */
  version?: number;
}
/**
 * True when every child is true; an empty list is true (it matches everyone).
 */
export interface AllCondition1 {
  all: Condition1[];
  name?: string;
  priority?: number;
}
/**
 * True when at least one child is true. Must not be empty.
 */
export interface AnyCondition1 {
  /**
   * @minItems 1
   */
  any: [Condition1, ...Condition1[]];
  name?: string;
  priority?: number;
}
/**
 * True when its single child is false.
 */
export interface NotCondition1 {
  not: Condition1;
  name?: string;
  priority?: number;
}
/**
 * Compares a fact with a value (or with another fact) using an operator.
 */
export interface FactCondition1 {
  /**
   * A dotted path such as traits.orders_count; segments contain no '.', no '$', no control characters and are not all digits.
   */
  fact: string;
  /**
   * One of the operators listed with the fact catalogue (GET /api/facts).
   */
  operator: string;
  /**
   * The operand: a JSON value whose shape the operator fixes, or { fact, path?, params? } to compare with another fact. (anyOf, not a type list: Fastify's response serializer coerces arrays to strings under a type list.)
   */
  value:
    | string
    | number
    | boolean
    | null
    | unknown[]
    | {
        [k: string]: unknown;
      };
  /**
   * A JSONPath of plain member names into the fact's value: $.score or $.a.b.
   */
  path?: string;
  /**
   * Parameters of a parameterised fact; no built-in fact takes any, so it must be empty.
   */
  params?: {
    [k: string]: unknown;
  };
  name?: string;
  priority?: number;
}
/**
 * A computed trait: one aggregation over a customer's events of one name, optionally filtered and limited to a window of recent UTC days. Its value lands in traits.<id> on every customer and in the fact catalogue. Definitions, windows and bounds: docs/traits.md.
 */
export interface TraitDefinition {
  /**
   * The trait's key in traits.<id>: a lower-case letter, then up to 63 lower-case letters, digits or '_'. Built-in trait names are reserved.
   */
  id: string;
  /**
   * Display name.
   */
  name: string;
  description?: string;
  /**
   * The events aggregated, named as traits.event_counts names them: a track event by its event name, page calls as "Page Viewed", screen calls as "Screen Viewed". identify, group and alias calls are never aggregated (their traits are attributes).
   */
  event: string;
  /**
   * count: matching events (with property: those where it has a value); sum / avg / min / max: of a numeric property; first / last: the property on the earliest / latest event; distinct_count: number of distinct values; most_frequent: the value seen most often.
   */
  aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'distinct_count' | 'most_frequent';
  /**
   * The event fact aggregated, as conditions name it: "event.properties.total", "event.name", "event.timestamp". Required for every aggregation but count.
   */
  property?: string;
  /**
   * Only events satisfying this condition (schemas/condition.schema.json, event facts only: event.properties.*, event.name, …) are aggregated.
   */
  filter?: {
    [k: string]: unknown;
  };
  /**
   * Only events of the last N UTC calendar days, today included. The value follows the clock: an event leaving the window changes it with no new event.
   */
  window_days?: number;
  /**
   * The type of traits.<id>. count, sum, avg, min, max and distinct_count always give a number. first, last and most_frequent keep values of this type only (others are skipped); default: the property's type in the fact catalogue, else string.
   */
  value_type?: 'string' | 'number' | 'boolean' | 'date';
}
/**
 * A journey document: a lifecycle state chart close to the graph the editor draws (states with positions, transitions as edges) plus settings. Compiled to an xstate v5 machine; see docs/journeys.md.
 */
export interface Journey3 {
  /**
   * A letter, then up to 63 letters, digits, '-' or '_'.
   */
  id: string;
  name: string;
  description?: string;
  /**
   * Version number; a published version never changes (publish a new one instead).
   */
  version: number;
  status: 'draft' | 'published' | 'archived';
  states: JourneyState1[];
  transitions: JourneyTransition1[];
  settings: JourneySettings1;
}
/**
 * A named template of the workspace's template library as a client writes it: the body of POST /api/templates (create) and PUT /api/templates/{id} (update: a new version), and an entry of a rule pack's templates[]. Journey send steps use it with {"ref": "<id>"}; drafts render the library's current content, publishing freezes it into the version (docs/packs.md).
 */
export interface TemplateInput {
  id?: TemplateId;
  name: string;
  description?: string;
  /**
   * The channel the template is written for; only send steps on this channel may use it.
   */
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  content: MessageTemplate;
  /**
   * Update only: the version you edited. When the template has moved on since, the update is refused with CONFLICT.
   */
  version?: number;
}
/**
 * What POST /api/packs/import did: every element of the pack with what happened to it (all of it in one commit), the membership recompute of the imported segments, and whether computed traits are being backfilled.
 */
export interface RulePackImport {
  /**
   * The pack's name.
   */
  name: string;
  onConflict: 'fail' | 'skip' | 'replace';
  /**
   * Whether the journeys were published (else saved as drafts).
   */
  publish: boolean;
  items: RulePackImportItem[];
  /**
   * The imported segments' membership after the import (each entering or leaving customer recorded a Segment Entered / Exited event).
   */
  recomputed: RulePackRecompute[];
  /**
   * Whether imported computed traits are being backfilled over every customer (the scheduler's traits.backfill, within seconds).
   */
  backfill: boolean;
  warnings: ProblemDetailBody[];
}
export interface RulePackImportItem {
  kind: 'segment' | 'trait' | 'journey' | 'template';
  id: string;
  /**
   * JSON pointer of the element in the pack.
   */
  pointer: string;
  /**
   * created: new in this workspace; replaced: saved as a new version (onConflict replace); unchanged: the workspace already had exactly this; skipped: the workspace's own was kept (onConflict skip).
   */
  action: 'created' | 'replaced' | 'unchanged' | 'skipped';
  /**
   * The version (trait: revision) now current.
   */
  version?: number;
  /**
   * Journeys: draft or published.
   */
  status?: string;
}
export interface RulePackRecompute {
  segmentId: string;
  entered: number;
  exited: number;
  size: number;
}
/**
 * The outcome of POST /api/packs/validate: whether the pack could be imported into this workspace, every problem with a JSON pointer into the pack, what it holds, and which of its ids the workspace already has (the import's onConflict decides what happens to those).
 */
export interface RulePackValidation {
  valid: boolean;
  /**
   * Null when valid; otherwise INVALID_IMPORT with one detail per problem (each detail's code says what kind: VALIDATION_FAILED, UNKNOWN_FACT, INVALID_DEFINITION, …).
   */
  problem: Problem | null;
  /**
   * Worth a look, not errors: template variables the sample customer lacks.
   */
  warnings: ProblemDetailBody[];
  contents: RulePackContents;
  conflicts: RulePackConflict[];
}
/**
 * The ids in the pack, by kind.
 */
export interface RulePackContents {
  segments: string[];
  traits: string[];
  journeys: string[];
  templates: string[];
}
/**
 * An id of the pack the workspace already has.
 */
export interface RulePackConflict {
  kind: 'segment' | 'trait' | 'journey' | 'template';
  id: string;
  /**
   * JSON pointer of the element in the pack (/segments/2).
   */
  pointer: string;
}
/**
 * Segment screen: a mobile screen view. Unknown top-level fields are accepted and not stored.
 */
export interface ScreenMessage {
  /**
   * Optional on /v1/screen; required inside a batch.
   */
  type?: 'screen';
  messageId?: MessageId;
  userId?: MessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  name?: string;
  category?: string;
  properties?: MessagePayload;
  [k: string]: unknown;
}
/**
 * A segment as the management API shows it: the current version of its definition, its status and its size now. Every change of name, description or conditions makes a new version; old versions stay listable (GET /api/segments/{id}/versions). docs/segments.md describes segments.
 */
export interface Segment {
  id: SegmentId1;
  name: string;
  description: string;
  conditions: Condition1;
  /**
   * The current version; 1 when created, +1 on every update.
   */
  version: number;
  /**
   * Archived segments have no members and are not evaluated; creating the id again revives it as a new version.
   */
  status: 'active' | 'archived';
  /**
   * Every fact the conditions read, sorted (events that change none of them are not evaluated against this segment).
   */
  facts: string[];
  /**
   * Whether membership can change as time passes with no event (relative-time operators).
   */
  dependsOnTime: boolean;
  /**
   * When version 1 was created.
   */
  createdAt: string;
  /**
   * When the current version was saved, or the segment archived.
   */
  updatedAt: string;
  archivedAt?: string;
  /**
   * Customers in the segment now.
   */
  size?: number;
  recompute?: RecomputeSummary;
}
/**
 * What a batch recompute of the segment changed: customers who entered and left (each recorded a Segment Entered / Segment Exited event), and the size after it.
 */
export interface RecomputeSummary {
  version: number;
  entered: number;
  exited: number;
  size: number;
  at: string;
}
/**
 * The body of POST /api/segments (create) and PUT /api/segments/{id} (update: a new version). The conditions are checked against the workspace's fact catalogue (GET /api/facts); a bad one is refused with a JSON pointer into this body and nothing is saved.
 */
export interface SegmentInput1 {
  id?: SegmentId;
  name: string;
  description?: string;
  conditions: Condition1;
  /**
   * Update only: the version you edited. When the segment has moved on since, the update is refused with CONFLICT.
   */
  version?: number;
}
/**
 * The segments of a workspace (GET /api/segments), by id, each with its size now.
 */
export interface SegmentList {
  segments: Segment1[];
}
/**
 * A segment as the management API shows it: the current version of its definition, its status and its size now. Every change of name, description or conditions makes a new version; old versions stay listable (GET /api/segments/{id}/versions). docs/segments.md describes segments.
 */
export interface Segment1 {
  id: SegmentId;
  name: string;
  description: string;
  conditions: Condition1;
  /**
   * The current version; 1 when created, +1 on every update.
   */
  version: number;
  /**
   * Archived segments have no members and are not evaluated; creating the id again revives it as a new version.
   */
  status: 'active' | 'archived';
  /**
   * Every fact the conditions read, sorted (events that change none of them are not evaluated against this segment).
   */
  facts: string[];
  /**
   * Whether membership can change as time passes with no event (relative-time operators).
   */
  dependsOnTime: boolean;
  /**
   * When version 1 was created.
   */
  createdAt: string;
  /**
   * When the current version was saved, or the segment archived.
   */
  updatedAt: string;
  archivedAt?: string;
  /**
   * Customers in the segment now.
   */
  size?: number;
  recompute?: RecomputeSummary1;
}
/**
 * What a batch recompute of the segment changed: customers who entered and left (each recorded a Segment Entered / Segment Exited event), and the size after it.
 */
export interface RecomputeSummary1 {
  version: number;
  entered: number;
  exited: number;
  size: number;
  at: string;
}
/**
 * What conditions would match now (POST /api/segments/preview): how many customers, out of how many, and a sample of them with the values of every fact the conditions read, so a marketer sees why they matched. Nothing is saved.
 */
export interface SegmentPreview {
  /**
   * Customers matching now.
   */
  count: number;
  /**
   * Customers in the workspace.
   */
  total: number;
  /**
   * The facts the conditions read, sorted; the keys of each sample's values.
   */
  facts: string[];
  /**
   * Up to 20 matching customers (sampleSize).
   */
  sample: SegmentPreviewCustomer[];
  /**
   * The instant the conditions were evaluated at (relative-time operators count from it).
   */
  at: string;
}
export interface SegmentPreviewCustomer {
  customerId: string;
  userId: string | null;
  anonymousIds?: string[];
  /**
   * Each fact the conditions read, with this customer's value (absent when the customer has none).
   */
  values: {
    [k: string]: unknown;
  };
}
/**
 * The body of POST /api/segments/preview: conditions to try without saving anything.
 */
export interface SegmentPreviewRequest {
  conditions: Condition1;
  /**
   * How many matching customers to show; default 20.
   */
  sampleSize?: number;
}
/**
 * A segment's size over time (GET /api/segments/{id}/sizes): a point at least every hour while the server runs, and one at every batch recompute, oldest first.
 */
export interface SegmentSizes {
  segmentId: string;
  /**
   * Start of the range (inclusive), ISO-8601 UTC.
   */
  from: string;
  /**
   * End of the range (inclusive), ISO-8601 UTC.
   */
  to: string;
  points: SegmentSizePoint[];
}
export interface SegmentSizePoint {
  at: string;
  size: number;
  /**
   * hourly: the size-history job; recompute: after a batch recompute (a new or changed definition, changed scores); archive: the segment was archived.
   */
  reason: 'hourly' | 'recompute' | 'archive';
  /**
   * The segment version the size belongs to.
   */
  version?: number;
}
/**
 * Every saved version of a segment, oldest first (GET /api/segments/{id}/versions).
 */
export interface SegmentVersionList {
  segmentId: string;
  versions: SegmentVersion[];
}
/**
 * One saved version of a segment's definition; versions never change.
 */
export interface SegmentVersion {
  id: SegmentId;
  version: number;
  name: string;
  description: string;
  conditions: Condition1;
  facts: string[];
  dependsOnTime: boolean;
  /**
   * When this version was saved.
   */
  createdAt: string;
}
/**
 * A named template of the workspace's library as the management API shows it: its current content and version. Every change makes a new version; published journey versions keep the content they were published with (docs/packs.md).
 */
export interface Template {
  id: TemplateId;
  name: string;
  description: string;
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  content: MessageTemplate;
  /**
   * 1 when created, +1 on every change.
   */
  version: number;
  /**
   * When version 1 was created.
   */
  createdAt: string;
  /**
   * When the current version was saved.
   */
  updatedAt: string;
}
/**
 * A named template of the workspace's template library as a client writes it: the body of POST /api/templates (create) and PUT /api/templates/{id} (update: a new version), and an entry of a rule pack's templates[]. Journey send steps use it with {"ref": "<id>"}; drafts render the library's current content, publishing freezes it into the version (docs/packs.md).
 */
export interface TemplateInput1 {
  id?: TemplateId1;
  name: string;
  description?: string;
  /**
   * The channel the template is written for; only send steps on this channel may use it.
   */
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  content: MessageTemplate;
  /**
   * Update only: the version you edited. When the template has moved on since, the update is refused with CONFLICT.
   */
  version?: number;
}
/**
 * The template library of a workspace (GET /api/templates), by id.
 */
export interface TemplateList {
  templates: Template1[];
}
/**
 * A named template of the workspace's library as the management API shows it: its current content and version. Every change makes a new version; published journey versions keep the content they were published with (docs/packs.md).
 */
export interface Template1 {
  id: TemplateId;
  name: string;
  description: string;
  channel: 'email' | 'sms' | 'push' | 'webhook' | 'log';
  content: MessageTemplate;
  /**
   * 1 when created, +1 on every change.
   */
  version: number;
  /**
   * When version 1 was created.
   */
  createdAt: string;
  /**
   * When the current version was saved.
   */
  updatedAt: string;
}
/**
 * Which journey versions use a library template (GET /api/templates/{id}/usage), by journey id then version. A draft renders the template as the library holds it now, so a change reaches it at once and the template cannot be deleted while it is used; a published or archived version sends the copy it froze when published (`frozen`), whatever later happens to the library.
 */
export interface TemplateUsage {
  templateId: TemplateId;
  journeys: {
    /**
     * The journey id.
     */
    id: string;
    name: string;
    version: number;
    status: 'draft' | 'published' | 'archived';
    /**
     * true when the version sends its own frozen copy (published, archived); false for a draft, which sends the library's current content.
     */
    frozen: boolean;
    /**
     * The ids of the send steps that use the template.
     */
    steps: string[];
  }[];
}
/**
 * Segment track: an action the user performed. Unknown top-level fields are accepted and not stored.
 */
export interface TrackMessage {
  /**
   * Optional on /v1/track; required inside a batch.
   */
  type?: 'track';
  messageId?: MessageId;
  userId?: MessageIdentifier;
  anonymousId?: MessageIdentifier;
  timestamp?: MessageTimestamp;
  originalTimestamp?: MessageTimestamp;
  sentAt?: MessageTimestamp;
  receivedAt?: MessageTimestamp;
  context?: MessagePayload;
  integrations?: MessagePayload;
  writeKey?: BodyWriteKey;
  /**
   * The event name, e.g. "Order Completed".
   */
  event: string;
  properties?: MessagePayload;
  [k: string]: unknown;
}
/**
 * A computed trait definition as the API returns it: the definition (schemas/trait-definition.schema.json) with its revision, resolved value type and backfill progress.
 */
export interface TraitView {
  id: string;
  name: string;
  description?: string;
  event: string;
  aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'distinct_count' | 'most_frequent';
  property?: string;
  /**
   * A condition over event facts (schemas/condition.schema.json).
   */
  filter?: {
    [k: string]: unknown;
  };
  window_days?: number;
  /**
   * The type of traits.<id> in the fact catalogue.
   */
  value_type: 'string' | 'number' | 'boolean' | 'date';
  /**
   * Increments whenever what the trait computes changes (not for name or description).
   */
  revision: number;
  createdAt: string;
  updatedAt: string;
  backfill: TraitBackfill;
}
/**
 * Recomputing every customer's value from the stored events after the definition was created or changed.
 */
export interface TraitBackfill {
  status: 'pending' | 'running' | 'done';
  /**
   * The revision the last finished backfill computed.
   */
  revision: number;
  /**
   * Customers the last finished backfill visited.
   */
  customers?: number;
  changed_customers?: number;
  started_at?: string;
  finished_at?: string;
}
/**
 * A computed trait: one aggregation over a customer's events of one name, optionally filtered and limited to a window of recent UTC days. Its value lands in traits.<id> on every customer and in the fact catalogue. Definitions, windows and bounds: docs/traits.md.
 */
export interface TraitDefinition1 {
  /**
   * The trait's key in traits.<id>: a lower-case letter, then up to 63 lower-case letters, digits or '_'. Built-in trait names are reserved.
   */
  id: string;
  /**
   * Display name.
   */
  name: string;
  description?: string;
  /**
   * The events aggregated, named as traits.event_counts names them: a track event by its event name, page calls as "Page Viewed", screen calls as "Screen Viewed". identify, group and alias calls are never aggregated (their traits are attributes).
   */
  event: string;
  /**
   * count: matching events (with property: those where it has a value); sum / avg / min / max: of a numeric property; first / last: the property on the earliest / latest event; distinct_count: number of distinct values; most_frequent: the value seen most often.
   */
  aggregation: 'count' | 'sum' | 'avg' | 'min' | 'max' | 'first' | 'last' | 'distinct_count' | 'most_frequent';
  /**
   * The event fact aggregated, as conditions name it: "event.properties.total", "event.name", "event.timestamp". Required for every aggregation but count.
   */
  property?: string;
  /**
   * Only events satisfying this condition (schemas/condition.schema.json, event facts only: event.properties.*, event.name, …) are aggregated.
   */
  filter?: {
    [k: string]: unknown;
  };
  /**
   * Only events of the last N UTC calendar days, today included. The value follows the clock: an event leaving the window changes it with no new event.
   */
  window_days?: number;
  /**
   * The type of traits.<id>. count, sum, avg, min, max and distinct_count always give a number. first, last and most_frequent keep values of this type only (others are skipped); default: the property's type in the fact catalogue, else string.
   */
  value_type?: 'string' | 'number' | 'boolean' | 'date';
}
/**
 * A workspace's settings of the built-in marketing traits (docs/traits.md). Every field is optional on PUT; a missing one takes its default.
 */
export interface TraitSettings {
  value_tier?: ValueTierSettings;
  lifecycle?: LifecycleSettings;
  clv?: ClvSettings;
  schedule?: TraitSchedule;
}
export interface ValueTierSettings {
  /**
   * Rank net revenue (default) or predicted CLV.
   */
  basis?: 'revenue' | 'clv';
  /**
   * Share of ranked customers in the high tier (default 20).
   */
  high_percent?: number;
  /**
   * Share in the mid tier (default 30).
   */
  mid_percent?: number;
}
export interface LifecycleSettings {
  new_days?: number;
  default_gap_days?: number;
  min_gap_days?: number;
  max_gap_days?: number;
  at_risk_after_gaps?: number;
  lapsed_after_gaps?: number;
}
export interface ClvSettings {
  /**
   * Forecast horizon of predicted_clv (default 365).
   */
  horizon_days?: number;
  /**
   * Default 0.
   */
  annual_discount_rate?: number;
  /**
   * Time unit of the scheduled fits (default weeks).
   */
  time_unit?: 'days' | 'weeks';
}
export interface TraitSchedule {
  /**
   * How often RFM scores, value tiers and lifecycle stages are refreshed over the workspace (default 60).
   */
  rfm_refresh_minutes?: number;
  /**
   * How often the CLV model is refitted and every customer rescored (default 24).
   */
  clv_fit_hours?: number;
}
/**
 * GET /api/workspace: the workspace the admin key belongs to, with its API keys (never the keys themselves).
 */
export interface WorkspaceOverview {
  id: string;
  name: string;
  isDefault: boolean;
  createdAt: string;
  keys: ApiKeyView1[];
}
/**
 * An API key as listed: its id (the SHA-256 of the key), role and first characters. The key itself is shown once, when issued.
 */
export interface ApiKeyView1 {
  id: string;
  role: 'write' | 'admin';
  hint: string;
  createdAt: string;
  revokedAt: string | null;
  /**
   * Only in the answer to POST /api/keys: the new key in plain text, shown this once.
   */
  key?: string;
}
