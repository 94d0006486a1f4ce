import { describe, expect, it } from 'vitest';
import { claimDueMessages, countRecentSends, markMessageFailed, markMessageSent, recordSend, recoverExpiredMessages, resolveUncertainMessage, sendLogKey } from '../../engine/journeys';
import { combineSendLogs } from '../../engine/journeys/frequency-cap';
import { mergeCustomers } from '../../engine/profile';
import { EmbeddedStore, type StoragePort, type WriteOp } from '../../engine/store';
import type { Customer } from '../../schemas/types';
import { createDelegatingStore } from '../support/delegating-store';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { newTestCustomer } from '../support/profile-event-factory';

const oneMail = (id: string, trigger: string, settings = {}, transactional = false) =>
  journey(id, [entry('in', onEvent(trigger)), send('mail', 'email', { subject: id, text: id }, { transactional }), exit('done')], [go('in', 'mail'), go('mail', 'done')], { reentry: { policy: 'always' }, ...settings });

describe('frequency caps', () => {
  it('caps sends per channel across journeys, in a rolling window', async () => {
    const h = await JourneyHarness.create('2024-05-01T09:00:00.000Z');
    const cap = { frequencyCaps: [{ channel: 'email' as const, limit: 2, window: 'P7D' }] };
    await h.publish(oneMail('promo-a', 'A', cap));
    await h.publish(oneMail('promo-b', 'B', cap));
    await h.publish(oneMail('uncapped', 'C'));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'A');
    await h.track('u', 'B', {}, '2024-05-02T09:00:00.000Z');
    await h.track('u', 'A', {}, '2024-05-03T09:00:00.000Z'); // third email in 7 days: capped
    await h.track('u', 'C', {}, '2024-05-04T09:00:00.000Z'); // this journey has no cap, but its send counts
    await h.track('u', 'B', {}, '2024-05-08T09:00:01.000Z'); // the first send left the window, but C's is still in it
    await h.track('u', 'B', {}, '2024-05-09T09:00:01.000Z'); // now two left the window
    expect((await h.messages()).map((m) => [m.journeyId, m.createdAt.slice(0, 10), m.status, m.reason])).toEqual([
      ['promo-a', '2024-05-01', 'queued', null],
      ['promo-b', '2024-05-02', 'queued', null],
      ['promo-a', '2024-05-03', 'suppressed', 'frequency-cap'],
      ['uncapped', '2024-05-04', 'queued', null],
      ['promo-b', '2024-05-08', 'suppressed', 'frequency-cap'],
      ['promo-b', '2024-05-09', 'queued', null],
    ]);
    // The send times live on the customer document, committed with the customer.
    expect(((await h.customer('u')).meta?.journeySends as Record<string, string[]>).email).toHaveLength(4);
    await h.close();
  });

  it('counts only the capped channel, and lets transactional sends through', async () => {
    const h = await JourneyHarness.create('2024-05-01T09:00:00.000Z');
    const cap = { frequencyCaps: [{ channel: 'email' as const, limit: 1, window: 'P1D' }] };
    await h.publish(oneMail('promo', 'A', cap));
    await h.publish(oneMail('receipt', 'Order Completed', cap, true));
    await h.publish(journey('sms', [entry('in', onEvent('S')), send('text', 'sms', { body: 'hi' }), exit('done')], [go('in', 'text'), go('text', 'done')], { ...cap, consent: { sms: 'opt-out' } }));
    await h.identify('u', { email: 'u@example.com', phone: '+15550100' });
    await h.track('u', 'A');
    await h.track('u', 'Order Completed');
    await h.track('u', 'S');
    expect((await h.messages()).map((m) => [m.journeyId, m.status])).toEqual([
      ['promo', 'queued'],
      ['receipt', 'queued'],
      ['sms', 'queued'],
    ]);
    await h.close();
  });

  it('does not count suppressed sends toward the cap', async () => {
    const h = await JourneyHarness.create('2024-05-01T09:00:00.000Z');
    await h.publish(oneMail('promo', 'A', { frequencyCaps: [{ channel: 'email', limit: 1, window: 'P1D' }], consent: { email: 'opt-in' } }));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'A'); // no consent yet: suppressed, not counted
    await h.identify('u', { consent: { email: true } }, '2024-05-01T10:00:00.000Z');
    await h.track('u', 'A');
    expect((await h.messages()).map((m) => [m.status, m.reason])).toEqual([['suppressed', 'consent'], ['queued', null]]);
    await h.close();
  });
});

/**
 * The auditor's probe: one email a day, quiet 21:00–08:00. A nudge queued at 22:00 waits for 08:00;
 * whether it then goes out decides whether the promo at 09:00 may.
 */
