import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { VirtualClock } from '../../engine/time';
import { createChannelRegistry, verifyWebhookSignature, type ChannelRegistry } from '../../server/channels';
import { startHttpTestReceiver, type HttpTestReceiver, type ReceiverReply } from '../support/http-test-receiver';
import { buildOutboundMessage } from '../support/outbound-message-factory';

const secret = 'whsec_0123456789abcdef0123456789abcdef';
const clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));

let receiver: HttpTestReceiver | undefined;
let registry: ChannelRegistry | undefined;

afterEach(async () => {
  await registry?.close();
  await receiver?.close();
  registry = undefined;
  receiver = undefined;
});

async function setUp(channels: (origin: string) => Record<string, unknown>, reply: ReceiverReply = { status: 200 }) {
  receiver = await startHttpTestReceiver(() => reply);
  registry = unwrap(createChannelRegistry({ workspace: 'ws_channels', channels: channels(receiver.origin), egress: { allow: ['127.0.0.1'] } }, { clock }));
  return { receiver, registry };
}

describe('SMS through the generic payload', () => {
  it('POSTs { to, body, from } signed, with the idempotency key, and reads the provider id', async () => {
    const { receiver, registry } = await setUp((origin) => ({ sms: { kind: 'sms', url: `${origin}/sms`, secret, from: 'SHOP' } }), { status: 201, body: '{"messageId":"sms-77"}' });
    const message = buildOutboundMessage({ channel: 'sms', recipient: { phone: '+44 (20) 7946-0018' }, content: { body: 'Your code is 1234' } });
    const result = await registry.deliver(message, 'ws_channels:j:s:sms1');

    expect(result).toMatchObject({ status: 'sent', providerMessageId: 'sms-77' });
    const [request] = receiver.requests;
    expect(JSON.parse(request.body)).toEqual({ to: '+442079460018', body: 'Your code is 1234', from: 'SHOP' });
    expect(request.headers['idempotency-key']).toBe('ws_channels:j:s:sms1');
    expect(verifyWebhookSignature({ secret, header: request.headers['x-wayfarer-signature'] as string, body: request.body, now: clock.now() }).valid).toBe(true);
  });

  it('refuses a number without a country code and a message without body, permanently and without a request', async () => {
    const { receiver, registry } = await setUp((origin) => ({ sms: { kind: 'sms', url: `${origin}/sms`, secret } }));
    const national = await registry.deliver(buildOutboundMessage({ channel: 'sms', recipient: { phone: '020 7946 0018' } }), 'k-1');
    const missing = await registry.deliver(buildOutboundMessage({ channel: 'sms', recipient: {} }), 'k-2');
    const empty = await registry.deliver(buildOutboundMessage({ channel: 'sms', content: { subject: 'only email fields' } }), 'k-3');
    expect(national).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_RECIPIENT' } });
    expect(missing).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_RECIPIENT' } });
    expect(empty).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_MESSAGE' } });
    expect(receiver.requests).toHaveLength(0);
  });
});

describe('SMS through the Twilio-compatible form', () => {
  it('POSTs To/From/Body form-encoded with Basic auth and Twilio\'s idempotency header, and reads sid', async () => {
    const { receiver, registry } = await setUp(
      (origin) => ({ sms: { kind: 'sms', format: 'twilio', url: `${origin}/2010-04-01/Accounts/AC123/Messages.json`, from: '+15005550006', basicAuth: { username: 'AC123', password: 'auth-token' } } }),
      { status: 201, body: '{"sid":"SM0123","status":"queued"}' },
    );
    const result = await registry.deliver(buildOutboundMessage({ channel: 'sms', content: { body: 'Hi Ada & co' } }), 'k-twilio');

    expect(result).toMatchObject({ status: 'sent', providerMessageId: 'SM0123' });
    const [request] = receiver.requests;
    expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ To: '+442079460018', From: '+15005550006', Body: 'Hi Ada & co' });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('AC123:auth-token').toString('base64')}`);
    expect(request.headers['i-twilio-idempotency-token']).toBe('k-twilio');
    expect(request.headers['x-wayfarer-signature']).toBeUndefined();
  });

  it('maps Twilio\'s 400 for a bad number to a permanent failure', async () => {
    const { registry } = await setUp(
      (origin) => ({ sms: { kind: 'sms', format: 'twilio', url: `${origin}/Messages.json`, from: 'MG0123456789abcdef0123456789abcdef', basicAuth: { username: 'AC1', password: 't' } } }),
      { status: 400, body: '{"code":21211,"message":"The \'To\' number is not a valid phone number."}' },
    );
    const result = await registry.deliver(buildOutboundMessage({ channel: 'sms' }), 'k-bad');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'REJECTED', responseCode: 400 } });
    expect(result.status === 'failed' && result.error.message).toContain('21211');
  });
});

describe('push through the provider payload', () => {
  it('POSTs { tokens, title, body, data } for all of the customer\'s devices', async () => {
    const { receiver, registry } = await setUp((origin) => ({ push: { kind: 'push', url: `${origin}/push`, secret } }), { status: 200, body: '{"id":"push-5"}' });
    const message = buildOutboundMessage({ channel: 'push', content: { title: 'Back in stock', body: 'The blue mug is back', data: { deep_link: 'shop://mug' } } });
    const result = await registry.deliver(message, 'k-push');

    expect(result).toMatchObject({ status: 'sent', providerMessageId: 'push-5' });
    expect(JSON.parse(receiver.requests[0].body)).toEqual({ tokens: ['tok-a', 'tok-b'], title: 'Back in stock', body: 'The blue mug is back', data: { deep_link: 'shop://mug' } });
    expect(receiver.requests[0].headers['idempotency-key']).toBe('k-push');
  });

  it('refuses a customer without push tokens permanently', async () => {
    const { receiver, registry } = await setUp((origin) => ({ push: { kind: 'push', url: `${origin}/push`, secret } }));
    const result = await registry.deliver(buildOutboundMessage({ channel: 'push', recipient: { email: 'a@b.example' } }), 'k-none');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_RECIPIENT' } });
    expect(receiver.requests).toHaveLength(0);
  });

  it('does not let an SMS or push message redirect itself to another endpoint', async () => {
    const { receiver, registry } = await setUp((origin) => ({ push: { kind: 'push', url: `${origin}/push`, secret } }));
    const result = await registry.deliver({ ...buildOutboundMessage({ channel: 'push' }), endpoint: `${receiver.origin}/elsewhere` }, 'k-endpoint');
    expect(result).toMatchObject({ status: 'failed', permanent: true, error: { code: 'INVALID_MESSAGE' } });
    expect(receiver.requests).toHaveLength(0);
  });
});
