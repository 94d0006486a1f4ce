/**
 * nextChangeAt: the earliest future instant at which a relative-time condition may change for a
 * customer with no event at all. The segments runtime schedules a re-evaluation for it, so
 * membership follows the clock to the millisecond rather than waiting for the customer's next event.
 *
 * Only withinLastDays, notWithinLastDays and anniversaryWithinDays move with time. The answer is the
 * earliest change of any such leaf: the whole condition may not change then (another branch may
 * decide it), but it cannot change earlier.
 */
import { nextAnniversaryChange } from './anniversary';
import { type Condition, isFactReference, listFactConditions } from './condition';
import { createFactReader, type FactReader } from './condition-predicate';
import { eventFactRoot } from './fact-path';
import { getOperator } from './operator-table';
import { nextNotWithinLastDaysChange, nextWithinLastDaysChange } from './relative-time';

export type NextChange = (customer: object, now: number) => number | null;

const nextChangeOf: Record<string, (value: unknown, operand: number, now: number) => number | null> = {
  withinLastDays: nextWithinLastDaysChange,
  notWithinLastDays: nextNotWithinLastDaysChange,
  anniversaryWithinDays: nextAnniversaryChange,
};

/** The next-change function of a checked condition (always null when nothing in it depends on time). */
export function compileNextChange(condition: Condition): NextChange {
  const watches: Array<{ read: FactReader; operand: number; next: (value: unknown, operand: number, now: number) => number | null }> = [];
  for (const leaf of listFactConditions(condition)) {
    const next = nextChangeOf[leaf.operator];
    // Event facts do not exist between events, so they never change on the clock.
    if (!next || isFactReference(leaf.value) || leaf.fact.split('.')[0] === eventFactRoot) continue;
    if (!getOperator(leaf.operator).dependsOnTime) continue;
    watches.push({ read: createFactReader(leaf), operand: leaf.value as number, next });
  }
  if (watches.length === 0) return () => null;
  return (customer, now) => {
    let earliest: number | null = null;
    for (const watch of watches) {
      const at = watch.next(watch.read(customer, undefined), watch.operand, now);
      if (at !== null && at > now && (earliest === null || at < earliest)) earliest = at;
    }
    return earliest;
  };
}
