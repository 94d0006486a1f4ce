import type { Customer, Journey, SimulatedActionBody } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { applyEventToCustomer, createCustomer } from '../profile/index';
import type { MessageLinkSettings } from '../runtime/index';
import type { WriteOp } from '../store/index';
import { VirtualClock } from '../time/index';
import { enterJourney } from './api-entry';
import { customersCollection, eventsCollection, journeyCollectionNames, journeyCollections } from './journey-collections';
import type { JourneyEffect } from './journey-effect';
import { segmentEnteredEvent, segmentExitedEvent, segmentOfEvent, type JourneyEvent } from './journey-event';
import { instanceFromPresence, readPresence, type JourneyInstance } from './journey-instance';
import { observeJourneySteps, type ObservedStep } from './journey-observer';
import type { JourneyRuntime } from './journey-runtime';
import { applyEventToJourneys } from './journeys-stage';
import { publishJourney, saveJourneyDraft } from './journey-versions';
import type { JourneyValidationOptions } from './journey-validation';
import { passesRecheck } from './message-delivery';
import type { MessageReason, MessageRecord } from './message-record';
import type { TimerRecord } from './timer-record';
import { readFrozenTemplates } from './template-refs';
import { fireDueTimers } from './timer-worker';

/** One event of a made-up (or replayed) timeline. */
export interface SimulatedEvent {
  /** When it happens: ISO time or ms. */
  at: string | number;
  /** Default `track`. */
  type?: JourneyEvent['type'];
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  /**
   * A stored event of the customer replayed from their history: the customer document already holds
   * what it did (attributes, counts, segments), so it runs through the journeys only, not the profile
   * function or the segment stand-in — it is not counted twice.
   */
  replayed?: boolean;
}

export interface SimulationOptions extends JourneyValidationOptions {
  /**
   * The customer to run: a real customer document (copied, never changed) or the start of a made-up
   * one. Its presence in the simulated journey is kept: the instance it stands for is put in the
   * simulation's store, so re-entry rules, goals after the end and a restart apply as they would.
   */
  customer?: Partial<Customer>;
  /**
   * The pending timers of the customer's instance of this journey, as the store holds them (a delay's
   * end, a wait's timeout): they fire on the virtual clock at their due times, an overdue one at
   * `start`. Only timers of that instance on the simulated version are carried.
   */
  instanceTimers?: TimerRecord[];
  timeline?: SimulatedEvent[];
  /** Times at which the customer enters through the journey's API entry. */
  apiEntries?: Array<string | number>;
  start: string | number;
  until: string | number;
  /** Stop after this many timer firings and events (a guard for journeys that loop every minute). Default 10,000. */
  maxSteps?: number;
  /**
   * The server's message links, so rendered messages show them as they would be sent. Their tokens
   * name the simulation's own workspace: following one changes nothing.
   */
  links?: MessageLinkSettings;
}

/** One action a simulation would take: the API's shape (schemas/journey-simulation), with the payload typed. */
export type SimulatedAction = Omit<SimulatedActionBody, 'payload'> & {
  /** The rendered message, webhook body or task. */
  payload?: MessageRecord['payload'];
};

export interface SimulationResult {
  journeyId: string;
  version: number;
  /** Every state entered, in order. */
  visits: Array<{ at: string; instanceId: string; state: string }>;
  /** Every action that would happen (nothing is sent). */
  actions: SimulatedAction[];
  /** The messages that would not go out, and why. */
  suppressions: Array<{ at: string; instanceId: string; state: string; channel: string; reason: MessageReason | null; detail?: string }>;
  conversions: Array<{ at: string; instanceId: string; goal: string }>;
  instances: Array<Pick<JourneyInstance, '_id' | 'status' | 'state' | 'enteredAt' | 'endedAt' | 'endReason' | 'variant' | 'holdout' | 'convertedAt'>>;
  /** Timers still waiting at `until`. */
  pendingTimers: Array<{ instanceId: string | null; state: string; dueAt: string }>;
  /** The customer at `until`. */
  customer: Customer;
}

const simulationWorkspace = 'ws_simulation';
const simulationOwner = 'simulation';

function toTime(value: string | number): number {
  return typeof value === 'number' ? value : Date.parse(value);
}

