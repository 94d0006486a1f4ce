import { describe, expect, it } from 'vitest';
import { claimDueMessages, markMessageFailed, markMessageSent, recoverExpiredMessages, type MessageRecord } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { action, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';

async function benchWith(users: number, settings = {}): Promise<JourneyHarness> {
  const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
  await h.publish(journey(
    'notify',
    [entry('in', onEvent('Go')), send('mail', 'email', { subject: 'Hi', text: 'Hi' }), action({ id: 'hook', kind: 'webhook', params: { url: 'https://hooks.example.com/x', body: { user: '{{ customer.userId }}' } } }), exit('done')],
    [go('in', 'mail'), go('mail', 'hook'), go('hook', 'done')],
    settings,
  ));
  for (let i = 0; i < users; i++) {
    await h.identify(`u${i}`, { email: `u${i}@example.com` });
    await h.track(`u${i}`, 'Go');
  }
  return h;
}

describe('message delivery states', () => {
  it('claims due messages once, marking them sending with a lease before delivery', async () => {
    const h = await benchWith(5);
    const [one, two] = await Promise.all([
      claimDueMessages(h.runtime, { owner: 'd1', limit: 100, leaseMs: 30_000 }),
      claimDueMessages(h.runtime, { owner: 'd2', limit: 100, leaseMs: 30_000 }),
    ]);
    const claimed = [...one, ...two];
    expect(claimed).toHaveLength(10);
    expect(new Set(claimed.map((m) => m._id)).size).toBe(10);
    expect(claimed.every((m) => m.status === 'sending' && m.attempts === 1 && m.leaseUntil === '2024-05-01T12:00:30.000Z')).toBe(true);
    expect(await claimDueMessages(h.runtime, { owner: 'd3' })).toEqual([]);
    await h.close();
  });

  it('only claims the channels asked for, and nothing before availableAt', async () => {
    const h = await JourneyHarness.create('2024-05-01T22:00:00.000Z');
    await h.publish(journey('late', [entry('in', onEvent('Go')), send('mail', 'email', { subject: 'Hi', text: 'Hi' }), exit('done')], [go('in', 'mail'), go('mail', 'done')], { quietHours: { start: '21:00', end: '07:00' } }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Go');
    expect(await claimDueMessages(h.runtime, { owner: 'd' })).toEqual([]);
    h.clock.advanceTo(Date.parse('2024-05-02T07:00:00.000Z'));
    expect(await claimDueMessages(h.runtime, { owner: 'd', channels: ['webhook'] })).toEqual([]);
    expect(await claimDueMessages(h.runtime, { owner: 'd', channels: ['email'] })).toHaveLength(1);
    await h.close();
  });

  it('records a delivery, a retry with the same key, and a permanent failure', async () => {
    const h = await benchWith(1);
    const claimed = await claimDueMessages(h.runtime, { owner: 'd' });
    const mail = claimed.find((m) => m.channel === 'email')!;
    const hook = claimed.find((m) => m.channel === 'webhook')!;
    expect(await markMessageSent(h.runtime, mail, { owner: 'd', providerMessageId: '<abc@smtp>' })).toBe(true);
    expect(await markMessageSent(h.runtime, mail, { owner: 'd', providerMessageId: '<abc@smtp>' })).toBe(false); // not twice
    const retryAt = Date.parse('2024-05-01T12:05:00.000Z');
    expect(await markMessageFailed(h.runtime, hook, { owner: 'd', error: 'HTTP 503', permanent: false, retryAt })).toBe(true);
    const [sent] = await h.messages({ _id: mail._id });
    expect(sent).toMatchObject({ status: 'sent', sentAt: '2024-05-01T12:00:00.000Z', providerMessageId: '<abc@smtp>', leaseOwner: null });
    const [retrying] = await h.messages({ _id: hook._id });
    expect(retrying).toMatchObject({ status: 'queued', availableAt: '2024-05-01T12:05:00.000Z', reason: 'delivery-error', lastError: 'HTTP 503', key: hook.key });
    expect(await claimDueMessages(h.runtime, { owner: 'd' })).toEqual([]);
    h.clock.advanceTo(retryAt);
    const [again] = await claimDueMessages(h.runtime, { owner: 'd' });
    expect([again._id, again.attempts]).toEqual([hook._id, 2]);
    expect(await markMessageFailed(h.runtime, again, { owner: 'd', error: 'HTTP 410 Gone', permanent: true })).toBe(true);
    const [failed] = await h.messages({ _id: hook._id });
    expect(failed.status).toBe('failed');
    expect(failed.history.map((entry) => entry.status)).toEqual(['queued', 'sending', 'queued', 'sending', 'failed']);
    await h.close();
  });

  it('recovers a crashed worker: email becomes uncertain, a webhook is queued again with the same key', async () => {
    const h = await benchWith(1);
    const claimed = await claimDueMessages(h.runtime, { owner: 'crashed', leaseMs: 60_000 });
    expect(await recoverExpiredMessages(h.runtime)).toEqual({ uncertain: 0, requeued: 0 }); // leases still held
    h.clock.advanceBy(60_001);
    expect(await recoverExpiredMessages(h.runtime)).toEqual({ uncertain: 1, requeued: 1 });
    const byChannel = Object.fromEntries((await h.messages()).map((m: MessageRecord) => [m.channel, m]));
    expect(byChannel.email).toMatchObject({ status: 'uncertain', reason: 'lease-expired' });
    expect(byChannel.webhook).toMatchObject({ status: 'queued', reason: 'lease-expired', key: claimed.find((m) => m.channel === 'webhook')!.key });
    // The uncertain email is never claimed again; the webhook is.
    const reclaimed = await claimDueMessages(h.runtime, { owner: 'next' });
    expect(reclaimed.map((m) => m.channel)).toEqual(['webhook']);
    // The crashed worker was only slow: its late confirmation still settles the uncertain email.
    expect(await markMessageSent(h.runtime, byChannel.email, { owner: 'crashed', providerMessageId: 'late' })).toBe(true);
    expect((await h.messages({ channel: 'email' }))[0].status).toBe('sent');
    await h.close();
  });

  it('enforces the journey send rate at claim time by moving availableAt to the next window', async () => {
    const h = await benchWith(5, { sendRate: { limit: 3, per: 'second' } });
    const first = await claimDueMessages(h.runtime, { owner: 'd', limit: 100 });
    expect(first).toHaveLength(3);
    const deferred = (await h.messages({ status: 'queued' }));
    expect(deferred).toHaveLength(7);
    expect(deferred.every((m) => m.reason === 'rate-limit' && m.availableAt === '2024-05-01T12:00:01.000Z')).toBe(true);
    h.clock.advanceBy(1_000);
    expect(await claimDueMessages(h.runtime, { owner: 'd', limit: 100 })).toHaveLength(3);
    h.clock.advanceBy(1_000);
    expect(await claimDueMessages(h.runtime, { owner: 'd', limit: 100 })).toHaveLength(3);
    h.clock.advanceBy(1_000);
    expect(await claimDueMessages(h.runtime, { owner: 'd', limit: 100 })).toHaveLength(1);
    await h.close();
  });

  it('spends the send rate only on messages a claim gets, so concurrent claims still send the whole rate', async () => {
    // The worker splits each poll into eight concurrent claims (claimParallelism): they all meet the
    // same earliest message, and only one of them gets it.
    const h = await benchWith(5, { sendRate: { limit: 3, per: 'second' } });
    const claimConcurrently = async () => (await Promise.all(Array.from({ length: 8 }, (_, i) => claimDueMessages(h.runtime, { owner: `d${i}`, limit: 2 })))).flat();
    const rateWindow = () => h.store.collection<{ _id: string; workspace: string; count: number }>('journey_send_rates').findOne(h.workspace, {});

    expect(await claimConcurrently()).toHaveLength(3);
    expect((await rateWindow())?.count).toBe(3);
    const deferred = await h.messages({ status: 'queued' });
    expect(deferred).toHaveLength(7);
    // A message put back for the rate was never attempted: no attempt counted, no `sending` in its history.
    for (const message of deferred) {
      expect([message.reason, message.availableAt, message.attempts]).toEqual(['rate-limit', '2024-05-01T12:00:01.000Z', 0]);
      expect(message.history.map((entry) => [entry.status, entry.reason])).toEqual([['queued', undefined], ['queued', 'rate-limit']]);
    }

    h.clock.advanceBy(1_000);
    expect(await claimConcurrently()).toHaveLength(3);
    h.clock.advanceBy(1_000);
    expect(await claimConcurrently()).toHaveLength(3);
    h.clock.advanceBy(1_000);
    expect(await claimConcurrently()).toHaveLength(1);
    const sending = await h.messages({ status: 'sending' });
    expect(sending).toHaveLength(10);
    expect(sending.every((m) => m.attempts === 1 && m.history.filter((entry) => entry.status === 'sending').length === 1)).toBe(true);
    await h.close();
  });
});
