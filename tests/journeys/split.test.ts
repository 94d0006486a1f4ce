import { describe, expect, it } from 'vitest';
import { assignVariant, summarizeJourney } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { branch, email, entry, exit, go, journey, onEvent, split } from '../support/journey-factory';

describe('splits', () => {
  it('takes the first branch whose condition matches, else the else branch', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(journey(
      'tiered',
      [
        entry('in', onEvent('Checked In')),
        split('tier', {
          mode: 'conditions',
          branches: [
            { id: 'gold', condition: { all: [{ fact: 'attributes.points', operator: 'greaterThanInclusive', value: 1000 }] } },
            { id: 'silver', condition: { all: [{ fact: 'attributes.points', operator: 'greaterThanInclusive', value: 100 }] } },
          ],
        }),
        email('gold-mail', 'Gold'),
        email('silver-mail', 'Silver'),
        email('basic-mail', 'Basic'),
        exit('done'),
      ],
      [go('in', 'tier'), branch('tier', 'gold-mail', 'gold'), branch('tier', 'silver-mail', 'silver'), branch('tier', 'basic-mail', 'else'), go('gold-mail', 'done'), go('silver-mail', 'done'), go('basic-mail', 'done')],
    ));
    for (const [user, points] of [['g', 5000], ['s', 150], ['b', 3]] as const) {
      await h.identify(user, { email: `${user}@example.com`, points });
      await h.track(user, 'Checked In');
    }
    expect((await h.messages()).map((m) => `${m.userId}:${m.stepId}`)).toEqual(['g:gold-mail', 's:silver-mail', 'b:basic-mail']);
    await h.close();
  });

  it('splits at random by weight', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(journey(
      'coin',
      [entry('in', onEvent('Go')), split('flip', { mode: 'random', branches: [{ id: 'heads', weight: 3 }, { id: 'tails', weight: 1 }] }), email('h', 'Heads'), email('t', 'Tails'), exit('done')],
      [go('in', 'flip'), branch('flip', 'h', 'heads'), branch('flip', 't', 'tails'), go('h', 'done'), go('t', 'done')],
    ));
    const { ingestBatch } = await import('../../engine/ingest');
    const at = new Date(h.clock.now()).toISOString();
    const batch = Array.from({ length: 400 }, (_, i) => [
      { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` }, timestamp: at },
      { type: 'track', userId: `u${i}`, event: 'Go', timestamp: at },
    ]).flat();
    await ingestBatch(h.runtime, h.workspace, { batch });
    const messages = await h.messages();
    const heads = messages.filter((m) => m.stepId === 'h').length;
    expect(messages).toHaveLength(400);
    expect(heads / 400).toBeGreaterThan(0.68);
    expect(heads / 400).toBeLessThan(0.82);
    await h.close();
  });

  it('assigns A/B variants deterministically per customer, keeps the holdout out of sends, and reports it separately', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(journey(
      'offer',
      [
        entry('in', onEvent('Go')),
        split('test', { mode: 'ab', variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], holdoutPercent: 20 }),
        email('offer-a', 'A'),
        email('offer-b', 'B'),
        { id: 'bought', kind: 'goal', stage: 'convert', position: { x: 0, y: 0 }, params: { event: 'Order Completed', window: 'P7D' } },
        exit('done'),
      ],
      [go('in', 'test'), branch('test', 'offer-a', 'a'), branch('test', 'offer-b', 'b'), go('offer-a', 'done'), go('offer-b', 'done')],
      { reentry: { policy: 'always' } },
    ));
    const { ingestBatch } = await import('../../engine/ingest');
    const at = new Date(h.clock.now()).toISOString();
    await ingestBatch(h.runtime, h.workspace, {
      batch: Array.from({ length: 300 }, (_, i) => [
        { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` }, timestamp: at },
        { type: 'track', userId: `u${i}`, event: 'Go', timestamp: at },
      ]).flat(),
    });
    const messages = await h.messages();
    const holdout = messages.filter((m) => m.holdout);
    expect(holdout.length / 300).toBeGreaterThan(0.13);
    expect(holdout.length / 300).toBeLessThan(0.27);
    expect(holdout.every((m) => m.status === 'suppressed' && m.reason === 'holdout')).toBe(true);
    expect(messages.filter((m) => !m.holdout).every((m) => m.status === 'queued')).toBe(true);
    // Deterministic: the variant stored is the one assignVariant gives for that customer.
    const customer = await h.customer('u7');
    const expected = assignVariant({ journeyId: 'offer', stateId: 'test', customerId: customer._id }, [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], 20);
    expect(customer.journeys.offer).toMatchObject({ variant: expected.variant, ...(expected.holdout ? { holdout: true } : {}) });
    // Re-entering keeps the same variant.
    await h.track('u7', 'Go');
    expect((await h.customer('u7')).journeys.offer.variant).toBe(expected.variant);
    const report = await summarizeJourney(h.runtime, h.workspace, 'offer');
    const holdoutRow = report.variants.find((row) => row.holdout);
    expect(holdoutRow?.entered).toBe(holdout.length + (expected.holdout ? 1 : 0));
    expect(report.variants.filter((row) => !row.holdout).map((row) => row.variant)).toEqual(['a', 'b']);
    expect(report.messages).toContainEqual(expect.objectContaining({ status: 'suppressed', reason: 'holdout' }));
    await h.close();
  });

  it('keeps the holdout out of sends only from the split on: the welcome before it reaches everyone', async () => {
    const h = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h.publish(journey(
      'welcome-ab',
      [entry('in', onEvent('Signed Up')), email('welcome', 'Welcome!'), split('test', { mode: 'ab', variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], holdoutPercent: 50 }), email('offer-a', 'A'), email('offer-b', 'B'), exit('done')],
      [go('in', 'welcome'), go('welcome', 'test'), branch('test', 'offer-a', 'a'), branch('test', 'offer-b', 'b'), go('offer-a', 'done'), go('offer-b', 'done')],
    ));
    for (let i = 0; i < 40; i++) {
      await h.identify(`u${i}`, { email: `u${i}@example.com` });
      await h.track(`u${i}`, 'Signed Up');
    }
    const messages = await h.messages();
    const welcome = messages.filter((m) => m.stepId === 'welcome');
    expect(welcome).toHaveLength(40);
    expect(welcome.every((m) => m.status === 'queued' && !m.holdout)).toBe(true);
    // The offers after the split: the holdout's are suppressed, and there are some of each.
    const offers = messages.filter((m) => m.stepId !== 'welcome');
    expect(offers.filter((m) => m.holdout).every((m) => m.status === 'suppressed' && m.reason === 'holdout')).toBe(true);
    expect(offers.filter((m) => m.holdout).length).toBeGreaterThan(5);
    expect(offers.filter((m) => !m.holdout).every((m) => m.status === 'queued')).toBe(true);
    await h.close();
  });
});