function checkTimes(options: SimulationOptions, start: number, until: number): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  if (!Number.isFinite(start)) details.push({ pointer: '/start', message: 'is not a time; give an ISO-8601 time.' });
  if (!Number.isFinite(until) || until < start) details.push({ pointer: '/until', message: 'must be a time after start.' });
  (options.timeline ?? []).forEach((event, index) => {
    const at = toTime(event.at);
    if (!Number.isFinite(at) || at < start || at > until) details.push({ pointer: `/timeline/${index}/at`, message: 'must be a time between start and until.' });
  });
  (options.apiEntries ?? []).forEach((at, index) => {
    const time = toTime(at);
    if (!Number.isFinite(time) || time < start || time > until) details.push({ pointer: `/apiEntries/${index}`, message: 'must be a time between start and until.' });
  });
  return details;
}

/** The simulated customer: the given one (copied) or a new one, in the simulation's workspace. */
function prepareCustomer(input: Partial<Customer> | undefined, start: number): Customer {
  const created = createCustomer({ id: input?._id ?? 'simulated-customer', workspace: simulationWorkspace, userId: input?.userId ?? 'simulated-user', anonymousId: null, now: new Date(start).toISOString() });
  return structuredClone({
    ...created,
    ...input,
    attributes: { ...created.attributes, ...input?.attributes },
    traits: { ...created.traits, ...input?.traits },
    workspace: simulationWorkspace,
    version: input?.version ?? 0,
  }) as Customer;
}

/** A timeline event as the pipeline would store it. Segment Entered / Exited also move the customer's segments, standing in for the segments stage. */
function toStoredEvent(event: SimulatedEvent, index: number, customer: Customer): JourneyEvent {
  const type = event.type ?? 'track';
  return {
    _id: `simulated-${index}`,
    messageId: `simulated-${index}`,
    type,
    ...(event.event !== undefined ? { event: event.event } : {}),
    ...(event.name !== undefined ? { name: event.name } : {}),
    userId: customer.userId,
    anonymousId: null,
    customerId: customer._id,
    timestamp: new Date(toTime(event.at)).toISOString(),
    properties: event.properties ?? {},
    ...(event.traits ? { traits: event.traits } : {}),
  };
}

/** The instance's timers, moved into the simulation's workspace and free of any worker's lease. */
function carryTimers(timers: readonly TimerRecord[], instanceId: string): WriteOp[] {
  return timers
    .filter((timer) => timer.instanceId === instanceId)
    .map((timer) => ({ collection: journeyCollectionNames.timers, op: 'insert', doc: { ...timer, workspace: simulationWorkspace, leaseOwner: null, leaseUntil: null } }));
}

function withSegmentChange(customer: Customer, event: JourneyEvent): Customer {
  const segment = segmentOfEvent(event);
  if (!segment || event.type !== 'track') return customer;
  if (event.event === segmentEnteredEvent && !customer.segments.includes(segment)) {
    return { ...customer, segments: [...customer.segments, segment], segmentsEnteredAt: { ...customer.segmentsEnteredAt, [segment]: event.timestamp } };
  }
  if (event.event === segmentExitedEvent && customer.segments.includes(segment)) {
    const { [segment]: _left, ...enteredAt } = customer.segmentsEnteredAt;
    return { ...customer, segments: customer.segments.filter((s) => s !== segment), segmentsEnteredAt: enteredAt };
  }
  return customer;
}

function describeAction(effect: JourneyEffect, at: string, instanceId: string): SimulatedAction | null {
  switch (effect.kind) {
    case 'update-attributes':
      return { at, instanceId, state: effect.state, kind: effect.kind, detail: { set: effect.set, unset: effect.unset, ...(effect.failed ? { failed: effect.failed } : {}) } };
    case 'change-tags':
      return { at, instanceId, state: effect.state, kind: effect.kind, detail: { add: effect.add, remove: effect.remove } };
    case 'change-loyalty-points':
      return { at, instanceId, state: effect.state, kind: effect.kind, detail: { operation: effect.operation, points: effect.points, applied: effect.applied, balance: effect.balance, ...(effect.why ? { why: effect.why } : {}) } };
    case 'set-lifecycle-stage':
      return { at, instanceId, state: effect.state, kind: effect.kind, detail: { stage: effect.stage } };
    default:
      return null;
  }
}

/**
 * Runs a journey (a draft or a published version) for one customer on a virtual clock, with a
 * volatile store and the same code the server runs: the profile function for each timeline event,
 * the journeys stage, the timer worker, the outbox planner. Returns the states visited with times,
 * every action with its rendered message, every suppression and why — and sends nothing.
 *
 * @example simulateJourney(document, { start: '2024-01-01T00:00:00Z', until: '2025-01-01T00:00:00Z', timeline: [{ at: '2024-01-01T10:00:00Z', event: 'Signed Up' }] })
 */
