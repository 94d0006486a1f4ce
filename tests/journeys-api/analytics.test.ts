import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneyAnalytics } from '../../schemas/types';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { journeyCollectionNames } from '../../engine/journeys/index';
import { action, branch, delay, elapsed, email, entry, exit, go, journey, onEvent, split, wait } from '../support/journey-factory';

const customers = 80;

/** Go → A/B test with a 25 % holdout → offer A or B → 7 days → done; ordering within 7 days is the goal. */
function offer() {
  return journey(
    'offer',
    [
      entry('in', onEvent('Go')),
      split('test', { mode: 'ab', variants: [{ id: 'a', weight: 1 }, { id: 'b', weight: 1 }], holdoutPercent: 25 }),
      email('offer-a', 'A'),
      email('offer-b', 'B'),
      delay('linger', wait('P7D')),
      { id: 'bought', kind: 'goal', stage: 'convert', position: { x: 0, y: 0 }, params: { event: 'Order Completed', window: 'P7D' } },
      exit('done'),
    ],
    [go('in', 'test'), branch('test', 'offer-a', 'a'), branch('test', 'offer-b', 'b'), go('offer-a', 'linger'), go('offer-b', 'linger'), elapsed('linger', 'done')],
  );
}

describe('GET /api/journeys/{id}/analytics', () => {
  let app: DeliveryApp;
  beforeEach(async () => {
    app = await createDeliveryApp();
    await app.publish(offer());
    const batch = Array.from({ length: customers }, (_, i) => [
      { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` } },
      { type: 'track', userId: `u${i}`, event: 'Go' },
    ]).flat();
    expect((await app.post('/v1/batch', { batch })).statusCode).toBe(200);
    app.clock.advanceBy(24 * 60 * 60 * 1000);
    const orders = Array.from({ length: customers }, (_, i) => i).filter((i) => i % 3 === 0).map((i) => ({ type: 'track', userId: `u${i}`, event: 'Order Completed', properties: { order_id: `o${i}`, total: 10 } }));
    expect((await app.post('/v1/batch', { batch: orders })).statusCode).toBe(200);
  });
  afterEach(async () => {
    await app.close();
  });

  it('counts customers per state now and ever, and conversions of the treated against the holdout', async () => {
    const analytics = (await app.admin('GET', '/api/journeys/offer/analytics')).json() as JourneyAnalytics;
    const messages = await app.messages();
    const inHoldout = new Set(messages.filter((m) => m.holdout).map((m) => m.userId));
    const converted = (users: (u: string) => boolean) => Array.from({ length: customers }, (_, i) => i).filter((i) => i % 3 === 0 && users(`u${i}`)).length;
    expect(inHoldout.size).toBeGreaterThan(5);

    expect(analytics.liveVersion).toBe(1);
    expect(analytics.instances).toEqual({ total: customers, active: customers, completed: 0, exited: 0 });
    const state = (id: string) => analytics.states.find((s) => s.state === id)!;
    expect(state('in')).toMatchObject({ kind: 'entry', now: 0, customersEver: customers, visits: customers, exact: true });
    expect(state('test')).toMatchObject({ kind: 'split', customersEver: customers, exact: true });
    expect(state('linger')).toMatchObject({ kind: 'delay', now: customers, customersEver: customers, exact: true });
    expect(state('offer-a').customersEver + state('offer-b').customersEver).toBe(customers);
    expect(state('offer-a').customersEver).toBe(messages.filter((m) => m.stepId === 'offer-a').length);
    expect(state('done')).toMatchObject({ now: 0, customersEver: 0 });

    const treated = customers - inHoldout.size;
    expect(analytics.conversions.treated).toEqual({ entered: treated, converted: converted((u) => !inHoldout.has(u)), conversionRate: converted((u) => !inHoldout.has(u)) / treated });
    expect(analytics.conversions.holdout).toEqual({ entered: inHoldout.size, converted: converted((u) => inHoldout.has(u)), conversionRate: converted((u) => inHoldout.has(u)) / inHoldout.size });
    expect(analytics.conversions.uplift).toBeCloseTo(analytics.conversions.treated.conversionRate - analytics.conversions.holdout!.conversionRate, 10);
    expect(analytics.variants.map((v) => [v.variant, v.holdout])).toEqual([['a', false], ['b', false], [null, true]]);
    expect(analytics.messages).toContainEqual({ channel: 'email', status: 'suppressed', reason: 'holdout', count: inHoldout.size });
    expect(analytics.messages).toContainEqual({ channel: 'email', status: 'queued', reason: null, count: treated });

    // A week later the delay is over: everyone is done, and the counts of the past stay.
    app.clock.advanceBy(7 * 24 * 60 * 60 * 1000);
    await app.createWorker().runUntilIdle();
    const later = (await app.admin('GET', '/api/journeys/offer/analytics')).json() as JourneyAnalytics;
    expect(later.instances).toEqual({ total: customers, active: 0, completed: customers, exited: 0 });
    expect(later.states.find((s) => s.state === 'linger')).toMatchObject({ now: 0, customersEver: customers });
    expect(later.states.find((s) => s.state === 'done')).toMatchObject({ now: 0, customersEver: customers });
  });

  it('compares only customers the split assigned: those still before it are neither treated nor control', async () => {
    // A second journey: Go → a day's delay → the same A/B test. Half enter now (past the split a day
    // later), half a day later (still in the delay when the report is read).
    const delayed = { ...offer(), id: 'delayed-offer' };
    delayed.states = [...delayed.states, delay('first-day', wait('P1D'))];
    delayed.transitions = [go('in', 'first-day'), elapsed('first-day', 'test'), ...delayed.transitions.filter((t) => t.from !== 'in')];
    await app.publish(delayed);
    const enter = (from: number, to: number) => app.post('/v1/batch', { batch: Array.from({ length: to - from }, (_, k) => ({ type: 'track', userId: `u${from + k}`, event: 'Go', properties: { n: 2 } })) });
    expect((await enter(0, 40)).statusCode).toBe(200);
    app.clock.advanceBy(24 * 60 * 60 * 1000);
    await app.createWorker().runUntilIdle();
    expect((await enter(40, 80)).statusCode).toBe(200);
    const analytics = (await app.admin('GET', '/api/journeys/delayed-offer/analytics')).json() as JourneyAnalytics;
    const assigned = analytics.variants.filter((v) => v.variant !== null || v.holdout);
    const waiting = analytics.variants.find((v) => v.variant === null && !v.holdout)!;
    expect(waiting.entered).toBe(40);
    const holdout = analytics.variants.find((v) => v.holdout)!;
    expect(analytics.conversions.treated.entered).toBe(assigned.reduce((sum, v) => sum + v.entered, 0) - holdout.entered);
    expect(analytics.conversions.treated.entered + holdout.entered).toBe(40);
  });

  it('counts entries once when a new version renames the entry state', async () => {
    const renamed = (entryId: string, version: number) => ({ ...journey('renamed', [entry(entryId, onEvent('Joined')), email('hello', 'Hi'), exit('done')], [go(entryId, 'hello'), go('hello', 'done')]), version });
    await app.publish(renamed('in', 1));
    expect((await app.post('/v1/batch', { batch: Array.from({ length: 5 }, (_, i) => ({ type: 'track', userId: `u${i}`, event: 'Joined' })) })).statusCode).toBe(200);
    await app.publish(renamed('start', 2));
    expect((await app.post('/v1/batch', { batch: Array.from({ length: 2 }, (_, i) => ({ type: 'track', userId: `u${10 + i}`, event: 'Joined' })) })).statusCode).toBe(200);
    const analytics = (await app.admin('GET', '/api/journeys/renamed/analytics')).json() as JourneyAnalytics;
    const state = (id: string) => analytics.states.find((s) => s.state === id)!;
    expect(analytics.instances.total).toBe(7);
    expect([state('in').customersEver, state('start').customersEver]).toEqual([5, 2]);
  });

  it('counts every state exactly after the kept path has moved on, and says when older instances make it a lower bound', async () => {
    // Go → gold or not → a tag → a daily loop of delay and email: after three days each instance has
    // taken 10 steps, and its recent path no longer holds the split or the tag.
    await app.publish(
      journey(
        'loop',
        [
          entry('in', onEvent('Loop')),
          split('tier', { mode: 'conditions', branches: [{ id: 'gold', condition: { all: [{ fact: 'attributes.tier', operator: 'equal', value: 'gold' }] } }] }),
          action({ id: 'tag-gold', kind: 'tags', params: { add: ['gold-loop'] } }),
          action({ id: 'tag-other', kind: 'tags', params: { add: ['loop'] } }),
          delay('tick', wait('P1D')),
          email('mail', 'Tick'),
        ],
        [go('in', 'tier'), branch('tier', 'tag-gold', 'gold'), branch('tier', 'tag-other', 'else'), go('tag-gold', 'tick'), go('tag-other', 'tick'), elapsed('tick', 'mail'), go('mail', 'tick')],
      ),
    );
    const batch = Array.from({ length: 12 }, (_, i) => [
      { type: 'identify', userId: `loop${i}`, traits: { email: `loop${i}@example.com`, tier: i < 5 ? 'gold' : 'silver' } },
      { type: 'track', userId: `loop${i}`, event: 'Loop' },
    ]).flat();
    expect((await app.post('/v1/batch', { batch })).statusCode).toBe(200);
    for (let day = 0; day < 3; day++) {
      app.clock.advanceBy(24 * 60 * 60 * 1000);
      await app.createWorker().runUntilIdle();
    }
    const instances = app.store.collection(journeyCollectionNames.instances);
    const stored = await instances.find(app.workspace, { journeyId: 'loop' });
    expect(stored.map((instance) => instance.steps)).toEqual(Array(12).fill(10));
    expect(stored.every((instance) => !(instance.path as unknown[]).some((step) => (step as string[])[0] === 'tier'))).toBe(true);

    const report = async () => {
      const analytics = (await app.admin('GET', '/api/journeys/loop/analytics')).json() as JourneyAnalytics;
      return (id: string) => analytics.states.find((s) => s.state === id)!;
    };
    let state = await report();
    expect(state('tier')).toMatchObject({ customersEver: 12, visits: 12, exact: true });
    expect(state('tag-gold')).toMatchObject({ customersEver: 5, visits: 5, exact: true });
    expect(state('tag-other')).toMatchObject({ customersEver: 7, visits: 7, exact: true });
    expect(state('mail')).toMatchObject({ customersEver: 12, visits: 36, exact: true });

    // Two instances as stored before every state was counted: no `va`, and counts of the waiting and
    // message states only. Their split and tag steps are gone from the path, so those counts become a
    // lower bound, and say so; the counted states stay exact.
    for (const instance of stored.slice(0, 2)) {
      const context = instance.context as { v: Record<string, number>; t0: string };
      const older = { ...instance, context: { v: { tick: context.v.tick, mail: context.v.mail }, t0: context.t0 } };
      expect((await app.store.commit(app.workspace, [{ collection: journeyCollectionNames.instances, op: 'replace', filter: { _id: instance._id }, doc: older }])).ok).toBe(true);
    }
    state = await report();
    expect(state('tier')).toMatchObject({ customersEver: 10, visits: 10, exact: false });
    expect(state('tag-gold').customersEver + state('tag-other').customersEver).toBe(10);
    expect(state('tag-gold').exact).toBe(false);
    expect(state('mail')).toMatchObject({ customersEver: 12, visits: 36, exact: true });
    expect(state('in')).toMatchObject({ customersEver: 12, visits: 12, exact: true });
  });

  it('is NOT_FOUND for a journey that does not exist', async () => {
    expect((await app.admin('GET', '/api/journeys/nothing/analytics')).statusCode).toBe(404);
  });
});
