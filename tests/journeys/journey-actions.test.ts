import { describe, expect, it } from 'vitest';
import { simulateJourney } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { action, entry, exit, go, journey, onEvent, send, split, branch } from '../support/journey-factory';

describe('action states', () => {
  it('sends on every channel with the template rendered over attributes, traits and the triggering event', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'order-follow-up',
      [
        entry('in', onEvent('Order Completed')),
        send('mail', 'email', { subject: 'Order {{ event.properties.order_id }} confirmed', html: '<p>Hi {{ attributes.first_name }}, order #{{ traits.orders_count }}</p>' }),
        send('text', 'sms', { body: 'Thanks {{ attributes.first_name }}!' }),
        send('notify', 'push', { title: 'On its way', body: '{{ event.properties.total }} GBP', data: { order: '{{ event.properties.order_id }}' } }),
        send('audit', 'log', { body: 'order {{ event.properties.order_id }} for {{ customer.userId }}' }),
        send('crm', 'webhook', { body: '{"order":"{{ event.properties.order_id }}"}' }),
        exit('done'),
      ],
      [go('in', 'mail'), go('mail', 'text'), go('text', 'notify'), go('notify', 'audit'), go('audit', 'crm'), go('crm', 'done')],
      { consent: { sms: 'opt-out', push: 'opt-out' } },
    ));
    await h.identify('ann', { email: 'ann@example.com', first_name: 'Ann <3', phone: '+4412345', push_tokens: ['tok-1'] });
    await h.track('ann', 'Order Completed', { order_id: 'A-7', total: 42.5 });
    const byStep = Object.fromEntries((await h.messages()).map((m) => [m.stepId, m]));
    expect(byStep.mail.payload).toEqual({ type: 'message', to: 'ann@example.com', content: { subject: 'Order A-7 confirmed', html: '<p>Hi Ann &lt;3, order #1</p>' }, contact: { name: 'Ann <3' } });
    expect(byStep.text.payload).toEqual({ type: 'message', to: '+4412345', content: { body: 'Thanks Ann <3!' } });
    expect(byStep.notify.payload).toEqual({ type: 'message', to: ['tok-1'], content: { title: 'On its way', body: '42.5 GBP', data: { order: 'A-7' } } });
    expect(byStep.audit.payload).toMatchObject({ content: { body: 'order A-7 for ann' } });
    expect(byStep.crm).toMatchObject({ channel: 'webhook', status: 'queued', payload: { content: { body: '{"order":"A-7"}' } } });
    for (const message of Object.values(byStep)) {
      expect(message.key).toBe(`${h.workspace}.${message.instanceId}.${message.stepId}.1`);
      expect(message).toMatchObject({ journeyId: 'order-follow-up', journeyVersion: 1, attempts: 0, customerId: (await h.customer('ann'))._id });
    }
    await h.close();
  });

  it('suppresses a message without a recipient', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey('mail-only', [entry('in', onEvent('Go')), send('mail', 'email', { subject: 'Hi', text: 'Hi' }), exit('done')], [go('in', 'mail'), go('mail', 'done')]));
    await h.track('no-email', 'Go');
    expect((await h.messages()).map((m) => [m.status, m.reason])).toEqual([['suppressed', 'no-recipient']]);
    await h.close();
  });

  it('calls webhooks and creates follow-up tasks with rendered bodies', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'vip-alert',
      [
        entry('in', onEvent('Order Completed')),
        action({ id: 'hook', kind: 'webhook', params: { url: 'https://hooks.example.com/vip', body: { user: '{{ customer.userId }}', total: '{{ event.properties.total }}', tags: ['vip', '{{ attributes.city }}'] } } }),
        action({ id: 'call', kind: 'task', params: { url: 'https://crm.example.com/tasks', title: 'Call {{ attributes.first_name }}', description: 'Spent {{ event.properties.total }}', assignee: 'owner-{{ attributes.city }}', dueInDays: 2, priority: 'high' } }),
        exit('done'),
      ],
      [go('in', 'hook'), go('hook', 'call'), go('call', 'done')],
    ));
    await h.identify('vip', { first_name: 'Vic', city: 'Leeds', email: 'v@example.com' });
    await h.track('vip', 'Order Completed', { total: 900 });
    const [hook] = await h.messages({ stepId: 'hook' });
    const [task] = await h.messages({ stepId: 'call' });
    // A lone {{ … }} keeps the value's JSON type (docs/channels.md, "JSON bodies keep types").
    expect(hook).toMatchObject({ channel: 'webhook', payload: { type: 'webhook', url: 'https://hooks.example.com/vip', body: { user: 'vip', total: 900, tags: ['vip', 'Leeds'] } } });
    expect(task).toMatchObject({
      channel: 'task',
      payload: { type: 'task', url: 'https://crm.example.com/tasks', task: { title: 'Call Vic', description: 'Spent 900', assignee: 'owner-Leeds', dueAt: '2024-05-03T12:00:00.000Z', priority: 'high', customer: { userId: 'vip', email: 'v@example.com' } } },
    });
    await h.close();
  });

  it('updates attributes, tags, loyalty points and lifecycle stage — and later steps see the change', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'onboard',
      [
        entry('in', onEvent('Signed Up')),
        action({ id: 'set-plan', kind: 'update-attributes', params: { set: { plan: 'trial', trial: { days: 14 } }, unset: ['legacy_flag'] } }),
        action({ id: 'tag', kind: 'tags', params: { add: ['trial', 'onboarding'], remove: ['prospect'] } }),
        action({ id: 'points', kind: 'loyalty', params: { operation: 'award', points: 50, reason: 'sign-up bonus' } }),
        action({ id: 'spend', kind: 'loyalty', params: { operation: 'redeem', points: 80 } }),
        action({ id: 'stage', kind: 'lifecycle-stage', params: { stage: 'convert' } }),
        split('check', { mode: 'conditions', branches: [{ id: 'trial', condition: { all: [{ fact: 'attributes.plan', operator: 'equal', value: 'trial' }, { fact: 'attributes.tags', operator: 'contains', value: 'trial' }] } }] }),
        send('welcome-trial', 'log', { body: 'trial with {{ attributes.loyalty_points }} points' }),
        send('welcome-other', 'log', { body: 'other' }),
        exit('done'),
      ],
      [go('in', 'set-plan'), go('set-plan', 'tag'), go('tag', 'points'), go('points', 'spend'), go('spend', 'stage'), go('stage', 'check'), branch('check', 'welcome-trial', 'trial'), branch('check', 'welcome-other', 'else'), go('welcome-trial', 'done'), go('welcome-other', 'done')],
    ));
    await h.identify('u', { legacy_flag: true, tags: ['prospect', 'newsletter'], loyalty_points: 10 });
    await h.track('u', 'Signed Up');
    const customer = await h.customer('u');
    expect(customer.attributes).toMatchObject({ plan: 'trial', trial: { days: 14 }, tags: ['newsletter', 'trial', 'onboarding'], loyalty_points: 60, lifecycle_stage: 'convert' });
    expect(customer.attributes).not.toHaveProperty('legacy_flag');
    const [message] = await h.messages();
    expect([message.stepId, message.payload]).toEqual(['welcome-trial', { type: 'message', to: null, content: { body: 'trial with 60 points' } }]);
    await h.close();
  });

  it('renders Liquid values of update-attributes over the triggering event and the customer', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'remember-offer',
      [
        entry('in', onEvent('Coupon Claimed')),
        action({
          id: 'remember',
          kind: 'update-attributes',
          params: {
            set: {
              last_code: '{{ event.properties.code }}',
              last_total: '{{ event.properties.total }}',
              greeting: 'Hi {{ attributes.first_name | upcase }}',
              coupon_sent_at: '{{ now }}',
              missing: '{{ event.properties.nothing }}',
              plan: 'gold',
              limits: { max: 3, note: '{{ kept as written }}' },
            },
          },
        }),
        exit('done'),
      ],
      [go('in', 'remember'), go('remember', 'done')],
    ));
    await h.identify('u', { first_name: 'Ann' });
    await h.track('u', 'Coupon Claimed', { code: 'SPRING24', total: 42.5 });
    expect((await h.customer('u')).attributes).toMatchObject({
      last_code: 'SPRING24',
      last_total: 42.5,
      greeting: 'Hi ANN',
      coupon_sent_at: '2024-05-01T12:00:00.000Z',
      missing: null,
      plan: 'gold',
      limits: { max: 3, note: '{{ kept as written }}' },
    });
    await h.close();
  });

  it('redeems points only when the balance covers them', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey('redeem', [entry('in', onEvent('Redeem')), action({ id: 'spend', kind: 'loyalty', params: { operation: 'redeem', points: 100 } }), exit('done')], [go('in', 'spend'), go('spend', 'done')], { reentry: { policy: 'always' } }));
    await h.identify('u', { loyalty_points: 150 });
    await h.track('u', 'Redeem');
    expect((await h.customer('u')).attributes.loyalty_points).toBe(50);
    await h.track('u', 'Redeem');
    expect((await h.customer('u')).attributes.loyalty_points).toBe(50);
    await h.close();
  });

  it('reads a balance stored as a numeric string (a CSV import, a CRM) as its number and writes the result as a number', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey('bonus', [entry('in', onEvent('Bonus')), action({ id: 'award', kind: 'loyalty', params: { operation: 'award', points: 50 } }), exit('done')], [go('in', 'award'), go('award', 'done')], { reentry: { policy: 'always' } }));
    await h.publish(journey('spend', [entry('in', onEvent('Redeem')), action({ id: 'spend', kind: 'loyalty', params: { operation: 'redeem', points: 100 } }), exit('done')], [go('in', 'spend'), go('spend', 'done')], { reentry: { policy: 'always' } }));
    await h.identify('award', { loyalty_points: '150' });
    await h.track('award', 'Bonus');
    expect((await h.customer('award')).attributes.loyalty_points).toBe(200);
    await h.identify('padded', { loyalty_points: ' 12.5 ' });
    await h.track('padded', 'Bonus');
    expect((await h.customer('padded')).attributes.loyalty_points).toBe(62.5);
    await h.identify('redeem', { loyalty_points: '150' });
    await h.track('redeem', 'Redeem');
    expect((await h.customer('redeem')).attributes.loyalty_points).toBe(50);
    await h.close();
  });

  it('leaves a balance that is not a number untouched, and the step says why it did not apply', async () => {
    const bonus = journey('bonus', [entry('in', onEvent('Bonus')), action({ id: 'award', kind: 'loyalty', params: { operation: 'award', points: 50 } }), exit('done')], [go('in', 'award'), go('award', 'done')], { reentry: { policy: 'always' } });
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(bonus);
    for (const [userId, balance] of [['words', 'lots'], ['grouped', '1,000'], ['object', { gold: 150 }], ['flag', true]] as const) {
      await h.identify(userId, { loyalty_points: balance });
      await h.track(userId, 'Bonus');
      expect((await h.customer(userId)).attributes.loyalty_points).toEqual(balance);
      expect(await h.pathOf(userId, 'bonus')).toEqual(['in', 'award', 'done']);
    }
    await h.close();

    const simulated = await simulateJourney(bonus, { start: '2024-05-01T12:00:00Z', until: '2024-05-02T00:00:00Z', customer: { attributes: { loyalty_points: 'lots' } }, timeline: [{ at: '2024-05-01T12:00:00Z', event: 'Bonus' }] });
    if (!simulated.ok) throw new Error(JSON.stringify(simulated.problem));
    const [award] = simulated.value.actions.filter((simulatedAction) => simulatedAction.kind === 'change-loyalty-points');
    expect(award.detail).toEqual({ operation: 'award', points: 50, applied: false, balance: null, why: 'attributes.loyalty_points holds "lots", which is not a number: the balance was left as it is.' });
    expect(simulated.value.customer.attributes.loyalty_points).toBe('lots');
  });
});
