import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireDueTimers } from '../../engine/journeys/index';
import { action, delay, elapsed, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

/**
 * A journey action fired by a timer (here: tagging a customer VIP a day after sign-up) changes facts
 * segments test. Membership must follow when the timer fires — not at the customer's next event, which
 * may never come — and a journey that starts on entering that segment must start then too.
 */
describe('segment membership after a journey action fired by a timer', () => {
  let app: SegmentApp;
  beforeEach(async () => {
    app = await createSegmentApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('enters the segment, records Segment Entered and starts the journey on it when the timer fires', async () => {
    await app.createSegment({ id: 'vip', name: 'VIP', conditions: { all: [{ fact: 'attributes.tags', operator: 'containsAny', value: ['vip'] }] } });
    await app.publishJourney(journey('promote', [
      entry('signed-up', onEvent('Signed Up')),
      delay('a-day', wait('P1D')),
      action({ id: 'make-vip', kind: 'tags', params: { add: ['vip'] } }),
      exit('done'),
    ], [go('signed-up', 'a-day'), elapsed('a-day', 'make-vip'), go('make-vip', 'done')]));
    await app.publishJourney(journey('vip-welcome', [
      entry('became-vip', { type: 'segment-entered', segmentId: 'vip' }),
      exit('welcomed'),
    ], [go('became-vip', 'welcomed')]));

    await app.track('ada', 'Signed Up');
    expect((await app.customer('ada'))?.segments).toEqual([]);

    app.clock.advanceBy(24 * 60 * 60 * 1000 + 1);
    const fired = await fireDueTimers(app.runtime, { owner: 'test-worker' });
    expect(fired.map((result) => result.outcome)).toEqual(['fired']);

    const ada = await app.customer('ada');
    expect(ada?.attributes.tags).toEqual(['vip']);
    expect(ada?.segments).toEqual(['vip']);
    expect(await app.eventsNamed('ada', 'Segment Entered')).toHaveLength(1);
    expect(ada?.journeys['vip-welcome']).toMatchObject({ status: 'completed' });
  });

  it('follows a journey step the event itself ran, before the request is acknowledged', async () => {
    await app.createSegment({ id: 'vip', name: 'VIP', conditions: { all: [{ fact: 'attributes.tags', operator: 'containsAny', value: ['vip'] }] } });
    await app.publishJourney(journey('promote-now', [
      entry('signed-up', onEvent('Signed Up')),
      action({ id: 'make-vip', kind: 'tags', params: { add: ['vip'] } }),
      exit('done'),
    ], [go('signed-up', 'make-vip'), go('make-vip', 'done')]));
    await app.publishJourney(journey('vip-welcome', [
      entry('became-vip', { type: 'segment-entered', segmentId: 'vip' }),
      exit('welcomed'),
    ], [go('became-vip', 'welcomed')]));

    await app.track('grace', 'Signed Up');

    const grace = await app.customer('grace');
    expect(grace?.attributes.tags).toEqual(['vip']);
    expect(grace?.segments).toEqual(['vip']);
    expect(await app.eventsNamed('grace', 'Segment Entered')).toHaveLength(1);
    expect(grace?.journeys['vip-welcome']).toMatchObject({ status: 'completed' });
  });
});
