import { describe, expect, it } from 'vitest';
import { claimDueMessages, hasConsent, markMessageFailed, sampleCustomer } from '../../engine/journeys';
import { ingestBatch } from '../../engine/ingest';
import { explainMessage } from '../../server/workers/message-log';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, entry, exit, go, goal, journey, onEvent, send } from '../support/journey-factory';

/**
 * A message is planned when its step runs and sent when the delivery worker claims it; quiet hours,
 * the send rate and retries put hours between the two. These are the checks the claim makes again.
 */

const nudge = (settings = {}) =>
  journey(
    'cart-nudge',
    [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), exit('done'), goal('bought', 'Order Completed', 'P7D', true)],
    [go('abandoned', 'mail'), go('mail', 'done')],
    { quietHours: { start: '21:00', end: '08:00' }, ...settings },
  );

const withConsent = (consent: unknown) => ({ ...sampleCustomer, attributes: { ...sampleCustomer.attributes, consent } });

async function claimAt(h: JourneyHarness, time: string) {
  await h.advanceTo(time);
  return claimDueMessages(h.runtime, { owner: 'worker', limit: 100 });
}

describe('checks at the moment a message would go out', () => {
  it('does not send the held nudge of a customer who reached the ending goal meanwhile', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(nudge());
    await h.identify('buyer', { email: 'b@example.com' });
    await h.identify('browser', { email: 'w@example.com' });
    await h.track('buyer', 'Cart Abandoned');
    await h.track('browser', 'Cart Abandoned');
    expect((await h.messages()).map((m) => [m.userId, m.status, m.reason, m.availableAt])).toEqual([
      ['buyer', 'queued', 'quiet-hours', '2024-06-04T08:00:00.000Z'],
      ['browser', 'queued', 'quiet-hours', '2024-06-04T08:00:00.000Z'],
    ]);
    // The nudge went straight on to its exit at 22:00 (completed, its message held); the order at
    // 23:00 is the goal, which still counts within its window after the instance has finished.
    await h.track('buyer', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    // Until it is claimed, the log says it is held, and that it will be checked again.
    const [waiting] = await h.messages({ userId: 'buyer' });
    expect(explainMessage(waiting)).toMatch(/^Held for quiet hours until 2024-06-04T0.*; consent and the journey's exit criteria and goals are checked again before it goes\.$/);

    const claimed = await claimAt(h, '2024-06-04T08:00:00.000Z');
    expect(claimed.map((m) => m.userId)).toEqual(['browser']);
    const [held] = await h.messages({ userId: 'buyer' });
    expect([held.status, held.reason]).toEqual(['suppressed', 'journey-ended']);
    expect(explainMessage(held)).toContain('(goal:bought reached at 2024-06-03T23:00:00.000Z)');
    await h.close();
  });

  it('suppresses an unsent message of an instance ended early by an exit criterion, and says why', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    const waiting = journey(
      'cart-nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), delay('linger', { mode: 'duration', duration: 'P3D' }), exit('done')],
      [go('abandoned', 'mail'), go('mail', 'linger'), elapsed('linger', 'done')],
      { quietHours: { start: '21:00', end: '08:00' }, exitCriteria: [{ type: 'event', event: 'Order Completed' }] },
    );
    await h.publish(waiting);
    await h.identify('buyer', { email: 'b@example.com' });
    await h.track('buyer', 'Cart Abandoned');
    await h.track('buyer', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    const [instance] = await h.instances();
    expect([instance.status, instance.endReason]).toEqual(['exited', 'exit-criterion:0']);

    expect(await claimAt(h, '2024-06-04T08:00:00.000Z')).toEqual([]);
    const [message] = await h.messages();
    expect([message.status, message.reason]).toEqual(['suppressed', 'journey-ended']);
    expect(explainMessage(message)).toContain("the customer's journey ended before it went out (exit-criterion:0 at 2024-06-03T23:00:00.000Z)");
    await h.close();
  });

  it('tells steps of one request apart: abandoned and bought in one batch, the nudge does not go', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(nudge({ exitCriteria: [{ type: 'event', event: 'Order Completed' }] }));
    await h.identify('buyer', { email: 'b@example.com' });
    const report = await ingestBatch(h.runtime, h.workspace, { batch: [
      { type: 'track', userId: 'buyer', event: 'Cart Abandoned', messageId: 'm1' },
      { type: 'track', userId: 'buyer', event: 'Order Completed', messageId: 'm2' },
    ] });
    expect(report.rejected).toEqual([]);
    expect(await claimAt(h, '2024-06-04T08:00:00.000Z')).toEqual([]);
    const [message] = await h.messages();
    expect([message.status, message.reason]).toEqual(['suppressed', 'journey-ended']);
    await h.close();
  });

  it('does not send what a finished instance still holds once an exit criterion is met after entry', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(journey(
      'cart-nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), exit('done')],
      [go('abandoned', 'mail'), go('mail', 'done')],
      { quietHours: { start: '21:00', end: '08:00' }, exitCriteria: [{ type: 'event', event: 'Order Completed' }] },
    ));
    await h.identify('buyer', { email: 'b@example.com' });
    await h.identify('browser', { email: 'w@example.com' });
    await h.track('buyer', 'Cart Abandoned');
    await h.track('browser', 'Cart Abandoned');
    // Completed at 22:00 with the email held; the order at 23:00 no longer moves the instance.
    await h.track('buyer', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    expect((await claimAt(h, '2024-06-04T08:00:00.000Z')).map((m) => m.userId)).toEqual(['browser']);
    const [held] = await h.messages({ userId: 'buyer' });
    expect([held.status, held.reason]).toEqual(['suppressed', 'journey-ended']);
    expect(explainMessage(held)).toContain('(exit-criterion:0 met by Order Completed at 2024-06-03T23:00:00.000Z)');
    await h.close();
  });

  it('finds the exit however many other events came after it: an order followed by 1,500 page views', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(journey(
      'cart-nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), exit('done')],
      [go('abandoned', 'mail'), go('mail', 'done')],
      { quietHours: { start: '21:00', end: '08:00' }, exitCriteria: [{ type: 'event', event: 'Order Completed' }, { type: 'event', event: 'Page Viewed', condition: { all: [{ fact: 'event.properties.path', operator: 'equal', value: '/unsubscribe' }] } }] },
    ));
    await h.identify('buyer', { email: 'b@example.com' });
    await h.identify('reader', { email: 'r@example.com' });
    await h.track('buyer', 'Cart Abandoned');
    await h.track('reader', 'Cart Abandoned');
    await h.track('buyer', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    // A page view is an exit when its path says so; the reader's first one does, the rest do not.
    const views = (userId: string, from: number) => Array.from({ length: 1_500 }, (_, i) => ({ type: 'page', userId, name: 'Docs', properties: { path: i === 0 && userId === 'reader' ? '/unsubscribe' : `/docs/${i}` }, messageId: `${userId}-view-${i}`, timestamp: new Date(from + (i + 1) * 10_000).toISOString() }));
    for (const userId of ['buyer', 'reader']) {
      const batch = views(userId, Date.parse('2024-06-03T23:00:00.000Z'));
      for (let i = 0; i < batch.length; i += 500) expect((await ingestBatch(h.runtime, h.workspace, { batch: batch.slice(i, i + 500) })).rejected).toEqual([]);
    }
    expect(await claimAt(h, '2024-06-04T08:00:00.000Z')).toEqual([]);
    const held = await h.messages();
    expect(held.map((m) => [m.userId, m.status, m.reason])).toEqual([
      ['buyer', 'suppressed', 'journey-ended'],
      ['reader', 'suppressed', 'journey-ended'],
    ]);
    expect(explainMessage(held[0])).toContain('(exit-criterion:0 met by Order Completed at 2024-06-03T23:00:00.000Z)');
    expect(explainMessage(held[1])).toContain('(exit-criterion:1 met by Page Viewed at 2024-06-03T23:00:10.000Z)');
    await h.close();
  });

  it('still sends what an instance queued on its way to its exit', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(nudge());
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Cart Abandoned');
    const [instance] = await h.instances();
    expect([instance.status, instance.endReason]).toEqual(['completed', 'reached:done']);
    expect((await claimAt(h, '2024-06-04T08:00:00.000Z')).map((m) => m.userId)).toEqual(['u']);
    await h.close();
  });

  it('sends what the goal itself sends, and holds back only what was queued before it', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(journey(
      'cart-nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), delay('linger', { mode: 'duration', duration: 'P3D' }), exit('done'), goal('bought', 'Order Completed', 'P7D', true), send('thanks', 'email', { subject: 'Thank you', text: 'Enjoy' }), exit('converted')],
      [go('abandoned', 'mail'), go('mail', 'linger'), elapsed('linger', 'done'), go('bought', 'thanks'), go('thanks', 'converted')],
      { quietHours: { start: '21:00', end: '08:00' } },
    ));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Cart Abandoned');
    await h.track('u', 'Order Completed', {}, '2024-06-03T23:00:00.000Z');
    const claimed = await claimAt(h, '2024-06-04T08:00:00.000Z');
    expect(claimed.map((m) => m.stepId)).toEqual(['thanks']);
    expect((await h.messages({ stepId: 'mail' })).map((m) => [m.status, m.reason])).toEqual([['suppressed', 'journey-ended']]);
    await h.close();
  });

  it('suppresses a held message when consent was withdrawn before it went out', async () => {
    const h = await JourneyHarness.create('2024-06-03T22:00:00.000Z');
    await h.publish(nudge());
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Cart Abandoned');
    await h.identify('u', { consent: { email: 'unsubscribed' } }, '2024-06-03T23:30:00.000Z');

    expect(await claimAt(h, '2024-06-04T08:00:00.000Z')).toEqual([]);
    const [message] = await h.messages();
    expect([message.status, message.reason]).toEqual(['suppressed', 'consent']);
    expect(explainMessage(message)).toBe('Not sent: the customer has not given, or has withdrawn, consent to email (attributes.consent.email) (withdrawn before it went out).');
    await h.close();
  });

  it('holds messages the send rate pushed into quiet hours until the window opens, then sends them', async () => {
    const h = await JourneyHarness.create('2024-06-03T20:59:00.000Z');
    await h.publish(nudge({ sendRate: { limit: 1, per: 'minute' } }));
    for (let i = 0; i < 5; i++) {
      await h.identify(`u${i}`, { email: `u${i}@example.com` });
      await h.track(`u${i}`, 'Cart Abandoned');
    }
    const sentAt: string[] = [];
    const sendDue = async (time: string) => {
      for (let claimed = (await claimAt(h, time)).length; claimed > 0; claimed--) sentAt.push(time);
    };
    await sendDue('2024-06-03T20:59:00.000Z');
    for (const minute of ['21:00', '21:01', '21:02', '21:03']) await sendDue(`2024-06-03T${minute}:00.000Z`);
    expect(sentAt).toEqual(['2024-06-03T20:59:00.000Z']);
    const held = await h.messages({ status: 'queued' });
    expect(held.map((m) => [m.reason, m.availableAt])).toEqual(Array(4).fill(['quiet-hours', '2024-06-04T08:00:00.000Z']));

    for (const minute of ['08:00', '08:01', '08:02', '08:03']) await sendDue(`2024-06-04T${minute}:00.000Z`);
    expect(sentAt.slice(1)).toEqual(['08:00', '08:01', '08:02', '08:03'].map((minute) => `2024-06-04T${minute}:00.000Z`));
    await h.close();
  });

  it('holds a retry that falls in quiet hours, and lets a transactional message through', async () => {
    const h = await JourneyHarness.create('2024-06-03T20:00:00.000Z');
    await h.publish(journey(
      'receipts',
      [entry('paid', onEvent('Order Completed')), send('receipt', 'email', { subject: 'Receipt', text: 'Thanks' }, { transactional: true }), send('tips', 'email', { subject: 'Tips', text: 'Tips' }), exit('done')],
      [go('paid', 'receipt'), go('receipt', 'tips'), go('tips', 'done')],
      { quietHours: { start: '21:00', end: '08:00' } },
    ));
    await h.identify('u', { email: 'u@example.com' });
    await h.track('u', 'Order Completed');
    const claimed = await claimAt(h, '2024-06-03T20:00:00.000Z');
    expect(claimed.map((m) => m.stepId).sort()).toEqual(['receipt', 'tips']);
    for (const message of claimed) {
      await markMessageFailed(h.runtime, message, { owner: 'worker', error: 'SMTP 451', permanent: false, retryAt: Date.parse('2024-06-03T22:00:00.000Z') });
    }
    const retried = await claimAt(h, '2024-06-03T22:00:00.000Z');
    expect(retried.map((m) => m.stepId)).toEqual(['receipt']);
    const [tips] = await h.messages({ stepId: 'tips' });
    expect([tips.status, tips.reason, tips.availableAt]).toEqual(['queued', 'quiet-hours', '2024-06-04T08:00:00.000Z']);
    await h.close();
  });
});

describe('reading consent values as other systems write them', () => {
  it('grants only on a granting value, refuses on anything else it does not understand, and defers on none', () => {
    const email = (value: unknown) => hasConsent(withConsent({ email: value }), 'email', { email: 'opt-out' });
    for (const value of [true, 1, 'yes', 'TRUE', ' Granted ', 'subscribed', 'opt-in', 'opted-in', { status: 'granted' }, { granted: true }]) expect([value, email(value)]).toEqual([value, true]);
    for (const value of [false, 0, 'false', 'no', 'No', '0', 'unsubscribe', 'unsubscribed', 'opted-out', 'denied', 'pending', { status: 'revoked' }, { granted: false }, {}, ['yes']]) expect([value, email(value)]).toEqual([value, false]);
    // No answer at all: the journey's rule decides (opt-out here, so email goes; opt-in would not).
    for (const value of [undefined, null, '', '  ']) expect([value, email(value)]).toEqual([value, true]);
    expect(hasConsent(withConsent({ sms: null }), 'sms', undefined)).toBe(false);
  });
});
