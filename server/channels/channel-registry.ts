import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { createProblem, escapePointerSegment, fail, ok, type Result } from '../../engine/errors/index';
import { systemClock, type Clock } from '../../engine/time/index';
import type { ChannelSettings, PushChannelSettings, SmsChannelSettings, SmtpChannelSettings, WebhookChannelSettings } from '../../schemas/types';
import type { Channel, OutboundMessage } from './channel';
import { parseChannelConfig, resolveSecret, type SecretEnvironment } from './channel-config';
import { deliveryFailed, type DeliveryResult } from './delivery-result';
import { readMailboxAddress } from './email-address';
import { systemResolver, type HostResolver } from './egress-guard';
import { createEgressPolicy, type EgressPolicy } from './egress-policy';
import { createLogChannel } from './log-channel';
import { pushPayloadAdapter } from './push-payload-adapter';
import { toRetryPolicy, type RetryPolicy } from './retry-policy';
import { createSmsPayloadAdapter } from './sms-payload-adapter';
import { createSmtpChannel, type SmtpSettings } from './smtp-channel';
import { createTwilioSmsAdapter } from './twilio-sms-adapter';
import { createWebhookChannel, defaultRequestLimits } from './webhook-channel';
import { webhookPayloadAdapter } from './webhook-payload-adapter';

export interface ChannelRegistryOptions {
  /** Signature timestamps and log times. Default: the system clock. */
  clock?: Clock;
  /** How hosts are resolved before the egress check. Default: the system resolver. */
  resolver?: HostResolver;
  /** Where `{ "env": … }` secrets come from. Default: `process.env`. */
  env?: SecretEnvironment;
  /** The operator's directory for log channels with a `file`; without it such channels are refused. */
  logDirectory?: string;
  /** Where log channels without a `file` write. Default: standard output. */
  logStream?: Writable;
}

/** The built channels of one workspace. */
export interface ChannelRegistry {
  readonly workspace: string;
  /** The channel of that name, if configured. */
  get(name: string): Channel | undefined;
  names(): string[];
  /** The retry policy of a channel (its `retry` settings over the defaults). */
  retryPolicy(name: string): RetryPolicy;
  /**
   * Delivers through the channel the message names; an unknown name is a permanent failure (the
   * config changed under a running journey). A message of another workspace is a bug and throws.
   */
  deliver(message: OutboundMessage, key: string): Promise<DeliveryResult>;
  /** Closes every channel's pooled connections and files. */
  close(): Promise<void>;
}

interface BuildContext {
  env: SecretEnvironment;
  policy: EgressPolicy;
  resolver: HostResolver;
  clock: Clock;
}

function toSmtpSettings(settings: SmtpChannelSettings, env: SecretEnvironment): SmtpSettings {
  const secure = settings.secure ?? settings.port === 465;
  const fromAddress = readMailboxAddress(settings.from) ?? '';
  return {
    host: settings.host,
    port: settings.port ?? (secure ? 465 : 587),
    secure,
    requireTls: settings.requireTls ?? false,
    auth: settings.auth ? { user: settings.auth.user, pass: resolveSecret(settings.auth.pass, env) ?? '' } : undefined,
    from: settings.from,
    replyTo: settings.replyTo,
    messageIdDomain: settings.messageIdDomain ?? `wayfarer.${fromAddress.slice(fromAddress.lastIndexOf('@') + 1)}`,
    maxConnections: settings.pool?.maxConnections ?? 5,
    maxMessages: settings.pool?.maxMessages ?? 100,
    connectionTimeoutMs: settings.timeouts?.connectionMs ?? 10_000,
    greetingTimeoutMs: settings.timeouts?.greetingMs ?? 10_000,
    socketTimeoutMs: settings.timeouts?.socketMs ?? 30_000,
    tls: { rejectUnauthorized: settings.tls?.rejectUnauthorized ?? true, servername: settings.tls?.servername },
  };
}

