import type { Customer } from '../../schemas/types';
import type { LiveSegments } from './live-segments';
import type { MembershipChange } from './membership-event';
import { readDueTime, withDueTime } from './membership-due';

/** Which segments to evaluate for a customer. */
export interface EvaluationScope {
  /** The watch keys (see watchKeyOf) whose value changed, or `all` (a new customer, a full re-check). */
  changed: ReadonlySet<string> | 'all';
  /** Segments to evaluate whatever changed (the clock: the time-dependent ones; a recompute: its target). */
  include?: ReadonlySet<string>;
}

export interface MembershipEvaluation {
  /** The customer with every membership change and the new due time applied. */
  customer: Customer;
  /** The changes, in evaluation order (a segment before the segments that read it). */
  changes: MembershipChange[];
  /** How many segments were evaluated (for tests and benchmarks). */
  evaluated: number;
}

const topLevelKeys = ['userId', 'anonymousIds', 'createdAt'] as const;
const objectKeys = ['attributes', 'traits', 'journeys'] as const;

/**
 * The watch keys whose value differs between two versions of a customer. The profile functions share
 * unchanged parts between versions, so comparing by reference is exact for what did not change and
 * at worst reports a rebuilt-but-equal part as changed (one extra evaluation, never a missed one).
 */
export function listChangedWatchKeys(before: Customer | null, after: Customer): ReadonlySet<string> | 'all' {
  if (!before) return 'all';
  const changed = new Set<string>();
  for (const key of topLevelKeys) if (before[key] !== after[key]) changed.add(key);
  for (const key of objectKeys) {
    const old = (before[key] ?? {}) as Record<string, unknown>;
    const now = (after[key] ?? {}) as Record<string, unknown>;
    if (old === now) continue;
    for (const name of Object.keys(now)) if (old[name] !== now[name]) changed.add(`${key}.${name}`);
    for (const name of Object.keys(old)) if (!Object.prototype.hasOwnProperty.call(now, name)) changed.add(`${key}.${name}`);
  }
  return changed;
}

/**
 * Evaluates the segments a change can affect, in dependency order, and applies the result to the
 * customer: segments whose watched facts changed, segments that read a segment whose membership just
 * changed, segments reading `updatedAt` or `journeys`, `scope.include`, and — when the customer's due
 * time has passed — the time-dependent ones. When any time-dependent segment was evaluated, the
 * customer's due time is recomputed as the earliest `nextChangeAt` over every time-dependent segment.
 * Pure.
 */
export function evaluateMemberships(live: LiveSegments, customer: Customer, scope: EvaluationScope, now: number): MembershipEvaluation {
  const nowIso = new Date(now).toISOString();
  const { ordered } = live;
  const changes: MembershipChange[] = [];
  // A due time that has passed means a time-dependent answer may be stale: settle it now, not at the clock's next run.
  const dueBefore = readDueTime(customer);
  const isOverdue = dueBefore !== null && dueBefore <= nowIso;
  // Which segments to evaluate, by position; segments reading a segment that changes are added on the way
  // (they come later in the order).
  const marked = new Uint8Array(ordered.length);
  if (scope.changed === 'all') marked.fill(1);
  else {
    for (const key of scope.changed) for (const position of live.byWatchKey.get(key) ?? []) marked[position] = 1;
    for (const position of live.alwaysEvaluated) marked[position] = 1;
    if (isOverdue) for (const segment of live.timeDependent) marked[segment.position] = 1;
    for (const id of scope.include ?? []) {
      const segment = live.byId.get(id);
      if (segment) marked[segment.position] = 1;
    }
  }
  // The first change copies `segments` and `segmentsEnteredAt` once; later changes edit those copies
  // in place (they belong to this call), so segments read later in the order see every earlier change.
  let draft = customer;
  let evaluated = 0;
  let timeTouched = false;
  // Membership is looked up once per evaluated segment: a set beats scanning a long `segments` array.
  const memberOf = new Set(customer.segments);
  for (let position = 0; position < ordered.length; position++) {
    if (marked[position] === 0) continue;
    const segment = ordered[position];
    evaluated++;
    if (segment.dependsOnTime) timeTouched = true;
    const isMember = segment.compiled.test(draft, { now });
    if (isMember === memberOf.has(segment.id)) continue;
    if (isMember) memberOf.add(segment.id);
    else memberOf.delete(segment.id);
    changes.push({ segment: { id: segment.id, name: segment.name, version: segment.version }, entered: isMember });
    for (const reader of live.readersOf.get(segment.id) ?? []) marked[reader] = 1;
    if (draft === customer) draft = { ...customer, segments: [...customer.segments], segmentsEnteredAt: { ...customer.segmentsEnteredAt } };
    if (isMember) {
      draft.segments.push(segment.id);
      draft.segmentsEnteredAt[segment.id] = nowIso;
    } else {
      draft.segments.splice(draft.segments.indexOf(segment.id), 1);
      delete draft.segmentsEnteredAt[segment.id];
    }
  }
  if (draft !== customer) draft.segments.sort();
  if (timeTouched || isOverdue) draft = withDueTime(draft, computeDueTime(live, draft, now));
  return { customer: draft, changes, evaluated };
}

/** Past this, ISO text no longer orders like time (six-digit years): such a change is "never". */
const lastDueInstant = Date.parse('9999-12-31T23:59:59.999Z');

/** The earliest instant (ISO) at which any time-dependent segment may change for the customer, or null. */
export function computeDueTime(live: LiveSegments, customer: Customer, now: number): string | null {
  let earliest: number | null = null;
  for (const segment of live.timeDependent) {
    const at = segment.compiled.nextChangeAt(customer, now);
    if (at !== null && at <= lastDueInstant && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest === null ? null : new Date(earliest).toISOString();
}
