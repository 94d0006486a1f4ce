/**
 * Guards engine/journeys/machine-transition.ts against drifting from xstate. For speed,
 * `transitionMachine` re-creates what xstate's exported pure `transition(machine, snapshot, event)`
 * does (an inert actor scope made once per machine, an action executor that only collects) instead of
 * calling it, so it leans on xstate internals that a minor release (package.json: `xstate ^5.x`) may
 * change. This differential test steps every journey of the example packs (examples/packs/*.json)
 * through seeded random event sequences with both, from the same snapshot each time, and requires the
 * same next snapshot (state value, context, status, persisted form, and whether it changed at all:
 * stepJourney relies on `next === current` for "not handled") and the same actions (type, params and
 * the context they were collected with, which stepJourney reads). Guards read facts, which are built
 * as stepJourney builds them, from the sample customer with the facts the journey's conditions name
 * randomized around their operands, so guarded branches go both ways; coverage checks at the end
 * prove they did. A failure names the journey, seed and step: `MACHINE_TRANSITION_SEED=…` replays.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { transition, type AnyMachineSnapshot, type AnyStateMachine } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  compileJourney,
  exitedStateId,
  idleStateId,
  listJourneyConditions,
  machineEvents,
  sampleCustomer,
  segmentExitedEvent,
  validateJourney,
  waitingKinds,
  type CompiledJourney,
  type JourneyEvent,
  type JourneyMachineContext,
  type JourneyMachineEvent,
  type StepFacts,
} from '../../engine/journeys';
import { transitionMachine } from '../../engine/journeys/machine-transition';
import { isFactReference, listFactConditions, type Condition, type FactCondition } from '../../engine/rules';
import type { Customer, Journey, RulePack } from '../../schemas/types';
import { readSeed, SeededRandom } from '../support/seeded-random';

const sequencesPerJourney = 300;
const maxStepsPerSequence = 24;
const baseSeed = readSeed('MACHINE_TRANSITION_SEED', 20240601);
const day = 86_400_000;
const start = Date.parse('2024-06-01T10:00:00.000Z');

const packDirectory = new URL('../../examples/packs/', import.meta.url);
const journeys: Journey[] = readdirSync(packDirectory)
  .filter((file) => file.endsWith('.json'))
  .sort()
  .flatMap((file) => (JSON.parse(readFileSync(new URL(file, packDirectory), 'utf8')) as RulePack).journeys ?? []) as Journey[];

type Json = Record<string, unknown>;

/** Values near a condition's operand, so that a leaf holds on some draws and fails on others. */
function valuesNear(leaf: FactCondition, now: number): unknown[] {
  const { operator, value } = leaf as { operator: string; value: unknown };
  if (isFactReference(value)) return [null, 0, 1, 'x', true];
  if (/^(containsAll|containsAny|containsNone)$/.test(operator) && Array.isArray(value)) return [value, value.slice(0, 1), [], ['other']];
  if (/^(contains|doesNotContain)$/.test(operator)) return [[value], [], ['other', value], ['other']];
  if (/Days$/.test(operator) && typeof value === 'number') {
    const iso = (ms: number): string => new Date(ms).toISOString();
    return [iso(now - (value - 1) * day), iso(now - (value + 1) * day), iso(now + (value - 1) * day), iso(now + (value + 1) * day), null];
  }
  if (Array.isArray(value)) return [...value, [], 'other', -1, null];
  if (typeof value === 'number') return [value - 1, value, value + 1, null];
  if (typeof value === 'string') return [value, `${value}-other`, '', null];
  if (typeof value === 'boolean') return [true, false, null];
  return [value, null];
}

function setPath(target: Json, path: string[], value: unknown): void {
  let node = target;
  for (const segment of path.slice(0, -1)) {
    const child = node[segment];
    node = node[segment] = child && typeof child === 'object' && !Array.isArray(child) ? { ...(child as Json) } : {};
  }
  node[path[path.length - 1]] = value;
}

/** What a journey's machine can be sent, and the fact leaves its guards may read. */
interface JourneyUniverse {
  compiled: CompiledJourney;
  leaves: FactCondition[];
  entries: string[];
  /** Delay and wait states: the ones timers are for. */
  timed: string[];
  eventNames: string[];
  segmentIds: string[];
}

