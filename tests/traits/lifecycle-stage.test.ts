import { describe, expect, it } from 'vitest';
import {
  checkLifecycleOptions,
  computeLifecycleStage,
  defaultLifecycleOptions,
  estimateTypicalGapDays,
  nextStageChangeAt,
  type LifecycleHistory,
} from '../../engine/traits';
import { readUciOrderHistories } from '../support/uci-order-history';

const day = 86_400_000;
const start = Date.parse('2024-01-01T10:00:00.000Z');
const at = (days: number): string => new Date(start + days * day).toISOString();
const history = (...days: number[]): LifecycleHistory => ({ order_times: days.map(at) });

describe('computeLifecycleStage', () => {
  it('is prospect without orders, entered when first seen', () => {
    expect(computeLifecycleStage({ order_times: [], first_seen_at: at(-5) }, start)).toMatchObject({ stage: 'prospect', entered_at: at(-5), next_change_at: null, typical_gap_days: null });
    expect(computeLifecycleStage({ order_times: [] }, start).entered_at).toBeNull();
  });

  it('is new for new_days after the first order, then active, then at risk after 2 gaps and lapsed after 4', () => {
    // One order: the workspace default gap (30 days) applies — at risk at 60 days, lapsed at 120.
    const single = history(0);
    expect(computeLifecycleStage(single, start + 10 * day)).toMatchObject({ stage: 'new', entered_at: at(0), next_change_at: at(30), typical_gap_days: 30 });
    expect(computeLifecycleStage(single, start + 45 * day)).toMatchObject({ stage: 'active', entered_at: at(30), next_change_at: at(60) });
    expect(computeLifecycleStage(single, start + 60 * day)).toMatchObject({ stage: 'at_risk', entered_at: at(60), next_change_at: at(120) });
    expect(computeLifecycleStage(single, start + 500 * day)).toMatchObject({ stage: 'lapsed', entered_at: at(120), next_change_at: null });
  });

  it('measures overdue against the customer\'s own median gap', () => {
    // Weekly buyer: median gap 7 days → at risk 14 days after the last order, lapsed after 28.
    const weekly = history(0, 7, 14, 21, 28, 35);
    expect(computeLifecycleStage(weekly, start + 45 * day)).toMatchObject({ stage: 'active', typical_gap_days: 7, next_change_at: at(49) });
    expect(computeLifecycleStage(weekly, start + 55 * day)).toMatchObject({ stage: 'at_risk', entered_at: at(49), next_change_at: at(63) });
    // Quarterly buyer: 90-day gaps, so 55 days of silence is still normal.
    expect(computeLifecycleStage(history(0, 90, 180), start + 235 * day)).toMatchObject({ stage: 'active', typical_gap_days: 90 });
  });

  it('clamps the typical gap: next-day reorders do not make a customer at risk after two days', () => {
    expect(computeLifecycleStage(history(0, 1, 2, 3), start + 10 * day)).toMatchObject({ stage: 'new', typical_gap_days: 7 });
    expect(computeLifecycleStage(history(0, 1, 2, 3), start + 40 * day)).toMatchObject({ stage: 'lapsed', entered_at: at(31) });
  });

  it('counts purchase days, not orders: same-day orders do not shrink the gap', () => {
    const sameDay = { order_times: [at(0), at(0.1), at(30), at(30.2), at(60)] };
    expect(computeLifecycleStage(sameDay, start + 70 * day).typical_gap_days).toBe(30);
  });

  it('marks an order after a lapse as reactivated, until the next order makes the customer active', () => {
    const back = history(0, 30, 60, 200); // lapsed at 60 + 4·30 = 180; orders again on day 200
    expect(computeLifecycleStage(back, start + 199 * day)).toMatchObject({ stage: 'lapsed', entered_at: at(180) });
    const reactivated = computeLifecycleStage(back, start + 205 * day);
    expect(reactivated).toMatchObject({ stage: 'reactivated', entered_at: at(200) });
    // Gaps now 30, 30, 140: median 30 → at risk 60 days after day 200.
    expect(reactivated.next_change_at).toBe(at(260));
    expect(computeLifecycleStage({ order_times: [...back.order_times, at(200.3)] }, start + 205 * day).stage).toBe('reactivated');
    expect(computeLifecycleStage(history(0, 30, 60, 200, 215), start + 220 * day)).toMatchObject({ stage: 'active', entered_at: at(215) });
  });

  it('ignores orders after now', () => {
    expect(computeLifecycleStage(history(0, 100), start + 50 * day)).toMatchObject({ stage: 'active', entered_at: at(30) });
  });

  it('follows configured thresholds', () => {
    const options = { ...defaultLifecycleOptions, new_days: 0, at_risk_after_gaps: 1, lapsed_after_gaps: 3, default_gap_days: 10 };
    expect(computeLifecycleStage(history(0), start + 5 * day, options)).toMatchObject({ stage: 'active', entered_at: at(0) });
    expect(computeLifecycleStage(history(0), start + 12 * day, options)).toMatchObject({ stage: 'at_risk', entered_at: at(10), next_change_at: at(30) });
  });
});