describe('frequency caps and messages that never go out', () => {
  const capped = { frequencyCaps: [{ channel: 'email' as const, limit: 1, window: 'P1D' }], quietHours: { start: '21:00', end: '08:00' } };
  const nudge = (settings: object = capped) =>
    journey(
      'nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Your cart', text: 'Your cart is waiting' }), delay('linger', { mode: 'duration', duration: 'P3D' }), exit('done')],
      [go('abandoned', 'mail'), go('mail', 'linger'), elapsed('linger', 'done')],
      { ...settings, exitCriteria: [{ type: 'event', event: 'Order Completed' }] },
    );
  const sendLog = async (h: JourneyHarness) => ((await h.customer('u')).meta?.journeySends as Record<string, string[]>).email;
  const statusOf = async (h: JourneyHarness, journeyId: string) => (await h.messages({ journeyId })).map((m) => [m.status, m.reason]);

  async function queueNudge(store?: StoragePort): Promise<JourneyHarness> {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z', store);
    await h.publish(nudge());
    await h.publish(oneMail('promo', 'Browse', capped));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Cart Abandoned');
    expect(await sendLog(h)).toEqual(['2024-06-04T08:00:00.000Z']);
    return h;
  }

  async function claimAt(h: JourneyHarness, time: string) {
    await h.advanceTo(time);
    return claimDueMessages(h.runtime, { owner: 'worker', limit: 100 });
  }

  it('stops counting a held message suppressed when it came due (the customer bought meanwhile)', async () => {
    const h = await queueNudge();
    await h.track('u', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    expect(await claimAt(h, '2024-06-04T08:00:00.000Z')).toEqual([]);
    expect(await statusOf(h, 'nudge')).toEqual([['suppressed', 'journey-ended']]);
    expect(await sendLog(h)).toEqual([]);

    await h.track('u', 'Browse', {}, '2024-06-04T09:00:00.000Z');
    expect(await statusOf(h, 'promo')).toEqual([['queued', null]]);
    expect(await sendLog(h)).toEqual(['2024-06-04T09:00:00.000Z']);
    await h.close();
  });

  it('stops counting a message that failed for good', async () => {
    const h = await queueNudge();
    const [claimed] = await claimAt(h, '2024-06-04T08:00:00.000Z');
    expect(await markMessageFailed(h.runtime, claimed, { owner: 'worker', error: 'SMTP 550 no such user', permanent: true })).toBe(true);
    expect(await sendLog(h)).toEqual([]);

    await h.track('u', 'Browse', {}, '2024-06-04T09:00:00.000Z');
    expect(await statusOf(h, 'promo')).toEqual([['queued', null]]);
    await h.close();
  });

  it('keeps counting a failure that will be retried, and takes back the time it was queued for when the retry fails for good', async () => {
    const h = await queueNudge();
    const [claimed] = await claimAt(h, '2024-06-04T08:00:00.000Z');
    await markMessageFailed(h.runtime, claimed, { owner: 'worker', error: 'SMTP 451', permanent: false, retryAt: Date.parse('2024-06-04T08:30:00.000Z') });
    expect(await sendLog(h)).toEqual(['2024-06-04T08:00:00.000Z']);
    const [retried] = await claimAt(h, '2024-06-04T08:30:00.000Z');
    expect(retried.availableAt).toBe('2024-06-04T08:30:00.000Z');
    await markMessageFailed(h.runtime, retried, { owner: 'worker', error: 'SMTP 451', permanent: false, retryAt: Date.parse('2024-06-04T10:00:00.000Z') });

    await h.track('u', 'Browse', {}, '2024-06-04T09:00:00.000Z'); // the nudge may still go out: capped
    expect(await statusOf(h, 'promo')).toEqual([['suppressed', 'frequency-cap']]);

    // Out of retries: the send log loses 08:00, when it was queued to go, not its last availableAt.
    const [last] = await claimAt(h, '2024-06-04T10:00:00.000Z');
    await markMessageFailed(h.runtime, last, { owner: 'worker', error: 'SMTP 451', permanent: true });
    expect(await sendLog(h)).toEqual([]);
    await h.track('u', 'Browse', {}, '2024-06-04T11:00:00.000Z');
    expect(await statusOf(h, 'promo')).toEqual([['suppressed', 'frequency-cap'], ['queued', null]]);
    await h.close();
  });

  it('keeps counting a sent message held for the same moment as a suppressed one', async () => {
    const twice = { ...capped, frequencyCaps: [{ channel: 'email' as const, limit: 2, window: 'P1D' }] };
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(nudge(twice));
    await h.publish(oneMail('welcome', 'Signed Up', twice));
    await h.publish(oneMail('promo', 'Browse', twice));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Cart Abandoned');
    await h.track('u', 'Signed Up');
    expect(await sendLog(h)).toEqual(['2024-06-04T08:00:00.000Z', '2024-06-04T08:00:00.000Z']);
    await h.track('u', 'Order Completed', {}, '2024-06-03T23:00:00.000Z'); // ends the nudge only

    const claimed = await claimAt(h, '2024-06-04T08:00:00.000Z');
    expect(claimed.map((m) => m.journeyId)).toEqual(['welcome']);
    expect(await markMessageSent(h.runtime, claimed[0], { owner: 'worker', providerMessageId: '<1@smtp>' })).toBe(true);
    expect(await statusOf(h, 'nudge')).toEqual([['suppressed', 'journey-ended']]);
    // One of the two equal entries goes: the sent welcome still counts.
    expect(await sendLog(h)).toEqual(['2024-06-04T08:00:00.000Z']);

    await h.track('u', 'Browse', {}, '2024-06-04T09:00:00.000Z');
    await h.track('u', 'Browse', {}, '2024-06-04T10:00:00.000Z');
    expect(await statusOf(h, 'promo')).toEqual([['queued', null], ['suppressed', 'frequency-cap']]);
    await h.close();
  });

  it('stops counting an uncertain message a person resolved as failed', async () => {
    const h = await queueNudge();
    const [claimed] = await claimAt(h, '2024-06-04T08:00:00.000Z');
    await h.advanceTo('2024-06-04T08:05:00.000Z');
    expect(await recoverExpiredMessages(h.runtime)).toEqual({ uncertain: 1, requeued: 0 });
    expect(await sendLog(h)).toEqual(['2024-06-04T08:00:00.000Z']); // it may have gone out
    await resolveUncertainMessage(h.runtime, h.workspace, claimed.key, 'failed', 'not in the provider log');
    expect(await sendLog(h)).toEqual([]);
    await h.close();
  });

  it('takes the time back without losing a customer write that raced it', async () => {
    const inner = new EmbeddedStore();
    let raced: (() => Promise<void>) | null = null;
    const store: StoragePort = {
      ...createDelegatingStore(inner),
      close: () => inner.close(),
      commit: async (workspace: string, ops: WriteOp[]) => {
        const releasing = ops.some((op) => op.op === 'update' && (op.update.$set as Record<string, unknown> | undefined)?.countedAt === null);
        if (releasing && raced) {
          const race = raced;
          raced = null;
          await race(); // ingestion commits between the release's read and its commit
        }
        return inner.commit(workspace, ops);
      },
    };
    const h = await queueNudge(store);
    raced = () => h.identify('u', { plan: 'gold' });
    const [claimed] = await claimAt(h, '2024-06-04T08:00:00.000Z');
    const versionBefore = (await h.customer('u')).version;
    await markMessageFailed(h.runtime, claimed, { owner: 'worker', error: 'SMTP 550', permanent: true });
    expect(raced).toBeNull();
    const customer = await h.customer('u');
    expect(customer.attributes.plan).toBe('gold');
    expect(customer.version).toBe(versionBefore + 2);
    expect(await sendLog(h)).toEqual([]);
    expect((await h.messages({ journeyId: 'nudge' }))[0].countedAt).toBeNull();
    await h.close();
  });
});