function buildHttpChannel(name: string, settings: WebhookChannelSettings | SmsChannelSettings | PushChannelSettings, context: BuildContext): Channel {
  const secrets = [settings.secret, settings.previousSecret]
    .filter((secret) => secret !== undefined)
    .map((secret) => resolveSecret(secret, context.env) ?? '');
  const customHeaders: Record<string, string> = { ...settings.headers };
  if (settings.basicAuth) {
    const password = resolveSecret(settings.basicAuth.password, context.env) ?? '';
    customHeaders.Authorization = `Basic ${Buffer.from(`${settings.basicAuth.username}:${password}`).toString('base64')}`;
  }
  const adapter =
    settings.kind === 'webhook' ? webhookPayloadAdapter
    : settings.kind === 'push' ? pushPayloadAdapter
    : settings.format === 'twilio' ? createTwilioSmsAdapter(settings.from ?? '')
    : createSmsPayloadAdapter(settings.from);
  return createWebhookChannel({
    name,
    kind: settings.kind,
    url: settings.url,
    secrets,
    customHeaders,
    limits: {
      ...defaultRequestLimits,
      timeoutMs: settings.timeoutMs ?? defaultRequestLimits.timeoutMs,
      connectTimeoutMs: settings.connectTimeoutMs ?? defaultRequestLimits.connectTimeoutMs,
      maxRedirects: settings.maxRedirects ?? defaultRequestLimits.maxRedirects,
    },
    adapter,
    policy: context.policy,
    resolver: context.resolver,
    clock: context.clock,
    trustedCa: settings.tls?.ca,
  });
}

/**
 * Builds a workspace's channels from its config (validated by `parseChannelConfig`). Building opens
 * nothing: SMTP pools and HTTP agents connect on the first delivery. Returns the config's problems
 * instead when it is invalid.
 *
 * @example
 * const registry = unwrap(createChannelRegistry(config, { logDirectory: join(dataDir, 'channel-logs') }));
 * const result = await registry.deliver(message, outbox.idempotencyKey);
 */
export function createChannelRegistry(config: unknown, options: ChannelRegistryOptions = {}): Result<ChannelRegistry> {
  const env = options.env ?? process.env;
  const parsed = parseChannelConfig(config, env);
  if (!parsed.ok) return parsed;
  const { workspace, channels: settingsByName } = parsed.value;
  const policy = createEgressPolicy(parsed.value.egress?.allow ?? []);
  if (!policy.ok) return policy;
  const context: BuildContext = { env, policy: policy.value, resolver: options.resolver ?? systemResolver, clock: options.clock ?? systemClock };

  for (const [name, settings] of Object.entries(settingsByName)) {
    if (settings.kind === 'log' && settings.file !== undefined && options.logDirectory === undefined) {
      const pointer = `/channels/${escapePointerSegment(name)}/file`;
      return fail(createProblem('INVALID_DEFINITION', [{ pointer, message: 'This server has no channel log directory, so log channels cannot write files here. Remove file to log to standard output.' }]));
    }
  }

  const channels = new Map<string, Channel>();
  const retryPolicies = new Map<string, RetryPolicy>();
  for (const [name, settings] of Object.entries(settingsByName) as Array<[string, ChannelSettings]>) {
    if (settings.kind === 'smtp') {
      channels.set(name, createSmtpChannel({ name, settings: toSmtpSettings(settings, env), policy: context.policy, resolver: context.resolver }));
    } else if (settings.kind === 'log') {
      const target = settings.file !== undefined && options.logDirectory !== undefined ? { path: join(options.logDirectory, settings.file) } : { stream: options.logStream ?? process.stdout };
      channels.set(name, createLogChannel({ name, target, clock: context.clock }));
    } else {
      channels.set(name, buildHttpChannel(name, settings, context));
    }
    retryPolicies.set(name, toRetryPolicy(settings.kind === 'log' ? undefined : settings.retry));
  }

  return ok({
    workspace,
    get: (name) => channels.get(name),
    names: () => [...channels.keys()],
    retryPolicy: (name) => retryPolicies.get(name) ?? toRetryPolicy(undefined),
    async deliver(message, key) {
      if (message.metadata.workspace !== workspace) {
        throw new Error(`A message of workspace ${message.metadata.workspace} was handed to the channels of ${workspace}; the outbox worker must pick the registry by the record's workspace.`);
      }
      const channel = channels.get(message.channel);
      if (!channel) return deliveryFailed('UNKNOWN_CHANNEL', `Workspace ${workspace} has no channel "${message.channel}"; configured: ${[...channels.keys()].join(', ') || 'none'}.`);
      return channel.deliver(message, key);
    },
    async close() {
      await Promise.all([...channels.values()].map((channel) => channel.close()));
    },
  });
}