function universeOf(document: Journey): JourneyUniverse {
  const compiled = compileJourney(document);
  const names = new Set<string>(compiled.watchedEverywhere);
  for (const waited of compiled.waitsFor.values()) for (const name of waited) names.add(name);
  for (const goal of compiled.graph.goals) names.add(goal.params.event);
  names.add(segmentExitedEvent);
  names.add('Something Else Happened');
  const segmentIds = (document.settings.exitCriteria ?? []).flatMap((criterion) => (criterion.type === 'segment-exited' ? [criterion.segmentId] : []));
  return {
    compiled,
    leaves: listJourneyConditions(document).flatMap((site) => listFactConditions(site.condition as Condition)),
    entries: compiled.graph.entries.map((entry) => entry.id),
    timed: document.states.filter((state) => waitingKinds.has(state.kind)).map((state) => state.id),
    eventNames: [...names],
    segmentIds: [...segmentIds, 'some-other-segment'],
  };
}

/** A customer event of this name, timed around the instance's entry (goal windows are days to weeks). */
function customerEvent(random: SeededRandom, universe: JourneyUniverse, name: string, around: number, index: number): JourneyEvent {
  const event: JourneyEvent = {
    messageId: `m-${index}`,
    type: 'track',
    event: name,
    timestamp: new Date(around + random.integer(-2 * day, 40 * day)).toISOString(),
    properties: { total: random.integer(-5, 80) },
  };
  if (name === segmentExitedEvent || name === 'Segment Entered') event.properties = { ...event.properties, segment_id: random.pick(universe.segmentIds) };
  return event;
}

/** The facts of one micro-step: a sample customer with the facts the conditions read drawn near their operands. */
function randomFacts(random: SeededRandom, universe: JourneyUniverse, now: number, event: JourneyEvent | undefined): StepFacts {
  const customer = structuredClone(sampleCustomer) as unknown as Json;
  customer._id = `customer-${random.integer(1, 12)}`;
  const timezone = random.pick(['Europe/London', 'America/Los_Angeles', 'Asia/Tokyo', undefined, 'Not/AZone']);
  setPath(customer, ['attributes', 'timezone'], timezone);
  const eventCopy = event ? (structuredClone(event) as unknown as Json) : undefined;
  for (const leaf of universe.leaves) {
    if (random.chance(0.35)) continue;
    const [root, ...rest] = leaf.fact.split('.');
    const value = random.pick(valuesNear(leaf, now));
    if (root === 'event') {
      if (eventCopy && rest.length > 0) setPath(eventCopy, rest, value);
    } else setPath(customer, leaf.fact.split('.'), value);
  }
  const facts: StepFacts = { customer: customer as unknown as Customer, now, instanceId: `instance-${random.integer(1, 6)}` };
  if (eventCopy) facts.event = eventCopy as unknown as JourneyEvent;
  return facts;
}

/** An event for the machine, biased towards ones the current state handles so sequences go deep. */
function randomMachineEvent(random: SeededRandom, universe: JourneyUniverse, snapshot: AnyMachineSnapshot, now: number, index: number): JourneyMachineEvent {
  const context = snapshot.context as JourneyMachineContext;
  const value = String(snapshot.value);
  const entered = context.t0 ? Date.parse(context.t0) : now;
  const anyCustomerEvent = (): JourneyEvent => customerEvent(random, universe, random.pick(universe.eventNames), entered, index);
  const waited = [...(universe.compiled.waitsFor.get(value) ?? [])];
  const roll = random.next();
  if (value === idleStateId && roll < 0.7) {
    const entry = random.chance(0.9) ? random.pick(universe.entries) : 'not-an-entry';
    const event = random.chance(0.5) ? anyCustomerEvent() : undefined;
    return { type: machineEvents.enter, entry, facts: randomFacts(random, universe, now, event) };
  }
  if (roll < 0.25) {
    const event = random.chance(0.3) ? anyCustomerEvent() : undefined;
    return { type: machineEvents.proceed, facts: randomFacts(random, universe, now, event) };
  }
  if (roll < 0.45) {
    const state = universe.timed.includes(value) && random.chance(0.8) ? value : random.pick([...universe.timed, value]);
    const visit = (context.v[state] ?? 0) + (random.chance(0.8) ? 0 : random.pick([-1, 1]));
    return { type: machineEvents.timer, state, visit, facts: randomFacts(random, universe, now, undefined) };
  }
  if (roll < 0.6) {
    // stepJourney offers a customer event to the exit criteria and the goals before the state itself.
    const type = random.pick([machineEvents.checkExit, machineEvents.checkGoal]);
    return { type, facts: randomFacts(random, universe, now, anyCustomerEvent()) };
  }
  if (roll < 0.9) {
    const name = waited.length > 0 && random.chance(0.6) ? random.pick(waited) : random.pick(universe.eventNames);
    return { type: name, facts: randomFacts(random, universe, now, customerEvent(random, universe, name, entered, index)) };
  }
  if (roll < 0.95) {
    return { type: machineEvents.abort, ...(random.chance(0.5) ? { reason: 'step-limit' } : {}), facts: randomFacts(random, universe, now, undefined) };
  }
  return { type: machineEvents.enter, entry: random.pick(universe.entries), facts: randomFacts(random, universe, now, undefined) };
}

