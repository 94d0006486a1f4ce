import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { createChannelRegistry, type ChannelRegistry } from '../../server/channels';
import { parseMime, decodeHeaderWords } from '../support/mime-message';
import { buildOutboundMessage } from '../support/outbound-message-factory';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';
import { startStallingSmtpServer, type SmtpStall } from '../support/stalling-smtp-server';

function buildEmailRegistry(port: number, allow: string[] = ['127.0.0.1'], settings: Record<string, unknown> = {}): ChannelRegistry {
  return unwrap(
    createChannelRegistry({
      workspace: 'ws_channels',
      channels: { email: { kind: 'smtp', host: '127.0.0.1', port, from: 'Wayfarer <news@shop.example>', pool: { maxConnections: 1 }, timeouts: { connectionMs: 2000 }, ...settings } },
      egress: { allow },
    }),
  );
}

/** A port nothing listens on: bound, then closed. */
async function findClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SMTP channel against a real SMTP server', () => {
  let server: SmtpTestServer;
  let registry: ChannelRegistry;

  beforeAll(async () => {
    server = await startSmtpTestServer((address) => {
      if (address.startsWith('gone@')) return { accept: false, code: 550, message: 'No such mailbox' };
      if (address.startsWith('busy@')) return { accept: false, code: 451, message: 'Greylisted, try again later' };
      return { accept: true };
    });
    registry = buildEmailRegistry(server.port);
  });

  afterAll(async () => {
    await registry.close();
    await server.close();
  });

  it('delivers the message with its Message-ID derived from the idempotency key, headers and both bodies', async () => {
    const message = buildOutboundMessage({
      content: { subject: 'Grüße, Ada — your order shipped', html: '<p>Hello <b>Ada</b></p>', text: 'Hello Ada' },
      unsubscribeUrl: 'https://shop.example/u/abc',
    });
    const result = await registry.deliver(message, 'ws_channels:jrn_welcome:send-welcome:inst_1');

    expect(result).toMatchObject({ status: 'sent', providerMessageId: '<ws_channels=3Ajrn_welcome=3Asend-welcome=3Ainst_1@wayfarer.shop.example>' });
    expect(result.status === 'sent' && result.detail).toContain('Queued as');
    const received = server.messages.at(-1)!;
    expect(received.from).toBe('news@shop.example');
    expect(received.to).toEqual(['ada@example.com']);
    const mail = parseMime(received.raw);
    expect(mail.headers.get('message-id')).toBe('<ws_channels=3Ajrn_welcome=3Asend-welcome=3Ainst_1@wayfarer.shop.example>');
    expect(mail.headers.get('x-wayfarer-idempotency-key')).toBe('ws_channels:jrn_welcome:send-welcome:inst_1');
    expect(decodeHeaderWords(mail.headers.get('subject')!)).toBe('Grüße, Ada — your order shipped');
    expect(mail.headers.get('to')).toBe('Ada Lovelace <ada@example.com>');
    expect(mail.headers.get('list-unsubscribe')).toBe('<https://shop.example/u/abc>');
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.parts.get('text/html')).toBe('<p>Hello <b>Ada</b></p>');
    expect(mail.parts.get('text/plain')).toBe('Hello Ada');
  });

  it('leaves a link too long for one header line out of List-Unsubscribe, and sends the message with no line over 998 characters', async () => {
    const base = 'https://shop.example/unsubscribe/';
    const fits = base + 'a'.repeat(998 - 'List-Unsubscribe: <>'.length - base.length);
    const tooLong = fits + 'a';
    const short = await registry.deliver(buildOutboundMessage({ unsubscribeUrl: fits }), 'ws_channels:x:y:long-fits');
    expect(short.status).toBe('sent');
    expect(parseMime(server.messages.at(-1)!.raw).headers.get('list-unsubscribe')).toBe(`<${fits}>`);

    const long = await registry.deliver(buildOutboundMessage({ content: { subject: 'News', text: `Unsubscribe: ${tooLong}` }, unsubscribeUrl: tooLong }), 'ws_channels:x:y:long');
    expect(long.status).toBe('sent');
    const raw = server.messages.at(-1)!.raw;
    const mail = parseMime(raw);
    expect(mail.headers.get('list-unsubscribe')).toBeUndefined();
    expect(mail.headers.get('list-unsubscribe-post')).toBeUndefined();
    expect(mail.parts.get('text/plain')?.trim()).toBe(`Unsubscribe: ${tooLong}`);
    expect(Math.max(...raw.split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(998);
  });

  it('gives the same Message-ID to every attempt of the same message', async () => {
    const key = 'ws_channels:jrn_welcome:send-welcome:inst_2';
    await registry.deliver(buildOutboundMessage(), key);
    await registry.deliver(buildOutboundMessage(), key);
    const ids = server.messages.slice(-2).map((mail) => parseMime(mail.raw).headers.get('message-id'));
    expect(ids[0]).toBe(ids[1]);
    expect(ids[0]).toContain('inst_2');
  });

  it('reuses one pooled connection across sends', async () => {
    const before = server.connectionCount();
    for (let index = 0; index < 4; index++) {
      const result = await registry.deliver(buildOutboundMessage(), `ws_channels:pool:step:${index}`);
      expect(result.status).toBe('sent');
    }
    expect(server.connectionCount() - before).toBeLessThanOrEqual(1);
  });

  it('maps a 5xx reply to a permanent failure', async () => {
    const result = await registry.deliver(buildOutboundMessage({ recipient: { email: 'gone@example.com' } }), 'ws_channels:x:y:gone');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'REJECTED', responseCode: 550 } });
  });

  it('maps a 4xx reply to a retryable failure', async () => {
    const result = await registry.deliver(buildOutboundMessage({ recipient: { email: 'busy@example.com' } }), 'ws_channels:x:y:busy');
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'DEFERRED', responseCode: 451 } });
  });

  it('refuses a missing or malformed address permanently without connecting', async () => {
    const before = server.messages.length;
    const missing = await registry.deliver(buildOutboundMessage({ recipient: { userId: 'u' } }), 'ws_channels:x:y:none');
    const malformed = await registry.deliver(buildOutboundMessage({ recipient: { email: 'ada at example' } }), 'ws_channels:x:y:bad');
    expect(missing).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_RECIPIENT' } });
    expect(malformed).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_RECIPIENT' } });
    expect(server.messages.length).toBe(before);
  });

  it('refuses an email without subject or body permanently', async () => {
    const result = await registry.deliver(buildOutboundMessage({ content: { subject: 'Only a subject' } }), 'ws_channels:x:y:empty');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_MESSAGE' } });
  });

  it('maps a refused connection to a retryable failure', async () => {
    const closed = buildEmailRegistry(await findClosedPort());
    const result = await closed.deliver(buildOutboundMessage(), 'ws_channels:x:y:refused');
    await closed.close();
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED' } });
    expect(result.status === 'failed' && result.error.maybeDelivered).toBeFalsy();
  });

  it('refuses a loopback SMTP host that is not allow-listed, before connecting', async () => {
    const before = server.connectionCount();
    const guarded = buildEmailRegistry(server.port, []);
    const result = await guarded.deliver(buildOutboundMessage(), 'ws_channels:x:y:ssrf');
    await guarded.close();
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(result.status === 'failed' && result.error.message).toContain('loopback');
    expect(server.connectionCount()).toBe(before);
  });

  it('fails deliveries after close without throwing', async () => {
    const closing = buildEmailRegistry(server.port);
    await closing.close();
    const result = await closing.deliver(buildOutboundMessage(), 'ws_channels:x:y:closed');
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CHANNEL_CLOSED' } });
  });

  it('throws for a malformed idempotency key: that is a bug, not a delivery failure', async () => {
    await expect(registry.deliver(buildOutboundMessage(), 'has spaces')).rejects.toThrow(/Idempotency key/);
  });
});

