import { describe, expect, it } from 'vitest';
import { combineOrderLedgers, countOrderDays, createOrderLedger, maxOrderDays, recordOrder, type OrderLedger } from '../../engine/profile/index';

function dayNumber(n: number): string {
  return new Date(Date.UTC(2000, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);
}

function ledgerWithDays(count: number, offset = 0): OrderLedger {
  let ledger = createOrderLedger();
  for (let n = 0; n < count; n++) ledger = recordOrder(ledger, dayNumber(n + offset), 1_000_000);
  return ledger;
}

describe('order ledger', () => {
  it('collapses orders of the same day and counts distinct days', () => {
    let ledger = createOrderLedger();
    ledger = recordOrder(ledger, '2024-01-01', 5);
    ledger = recordOrder(ledger, '2024-01-01', 7);
    ledger = recordOrder(ledger, '2024-01-03', 1);
    expect(ledger.days).toEqual({ '2024-01-01': [2, 12], '2024-01-03': [1, 1] });
    expect(countOrderDays(ledger)).toBe(2);
  });

  it('stays bounded: beyond the limit the oldest days but the first fold into a summary that keeps the counts', () => {
    const ledger = ledgerWithDays(maxOrderDays + 25);
    expect(Object.keys(ledger.days)).toHaveLength(maxOrderDays);
    expect(ledger.days[dayNumber(0)]).toEqual([1, 1_000_000]);
    expect(ledger.folded).toEqual({ through: dayNumber(25), days: 25, orders: 25, grossMicros: 25_000_000 });
    expect(countOrderDays(ledger)).toBe(maxOrderDays + 25);
    expect(ledger.completedMicros).toBe((maxOrderDays + 25) * 1_000_000);
  });

  it('counts a late order inside the folded range on a known day, keeping orders and value exact', () => {
    const ledger = recordOrder(ledgerWithDays(maxOrderDays + 10), dayNumber(3), 2_000_000);
    expect(countOrderDays(ledger)).toBe(maxOrderDays + 10);
    expect(ledger.folded).toMatchObject({ orders: 11, grossMicros: 12_000_000 });
  });

  it('combines two ledgers as if every order had been recorded in one', () => {
    const a = ledgerWithDays(10);
    const b = ledgerWithDays(10, 5);
    const combined = combineOrderLedgers(a, b);
    expect(countOrderDays(combined)).toBe(15);
    expect(combined.days[dayNumber(7)]).toEqual([2, 2_000_000]);
    expect(combined.completedMicros).toBe(20_000_000);
  });
});
