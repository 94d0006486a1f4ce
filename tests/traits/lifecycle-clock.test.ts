import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTraitsDueAt, traitClockBoundMilliseconds } from '../../engine/traits';
import type { Customer } from '../../schemas/types';
import { TraitHarness } from '../support/trait-harness';

let h: TraitHarness;
beforeEach(async () => {
  h = await TraitHarness.create('2024-01-10T12:00:00.000Z');
});
afterEach(async () => {
  await h.close();
});

interface Stage {
  stage: string;
  entered_at: string | null;
  next_change_at: string | null;
  typical_gap_days: number | null;
}

const stageOf = (customer: Customer): Stage => customer.traits.lifecycle_stage as Stage;
const later = (iso: string, milliseconds: number): string => new Date(Date.parse(iso) + milliseconds).toISOString();

describe('lifecycle stage on the clock', () => {
  it('moves a one-time buyer new → active → at_risk → lapsed with no event, then reactivated on the next order', async () => {
    await h.track({ userId: 'u1', event: 'Order Completed', at: '2024-01-10T09:00:00.000Z', properties: { revenue: 40 } });
    let customer = await h.customer('u1');
    // One purchase day: the typical gap is the default 30 days; new for 30 days, at risk after 2 gaps, lapsed after 4.
    expect(stageOf(customer)).toMatchObject({ stage: 'new', entered_at: '2024-01-10T09:00:00.000Z', typical_gap_days: 30, next_change_at: '2024-02-09T09:00:00.000Z' });
    expect(customer.traits.lifecycle_stage_entered_at).toBe('2024-01-10T09:00:00.000Z');
    expect(readTraitsDueAt(customer)).toBe('2024-02-09T09:00:00.000Z');

    // Not due yet: nothing changes.
    await h.advanceTo('2024-02-09T08:59:00.000Z');
    expect(stageOf(await h.customer('u1')).stage).toBe('new');

    const transitions: Array<[string, string, string | null]> = [
      ['2024-02-09T09:00:00.000Z', 'active', '2024-03-10T09:00:00.000Z'],
      ['2024-03-10T09:00:00.000Z', 'at_risk', '2024-05-09T09:00:00.000Z'],
      ['2024-05-09T09:00:00.000Z', 'lapsed', null],
    ];
    for (const [due, stage, next] of transitions) {
      // Within the documented bound after the change is due (the clock job runs every 10 s).
      await h.advanceTo(later(due, traitClockBoundMilliseconds / 6));
      customer = await h.customer('u1');
      expect(stageOf(customer), due).toMatchObject({ stage, entered_at: due, next_change_at: next });
      expect(customer.traits.lifecycle_stage_entered_at).toBe(due);
      expect(readTraitsDueAt(customer)).toBe(next);
    }

    await h.advanceTo('2024-06-01T10:00:00.000Z');
    await h.track({ userId: 'u1', event: 'Order Completed', at: '2024-06-01T09:30:00.000Z', properties: { revenue: 15 } });
    customer = await h.customer('u1');
    expect(stageOf(customer)).toMatchObject({ stage: 'reactivated', entered_at: '2024-06-01T09:30:00.000Z' });
  });

  it('measures a weekly buyer against their own rhythm', async () => {
    const weeks = ['2023-12-06', '2023-12-13', '2023-12-20', '2023-12-27', '2024-01-03', '2024-01-10'];
    await h.track(...weeks.map((day) => ({ userId: 'weekly', event: 'Order Completed', at: `${day}T08:00:00.000Z`, properties: { revenue: 12 } })));
    expect(stageOf(await h.customer('weekly'))).toMatchObject({ stage: 'active', typical_gap_days: 7, next_change_at: '2024-01-24T08:00:00.000Z' });
    await h.advanceTo('2024-01-24T08:00:10.000Z');
    expect(stageOf(await h.customer('weekly'))).toMatchObject({ stage: 'at_risk', entered_at: '2024-01-24T08:00:00.000Z', next_change_at: '2024-02-07T08:00:00.000Z' });
  });

  it('keeps a customer without orders a prospect since their first event, with nothing due', async () => {
    await h.send({ type: 'identify', userId: 'p1', traits: { email: 'p1@example.com' }, timestamp: '2024-01-05T08:00:00.000Z' });
    const customer = await h.customer('p1');
    expect(stageOf(customer)).toMatchObject({ stage: 'prospect', entered_at: '2024-01-05T08:00:00.000Z', next_change_at: null });
    expect(customer.traits).toMatchObject({ rfm: null, clv: null, churn_risk: null });
    expect(readTraitsDueAt(customer)).toBeNull();
  });
});