describe('SMTP channel over TLS on the guarded socket', () => {
  it('upgrades with STARTTLS when required, and refuses an untrusted certificate by default', async () => {
    const server = await startSmtpTestServer(undefined, 'starttls');
    const trusting = buildEmailRegistry(server.port, ['127.0.0.1'], { requireTls: true, tls: { rejectUnauthorized: false } });
    const strict = buildEmailRegistry(server.port, ['127.0.0.1'], { requireTls: true });
    const upgraded = await trusting.deliver(buildOutboundMessage(), 'k-starttls');
    const untrusted = await strict.deliver(buildOutboundMessage(), 'k-untrusted');
    await Promise.all([trusting.close(), strict.close()]);
    await server.close();
    expect(upgraded.status).toBe('sent');
    expect(server.messages.map((mail) => mail.secure)).toEqual([true]);
    expect(untrusted).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED' } });
  });

  it('speaks TLS from the first byte when secure', async () => {
    const server = await startSmtpTestServer(undefined, 'implicit');
    const registry = buildEmailRegistry(server.port, ['127.0.0.1'], { secure: true, tls: { rejectUnauthorized: false } });
    const result = await registry.deliver(buildOutboundMessage(), 'k-implicit');
    await registry.close();
    await server.close();
    expect(result.status).toBe('sent');
    expect(server.messages[0].secure).toBe(true);
  });
});

describe('SMTP channel when the server\'s answer does not come', () => {
  /** One delivery through a server that stalls once as told, with a 300 ms socket timeout. */
  async function deliverThroughStall(stall: SmtpStall) {
    const server = await startStallingSmtpServer(stall);
    const registry = buildEmailRegistry(server.port, ['127.0.0.1'], { timeouts: { connectionMs: 2000, socketMs: 300 } });
    const result = await registry.deliver(buildOutboundMessage(), 'ws_channels:j:s:stalled');
    await registry.close();
    await server.close();
    return { result, arrived: server.messageIds };
  }

  it('says the message may have been delivered when the reply to it never came after DATA (and it had arrived)', async () => {
    const { result, arrived } = await deliverThroughStall({ at: 'after-data', holdMs: 1_000 });
    expect(arrived).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'TIMEOUT', maybeDelivered: true } });
    expect(result.status === 'failed' && result.error.message).toMatch(/after the message was handed over/);
  });

  it('says the message may have been delivered when the connection dropped after DATA', async () => {
    const { result, arrived } = await deliverThroughStall({ at: 'drop-after-data' });
    expect(arrived).toHaveLength(1);
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED', maybeDelivered: true } });
  });

  it('keeps a timeout before DATA a plain retryable failure: nothing was handed over', async () => {
    const { result, arrived } = await deliverThroughStall({ at: 'rcpt', holdMs: 1_000 });
    expect(arrived).toHaveLength(0);
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'TIMEOUT' } });
    expect(result.status === 'failed' && result.error.maybeDelivered).toBeFalsy();
  });
});
