/**
 * json-rules-engine, set up as the reference the compiled forms are tested against: Wayfarer's own
 * operators registered as custom operators (with the operator table's very functions), and every fact
 * of a condition registered as a dynamic fact that reads the customer or the event the same way the
 * compiled predicate does.
 */
import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import { type Condition, isAllCondition, isAnyCondition, isFactReference, isNotCondition, listFactConditions } from './condition';
import { eventFactRoot, parseFactPath, resolvePath } from './fact-path';
import { listOperatorDefinitions } from './operator-table';

/** The runtime fact ids the reference engine reads documents from (no catalogue path may start with "$"). */
const customerFact = '$customer';
const eventFact = '$event';

/**
 * An Engine with Wayfarer's operators. "Now" is fixed for the engine's lifetime: relative-time
 * operators read it, never the system clock.
 */
export function createReferenceEngine(now: number): Engine {
  const engine = new Engine([], { allowUndefinedFacts: true });
  for (const definition of listOperatorDefinitions()) {
    if (definition.origin === 'wayfarer') engine.addOperator(definition.name, (factValue: unknown, operand: unknown) => definition.evaluate(factValue, operand, now));
  }
  return engine;
}

function registerFact(engine: Engine, registered: Set<string>, fact: string): void {
  if (registered.has(fact)) return;
  registered.add(fact);
  const parsed = parseFactPath(fact);
  if (!parsed.ok) throw new Error(`Fact "${fact}" ${parsed.reason}.`);
  const isEvent = parsed.segments[0] === eventFactRoot;
  const segments = isEvent ? parsed.segments.slice(1) : parsed.segments;
  const source = isEvent ? eventFact : customerFact;
  engine.addFact(fact, async (_params, almanac) => resolvePath(await almanac.factValue(source), segments));
}

const registeredFacts = new WeakMap<Engine, Set<string>>();

/**
 * Adds a condition to a reference engine as a rule whose event type is `name`. A bare fact test is
 * wrapped in `all` (json-rules-engine wants a group at the top; the meaning is the same).
 */
export function addReferenceRule(engine: Engine, condition: Condition, name: string): void {
  let registered = registeredFacts.get(engine);
  if (!registered) registeredFacts.set(engine, (registered = new Set()));
  for (const leaf of listFactConditions(condition)) {
    registerFact(engine, registered, leaf.fact);
    if (isFactReference(leaf.value)) registerFact(engine, registered, leaf.value.fact);
  }
  const copy = structuredClone(condition);
  const top = (isAllCondition(copy) || isAnyCondition(copy) || isNotCondition(copy) ? copy : { all: [copy] }) as TopLevelCondition;
  const rule: RuleProperties = { conditions: top, event: { type: name }, name };
  engine.addRule(rule);
}

/** Names of the rules that hold for a customer (and event), by json-rules-engine's own `run`. */
export async function runReferenceEngine(engine: Engine, customer: object, event?: object | null): Promise<Set<string>> {
  const { results } = await engine.run({ [customerFact]: customer, [eventFact]: event ?? undefined });
  return new Set(results.map((result) => String(result.name)));
}

/** json-rules-engine's answer for one condition: the reference for the compiled predicate and filter. */
export async function evaluateWithReference(condition: Condition, customer: object, context: { now: number; event?: object | null }): Promise<boolean> {
  const engine = createReferenceEngine(context.now);
  addReferenceRule(engine, condition, 'condition');
  return (await runReferenceEngine(engine, customer, context.event)).has('condition');
}
