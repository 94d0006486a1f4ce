import { describe, expect, it } from 'vitest';
import { JourneyHarness } from '../support/journey-harness';
import { entry, exit, go, journey, onEvent, send } from '../support/journey-factory';

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