/** An identity merge combines the two customers' send logs (the end-to-end case: identity-merge.test.ts). */
describe('combining send logs on a merge', () => {
  const heldToEight = '2024-05-02T08:00:00.000Z';
  const withSends = (customer: Customer, times: string[]) => times.reduce((sent, at) => recordSend(sent, 'email', Date.parse(at), Date.parse('2024-05-01T22:00:00.000Z')), customer);
  const emailLog = (customer: Customer) => (customer.meta?.[sendLogKey] as Record<string, string[]>).email;
  const known = () => newTestCustomer({ id: 'cus_known', userId: 'ada' });
  const visitor = () => newTestCustomer({ id: 'cus_visitor', userId: null, anonymousId: 'anon-1' });

  it('keeps every send of both, two held to the same moment included', () => {
    const absorbed = withSends(visitor(), [heldToEight]);
    const merged = combineSendLogs(mergeCustomers(withSends(known(), ['2024-05-01T09:00:00.000Z', heldToEight]), absorbed), absorbed);
    expect(emailLog(merged)).toEqual(['2024-05-01T09:00:00.000Z', heldToEight, heldToEight]);
    expect(countRecentSends(merged, 'email', 'P1D', Date.parse('2024-05-02T08:30:00.000Z'))).toBe(3);
  });

  it('counts the absorbed customer\'s log once when the profile merge carried it over', () => {
    const absorbed = withSends(visitor(), [heldToEight, heldToEight]);
    const merged = mergeCustomers(known(), absorbed); // the known customer had no send log: the visitor's is kept as it is
    expect(emailLog(combineSendLogs(merged, absorbed))).toEqual([heldToEight, heldToEight]);
  });

  it('changes nothing when a customer is combined with itself', () => {
    const customer = withSends(known(), [heldToEight]);
    expect(combineSendLogs(customer, customer)).toBe(customer);
  });
});
