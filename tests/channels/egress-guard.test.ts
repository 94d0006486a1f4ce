import type { LookupAddress } from 'node:dns';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { classifyAddress, createChannelRegistry, createEgressPolicy, parseIpAddress, type ChannelRegistry, type HostResolver } from '../../server/channels';
import { startHttpTestReceiver, type HttpTestReceiver, type ReceiverReply } from '../support/http-test-receiver';
import { buildOutboundMessage } from '../support/outbound-message-factory';

const secret = 'whsec_0123456789abcdef0123456789abcdef';

describe('address classification', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['10.1.2.3', 'private network'],
    ['172.16.0.1', 'private network'],
    ['172.31.255.255', 'private network'],
    ['192.168.1.1', 'private network'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['169.254.169.254', 'cloud metadata'],
    ['169.254.10.1', 'link-local'],
    ['100.100.100.200', 'Alibaba Cloud metadata'],
    ['168.63.129.16', 'Azure'],
    ['0.0.0.0', 'this network'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['fc00::1', 'unique-local'],
    ['fd12:3456::1', 'unique-local'],
    ['fd00:ec2::254', 'AWS metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped cloud metadata'],
    ['64:ff9b::a00:1', 'NAT64 private network'],
    ['2002:7f00:1::', '6to4 loopback'],
  ])('%s is not public (%s)', (address, label) => {
    expect(classifyAddress(parseIpAddress(address)!)).toContain(label);
  });

  it.each(['8.8.8.8', '93.184.216.34', '172.32.0.1', '100.128.0.1', '2606:4700:4700::1111', '64:ff9b::808:808', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(classifyAddress(parseIpAddress(address)!)).toBeUndefined();
  });
});

describe('egress allow-list', () => {
  it('admits listed ranges, addresses, host names and wildcard subdomains only', () => {
    const policy = unwrap(createEgressPolicy(['10.20.0.0/16', '::1', 'hooks.internal', '*.corp.example']));
    expect(policy.checkAddress('10.20.3.4').allowed).toBe(true);
    expect(policy.checkAddress('10.21.0.1').allowed).toBe(false);
    expect(policy.checkAddress('::1').allowed).toBe(true);
    expect(policy.checkAddress('::ffff:10.20.0.1').allowed).toBe(true);
    expect(policy.checkHostName('HOOKS.internal.')).toEqual({ allowed: true });
    expect(policy.checkHostName('a.b.corp.example')).toEqual({ allowed: true });
    expect(policy.checkHostName('corp.example')).toBeUndefined();
    expect(policy.checkHostName('metadata.google.internal')).toMatchObject({ allowed: false });
  });

  it('reports each malformed entry with its pointer', () => {
    const result = createEgressPolicy(['10.0.0.1/8', 'not a host', '10.0.0.0/33', 'ok.example']);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.problem.details.map((detail) => detail.pointer)).toEqual(['/egress/allow/0', '/egress/allow/1', '/egress/allow/2']);
  });
});

let receiver: HttpTestReceiver | undefined;
let registry: ChannelRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  await receiver?.close();
  registry = undefined;
  receiver = undefined;
});

function buildWebhookRegistry(url: string, allow: string[], extra: { resolver?: HostResolver; settings?: Record<string, unknown> } = {}): ChannelRegistry {
  return unwrap(
    createChannelRegistry(
      { workspace: 'ws_channels', channels: { webhook: { kind: 'webhook', url, secret, connectTimeoutMs: 500, timeoutMs: 2000, ...extra.settings } }, egress: { allow } },
      { resolver: extra.resolver },
    ),
  );
}

/** A resolver answering from a table, counting its calls. */
function tableResolver(table: Record<string, string[] | string[][]>): HostResolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (hostname: string): Promise<LookupAddress[]> => {
    calls.push(hostname);
    const entry = table[hostname];
    if (!entry) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    // A list of lists answers differently on each call (DNS rebinding).
    const answer = (Array.isArray(entry[0]) ? (entry as string[][])[Math.min(calls.filter((call) => call === hostname).length - 1, entry.length - 1)] : entry) as string[];
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolver, { calls });
}

async function startReceiver(reply?: (index: number) => ReceiverReply): Promise<HttpTestReceiver> {
  receiver = await startHttpTestReceiver((_request, index) => (reply ? reply(index) : { status: 200 }));
  return receiver;
}

