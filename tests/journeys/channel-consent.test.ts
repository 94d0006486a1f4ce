import { describe, expect, it } from 'vitest';
import { hasConsent, sampleCustomer } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { entry, exit, go, journey, onEvent, send } from '../support/journey-factory';

const withConsent = (consent: unknown) => ({ ...sampleCustomer, attributes: { ...sampleCustomer.attributes, consent } });

describe('consent', () => {
  it('lets a transactional send past the marketing opt-out "unsubscribed" (the rule decides), never past another refusal', () => {
    const unsubscribed = withConsent({ email: 'unsubscribed', sms: 'Unsubscribed', push: { status: 'unsubscribed' } });
    expect(['email', 'sms', 'push'].map((channel) => hasConsent(unsubscribed, channel, undefined))).toEqual([false, false, false]);
    expect(['email', 'sms', 'push'].map((channel) => hasConsent(unsubscribed, channel, undefined, { transactional: true }))).toEqual([true, false, false]);
    expect(hasConsent(unsubscribed, 'sms', { sms: 'opt-out' }, { transactional: true })).toBe(true);
    // An object is read by its first answer key, status, granted, then value, on both paths.
    expect(hasConsent(withConsent({ email: { granted: false, value: 'unsubscribed' } }), 'email', undefined, { transactional: true })).toBe(false);
    expect(hasConsent(withConsent({ email: { status: null, value: 'unsubscribed' } }), 'email', undefined, { transactional: true })).toBe(false);
    expect(hasConsent(withConsent({ email: { granted: 'unsubscribed' } }), 'email', undefined, { transactional: true })).toBe(true);
    for (const refusal of [false, 'denied', 'no', { status: 'revoked' }]) {
      expect(hasConsent(withConsent({ email: refusal }), 'email', undefined, { transactional: true }), JSON.stringify(refusal)).toBe(false);
    }
  });

  it('defaults: email opt-out, sms and push opt-in; webhook, log and task need none', () => {
    const none = withConsent(undefined);
    expect(['email', 'sms', 'push', 'webhook', 'log', 'task'].map((channel) => hasConsent(none, channel, undefined))).toEqual([true, false, false, true, true, true]);
  });

  it('an explicit answer always wins over the journey default', () => {
    const customer = withConsent({ email: false, sms: 'granted', push: 'unsubscribed' });
    expect(hasConsent(customer, 'email', { email: 'opt-out' })).toBe(false);
    expect(hasConsent(customer, 'sms', { sms: 'opt-in' })).toBe(true);
    expect(hasConsent(customer, 'push', { push: 'opt-out' })).toBe(false);
    expect(hasConsent(withConsent({}), 'email', { email: 'opt-in' })).toBe(false);
  });

  it('suppresses journey sends without consent, with the reason recorded', async () => {
    const h = await JourneyHarness.create('2024-05-01T12:00:00.000Z');
    await h.publish(journey(
      'multi',
      [entry('in', onEvent('Go')), send('mail', 'email', { subject: 'x', text: 'x' }), send('text', 'sms', { body: 'x' }), send('ping', 'push', { title: 'x', body: 'x' }), exit('done')],
      [go('in', 'mail'), go('mail', 'text'), go('text', 'ping'), go('ping', 'done')],
      { reentry: { policy: 'always' } },
    ));
    await h.identify('u', { email: 'u@example.com', phone: '+15550100', push_token: 'tok', consent: { email: false, sms: true } });
    await h.track('u', 'Go');
    expect((await h.messages()).map((m) => [m.channel, m.status, m.reason]).sort()).toEqual([
      ['email', 'suppressed', 'consent'],
      ['push', 'suppressed', 'consent'],
      ['sms', 'queued', null],
    ]);
    await h.close();
  });
});
