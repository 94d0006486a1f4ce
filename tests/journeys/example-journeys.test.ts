import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { assignVariant, simulateJourney, summarizeJourney, validateJourney } from '../../engine/journeys';
import type { Journey } from '../../schemas/types';
import { JourneyHarness } from '../support/journey-harness';

const directory = new URL('../../examples/journeys/', import.meta.url);
const example = (name: string): Journey => JSON.parse(readFileSync(new URL(`${name}.json`, directory), 'utf8'));

describe('example journeys', () => {
  it('every example validates without errors or warnings', () => {
    const files = readdirSync(directory).filter((file) => file.endsWith('.json')).sort();
    expect(files).toEqual(['01-welcome-series.json', '02-win-back.json', '03-birthday.json']);
    for (const file of files) {
      const result = validateJourney(JSON.parse(readFileSync(new URL(file, directory), 'utf8')));
      expect(result, file).toMatchObject({ ok: true, value: { warnings: [] } });
    }
  });

  it('01 welcome series: a sign-up who never orders gets welcome, tips and (with push consent) a nudge', async () => {
    const result = await simulateJourney(example('01-welcome-series'), {
      start: '2024-06-01T00:00:00Z',
      until: '2024-07-01T00:00:00Z',
      customer: { attributes: { email: 'ana@example.com', first_name: 'Ana', city: 'Leeds', push_token: 'tok', consent: { push: true } } },
      timeline: [{ at: '2024-06-03T09:00:00Z', event: 'Signed Up' }],
    });
    expect(result.ok && result.value.actions.map((a) => [a.at, a.state, a.status])).toEqual([
      ['2024-06-03T09:00:00.000Z', 'welcome-email', 'queued'],
      ['2024-06-05T09:00:00.000Z', 'tips-email', 'queued'],
      ['2024-06-10T09:00:00.000Z', 'nudge-push', 'queued'],
    ]);
    expect(result.ok && result.value.actions[1].payload).toMatchObject({ content: { subject: '3 things our regulars love', text: expect.stringContaining('favourites from Leeds') } });
  });

  it('01 welcome series: an early buyer is tagged, converts, and gets no tips', async () => {
    const result = await simulateJourney(example('01-welcome-series'), {
      start: '2024-06-01T00:00:00Z',
      until: '2024-07-01T00:00:00Z',
      customer: { attributes: { email: 'bo@example.com' } },
      timeline: [
        { at: '2024-06-03T09:00:00Z', event: 'Signed Up' },
        { at: '2024-06-04T18:00:00Z', event: 'Order Completed', properties: { total: 25 } },
      ],
    });
    expect(result.ok && result.value.visits.map((v) => v.state)).toEqual(['signed-up', 'welcome-email', 'two-days', 'has-ordered', 'tag-buyer', 'done']);
    expect(result.ok && result.value.conversions).toEqual([expect.objectContaining({ goal: 'converted', at: '2024-06-04T18:00:00.000Z' })]);
    expect(result.ok && result.value.customer.attributes.tags).toEqual(['early-buyer']);
  });

  it('02 win-back: the variant email, the conversion, points, and the monthly retain loop back into win-back', async () => {
    const customerId = 'cust-0001';
    const { variant, holdout } = assignVariant({ journeyId: 'win-back', stateId: 'offer-test', customerId }, [{ id: 'ten-off', weight: 50 }, { id: 'free-shipping', weight: 50 }], 10);
    expect(holdout).toBe(false);
    const result = await simulateJourney(example('02-win-back'), {
      start: '2024-01-01T00:00:00Z',
      until: '2024-05-01T00:00:00Z',
      customer: { _id: customerId, attributes: { email: 'c@example.com', first_name: 'Cy' }, traits: { orders_count: 2, last_order_at: '2023-09-01T10:00:00.000Z' } },
      timeline: [
        { at: '2024-01-10T10:00:00Z', event: 'Segment Entered', properties: { segment_id: 'lapsed-customers' } },
        { at: '2024-01-12T15:00:00Z', event: 'Order Completed', properties: { total: 60 } },
      ],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const states = result.value.visits.map((v) => `${v.at.slice(0, 10)} ${v.state}`);
    expect(states).toEqual([
      '2024-01-10 lapsed', '2024-01-10 offer-test', `2024-01-10 email-${variant}`, '2024-01-10 await-return',
      '2024-01-12 came-back', '2024-01-12 award-points', '2024-01-12 mark-retained', '2024-01-12 monthly-check',
      '2024-02-12 still-active', '2024-02-12 monthly-check', // ordered within 45 days: check again
      '2024-03-12 still-active', '2024-03-12 offer-test', `2024-03-12 email-${variant}`, '2024-03-12 await-return', // lapsed again: win back
      '2024-03-19 sms-reminder', '2024-03-19 last-wait', '2024-03-26 call-task', '2024-03-26 done',
    ]);
    expect(result.value.customer.attributes).toMatchObject({ loyalty_points: 100, lifecycle_stage: 'retain' });
    // SMS needs opt-in consent: suppressed. The CRM task is rendered for the sales team.
    expect(result.value.suppressions).toEqual([expect.objectContaining({ state: 'sms-reminder', reason: 'consent' })]);
    expect(result.value.actions.find((a) => a.state === 'call-task')?.payload).toMatchObject({ type: 'task', task: { title: 'Call Cy  (lapsed, 3 orders)', dueAt: '2024-03-29T15:00:00.000Z' } });
  });

  it('02 win-back: holdout customers get no sends but their conversions are counted, separately', async () => {
    const h = await JourneyHarness.create('2024-01-01T10:00:00.000Z');
    await h.publish(example('02-win-back'));
    const { ingestBatch } = await import('../../engine/ingest');
    const at = '2024-01-01T10:00:00.000Z';
    await ingestBatch(h.runtime, h.workspace, {
      batch: Array.from({ length: 200 }, (_, i) => [
        { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` }, timestamp: at },
        { type: 'track', userId: `u${i}`, event: 'Segment Entered', properties: { segment_id: 'lapsed-customers' }, timestamp: at },
      ]).flat(),
    });
    // Every even customer orders two days later.
    h.clock.advanceTo(Date.parse('2024-01-03T10:00:00.000Z'));
    await ingestBatch(h.runtime, h.workspace, { batch: Array.from({ length: 100 }, (_, i) => ({ type: 'track', userId: `u${i * 2}`, event: 'Order Completed', properties: { total: 10 }, timestamp: '2024-01-03T10:00:00.000Z' })) });
    const report = await summarizeJourney(h.runtime, h.workspace, 'win-back');
    const holdout = report.variants.find((row) => row.holdout)!;
    const variants = report.variants.filter((row) => !row.holdout);
    expect(holdout.entered).toBeGreaterThan(5);
    expect(holdout.converted).toBeGreaterThan(0);
    expect(variants.map((row) => row.variant)).toEqual(['free-shipping', 'ten-off']);
    expect(holdout.entered + variants.reduce((sum, row) => sum + row.entered, 0)).toBe(200);
    expect(holdout.converted + variants.reduce((sum, row) => sum + row.converted, 0)).toBe(100);
    const holdoutMessages = await h.messages({ holdout: true });
    expect(holdoutMessages.length).toBe(holdout.entered);
    expect(holdoutMessages.every((m) => m.status === 'suppressed' && m.reason === 'holdout')).toBe(true);
    expect(await h.messages({ holdout: false, status: 'suppressed' })).toEqual([]);
    await h.close();
  });

  it('03 birthday: 29 February in Tokyo, two years running, with points and a push at 09:00 local', async () => {
    const result = await simulateJourney(example('03-birthday'), {
      start: '2024-01-01T00:00:00Z',
      until: '2026-01-01T00:00:00Z',
      customer: { attributes: { email: 'l@example.com', first_name: 'Leap', birthday: '1996-02-29', timezone: 'Asia/Tokyo', push_token: 'tok', consent: { push: true } } },
      timeline: [{ at: '2024-01-02T00:00:00Z', event: 'Segment Entered', properties: { segment_id: 'has-birthday' } }],
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.actions.map((a) => `${a.at} ${a.state}`)).toEqual([
      '2024-02-22T00:00:00.000Z heads-up',
      '2024-02-29T00:00:00.000Z gift-points',
      '2024-02-29T00:00:00.000Z birthday-push',
      '2025-02-21T00:00:00.000Z heads-up',
      '2025-02-28T00:00:00.000Z gift-points',
      '2025-02-28T00:00:00.000Z birthday-push',
    ]);
    expect(result.value.actions.at(-1)?.payload).toMatchObject({ content: { body: '200 points just landed in your account: you now have 400.' } });
    expect(result.value.pendingTimers).toEqual([expect.objectContaining({ state: 'week-before', dueAt: '2026-02-21T00:00:00.000Z' })]);
  });

  it('03 birthday: leaving the segment ends it; no birthday means it never starts waiting', async () => {
    const left = await simulateJourney(example('03-birthday'), {
      start: '2024-01-01T00:00:00Z',
      until: '2025-01-01T00:00:00Z',
      customer: { attributes: { birthday: '1980-06-01' } },
      timeline: [
        { at: '2024-01-02T00:00:00Z', event: 'Segment Entered', properties: { segment_id: 'has-birthday' } },
        { at: '2024-03-01T00:00:00Z', event: 'Segment Exited', properties: { segment_id: 'has-birthday' } },
      ],
    });
    expect(left.ok && left.value.instances).toMatchObject([{ status: 'exited', endReason: 'exit-criterion:0' }]);
    expect(left.ok && left.value.actions).toEqual([]);
    const none = await simulateJourney(example('03-birthday'), { start: '2024-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z', timeline: [{ at: '2024-01-02T00:00:00Z', event: 'Segment Entered', properties: { segment_id: 'has-birthday' } }] });
    expect(none.ok && none.value.instances).toMatchObject([{ status: 'exited', endReason: 'missing-attribute:birthday' }]);
  });
});
