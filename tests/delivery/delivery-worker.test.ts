import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyWebhookSignature, toMessageId } from '../../server/channels/index';
import { createDeliveryApp, loopbackChannels, testWebhookSecret, type DeliveryApp } from '../support/delivery-app';
import { startHttpTestReceiver, type HttpTestReceiver, type ReceiverReply } from '../support/http-test-receiver';
import { action, email, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

/** Signed Up → welcome email → CRM webhook → done. */
function welcomeJourney(webhookUrl: string) {
  return journey(
    'welcome',
    [
      entry('signed-up', onEvent('Signed Up')),
      email('welcome-email', 'Welcome, {{ attributes.first_name | default: "friend" }}!'),
      action({ id: 'tell-crm', kind: 'webhook', params: { url: webhookUrl, body: { user: '{{ customer.userId }}', plan: '{{ event.properties.plan }}' } } }),
      exit('done'),
    ],
    [go('signed-up', 'welcome-email'), go('welcome-email', 'tell-crm'), go('tell-crm', 'done')],
  );
}

function messageIdOf(raw: string): string | undefined {
  return /^Message-ID:\s*(<[^>]+>)/im.exec(raw)?.[1];
}

describe('the delivery worker', () => {
  let app: DeliveryApp;
  let smtp: SmtpTestServer;
  let receiver: HttpTestReceiver;
  let replies: Array<(index: number) => ReceiverReply>;

  beforeEach(async () => {
    app = await createDeliveryApp();
    smtp = await startSmtpTestServer();
    replies = [];
    receiver = await startHttpTestReceiver((_request, index) => (replies[index] ?? (() => ({ status: 200, body: '{"id":"crm-1"}' })))(index));
    const saved = await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port }));
    expect(saved.statusCode, saved.body).toBe(200);
    await app.publish(welcomeJourney(`${receiver.origin}/hooks/crm`));
  });

  afterEach(async () => {
    await app.close();
    await smtp.close();
    await receiver.close();
  });

  it('sends the email with the key as Message-ID and the webhook with the key as Idempotency-Key, signed, then records both sent', async () => {
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com', first_name: 'Ada' } });
    await app.send('track', { userId: 'ada', event: 'Signed Up', properties: { plan: 'pro' } });
    const queued = await app.messages();
    expect(queued.map((m) => [m.channel, m.status]).sort()).toEqual([['email', 'queued'], ['webhook', 'queued']]);

    await app.createWorker().runUntilIdle();

    const [mail, hook] = await app.messages({}).then((all) => [all.find((m) => m.channel === 'email')!, all.find((m) => m.channel === 'webhook')!]);
    expect(mail.status).toBe('sent');
    expect(hook.status).toBe('sent');
    expect(hook.providerMessageId).toBe('crm-1');
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].to).toEqual(['ada@example.com']);
    expect(messageIdOf(smtp.messages[0].raw)).toBe(toMessageId(mail.key, 'wayfarer.teaandmugs.example'));
    expect(smtp.messages[0].raw).toContain('Welcome, Ada!');
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    expect(request.url).toBe('/hooks/crm');
    expect(request.headers['idempotency-key']).toBe(hook.key);
    expect(JSON.parse(request.body)).toEqual({ user: 'ada', plan: 'pro' });
    expect(verifyWebhookSignature({ secret: testWebhookSecret, header: request.headers['x-wayfarer-signature'] as string, body: request.body, now: app.clock.now() }).valid).toBe(true);
  });

  it("addresses the email to the customer's name, and gives a channel webhook every address the customer has", async () => {
    const saved = await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port, webhookUrl: `${receiver.origin}/hooks/messages` }));
    expect(saved.statusCode, saved.body).toBe(200);
    await app.publish(journey('vip', [entry('joined', onEvent('Joined VIP')), email('hello', 'Hello'), send('notify', 'webhook', { body: 'Joined VIP' }), exit('done')], [go('joined', 'hello'), go('hello', 'notify'), go('notify', 'done')]));
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+442079460018', consent: { email: true } } });
    await app.send('track', { userId: 'ada', event: 'Joined VIP' });
    await app.createWorker().runUntilIdle();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0].raw).toMatch(/^To: Ada Lovelace <ada@example\.com>/m);
    const envelope = JSON.parse(receiver.requests.find((request) => request.url === '/hooks/messages')!.body);
    expect(envelope.recipient).toEqual({ email: 'ada@example.com', name: 'Ada Lovelace', phone: '+442079460018', userId: 'ada' });
  });

  it('posts a webhook step\'s body with JSON types kept: a lone {{ … }} is the value itself, mixed text a string', async () => {
    await app.publish(journey(
      'order-to-crm',
      [
        entry('ordered', onEvent('Order Completed')),
        action({
          id: 'tell-crm',
          kind: 'webhook',
          params: {
            url: `${receiver.origin}/hooks/orders`,
            body: {
              total: '{{ event.properties.total }}',
              gift: '{{ event.properties.gift }}',
              items: '{{ event.properties.items }}',
              tags: '{{ attributes.tags }}',
              address: '{{ attributes.address }}',
              coupon: '{{ event.properties.coupon }}',
              summary: '{{ event.properties.items.size }} items for {{ event.properties.total }}',
              nested: ['{{ event.properties.total }}', { count: '{{ event.properties.items.size }}' }],
              plain: 'as written',
              kept: 7,
            },
          },
        }),
        exit('done'),
      ],
      [go('ordered', 'tell-crm'), go('tell-crm', 'done')],
    ));
    await app.send('identify', { userId: 'ada', traits: { tags: ['vip', 'gold'], address: { city: 'Leeds', zip: 'LS1' } } });
    await app.send('track', { userId: 'ada', event: 'Order Completed', properties: { total: 42.5, gift: true, items: [{ sku: 'MUG-1', qty: 2 }, { sku: 'TEA-9', qty: 1 }] } });

    await app.createWorker().runUntilIdle();

    const received = receiver.requests.filter((request) => request.url === '/hooks/orders');
    expect(received).toHaveLength(1);
    expect(JSON.parse(received[0].body)).toEqual({
      total: 42.5,
      gift: true,
      items: [{ sku: 'MUG-1', qty: 2 }, { sku: 'TEA-9', qty: 1 }],
      tags: ['vip', 'gold'],
      address: { city: 'Leeds', zip: 'LS1' },
      coupon: null,
      summary: '2 items for 42.5',
      nested: [42.5, { count: 2 }],
      plain: 'as written',
      kept: 7,
    });
  });

  it('stores a temporary failure as a retry time on the record (no sleep), and sends again with the same key when it is due', async () => {
    replies[0] = () => ({ status: 503, body: 'maintenance' });
    await app.send('identify', { userId: 'bo', traits: { email: 'bo@example.com' } });
    await app.send('track', { userId: 'bo', event: 'Signed Up' });
    const worker = app.createWorker();
    await worker.runUntilIdle();

    const [waiting] = await app.messages({ channel: 'webhook' });
    expect(waiting.status).toBe('queued');
    expect(waiting.reason).toBe('delivery-error');
    expect(waiting.attempts).toBe(1);
    expect(waiting.lastError).toContain('DEFERRED (503)');
    const retryAt = Date.parse(waiting.availableAt);
    // retry.baseDelayMs is 1 s: the first retry comes between 0.5 and 1 s later.
    expect(retryAt - app.clock.now()).toBeGreaterThanOrEqual(500);
    expect(retryAt - app.clock.now()).toBeLessThanOrEqual(1_000);

    await worker.runUntilIdle();
    expect(receiver.requests).toHaveLength(1);
    app.clock.advanceTo(retryAt);
    await worker.runUntilIdle();

    const [sent] = await app.messages({ channel: 'webhook' });
    expect(sent.status).toBe('sent');
    expect(sent.attempts).toBe(2);
    expect(receiver.requests.map((r) => r.headers['idempotency-key'])).toEqual([sent.key, sent.key]);
    expect(receiver.requests.map((r) => r.headers['x-wayfarer-attempt'])).toEqual(['1', '2']);
    expect(receiver.requests[1].body).toBe(receiver.requests[0].body);
  });

  it('fails a message for good on a permanent refusal, and after the last allowed attempt', async () => {
    for (let i = 0; i < 5; i++) replies[i] = () => ({ status: i === 0 ? 400 : 500 });
    await app.send('identify', { userId: 'cy', traits: { email: 'cy@example.com' } });
    await app.send('track', { userId: 'cy', event: 'Signed Up' });
    const worker = app.createWorker();
    await worker.runUntilIdle();
    const [refused] = await app.messages({ channel: 'webhook' });
    expect(refused.status).toBe('failed');
    expect(refused.lastError).toContain('REJECTED (400)');
    expect(refused.attempts).toBe(1);

    await app.send('identify', { userId: 'di', traits: { email: 'di@example.com' } });
    await app.send('track', { userId: 'di', event: 'Signed Up' });
    // retry.maxAttempts is 3: attempts 1 and 2 are retried, the third failure is final.
    for (let round = 0; round < 5; round++) {
      await worker.runUntilIdle();
      app.clock.advanceBy(60_000);
    }
    const hooks = await app.messages({ channel: 'webhook', userId: 'di' });
    expect(hooks[0].status).toBe('failed');
    expect(hooks[0].attempts).toBe(3);
    expect(hooks[0].lastError).toContain('no attempts left after 3');
    expect(receiver.requests).toHaveLength(4);
  });

  it('fails messages of a workspace without channels with UNKNOWN_CHANNEL, saying how to configure them — in the log once per channel, then counted', async () => {
    await app.admin('DELETE', '/api/channels');
    for (const userId of ['ed', 'flo', 'gus']) {
      await app.send('identify', { userId, traits: { email: `${userId}@example.com` } });
      await app.send('track', { userId, event: 'Signed Up' });
    }
    const lines: string[] = [];
    const worker = app.createWorker({ log: (level, message) => lines.push(`${level} ${message}`) });
    await worker.runUntilIdle();
    const records = await app.messages();
    expect(records.map((m) => m.status)).toEqual(Array(6).fill('failed'));
    expect(records[0].lastError).toContain('UNKNOWN_CHANNEL');
    expect(records[0].lastError).toContain('PUT /api/channels');
    expect(smtp.messages).toHaveLength(0);

    // One line per channel with the first message's key, not six; the repeats are counted on stop.
    expect(lines).toEqual([
      expect.stringMatching(/^warn Message \S+ failed for good on (email|webhook): UNKNOWN_CHANNEL/),
      expect.stringMatching(/^warn Message \S+ failed for good on (email|webhook): UNKNOWN_CHANNEL/),
    ]);
    await worker.stop();
    expect(lines.slice(2).sort()).toEqual([
      expect.stringMatching(/^warn 2 more messages failed for good on email with the same error since .*: UNKNOWN_CHANNEL/),
      expect.stringMatching(/^warn 2 more messages failed for good on webhook with the same error since .*: UNKNOWN_CHANNEL/),
    ]);
  });
});