export async function simulateJourney(document: Journey, options: SimulationOptions): Promise<Result<SimulationResult>> {
  const start = toTime(options.start);
  const until = toTime(options.until);
  const timeProblems = checkTimes(options, start, until);
  if (timeProblems.length > 0) return fail(createProblem('VALIDATION_FAILED', timeProblems));

  const clock = new VirtualClock(start);
  // Loaded on demand: the store pulls in node:fs and the MongoDB driver, which the rest of this area
  // (validation, compilation, stepping — what the editor bundles) never needs.
  const { EmbeddedStore } = await import('../store/index');
  const store = new EmbeddedStore();
  // The timeline is stored as ingestion stores events, so the delivery checks find exits since entry.
  await store.open([...journeyCollections, { name: customersCollection, indexes: [] }, { name: eventsCollection, indexes: [{ name: 'events_customer_time', key: { customerId: 1, timestamp: 1 } }] }]);
  const runtime: JourneyRuntime = { store, clock, ...(options.links ? { links: options.links } : {}) };
  const workspace = simulationWorkspace;
  const draft = structuredClone({ ...document, status: 'draft' as const });
  const saved = await saveJourneyDraft(runtime, workspace, draft);
  if (!saved.ok) return saved;
  // A draft renders the library as it is now; a published version what it froze when it was published.
  const templates = document.status === 'draft' ? options.templates : new Map([...(options.templates ?? []), ...readFrozenTemplates(document)]);
  const published = await publishJourney(runtime, workspace, document.id, document.version, { ...options, templates: templates ?? new Map() });
  if (!published.ok) return published;

  let customer = prepareCustomer(options.customer, start);
  // The customer's instance of this journey, if any, as its presence describes it (the presence carries
  // everything the instance document does): stepping or ending it replaces that document.
  const presence = readPresence(customer, document.id);
  const carried = presence ? [{ collection: journeyCollectionNames.instances, op: 'insert' as const, doc: instanceFromPresence(presence, { workspace, journeyId: document.id, customerId: customer._id }) }] : [];
  const carriedTimers = presence && presence.version === document.version ? carryTimers(options.instanceTimers ?? [], presence.instanceId) : [];
  await store.commit(workspace, [{ collection: customersCollection, op: 'insert', doc: customer }, ...carried, ...carriedTimers]);

  const observed: ObservedStep[] = [];
  const detach = observeJourneySteps(store, (step) => observed.push(step));
  try {
    const happenings = [
      ...(options.timeline ?? []).map((event, index) => ({ at: toTime(event.at), order: index, run: async () => {
        const stored = toStoredEvent(event, index, customer);
        let next = event.replayed ? customer : withSegmentChange(applyEventToCustomer(customer, stored), stored);
        const outcome = await applyEventToJourneys(runtime, workspace, next, stored, clock.now());
        next = { ...outcome.customer, version: customer.version + 1, updatedAt: new Date(clock.now()).toISOString() };
        const result = await store.commit(workspace, [
          { collection: eventsCollection, op: 'insert', doc: { ...stored, _id: stored._id!, workspace } },
          ...outcome.writes,
          { collection: customersCollection, op: 'replace', filter: { _id: customer._id, version: customer.version }, doc: next, mustMatch: true },
        ]);
        if (!result.ok) throw new Error(`Simulation commit conflicted: ${JSON.stringify(result.conflict)}`);
      } })),
      ...(options.apiEntries ?? []).map((at, index) => ({ at: toTime(at), order: 1e9 + index, run: async () => {
        const entered = await enterJourney(runtime, workspace, { journeyId: document.id, customerId: customer._id });
        if (!entered.ok) throw new Error(entered.problem.details[0]?.message ?? entered.problem.message);
      } })),
    ].sort((a, b) => a.at - b.at || a.order - b.order);

    const timers = store.collection<TimerRecord>(journeyCollectionNames.timers);
    const customers = store.collection<Customer>(customersCollection);
    const messages = store.collection<MessageRecord>(journeyCollectionNames.messages);
    // Messages that passed the delivery checks at their due time: they would go out then, and stay `queued` here.
    const wouldGo = new Set<string>();
    // Every queued message not yet checked is due now or later (the loop checks each when it falls
    // due), so only those are read: the ones that passed earlier are never read again.
    const nextDueMessage = async () => {
      const dueFromNow = { status: 'queued', availableAt: { $gte: new Date(clock.now()).toISOString() } };
      return (await messages.find(workspace, dueFromNow, { sort: { availableAt: 1 } })).find((message) => !wouldGo.has(message._id));
    };
    const maxSteps = options.maxSteps ?? 10_000;
    let steps = 0;
    let next = 0;
    for (;;) {
      if (++steps > maxSteps) return fail(createProblem('INVALID_DEFINITION', [{ pointer: '', message: `The simulation took more than ${maxSteps} steps before ${new Date(until).toISOString()}; the journey may loop too often.` }]));
      const timer = await timers.findOne(workspace, {}, { sort: { dueAt: 1 } });
      const timerAt = timer ? Date.parse(timer.dueAt) : Infinity;
      const due = await nextDueMessage();
      const dueAt = due ? Date.parse(due.availableAt) : Infinity;
      const happening = happenings[next];
      const happeningAt = happening ? happening.at : Infinity;
      const at = Math.min(timerAt, dueAt, happeningAt);
      if (at > until) break;
      if (at > clock.now()) clock.advanceTo(at);
      // Timers due at the same moment as an event fire first: they were set earlier. A message due then
      // is checked after both, as the delivery worker's claim would meet it (passesRecheck).
      if (timerAt <= happeningAt && timerAt <= dueAt) await fireDueTimers(runtime, { owner: simulationOwner, now: clock.now() });
      else if (due && dueAt < happeningAt) {
        if (await passesRecheck(runtime, due, clock.now())) wouldGo.add(due._id);
      } else {
        customer = (await customers.findOne(workspace, { _id: customer._id }))!;
        await happening.run();
        next++;
      }
      customer = (await customers.findOne(workspace, { _id: customer._id }))!;
    }
    return ok(await collectResult(runtime, document, observed, customer));
  } finally {
    detach();
  }
}

