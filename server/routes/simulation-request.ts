import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import { journeyCollectionNames, readPresence, toJourneyDocument, type JourneyRuntime, type SimulatedEvent, type SimulationOptions, type StoredJourney, type TimerRecord } from '../../engine/journeys/index';
import { findCustomerOfUserId } from '../../engine/ingest/index';
import { createCustomer, readCustomerHistory, type CustomerHistory } from '../../engine/profile/index';
import type { Customer, Journey, JourneySimulationRequest, StoredEvent } from '../../schemas/types';

/**
 * Most stored events a simulation replays: the newest ones within the period win when a customer has
 * more, and the response's `omittedEvents` says how many older ones were left out.
 */
export const maxReplayedEvents = 2_000;
const defaultHorizonMs = 365 * 24 * 60 * 60 * 1000;

/** A simulation ready to run: the document, `simulateJourney`'s options, and how much history went in. */
export interface PreparedSimulation {
  document: Journey;
  options: SimulationOptions;
  replayedEvents: number;
  /** Stored events in the period that the bound left out (the oldest ones). */
  omittedEvents: number;
}

/** A stored event to replay: the customer document already holds its effects (see `replayed`). */
function toReplayedEvent(event: StoredEvent): SimulatedEvent {
  return {
    at: event.timestamp,
    type: event.type,
    ...(event.event !== undefined ? { event: event.event } : {}),
    ...(event.name !== undefined ? { name: event.name } : {}),
    ...(event.properties ? { properties: event.properties } : {}),
    ...(event.traits ? { traits: event.traits } : {}),
    replayed: true,
  };
}

/** The ISO form of a request time for a store range, or undefined when it is absent or not a time (simulateJourney reports that). */
function toIsoBound(time: number | undefined): string | undefined {
  return time !== undefined && Number.isFinite(time) ? new Date(time).toISOString() : undefined;
}

/**
 * The made-up customer a request describes, on top of a new customer's defaults. It must be a customer
 * document as the store holds them: a built-in trait of the wrong type (`orders_count: "many"`) is the
 * client's mistake, pointed at under `/customer`.
 */
function madeUpCustomer(input: NonNullable<JourneySimulationRequest['customer']>, start: number): Partial<Customer> {
  const base = createCustomer({ id: 'simulated-customer', workspace: 'ws_simulation', userId: input.userId ?? 'simulated-user', anonymousId: null, now: new Date(start).toISOString() });
  const segments = input.segments ?? [];
  const customer: Customer = {
    ...base,
    attributes: { ...(input.attributes ?? {}) },
    traits: { ...base.traits, ...(input.traits ?? {}) } as Customer['traits'],
    segments,
    segmentsEnteredAt: Object.fromEntries(segments.map((segment) => [segment, new Date(start).toISOString()])),
  };
  return unwrap(validateAgainstSchema<Customer>('customer', customer, '/customer'));
}

/**
 * Turns a simulate request into `simulateJourney`'s input.
 *
 * With `userId` the simulation starts from the customer as the store knows them now — the stored
 * document: attributes (however old the identify), computed traits, segments, and their presence in
 * the journey, so re-entry rules apply — and replays their stored events within the period, oldest
 * first, through the journey: the newest `maxReplayedEvents` of them when there are more. The document
 * already holds what those events did, so they are replayed through the journeys only (`replayed`),
 * never through the profile function again: counts such as `traits.events_count` are not doubled, and
 * conditions see the customer's traits as they are now, not as they were at each event. Made-up
 * `timeline` events come on top and do go through the profile function.
 *
 * The customer's running instance of the journey comes with its pending timers, so a delay under way
 * ends at its stored due time (simulateJourney's `instanceTimers`).
 *
 * `start` defaults to the first replayed event, made-up event or API entry (else now), `until` to a
 * year after `start` (or the last of those, if later).
 */
export async function prepareSimulation(runtime: JourneyRuntime, workspace: string, stored: StoredJourney | null, request: JourneySimulationRequest): Promise<PreparedSimulation> {
  const document = request.journey ?? toJourneyDocument(stored!);
  const madeUp = request.timeline ?? [];
  const apiEntries = request.apiEntries ?? [];
  if (apiEntries.length > 0 && !document.states.some((state) => state.kind === 'entry' && state.params.trigger.type === 'api')) {
    throw new ProblemError(createProblem('VALIDATION_FAILED', [{ pointer: '/apiEntries', message: `Journey "${document.id}" has no entry state with an "api" trigger to enter through.` }]));
  }
  const requestedStart = request.start !== undefined ? Date.parse(request.start) : undefined;
  const requestedUntil = request.until !== undefined ? Date.parse(request.until) : undefined;

  let real: Customer | null = null;
  let history: CustomerHistory = { events: [], total: 0 };
  let instanceTimers: TimerRecord[] = [];
  if (request.userId !== undefined) {
    // A userId the customer held before an alias finds them too.
    real = (await findCustomerOfUserId(runtime.store, workspace, request.userId))?.customer ?? null;
    if (!real) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/userId', message: `No customer has userId ${JSON.stringify(request.userId)} in this workspace.` }]));
    history = await readCustomerHistory(runtime.store, workspace, real._id, { from: toIsoBound(requestedStart), until: toIsoBound(requestedUntil), limit: maxReplayedEvents });
    const presence = readPresence(real, document.id);
    if (presence?.status === 'active') instanceTimers = await runtime.store.collection<TimerRecord>(journeyCollectionNames.timers).find(workspace, { instanceId: presence.instanceId });
  }

  const times = [...history.events.map((e) => Date.parse(e.timestamp)), ...madeUp.map((e) => Date.parse(e.at)), ...apiEntries.map((at) => Date.parse(at))];
  const start = requestedStart ?? (times.length > 0 ? Math.min(...times) : runtime.clock.now());
  const until = requestedUntil ?? Math.max(start + defaultHorizonMs, ...times);

  const customer: Partial<Customer> | undefined = real ?? (request.customer ? madeUpCustomer(request.customer, start) : undefined);
  const replayed = history.events.map(toReplayedEvent);
  const options: SimulationOptions = {
    start,
    until,
    // Made-up events first, so a problem's /timeline/<i> pointer is the index the client sent.
    timeline: [...madeUp.map((event) => ({ ...event })), ...replayed],
    apiEntries,
    clock: runtime.clock,
    ...(customer ? { customer } : {}),
    ...(instanceTimers.length > 0 ? { instanceTimers } : {}),
  };
  return { document, options, replayedEvents: replayed.length, omittedEvents: history.total - replayed.length };
}
