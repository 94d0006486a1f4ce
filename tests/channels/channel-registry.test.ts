import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { buildRecipient, createChannelRegistry, deliveryErrorCodes, resolveRecipient, toMessageId } from '../../server/channels';
import { buildChannelCustomer, buildOutboundMessage } from '../support/outbound-message-factory';

const secret = 'whsec_0123456789abcdef0123456789abcdef';

function problemPointers(config: unknown, env: Record<string, string> = {}): Array<string | undefined> {
  const result = createChannelRegistry(config, { env });
  if (result.ok) throw new Error('expected the config to be refused');
  return result.problem.details.map((detail) => detail.pointer);
}

describe('channel config', () => {
  it('builds every kind of channel from one JSON config, secrets from the environment', async () => {
    const registry = unwrap(
      createChannelRegistry(
        {
          workspace: 'ws_channels',
          channels: {
            email: { kind: 'smtp', host: 'smtp.example.com', from: 'Shop <news@shop.example>', auth: { user: 'apikey', pass: { env: 'SMTP_PASSWORD' } } },
            webhook: { kind: 'webhook', url: 'https://hooks.example.com/in', secret: { env: 'HOOK_SECRET' }, retry: { maxAttempts: 3 } },
            sms: { kind: 'sms', url: 'https://sms.example.com/send', secret },
            push: { kind: 'push', url: 'https://push.example.com/send', secret },
            log: { kind: 'log' },
          },
        },
        { env: { SMTP_PASSWORD: 'p', HOOK_SECRET: secret } },
      ),
    );
    expect(registry.names()).toEqual(['email', 'webhook', 'sms', 'push', 'log']);
    expect(registry.get('webhook')?.kind).toBe('webhook');
    expect(registry.retryPolicy('webhook').maxAttempts).toBe(3);
    expect(registry.retryPolicy('email').maxAttempts).toBe(8);
    await registry.close();
  });

  it('points at schema violations', () => {
    expect(problemPointers({ workspace: 'ws_1', channels: { email: { kind: 'smtp', host: 'h' }, x: { kind: 'fax' } } })).toEqual(
      expect.arrayContaining(['/channels/email/from', '/channels/x/kind']),
    );
  });

  it('points at what a schema cannot check', () => {
    const pointers = problemPointers({
      workspace: 'ws_1',
      channels: {
        email: { kind: 'smtp', host: 'smtp.example.com', from: 'nobody', auth: { user: 'u', pass: { env: 'MISSING_VAR' } } },
        hook: { kind: 'webhook', url: 'https://user:pw@hooks.example.com/', secret: 'short', headers: { 'Idempotency-Key': 'x', 'X-Ok': 'y' } },
        tw: { kind: 'sms', format: 'twilio', url: 'https://api.twilio.com/x' },
        plain: { kind: 'sms', url: 'https://sms.example.com/' },
      },
      egress: { allow: ['10.0.0.1/8'] },
    });
    expect(pointers.sort()).toEqual(
      [
        '/egress/allow/0',
        '/channels/email/from',
        '/channels/email/auth/pass',
        '/channels/hook/url',
        '/channels/hook/secret',
        '/channels/hook/headers/Idempotency-Key',
        '/channels/tw/from',
        '/channels/tw/basicAuth',
        '/channels/plain/secret',
      ].sort(),
    );
  });

  it('refuses a log file when the operator gave no log directory', () => {
    expect(problemPointers({ workspace: 'ws_1', channels: { log: { kind: 'log', file: 'x.ndjson' } } })).toEqual(['/channels/log/file']);
  });

  it('fails an unknown channel permanently and throws for a message of another workspace', async () => {
    const registry = unwrap(createChannelRegistry({ workspace: 'ws_channels', channels: {} }));
    expect(await registry.deliver(buildOutboundMessage({ channel: 'fax' }), 'k')).toMatchObject({ status: 'failed', permanent: true, error: { code: 'UNKNOWN_CHANNEL' } });
    const foreign = buildOutboundMessage({ metadata: { ...buildOutboundMessage().metadata, workspace: 'ws_other' } });
    await expect(registry.deliver(foreign, 'k')).rejects.toThrow(/workspace ws_other/);
  });
});

describe('recipients and keys', () => {
  it('reads addresses from the Segment-spec identify traits', () => {
    expect(resolveRecipient(buildChannelCustomer())).toEqual({ userId: 'user-42', email: 'ada@example.com', phone: '+44 20 7946 0018', name: 'Ada Lovelace', pushTokens: ['tok-a', 'tok-b'] });
    expect(resolveRecipient(buildChannelCustomer({ userId: null, attributes: { name: ' Grace ', push_token: 'one' } }))).toEqual({ userId: null, name: 'Grace', pushTokens: ['one'] });
  });

  it('builds the recipient of an outbox record from its resolved address', () => {
    expect(buildRecipient('email', 'ada@example.com', 'u1')).toEqual({ userId: 'u1', email: 'ada@example.com' });
    expect(buildRecipient('sms', '+442079460018')).toEqual({ userId: null, phone: '+442079460018' });
    expect(buildRecipient('push', ['t1', 't2'])).toEqual({ userId: null, pushTokens: ['t1', 't2'] });
    expect(buildRecipient('webhook', null, 'u1')).toEqual({ userId: 'u1' });
  });

  it('derives distinct, valid Message-IDs from keys', () => {
    expect(toMessageId('ws_1:j:s:42', 'wayfarer.shop.example')).toBe('<ws_1=3Aj=3As=3A42@wayfarer.shop.example>');
    expect(toMessageId('a=3A', 'd')).not.toBe(toMessageId('a:', 'd'));
    expect(toMessageId('a.b', 'd')).toMatch(/^<[A-Za-z0-9_=-]+@d>$/);
  });

  it('documents every delivery error code in docs/channels.md', () => {
    const documentation = readFileSync(new URL('../../docs/channels.md', import.meta.url), 'utf8');
    for (const code of Object.keys(deliveryErrorCodes)) expect(documentation, code).toContain(`| \`${code}\` |`);
  });
});
