import { directoryWorkspace, type WorkspaceDocument } from '../../engine/workspaces/index';
import type { StoragePort } from '../../engine/store/index';
import type { ChannelConfig, ChannelSettings } from '../../schemas/types';

/**
 * Channels of the default workspace from the environment, for an operator who would rather not call
 * the admin API (README.md, "Delivery"):
 *
 * | variable | channel |
 * | --- | --- |
 * | `WAYFARER_SMTP_URL` = `smtp://user:pass@host:587` (`smtps://` for TLS from the first byte; `?requireTls=1`) with `WAYFARER_SMTP_FROM` = `Shop <news@shop.example>` | `email` |
 * | `WAYFARER_WEBHOOK_SECRET` (≥ 16 characters), optional `WAYFARER_WEBHOOK_URL` (journey webhook steps bring their own URL) | `webhook` |
 * | always | `log`: one JSON line per message in `messages.ndjson` of the channel log directory |
 * | `WAYFARER_EGRESS_ALLOW` = comma-separated hosts / addresses / CIDR ranges | `egress.allow` |
 *
 * A config saved through `PUT /api/channels` replaces this one for its workspace.
 */
export function readEnvironmentChannelConfig(env: NodeJS.ProcessEnv, workspace: string): ChannelConfig {
  const channels: Record<string, ChannelSettings> = { log: { kind: 'log', file: 'messages.ndjson' } };
  const smtpUrl = env.WAYFARER_SMTP_URL;
  if (smtpUrl) channels.email = readSmtpSettings(smtpUrl, env.WAYFARER_SMTP_FROM);
  const webhookSecret = env.WAYFARER_WEBHOOK_SECRET;
  if (webhookSecret) channels.webhook = { kind: 'webhook', secret: webhookSecret, ...(env.WAYFARER_WEBHOOK_URL ? { url: env.WAYFARER_WEBHOOK_URL } : {}) };
  else if (env.WAYFARER_WEBHOOK_URL) throw new Error('WAYFARER_WEBHOOK_URL needs WAYFARER_WEBHOOK_SECRET (at least 16 characters) to sign requests; generate one with `openssl rand -hex 32`.');
  const allow = (env.WAYFARER_EGRESS_ALLOW ?? '').split(',').map((entry) => entry.trim()).filter((entry) => entry !== '');
  return { workspace, channels, ...(allow.length > 0 ? { egress: { allow } } : {}) };
}

function readSmtpSettings(text: string, from: string | undefined): ChannelSettings {
  const url = URL.canParse(text) ? new URL(text) : null;
  if (!url || (url.protocol !== 'smtp:' && url.protocol !== 'smtps:')) {
    throw new Error(`WAYFARER_SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465, not "${text}".`);
  }
  if (!from) throw new Error('WAYFARER_SMTP_URL needs WAYFARER_SMTP_FROM, the sender: "Shop <news@shop.example>".');
  const secure = url.protocol === 'smtps:';
  const requireTls = ['1', 'true', 'yes'].includes((url.searchParams.get('requireTls') ?? '').toLowerCase());
  return {
    kind: 'smtp',
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(requireTls ? { requireTls } : {}),
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    from,
  };
}

/** The default workspace's id, or null before the first `wayfarer start` created it. Reads; never creates. */
export async function findDefaultWorkspaceId(store: StoragePort): Promise<string | null> {
  const found = await store.collection<WorkspaceDocument>('workspaces').findOne(directoryWorkspace, { isDefault: true });
  return found?._id ?? null;
}
