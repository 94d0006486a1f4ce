/**
 * compileCondition: one checked condition, compiled once, evaluated many times — as a JavaScript
 * predicate (real time: one customer, one event), as a MongoDB filter (batch membership, previews)
 * and as a "when may this change on its own" function (clock-driven re-evaluation).
 */
import { type Condition, isFactReference, listFactConditions } from './condition';
import { compileClosurePredicate, type ConditionTest } from './condition-predicate';
import { compileGeneratedPredicate, timeMessage } from './condition-source';
import { eventFactRoot } from './fact-path';
import type { MongoFilter } from './filter-algebra';
import { compileMongoFilter } from './mongo-filter';
import { compileNextChange } from './next-change';
import { getOperator } from './operator-table';

/** What a predicate evaluates against besides the customer. */
export interface EvaluationContext {
  /** "Now", in milliseconds since the epoch (from a Clock; never the system clock here). */
  now: number;
  /** The triggering event (a stored event or a message), for event-scoped conditions. */
  event?: object | null;
}

interface CompiledConditionBase {
  readonly condition: Condition;
  /** Every fact the condition reads (the fact of each test and of each fact reference), sorted. */
  readonly facts: readonly string[];
  /** Whether the answer can change as time passes with no event (relative-time operators). */
  readonly dependsOnTime: boolean;
  /** Whether the customer (and the event, for event-scoped conditions) satisfies the condition. */
  test(customer: object, context: EvaluationContext): boolean;
  /**
   * The earliest instant after `now` at which the answer may change with no event, or null when it
   * cannot (no relative-time test, or none whose fact is set).
   */
  nextChangeAt(customer: object, now: number): number | null;
}

/** A condition over the customer document only: it also compiles to a MongoDB filter. */
export interface CustomerCompiledCondition extends CompiledConditionBase {
  readonly scope: 'customer';
  /** The filter over the customers collection matching exactly the customers `test` accepts at `now`. */
  toMongoFilter(now: number): MongoFilter;
}

/** A condition that reads the triggering event: it has no MongoDB filter (stored customers hold no event). */
export interface EventCompiledCondition extends CompiledConditionBase {
  readonly scope: 'event';
  readonly toMongoFilter: null;
}

export type CompiledCondition = CustomerCompiledCondition | EventCompiledCondition;

export interface CompileOptions {
  /** Assert the scope: `customer` throws if the condition reads an event fact. Inferred when omitted. */
  scope?: 'customer' | 'event';
  /**
   * `generated` (default): one generated function per condition, falling back to closures where code
   * generation is forbidden. `closures`: always the closure tree (tests compare the two).
   */
  predicate?: 'generated' | 'closures';
}

/** `test(customer, context)` over the closure predicate, where code generation is unavailable. */
function wrapClosurePredicate(predicate: ConditionTest, dependsOnTime: boolean): (customer: object, context: EvaluationContext) => boolean {
  if (!dependsOnTime) return (customer, context) => predicate(customer, context.event ?? undefined, context.now);
  return (customer, context) => {
    if (typeof context.now !== 'number') throw new Error(timeMessage);
    return predicate(customer, context.event ?? undefined, context.now);
  };
}

function isEventFact(fact: string): boolean {
  return fact.split('.')[0] === eventFactRoot;
}

/**
 * Compiles a condition that passed checkCondition (compiling an unchecked one is a bug and throws).
 *
 * @example
 * const compiled = compileCondition(condition);
 * compiled.test(customer, { now: clock.now() });          // real time
 * if (compiled.scope === 'customer') store.collection('customers').count(workspace, compiled.toMongoFilter(clock.now()));
 */
export function compileCondition(condition: Condition, options: CompileOptions = {}): CompiledCondition {
  const leaves = listFactConditions(condition);
  const facts = new Set<string>();
  let dependsOnTime = false;
  for (const leaf of leaves) {
    facts.add(leaf.fact);
    if (isFactReference(leaf.value)) facts.add(leaf.value.fact);
    if (getOperator(leaf.operator).dependsOnTime) dependsOnTime = true;
  }
  const readsEvent = [...facts].some(isEventFact);
  if (options.scope === 'customer' && readsEvent) {
    throw new Error('A customer-scoped condition reads event facts: check it with checkCondition(…, { scope: "customer" }) first.');
  }
  const generated = options.predicate === 'closures' ? null : compileGeneratedPredicate(condition, { dependsOnTime });
  const test = generated ?? wrapClosurePredicate(compileClosurePredicate(condition), dependsOnTime);
  const nextChange = compileNextChange(condition);
  const base = {
    condition,
    facts: Object.freeze([...facts].sort()),
    dependsOnTime,
    test,
    nextChangeAt(customer: object, now: number): number | null {
      return dependsOnTime ? nextChange(customer, now) : null;
    },
  };
  if (readsEvent || options.scope === 'event') {
    return Object.freeze({ ...base, scope: 'event' as const, toMongoFilter: null });
  }
  return Object.freeze({
    ...base,
    scope: 'customer' as const,
    toMongoFilter(now: number): MongoFilter {
      if (typeof now !== 'number' || !Number.isFinite(now)) throw new Error('toMongoFilter needs "now" in milliseconds (from a Clock).');
      return compileMongoFilter(condition, now);
    },
  });
}