describe('nextStageChangeAt', () => {
  it('is the next threshold crossing, or null when only an order can change the stage', () => {
    expect(nextStageChangeAt(history(0), start + day)).toBe(at(30));
    expect(nextStageChangeAt(history(0), start + 200 * day)).toBeNull();
    expect(nextStageChangeAt({ order_times: [] }, start)).toBeNull();
  });

  it('is consistent with computeLifecycleStage on the real UCI Online Retail histories', () => {
    // For every customer: the stage holds until next_change_at and changes exactly then; it was not
    // yet the current stage just before entered_at.
    const now = Date.parse('2011-12-10T00:00:00Z');
    for (const customer of readUciOrderHistories().filter((_, index) => index % 4 === 0)) {
      const input: LifecycleHistory = { order_times: customer.orders.map((order) => order.at), first_seen_at: customer.first_seen_at };
      const current = computeLifecycleStage(input, now);
      expect(current.next_change_at).toBe(nextStageChangeAt(input, now));
      if (current.next_change_at !== null) {
        const next = Date.parse(current.next_change_at);
        expect(next).toBeGreaterThan(now);
        expect(computeLifecycleStage(input, next - 1).stage).toBe(current.stage);
        expect(computeLifecycleStage(input, next).stage).not.toBe(current.stage);
      }
      if (current.stage !== 'prospect') {
        const entered = Date.parse(current.entered_at!);
        expect(entered).toBeLessThanOrEqual(now);
        expect(computeLifecycleStage(input, entered).stage).toBe(current.stage);
        expect(computeLifecycleStage(input, entered - 1).stage).not.toBe(current.stage);
      }
    }
  });
});

describe('estimateTypicalGapDays', () => {
  it('is the median of customers\' median gaps, ignoring customers with one purchase day', () => {
    expect(estimateTypicalGapDays([history(0, 10, 20), history(0, 30), history(0, 50, 150), history(5)])).toBe(30);
    expect(estimateTypicalGapDays([history(0), { order_times: [] }])).toBeNull();
  });
});

describe('checkLifecycleOptions', () => {
  it('fills defaults and points at bad settings', () => {
    expect(checkLifecycleOptions({})).toEqual({ ok: true, value: defaultLifecycleOptions });
    const zeroGap = checkLifecycleOptions({ min_gap_days: 0 });
    expect(!zeroGap.ok && zeroGap.problem.details[0].pointer).toBe('/min_gap_days');
    const order = checkLifecycleOptions({ at_risk_after_gaps: 5, lapsed_after_gaps: 3 });
    expect(!order.ok && order.problem.details[0].pointer).toBe('/at_risk_after_gaps');
    const clamp = checkLifecycleOptions({ min_gap_days: 400 });
    expect(!clamp.ok && clamp.problem.details[0].pointer).toBe('/min_gap_days');
  });
});
