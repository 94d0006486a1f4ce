import type { LookupAddress } from 'node:dns';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { createChannelRegistry, verifyWebhookSignature, type ChannelRegistry } from '../../server/channels';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { buildOutboundMessage } from '../support/outbound-message-factory';
import { createSelfSignedCertificate, type SelfSignedCertificate } from '../support/self-signed-certificate';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const hostName = 'hooks.example.test';
const resolver = async (): Promise<LookupAddress[]> => [{ address: '127.0.0.1', family: 4 }];

describe('webhooks over https', () => {
  let certificate: SelfSignedCertificate;
  let server: https.Server;
  let port: number;
  let plain: HttpTestReceiver;
  const received: Array<{ url: string; headers: Record<string, unknown>; body: string }> = [];

  beforeAll(async () => {
    certificate = createSelfSignedCertificate(hostName);
    plain = await startHttpTestReceiver();
    server = https.createServer({ key: certificate.key, cert: certificate.cert }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        if (request.url === '/downgrade') response.writeHead(307, { Location: `${plain.origin}/in` }).end();
        else response.writeHead(200, { 'Content-Type': 'application/json' }).end('{"id":"tls-1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await plain.close();
  });

  function buildRegistry(url: string, settings: Record<string, unknown> = {}): ChannelRegistry {
    return unwrap(
      createChannelRegistry(
        { workspace: 'ws_channels', channels: { webhook: { kind: 'webhook', url, secret, maxRedirects: 2, ...settings } }, egress: { allow: ['127.0.0.1/32'] } },
        { resolver },
      ),
    );
  }

  it('delivers to an endpoint whose private CA is configured, verifying the host name', async () => {
    const registry = buildRegistry(`https://${hostName}:${port}/in`, { tls: { ca: certificate.cert } });
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-tls');
    await registry.close();
    expect(result).toMatchObject({ status: 'sent', providerMessageId: 'tls-1' });
    const request = received.at(-1)!;
    expect(request.headers.host).toBe(`${hostName}:${port}`);
    expect(verifyWebhookSignature({ secret, header: request.headers['x-wayfarer-signature'] as string, body: request.body }).valid).toBe(true);
  });

  it('refuses an untrusted certificate, and a trusted one for another name, retryably and without sending', async () => {
    const before = received.length;
    const untrusted = buildRegistry(`https://${hostName}:${port}/in`);
    const wrongName = buildRegistry(`https://127.0.0.1:${port}/in`, { tls: { ca: certificate.cert } });
    const results = [await untrusted.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-1'), await wrongName.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-2')];
    await Promise.all([untrusted.close(), wrongName.close()]);
    for (const result of results) expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'CONNECTION_FAILED' } });
    expect(received.length).toBe(before);
  });

  it('does not follow a redirect from https down to plain http', async () => {
    const registry = buildRegistry(`https://${hostName}:${port}/downgrade`, { tls: { ca: certificate.cert } });
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-down');
    await registry.close();
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'REDIRECT_REFUSED', responseCode: 307 } });
    expect(plain.requests).toHaveLength(0);
  });
});