async function collectResult(runtime: JourneyRuntime, document: Journey, observed: ObservedStep[], customer: Customer): Promise<SimulationResult> {
  const workspace = simulationWorkspace;
  const result: SimulationResult = { journeyId: document.id, version: document.version, visits: [], actions: [], suppressions: [], conversions: [], instances: [], pendingTimers: [], customer };
  const final = new Map((await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).find(workspace, {})).map((message) => [message._id, message]));
  for (const step of observed) {
    const at = new Date(step.at).toISOString();
    // As the delivery checks left each message: held later, or suppressed when it was due.
    const messages = new Map(step.messages.map((message) => [message.stepId, final.get(message._id) ?? message]));
    for (const effect of step.effects) {
      if (effect.kind === 'enter-state') result.visits.push({ at: new Date(effect.at).toISOString(), instanceId: step.instanceId, state: effect.state });
      if (effect.kind === 'record-conversion') result.conversions.push({ at: new Date(effect.at).toISOString(), instanceId: step.instanceId, goal: effect.goal });
      if (effect.kind === 'send-message') {
        const message = messages.get(effect.state)!;
        result.actions.push({ at, instanceId: step.instanceId, state: effect.state, kind: 'message', channel: message.channel, status: message.status, reason: message.reason, availableAt: message.availableAt, payload: message.payload });
        if (message.status === 'suppressed' || message.status === 'failed') {
          const decided = message.history.at(-1);
          const detail = decided?.detail;
          result.suppressions.push({ at: decided?.at ?? at, instanceId: step.instanceId, state: effect.state, channel: message.channel, reason: message.reason, ...(detail ? { detail } : {}) });
        }
      }
      const action = describeAction(effect, at, step.instanceId);
      if (action) result.actions.push(action);
    }
  }
  const instances = await runtime.store.collection<JourneyInstance>(journeyCollectionNames.instances).find(workspace, {}, { sort: { enteredAt: 1 } });
  result.instances = instances.map(({ _id, status, state, enteredAt, endedAt, endReason, variant, holdout, convertedAt }) => ({ _id, status, state, enteredAt, endedAt, endReason, variant, holdout, convertedAt }));
  const timers = await runtime.store.collection<TimerRecord>(journeyCollectionNames.timers).find(workspace, {}, { sort: { dueAt: 1 } });
  result.pendingTimers = timers.map((timer) => ({ instanceId: timer.instanceId, state: timer.event.state, dueAt: timer.dueAt }));
  return result;
}
