import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors';

/**
 * The lifecycle stage — prospect, new, active, at_risk, lapsed, reactivated — from a customer's order
 * history, measured against the customer's OWN rhythm: their typical gap g between purchase days.
 *
 * Purchase days: orders are grouped by UTC calendar day; g is the median number of days between
 * consecutive purchase days (a customer with fewer than two purchase days gets the workspace default),
 * clamped to [min_gap_days, max_gap_days] so a burst of next-day orders or one long pause does not make
 * the thresholds absurd. At time t, with s = t − (time of the latest order):
 *
 *   prospect      no order yet
 *   lapsed        s ≥ lapsed_after_gaps · g
 *   at_risk       s ≥ at_risk_after_gaps · g
 *   new           t − (first order) < new_days
 *   reactivated   the latest purchase day came when the customer was lapsed
 *   active        otherwise
 *
 * tested in that order (the first that holds wins). The stage changes only at an order or when time
 * crosses one of three thresholds; `computeLifecycleStage` replays the history to find when the current
 * stage was entered, `nextStageChangeAt` gives the next crossing so the runtime can re-evaluate then.
 */
export type LifecycleStage = 'prospect' | 'new' | 'active' | 'at_risk' | 'lapsed' | 'reactivated';

export interface LifecycleOptions {
  /** A customer is new while their first order is less than this many days old (default 30). */
  new_days: number;
  /** Typical gap for customers with fewer than two purchase days (default 30; see estimateTypicalGapDays). */
  default_gap_days: number;
  /** Lower clamp of the typical gap (default 7). */
  min_gap_days: number;
  /** Upper clamp of the typical gap (default 365). */
  max_gap_days: number;
  /** At risk after this many typical gaps without an order (default 2). */
  at_risk_after_gaps: number;
  /** Lapsed after this many typical gaps without an order (default 4). */
  lapsed_after_gaps: number;
}

export const defaultLifecycleOptions: LifecycleOptions = {
  new_days: 30,
  default_gap_days: 30,
  min_gap_days: 7,
  max_gap_days: 365,
  at_risk_after_gaps: 2,
  lapsed_after_gaps: 4,
};

/**
 * What the stage needs: the times of the customer's orders (ISO-8601, any order; a `YYYY-MM-DD` day
 * counts as its UTC midnight, so a day ledger can pass its days plus the exact `last_order_at`), and
 * optionally when the customer was first seen (the entry time of `prospect`). Orders after `now` are
 * ignored.
 */
export interface LifecycleHistory {
  order_times: readonly string[];
  first_seen_at?: string | null;
}

/** `traits.lifecycle_stage`. */
export interface LifecycleStageTrait {
  stage: LifecycleStage;
  /** When the customer entered this stage (ISO-8601); null for a prospect without first_seen_at. */
  entered_at: string | null;
  /** The typical gap g in days the thresholds used; null for a prospect. */
  typical_gap_days: number | null;
  /** When the stage will change if no order comes (ISO-8601), or null if only an order can change it. */
  next_change_at: string | null;
  evaluated_at: string;
}

const millisecondsPerDay = 86_400_000;

interface Replay {
  /** Order times ≤ now, ascending. */
  times: number[];
  /** For each order: the typical gap (days) and reactivation flag of the history through it. */
  gapDays: number[];
  reactivated: boolean[];
}

/**
 * The stage at `now` (epoch ms), when it was entered, and when it will next change by itself.
 *
 * @example
 * computeLifecycleStage({ order_times: ['2024-01-05T10:00:00Z', '2024-02-04T09:00:00Z'] }, Date.parse('2024-04-20T00:00:00Z'))
 * // g = 30 days; 75.6 days since the last order ≥ 2g → { stage: 'at_risk', entered_at: '2024-04-04T09:00:00.000Z', next_change_at: '2024-06-03T09:00:00.000Z', … }
 */
export function computeLifecycleStage(history: LifecycleHistory, now: number, options: LifecycleOptions = defaultLifecycleOptions): LifecycleStageTrait {
  const evaluatedAt = new Date(now).toISOString();
  const replay = replayHistory(history, now, options);
  const count = replay.times.length;
  if (count === 0) {
    const firstSeen = history.first_seen_at ? Date.parse(history.first_seen_at) : Number.NaN;
    return {
      stage: 'prospect',
      entered_at: Number.isNaN(firstSeen) ? null : new Date(firstSeen).toISOString(),
      typical_gap_days: null,
      next_change_at: null,
      evaluated_at: evaluatedAt,
    };
  }
  let stage: LifecycleStage | null = null;
  let enteredAt = replay.times[0];
  for (let index = 0; index < count; index++) {
    const intervalEnd = index + 1 < count ? replay.times[index + 1] : Number.POSITIVE_INFINITY;
    const points = [replay.times[index], ...thresholdTimes(replay, index, options)]
      .filter((time) => time >= replay.times[index] && time < intervalEnd && time <= now)
      .sort((left, right) => left - right);
    for (const time of points) {
      const current = stageAt(replay, index, time, options);
      if (current !== stage) {
        stage = current;
        enteredAt = time;
      }
    }
  }
  const next = findNextChange(replay, now, options);
  return {
    stage: stage as LifecycleStage,
    entered_at: new Date(enteredAt).toISOString(),
    typical_gap_days: replay.gapDays[count - 1],
    next_change_at: next === null ? null : new Date(next).toISOString(),
    evaluated_at: evaluatedAt,
  };
}

/** When the stage will change next with no further order (ISO-8601), or null when only an order can change it. */
export function nextStageChangeAt(history: LifecycleHistory, now: number, options: LifecycleOptions = defaultLifecycleOptions): string | null {
  const next = findNextChange(replayHistory(history, now, options), now, options);
  return next === null ? null : new Date(next).toISOString();
}

