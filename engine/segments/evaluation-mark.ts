import type { Customer } from '../../schemas/types';
import { withFields } from '../store/index';

/**
 * The segments stage evaluates only segments whose facts the event changed — which is exact only if
 * nothing else changed the customer since the stage last saw it. Others do: the journeys timer
 * worker applies actions (tags, attributes), traits jobs rewrite scores, and an identity merge folds
 * a second profile in before the stages run. The mark in `meta.segmentsMark` lets the stage notice:
 *
 * - `version`: the customer version the pipeline writes with the stage's result. Every writer bumps
 *   `version`, so a stored version other than this means someone wrote the customer after the stage;
 * - `at`: the request time, to recognise a later event of the same request (its draft is not
 *   re-versioned yet). A same-millisecond request taken for "the same request" only costs a full
 *   evaluation on the next event, never a missed one;
 * - `merged`: how many profiles had been merged into this one (`meta.mergedFrom`), so a merge is noticed.
 *
 * When the mark does not vouch for the draft, every segment is evaluated.
 */
export interface EvaluationMark {
  version: number;
  at: string;
  merged: number;
}

function readMark(customer: Customer): EvaluationMark | null {
  const mark = (customer.meta as Record<string, unknown> | undefined)?.segmentsMark as Partial<EvaluationMark> | undefined;
  if (!mark || typeof mark.version !== 'number' || typeof mark.at !== 'string' || typeof mark.merged !== 'number') return null;
  return mark as EvaluationMark;
}

function countMerged(customer: Customer): number {
  const merged = (customer.meta as Record<string, unknown> | undefined)?.mergedFrom;
  return Array.isArray(merged) ? merged.length : 0;
}

/**
 * Whether `before` is exactly what the stage last evaluated (plus what this request's earlier events
 * changed). Outside ingestion pass `nowIso: null`: only a stored version equal to the mark counts.
 */
export function isVouchedFor(before: Customer, nowIso: string | null): boolean {
  const mark = readMark(before);
  if (!mark || mark.merged !== countMerged(before)) return false;
  return mark.version === before.version || (nowIso !== null && mark.at === nowIso && mark.version === before.version + 1);
}

/** The customer with the mark for a stage run on it at `nowIso`. */
export function withEvaluationMark(customer: Customer, before: Customer | null, nowIso: string): Customer {
  const previous = before ? readMark(before) : null;
  const merged = countMerged(customer);
  let version: number;
  if (!before) version = customer.version; // a new customer is inserted with its draft's version
  else if (previous && previous.at === nowIso) version = previous.version; // a later event of the same request
  else version = before.version + 1;
  if (previous && previous.version === version && previous.at === nowIso && previous.merged === merged) return customer;
  return { ...customer, meta: withFields(customer.meta, { segmentsMark: { version, at: nowIso, merged } }) };
}

/**
 * The mark for a customer written outside ingestion by this area (clock, recompute) with `version`:
 * everything was evaluated, so the next event may rely on it.
 */
export function withWrittenMark(customer: Customer, version: number, nowIso: string): Customer {
  return { ...customer, meta: withFields(customer.meta, { segmentsMark: { version, at: nowIso, merged: countMerged(customer) } }) };
}
