import { createProblem, ProblemError, unwrap } from '../../engine/errors/index';
import { toJourneyDocument, type JourneyRuntime, type SimulatedEvent, type SimulationOptions, type StoredJourney } from '../../engine/journeys/index';
import { applyEventToCustomer, createCustomer, findCustomerByUserId, listCustomerEvents, maxPageSize } from '../../engine/profile/index';
import type { Customer, Journey, JourneySimulationRequest, StoredEvent } from '../../schemas/types';

/** Most stored events a simulation replays (the newest ones win when a customer has more). */
export const maxReplayedEvents = 2_000;
const defaultHorizonMs = 365 * 24 * 60 * 60 * 1000;

/** A simulation ready to run: the document, `simulateJourney`'s options, and how much history went in. */
export interface PreparedSimulation {
  document: Journey;
  options: SimulationOptions;
  replayedEvents: number;
}

function toSimulatedEvent(event: StoredEvent): SimulatedEvent {
  return {
    at: event.timestamp,
    type: event.type,
    ...(event.event !== undefined ? { event: event.event } : {}),
    ...(event.name !== undefined ? { name: event.name } : {}),
    ...(event.properties ? { properties: event.properties } : {}),
    ...(event.traits ? { traits: event.traits } : {}),
  };
}

/** A customer's stored events, oldest first (the newest `maxReplayedEvents`). */
async function readHistory(runtime: JourneyRuntime, workspace: string, customerId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  let before: string | undefined;
  do {
    const page = unwrap(await listCustomerEvents(runtime.store, workspace, customerId, { limit: maxPageSize, ...(before ? { before } : {}) }));
    events.push(...(page.events as StoredEvent[]));
    before = page.next ?? undefined;
  } while (before && events.length < maxReplayedEvents);
  return events.slice(0, maxReplayedEvents).reverse();
}

function madeUpCustomer(input: NonNullable<JourneySimulationRequest['customer']>, start: number): Partial<Customer> {
  const base = createCustomer({ id: 'simulated-customer', workspace: 'ws_simulation', userId: input.userId ?? 'simulated-user', anonymousId: null, now: new Date(start).toISOString() });
  const segments = input.segments ?? [];
  return {
    ...base,
    attributes: { ...(input.attributes ?? {}) },
    traits: { ...base.traits, ...(input.traits ?? {}) } as Customer['traits'],
    segments,
    segmentsEnteredAt: Object.fromEntries(segments.map((segment) => [segment, new Date(start).toISOString()])),
  };
}

/**
 * Turns a simulate request into `simulateJourney`'s input. With `userId`, the customer's stored events
 * are replayed: those before `start` build the starting profile (through the profile code, not the
 * journey), those from `start` on run through the journey; without `start`, everything runs through
 * it. Made-up `timeline` events come on top. `start` defaults to the first event or API entry (else
 * now), `until` to a year after `start`.
 */
export async function prepareSimulation(runtime: JourneyRuntime, workspace: string, stored: StoredJourney | null, request: JourneySimulationRequest): Promise<PreparedSimulation> {
  const document = request.journey ?? toJourneyDocument(stored!);
  const madeUp = request.timeline ?? [];
  const apiEntries = request.apiEntries ?? [];
  if (apiEntries.length > 0 && !document.states.some((state) => state.kind === 'entry' && state.params.trigger.type === 'api')) {
    throw new ProblemError(createProblem('VALIDATION_FAILED', [{ pointer: '/apiEntries', message: `Journey "${document.id}" has no entry state with an "api" trigger to enter through.` }]));
  }

  let history: StoredEvent[] = [];
  let real: Customer | null = null;
  if (request.userId !== undefined) {
    real = await findCustomerByUserId(runtime.store, workspace, request.userId);
    if (!real) throw new ProblemError(createProblem('NOT_FOUND', [{ pointer: '/userId', message: `No customer has userId ${JSON.stringify(request.userId)} in this workspace.` }]));
    history = await readHistory(runtime, workspace, real._id);
  }

  const times = [...history.map((e) => Date.parse(e.timestamp)), ...madeUp.map((e) => Date.parse(e.at)), ...apiEntries.map((at) => Date.parse(at))];
  const start = request.start !== undefined ? Date.parse(request.start) : times.length > 0 ? Math.min(...times) : runtime.clock.now();
  const until = request.until !== undefined ? Date.parse(request.until) : Math.max(start + defaultHorizonMs, ...times);

  let customer: Partial<Customer> | undefined = request.customer ? madeUpCustomer(request.customer, start) : undefined;
  const replayed: SimulatedEvent[] = [];
  if (real) {
    // A fresh customer with the real ids: the replay rebuilds the profile as the events happened.
    let profile = createCustomer({ id: real._id, workspace: 'ws_simulation', userId: real.userId, anonymousId: null, now: history[0]?.timestamp ?? new Date(start).toISOString() });
    for (const event of history) {
      if (Date.parse(event.timestamp) < start) profile = applyEventToCustomer(profile, event);
      else if (Date.parse(event.timestamp) <= until) replayed.push(toSimulatedEvent(event));
    }
    customer = profile;
  }
  const options: SimulationOptions = {
    start,
    until,
    // Made-up events first, so a problem's /timeline/<i> pointer is the index the client sent.
    timeline: [...madeUp.map((event) => ({ ...event })), ...replayed],
    apiEntries,
    clock: runtime.clock,
    ...(customer ? { customer } : {}),
  };
  return { document, options, replayedEvents: replayed.length };
}