/** Everything of a step's outcome that the runtime may depend on, as plain data. */
function project(machine: AnyStateMachine, before: AnyMachineSnapshot, [next, actions]: [AnyMachineSnapshot, Array<{ type: string; params?: unknown; info?: { context?: unknown; event?: { type: string } } }>]) {
  return {
    changed: next !== before,
    value: next.value,
    status: next.status,
    context: next.context,
    output: next.output,
    error: next.error,
    persisted: machine.getPersistedSnapshot(next),
    actions: actions.map((action) => ({ type: action.type, params: action.params, context: action.info?.context, event: action.info?.event?.type })),
  };
}

describe('transitionMachine agrees with xstate’s transition()', () => {
  it('found the example journeys', () => {
    expect(journeys.length).toBeGreaterThan(0);
    for (const document of journeys) expect(validateJourney(document), document.id).toMatchObject({ ok: true });
  });

  it.each(journeys.map((document, index) => [document.id, document, index] as const))('%s: same snapshots and actions over random event sequences', (_id, document, journeyIndex) => {
    const universe = universeOf(document);
    const { machine } = universe.compiled;
    const taken = new Set<string>();
    const goalsReached = new Set<string>();
    const reasons = new Set<string>();
    let steps = 0;
    let handled = 0;
    for (let sequence = 0; sequence < sequencesPerJourney; sequence++) {
      const seed = baseSeed + journeyIndex * 100_000 + sequence;
      const random = new SeededRandom(seed);
      let now = start + random.integer(0, 365) * day;
      let snapshot = universe.compiled.initial;
      for (let step = 0; step < maxStepsPerSequence; step++) {
        // As stepJourney does with a stored instance: rebuild the snapshot from its compact form.
        if (random.chance(0.15)) snapshot = machine.resolveState({ value: String(snapshot.value), context: snapshot.context });
        const event = randomMachineEvent(random, universe, snapshot, now, step);
        const ours = transitionMachine(machine, snapshot, event);
        const theirs = transition(machine, snapshot, event);
        const label = `${document.id} seed ${seed} step ${step}: ${event.type} in ${String(snapshot.value)}`;
        expect(project(machine, snapshot, ours), label).toEqual(project(machine, snapshot, theirs));
        steps++;
        const [next] = ours;
        if (next !== snapshot) handled++;
        if (next.value !== snapshot.value) taken.add(`${String(snapshot.value)}->${String(next.value)}`);
        const context = next.context as JourneyMachineContext;
        for (const goal of context.g ?? []) goalsReached.add(goal);
        if (context.r) reasons.add(context.r);
        if (snapshot.status === 'done') break;
        snapshot = next;
        now += random.integer(0, 3 * day);
      }
    }
    // The comparison is only as good as what the sequences reached: every transition of the document
    // (so both sides of every split), every goal, every exit criterion and the abort.
    const missing = document.transitions.map((t) => `${t.from}->${t.to}`).filter((edge) => !taken.has(edge));
    expect(missing, `${document.id}: transitions never taken`).toEqual([]);
    expect([...goalsReached].sort()).toEqual(universe.compiled.graph.goals.map((goal) => goal.id).sort());
    const exitReasons = (document.settings.exitCriteria ?? []).map((_criterion, index) => `exit-criterion:${index}`);
    expect([...reasons]).toEqual(expect.arrayContaining([...exitReasons, 'aborted', 'step-limit']));
    expect([...taken].some((edge) => edge.endsWith(`->${exitedStateId}`))).toBe(true);
    expect(handled).toBeGreaterThan(steps / 4);
  });
});
