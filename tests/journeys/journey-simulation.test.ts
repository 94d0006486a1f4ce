import { describe, expect, it } from 'vitest';
import { simulateJourney } from '../../engine/journeys';
import { action, branch, delay, elapsed, email, entry, exit, go, goal, journey, onEvent, send, split, wait } from '../support/journey-factory';

/** A year of monthly check-ins plus a birthday treat, looping until the year is over. */
const yearly = journey(
  'year-of-care',
  [
    entry('joined', onEvent('Signed Up'), 'acquire'),
    email('welcome', 'Welcome, {{ attributes.first_name }}'),
    delay('month', wait('P1M')),
    split('active', { mode: 'conditions', branches: [{ id: 'recent', condition: { all: [{ fact: 'traits.last_order_at', operator: 'withinLastDays', value: 31 }] } }] }),
    email('thanks', 'Thanks for shopping this month'),
    send('miss-you', 'sms', { body: 'We miss you {{ attributes.first_name }}' }),
    action({ id: 'birthday-ahead', kind: 'tags', params: { add: ['checked-in'] } }),
  ],
  [go('joined', 'welcome'), go('welcome', 'month'), elapsed('month', 'active'), branch('active', 'thanks', 'recent'), branch('active', 'miss-you', 'else'), go('thanks', 'birthday-ahead'), go('miss-you', 'birthday-ahead'), go('birthday-ahead', 'month')],
  { quietHours: { start: '21:00', end: '08:00' }, frequencyCaps: [{ channel: 'sms', limit: 1, window: 'P60D' }], timezone: 'Europe/Madrid' },
);

const birthday = journey(
  'birthday-only',
  [entry('in', onEvent('Signed Up')), delay('bday', { mode: 'until-date', attribute: 'birthday', recurrence: 'yearly', time: '09:00' }), send('cake', 'push', { title: 'Happy birthday {{ attributes.first_name }}', body: '🎂' }), exit('done')],
  [go('in', 'bday'), elapsed('bday', 'cake'), go('cake', 'done')],
  { consent: { push: 'opt-out' } },
);