/**
 * A workspace default for the typical gap: the median over customers with at least two purchase days
 * of their own median gap, in days (unclamped); null when no customer has two purchase days.
 */
export function estimateTypicalGapDays(histories: readonly LifecycleHistory[]): number | null {
  const gaps: number[] = [];
  for (const history of histories) {
    const days = purchaseDaysOf(history.order_times.map(Date.parse).filter((time) => !Number.isNaN(time)).sort((left, right) => left - right));
    if (days.length >= 2) gaps.push(medianOf(days.slice(1).map((day, index) => day - days[index])));
  }
  return gaps.length > 0 ? medianOf(gaps) : null;
}

/**
 * Workspace settings for lifecycle stages, checked: every field a number, days and gap multiples > 0,
 * min_gap_days ≤ max_gap_days, at_risk_after_gaps < lapsed_after_gaps. Missing fields take the defaults.
 */
export function checkLifecycleOptions(input: Partial<LifecycleOptions>): Result<LifecycleOptions> {
  const options = { ...defaultLifecycleOptions, ...input };
  const details: ProblemDetail[] = [];
  for (const field of Object.keys(defaultLifecycleOptions) as Array<keyof LifecycleOptions>) {
    const value = options[field];
    const allowsZero = field === 'new_days';
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowsZero && value === 0)) {
      details.push({ pointer: `/${field}`, message: `${field} must be a ${allowsZero ? 'number ≥ 0' : 'positive number'}.` });
    }
  }
  if (details.length === 0 && options.min_gap_days > options.max_gap_days) {
    details.push({ pointer: '/min_gap_days', message: 'min_gap_days must not exceed max_gap_days.' });
  }
  if (details.length === 0 && options.at_risk_after_gaps >= options.lapsed_after_gaps) {
    details.push({ pointer: '/at_risk_after_gaps', message: 'at_risk_after_gaps must be smaller than lapsed_after_gaps.' });
  }
  return details.length > 0 ? fail(createProblem('VALIDATION_FAILED', details)) : ok(options);
}

/** Order times up to now, with each order's typical gap and whether its purchase day was a reactivation. */
function replayHistory(history: LifecycleHistory, now: number, options: LifecycleOptions): Replay {
  const times = history.order_times
    .map((time) => {
      const parsed = Date.parse(time);
      if (Number.isNaN(parsed)) throw new RangeError(`Invalid order time "${time}".`);
      return parsed;
    })
    .filter((time) => time <= now)
    .sort((left, right) => left - right);
  const gapDays: number[] = [];
  const reactivated: boolean[] = [];
  const sortedGaps: number[] = [];
  let currentGap = clampGap(options.default_gap_days, options);
  let currentReactivated = false;
  for (let index = 0; index < times.length; index++) {
    const day = dayNumberOf(times[index]);
    const previousDay = index > 0 ? dayNumberOf(times[index - 1]) : null;
    if (previousDay !== null && day > previousDay) {
      // A new purchase day. It reactivates if the customer was lapsed just before it, judged by the
      // rhythm known then (previous latest order, previous typical gap).
      currentReactivated = times[index] - times[index - 1] >= options.lapsed_after_gaps * currentGap * millisecondsPerDay;
      insertSorted(sortedGaps, day - previousDay);
      currentGap = clampGap(medianOfSorted(sortedGaps), options);
    }
    gapDays.push(currentGap);
    reactivated.push(currentReactivated);
  }
  return { times, gapDays, reactivated };
}

/** The stage at `time`, with the history through order `index` (time ≥ that order, before the next). */
function stageAt(replay: Replay, index: number, time: number, options: LifecycleOptions): LifecycleStage {
  const sinceLast = time - replay.times[index];
  const gap = replay.gapDays[index] * millisecondsPerDay;
  if (sinceLast >= options.lapsed_after_gaps * gap) return 'lapsed';
  if (sinceLast >= options.at_risk_after_gaps * gap) return 'at_risk';
  if (time - replay.times[0] < options.new_days * millisecondsPerDay) return 'new';
  if (replay.reactivated[index]) return 'reactivated';
  return 'active';
}

/** The times after order `index` at which the stage can change without another order. */
function thresholdTimes(replay: Replay, index: number, options: LifecycleOptions): number[] {
  const last = replay.times[index];
  const gap = replay.gapDays[index] * millisecondsPerDay;
  return [
    replay.times[0] + options.new_days * millisecondsPerDay,
    last + options.at_risk_after_gaps * gap,
    last + options.lapsed_after_gaps * gap,
  ];
}

function findNextChange(replay: Replay, now: number, options: LifecycleOptions): number | null {
  const index = replay.times.length - 1;
  if (index < 0) return null;
  const current = stageAt(replay, index, now, options);
  const candidates = thresholdTimes(replay, index, options).filter((time) => time > now).sort((left, right) => left - right);
  for (const time of candidates) if (stageAt(replay, index, time, options) !== current) return time;
  return null;
}

function purchaseDaysOf(sortedTimes: number[]): number[] {
  const days: number[] = [];
  for (const time of sortedTimes) {
    const day = dayNumberOf(time);
    if (days.length === 0 || days[days.length - 1] !== day) days.push(day);
  }
  return days;
}

function dayNumberOf(time: number): number {
  return Math.floor(time / millisecondsPerDay);
}

function clampGap(days: number, options: LifecycleOptions): number {
  return Math.min(options.max_gap_days, Math.max(options.min_gap_days, days));
}

function insertSorted(sorted: number[], value: number): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle] < value) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, value);
}

function medianOf(values: readonly number[]): number {
  return medianOfSorted([...values].sort((left, right) => left - right));
}

function medianOfSorted(sorted: readonly number[]): number {
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