describe('SSRF guard on real webhook deliveries', () => {
  it('delivers to the loopback receiver when 127.0.0.1 is allow-listed', async () => {
    const { origin, requests } = await startReceiver();
    registry = buildWebhookRegistry(`${origin}/in`, ['127.0.0.1/32']);
    expect((await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-ok')).status).toBe('sent');
    expect(requests).toHaveLength(1);
  });

  it.each([
    ['loopback', (port: number) => `http://127.0.0.1:${port}/in`],
    ['loopback in decimal', (port: number) => `http://2130706433:${port}/in`],
    ['loopback in hex', (port: number) => `http://0x7f.0.0.1:${port}/in`],
    ['IPv6 loopback', (port: number) => `http://[::1]:${port}/in`],
    ['IPv4-mapped loopback', (port: number) => `http://[::ffff:127.0.0.1]:${port}/in`],
    ['0.0.0.0', (port: number) => `http://0.0.0.0:${port}/in`],
    ['localhost (resolves to 127.0.0.1)', (port: number) => `http://localhost:${port}/in`],
    ['private 10.x', () => 'http://10.0.0.1/in'],
    ['private 192.168.x', () => 'http://192.168.0.10/in'],
    ['cloud metadata', () => 'http://169.254.169.254/latest/meta-data/iam/security-credentials/'],
    ['metadata host name', () => 'http://metadata.google.internal/computeMetadata/v1/'],
  ])('refuses %s without allow-listing, before any request', async (_label, toUrl) => {
    const { port, requests } = await startReceiver();
    registry = buildWebhookRegistry(toUrl(port), []);
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-ssrf');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(requests).toHaveLength(0);
  });

  it('refuses a host name whose DNS answer is loopback, and one that mixes public and private answers', async () => {
    const { port, requests } = await startReceiver();
    const resolver = tableResolver({ 'hooks.example.test': ['127.0.0.1'], 'mixed.example.test': ['93.184.216.34', '10.0.0.5'] });
    registry = buildWebhookRegistry(`http://hooks.example.test:${port}/in`, [], { resolver });
    const loopback = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-dns');
    expect(loopback).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(loopback.status === 'failed' && loopback.error.message).toContain('resolves to 127.0.0.1 is loopback');
    await registry.close();

    registry = buildWebhookRegistry(`http://mixed.example.test:${port}/in`, [], { resolver });
    const mixed = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-mixed');
    expect(mixed).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(requests).toHaveLength(0);
  });

  it('connects to the address it checked: one resolution per delivery, the Host header keeps the name', async () => {
    const { port, requests } = await startReceiver();
    const resolver = tableResolver({ 'hooks.example.test': ['127.0.0.1'] });
    registry = buildWebhookRegistry(`http://hooks.example.test:${port}/in`, ['127.0.0.1/32'], { resolver });
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-pinned');
    expect(result.status).toBe('sent');
    expect(resolver.calls).toEqual(['hooks.example.test']);
    expect(requests[0].headers.host).toBe(`hooks.example.test:${port}`);
  });

  it('gives DNS rebinding no second answer: the connection goes to the public address that was checked', async () => {
    const { port, requests } = await startReceiver();
    // First answer public (passes), a second lookup would say loopback; there is no second lookup.
    const resolver = tableResolver({ 'rebind.example.test': [['198.51.100.0'], ['127.0.0.1']] });
    // 198.51.100.0/24 is a documentation range: allow it so it plays the public address nobody answers on.
    registry = buildWebhookRegistry(`http://rebind.example.test:${port}/in`, ['198.51.100.0/24'], { resolver });
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-rebind');
    expect(result).toMatchObject({ status: 'failed', permanent: false });
    expect(resolver.calls).toEqual(['rebind.example.test']);
    expect(requests).toHaveLength(0);
  });

  it('refuses a redirect to a private or loopback address, checked at the new hop', async () => {
    const { origin, port, requests } = await startReceiver((index) =>
      index === 0 ? { status: 307, headers: { Location: 'http://10.0.0.1/steal' } } : { status: 307, headers: { Location: `http://[::1]:${port}/steal` } },
    );
    registry = buildWebhookRegistry(`${origin}/in`, ['127.0.0.1/32'], { settings: { maxRedirects: 3 } });
    const toPrivate = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-r1');
    const toLoopback6 = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-r2');
    expect(toPrivate).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(toLoopback6).toMatchObject({ status: 'failed', permanent: true, error: { code: 'EGRESS_REFUSED' } });
    expect(requests.map((request) => request.url)).toEqual(['/in', '/in']);
  });

  it('follows an allowed 307 with the same body, and drops configured headers when the origin changes', async () => {
    const { origin, port, requests } = await startReceiver((index) =>
      index === 0 ? { status: 307, headers: { Location: '/moved' } } : index === 1 ? { status: 308, headers: { Location: `http://localhost:${port}/final` } } : { status: 200 },
    );
    registry = buildWebhookRegistry(`${origin}/in`, ['127.0.0.1/32', 'localhost'], { settings: { maxRedirects: 2, headers: { 'X-Api-Key': 'k-123' } } });
    const result = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-follow');
    expect(result.status).toBe('sent');
    expect(requests.map((request) => request.url)).toEqual(['/in', '/moved', '/final']);
    expect(new Set(requests.map((request) => request.body)).size).toBe(1);
    expect(requests.map((request) => request.headers['x-api-key'])).toEqual(['k-123', 'k-123', undefined]);
    expect(requests.every((request) => request.headers['idempotency-key'] === 'k-follow')).toBe(true);
  });

  it('does not follow redirects unless configured, nor a 302 that would turn the POST into a GET', async () => {
    const { origin } = await startReceiver((index) => (index === 0 ? { status: 307, headers: { Location: '/moved' } } : { status: 302, headers: { Location: '/moved' } }));
    registry = buildWebhookRegistry(`${origin}/in`, ['127.0.0.1/32']);
    const notEnabled = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-n');
    await registry.close();
    registry = buildWebhookRegistry(`${origin}/in`, ['127.0.0.1/32'], { settings: { maxRedirects: 2 } });
    const found = await registry.deliver(buildOutboundMessage({ channel: 'webhook' }), 'k-302');
    expect(notEnabled).toMatchObject({ status: 'failed', permanent: true, error: { code: 'REDIRECT_REFUSED', responseCode: 307 } });
    expect(found).toMatchObject({ status: 'failed', permanent: true, error: { code: 'REDIRECT_REFUSED', responseCode: 302 } });
  });
});