describe('simulation', () => {
  it('runs a 12-month journey on a virtual clock and reports every state, action and suppression', async () => {
    const result = await simulateJourney(yearly, {
      start: '2024-01-01T00:00:00.000Z',
      until: '2025-01-01T00:00:00.000Z',
      customer: { userId: 'maria', attributes: { first_name: 'María', email: 'maria@example.com', phone: '+34600000000', consent: { sms: true } } },
      timeline: [
        { at: '2024-01-15T21:30:00.000Z', event: 'Signed Up' },
        { at: '2024-03-01T12:00:00.000Z', event: 'Order Completed', properties: { total: 30 } },
        { at: '2024-08-20T12:00:00.000Z', event: 'Order Completed', properties: { total: 80 } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const simulation = result.value;
    const months = simulation.visits.filter((v) => v.state === 'active').map((v) => v.at.slice(0, 10));
    // Monthly in Madrid time: 22:30 local on the 15th, every month through the year.
    expect(months).toEqual(['2024-02-15', '2024-03-15', '2024-04-15', '2024-05-15', '2024-06-15', '2024-07-15', '2024-08-15', '2024-09-15', '2024-10-15', '2024-11-15', '2024-12-15']);
    const messages = simulation.actions.filter((a) => a.kind === 'message');
    expect(messages[0]).toMatchObject({ state: 'welcome', status: 'queued', reason: 'quiet-hours', availableAt: '2024-01-16T07:00:00.000Z', payload: { content: { subject: 'Welcome, María' } } });
    expect(messages.filter((m) => m.state === 'thanks').map((m) => m.at.slice(0, 10))).toEqual(['2024-03-15', '2024-09-15']);
    // SMS capped to one per 60 days, counted from when each went out (08:00 next morning, after quiet
    // hours): Feb 16 → Apr 15 capped, May 16 → Jun 15 capped, Jul 16 → Aug 15 capped, Oct 16 → Nov 15 capped.
    expect(messages.filter((m) => m.state === 'miss-you' && m.status === 'queued').map((m) => m.availableAt)).toEqual([
      '2024-02-16T07:00:00.000Z', '2024-05-16T06:00:00.000Z', '2024-07-16T06:00:00.000Z', '2024-10-16T06:00:00.000Z', '2024-12-16T07:00:00.000Z',
    ]);
    expect(simulation.suppressions.map((s) => `${s.at.slice(0, 10)} ${s.reason}`)).toEqual(['2024-04-15 frequency-cap', '2024-06-15 frequency-cap', '2024-08-15 frequency-cap', '2024-11-15 frequency-cap']);
    expect(simulation.instances).toMatchObject([{ status: 'active', state: 'month' }]);
    expect(simulation.pendingTimers).toEqual([expect.objectContaining({ state: 'month', dueAt: '2025-01-15T21:30:00.000Z' })]);
    expect(simulation.customer.attributes.tags).toEqual(['checked-in']);
  });

  it('simulates a real customer with their own time zone and birthday', async () => {
    const result = await simulateJourney(birthday, {
      start: '2024-01-01T00:00:00.000Z',
      until: '2024-12-31T00:00:00.000Z',
      customer: { _id: 'c-42', userId: 'kenji', attributes: { first_name: 'Kenji', birthday: '1990-07-04', timezone: 'Asia/Tokyo', push_token: 'tok' }, traits: { orders_count: 4 } },
      timeline: [{ at: '2024-02-01T00:00:00.000Z', event: 'Signed Up' }],
    });
    expect(result.ok && result.value.actions.map((a) => [a.at, a.state, a.payload])).toEqual([
      ['2024-07-04T00:00:00.000Z', 'cake', { type: 'message', to: ['tok'], content: { title: 'Happy birthday Kenji', body: '🎂' } }],
    ]);
  });

  it('simulates entries through the API and reports customers who never enter', async () => {
    const apiJourney = journey('concierge', [entry('in', { type: 'api' }), email('hello', 'Hello'), exit('done')], [go('in', 'hello'), go('hello', 'done')]);
    const entered = await simulateJourney(apiJourney, { start: '2024-01-01T00:00:00Z', until: '2024-01-02T00:00:00Z', apiEntries: ['2024-01-01T10:00:00Z'], customer: { attributes: { email: 'a@example.com' } } });
    expect(entered.ok && entered.value.visits.map((v) => v.state)).toEqual(['in', 'hello', 'done']);
    const nothing = await simulateJourney(apiJourney, { start: '2024-01-01T00:00:00Z', until: '2024-01-02T00:00:00Z', timeline: [{ at: '2024-01-01T10:00:00Z', event: 'Signed Up' }] });
    expect(nothing.ok && nothing.value).toMatchObject({ visits: [], actions: [], instances: [] });
  });

  it('reports a conversion within the goal window after the instance has completed', async () => {
    const oneShot = journey('one-shot', [entry('in', onEvent('Signed Up')), email('hello', 'Hello'), exit('done'), goal('bought', 'Order Completed', 'P7D')], [go('in', 'hello'), go('hello', 'done')]);
    const result = await simulateJourney(oneShot, {
      start: '2024-01-01T00:00:00Z',
      until: '2024-02-01T00:00:00Z',
      customer: { attributes: { email: 'a@example.com' } },
      timeline: [{ at: '2024-01-01T10:00:00Z', event: 'Signed Up' }, { at: '2024-01-03T10:00:00Z', event: 'Order Completed' }, { at: '2024-01-04T10:00:00Z', event: 'Order Completed' }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.conversions).toEqual([{ at: '2024-01-03T10:00:00.000Z', instanceId: result.value.instances[0]._id, goal: 'bought' }]);
    expect(result.value.instances).toMatchObject([{ status: 'completed', endReason: 'reached:done', convertedAt: '2024-01-03T10:00:00.000Z' }]);
  });

  it('shows what the delivery checks decide when a held message falls due: suppressed once the goal is reached', async () => {
    const nudge = journey(
      'cart-nudge',
      [entry('abandoned', onEvent('Cart Abandoned')), send('mail', 'email', { subject: 'Complete your order', text: 'Your cart is waiting' }), exit('done'), goal('bought', 'Order Completed', 'P7D', true)],
      [go('abandoned', 'mail'), go('mail', 'done')],
      { quietHours: { start: '21:00', end: '08:00' } },
    );
    const customer = { userId: 'ana', attributes: { email: 'ana@example.com' } };
    const run = async (timeline: Array<{ at: string; event: string }>) => {
      const result = await simulateJourney(nudge, { start: '2024-06-03T00:00:00.000Z', until: '2024-06-05T00:00:00.000Z', customer, timeline });
      if (!result.ok) throw new Error(JSON.stringify(result.problem));
      return result.value;
    };
    const browsed = await run([{ at: '2024-06-03T22:00:00.000Z', event: 'Cart Abandoned' }]);
    expect(browsed.actions.filter((a) => a.kind === 'message').map((a) => [a.status, a.reason, a.availableAt])).toEqual([['queued', 'quiet-hours', '2024-06-04T08:00:00.000Z']]);
    expect(browsed.suppressions).toEqual([]);

    const bought = await run([{ at: '2024-06-03T22:00:00.000Z', event: 'Cart Abandoned' }, { at: '2024-06-03T23:00:00.000Z', event: 'Order Completed' }]);
    expect(bought.actions.filter((a) => a.kind === 'message').map((a) => [a.status, a.reason])).toEqual([['suppressed', 'journey-ended']]);
    expect(bought.suppressions).toEqual([{ at: '2024-06-04T08:00:00.000Z', instanceId: expect.any(String), state: 'mail', channel: 'email', reason: 'journey-ended', detail: 'goal:bought reached at 2024-06-03T23:00:00.000Z' }]);
  });

  it('refuses an invalid journey or a timeline outside the simulated period', async () => {
    const broken = { ...yearly, transitions: yearly.transitions.slice(1) };
    expect(await simulateJourney(broken, { start: '2024-01-01T00:00:00Z', until: '2024-02-01T00:00:00Z' })).toMatchObject({ ok: false, problem: { code: 'INVALID_DEFINITION' } });
    expect(await simulateJourney(yearly, { start: '2024-01-01T00:00:00Z', until: '2024-02-01T00:00:00Z', timeline: [{ at: '2023-12-31T00:00:00Z', event: 'Signed Up' }] })).toMatchObject({
      ok: false,
      problem: { code: 'VALIDATION_FAILED', details: [{ pointer: '/timeline/0/at' }] },
    });
  });
});
