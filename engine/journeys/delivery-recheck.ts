import type { Customer } from '../../schemas/types';
import { hasConsent } from './channel-consent';
import { loadCompiledJourney } from './journey-catalog';
import { isEndingGoal } from './journey-document';
import { isExitEvent, type CompiledJourney } from './journey-machine';
import { nameOfEvent, segmentExitedEvent, type JourneyEvent } from './journey-event';
import { eventsNamedFilter } from '../profile/index';
import type { StoredDocument } from '../store/index';
import { customersCollection, eventsCollection, journeyCollectionNames } from './journey-collections';
import type { JourneyInstance } from './journey-instance';
import type { JourneyRuntime } from './journey-runtime';
import { mergedEndReason } from './merged-journeys';
import type { MessageRecord } from './message-record';
import { isQuietChannel, quietHoursEnd } from './quiet-hours';
import { resolveTimeZone } from './time-zone';

/** What the claim does with a due message after checking it again at the moment it would go out. */
export type DeliveryRecheck =
  | { kind: 'send' }
  | { kind: 'suppress'; reason: 'journey-ended' | 'consent'; detail: string }
  | { kind: 'hold'; until: number; reason: 'quiet-hours'; detail: string };

/**
 * Why an instance ended that makes its unsent messages moot: an exit criterion was met
 * (`exit-criterion:N`, journey-machine.ts), an ending goal was reached (`goal:ID`), the customer
 * re-entered and the journey started over (`re-entered`, journey-entry.ts), or the customer was
 * merged into one already in the journey (`merged`). An instance that simply reached its exit
 * (`reached:…`) still sends what it queued on the way: that is the journey's design.
 */
export function endsPendingSends(endReason: string | undefined): boolean {
  if (endReason === undefined) return false;
  return endReason.startsWith('exit-criterion:') || endReason.startsWith('goal:') || endReason === 're-entered' || endReason === mergedEndReason;
}

/**
 * The checks a message passes again when the delivery worker claims it, because time has passed
 * since its step planned it (quiet hours, the send rate and retries all hold messages back):
 *
 * 1. Not yet attempted, and since it was made its instance ended early (endsPendingSends), or the
 *    customer reached one of the journey's ending goals (goals still count after an instance has
 *    finished, within their window) → suppressed, `journey-ended`. A message already attempted is left
 *    to finish: its receiver may have it.
 * 2. The customer withdrew consent for the channel since → suppressed, `consent` (transactional
 *    sends too: they skip caps and quiet hours, never consent).
 * 3. Now falls in the journey's quiet hours in the customer's zone (a message moved by the send rate
 *    or a retry, or a worker that fell behind) → held until the window opens, `quiet-hours`.
 *
 * Reads the instance, the customer and the (cached) journey version by id. What it cannot read (a
 * version or customer that is gone) it does not judge: the step checked the same when it ran.
 */
export async function recheckBeforeSending(runtime: JourneyRuntime, message: MessageRecord, now: number): Promise<DeliveryRecheck> {
  const { workspace } = message;
  const compiled = await loadCompiledJourney(runtime, workspace, message.journeyId, message.journeyVersion);
  const customer = await runtime.store.collection<Customer>(customersCollection).findOne(workspace, { _id: message.customerId });
  if (message.attempts === 0 && compiled) {
    const instance = await runtime.store.collection<JourneyInstance>(journeyCollectionNames.instances).findOne(workspace, { _id: message.instanceId });
    const ended = instance ? (whyPendingSendsEnded(instance, compiled, message) ?? (customer ? await findExitSinceEntry(runtime, compiled, instance, customer, now) : null)) : null;
    if (ended) return { kind: 'suppress', reason: 'journey-ended', detail: ended };
  }
  if (!customer) return { kind: 'send' };
  const settings = compiled?.document.settings;
  const state = compiled?.graph.states.get(message.stepId);
  const transactional = state?.kind === 'send' && state.params.transactional === true;
  if (!hasConsent(customer, message.channel, settings?.consent, { transactional })) {
    return { kind: 'suppress', reason: 'consent', detail: 'withdrawn before it went out' };
  }
  const quietHours = settings?.quietHours;
  if (transactional || !quietHours || !isQuietChannel(quietHours, message.channel)) return { kind: 'send' };
  const zone = resolveTimeZone(customer, settings.timezone);
  const opens = quietHoursEnd(quietHours, now, zone);
  if (opens === null) return { kind: 'send' };
  return { kind: 'hold', until: opens, reason: 'quiet-hours', detail: `quiet ${quietHours.start}–${quietHours.end} ${zone}` };
}

/** Events read per page by the exit check. */
const exitCheckPageSize = 500;

/**
 * The customer's events since `since` that match `named`, newest first, a page at a time: a page that
 * ends inside a run of events stamped alike is completed with the rest of that run before moving on.
 */
async function* eventsSinceNewestFirst(runtime: JourneyRuntime, workspace: string, customerId: string, since: string, named: Record<string, unknown>): AsyncGenerator<JourneyEvent & StoredDocument> {
  const events = runtime.store.collection<JourneyEvent & StoredDocument>(eventsCollection);
  let before: string | null = null;
  for (;;) {
    const timestamp = before === null ? { $gte: since } : { $gte: since, $lt: before };
    const page = await events.find(workspace, { customerId, timestamp, ...named }, { sort: { timestamp: -1 }, limit: exitCheckPageSize });
    yield* page;
    if (page.length < exitCheckPageSize) return;
    before = page[page.length - 1].timestamp;
    const seen = new Set(page.map((event) => event._id));
    for (const event of await events.find(workspace, { customerId, timestamp: before, ...named })) if (!seen.has(event._id)) yield event;
  }
}

/**
 * The exit criterion met by an event of the customer's that happened since the instance entered
 * (event time, whatever order the events arrived in), as the detail for the log, or null. A finished
 * instance no longer reacts to exit criteria, yet what it queued may still be held (quiet hours, the
 * send rate): the cart-abandonment nudge that completed at 22:00 with its email held until 08:00
 * must not reach the customer who bought at 23:00, nor one whose order, sent by the same request or
 * arriving late, is stamped after they entered. Reads the customer's events since entry that the
 * criteria name (`events_customer_time`), newest first until one meets a criterion, only for
 * journeys with exit criteria: a thousand page views after the order do not hide it.
 */
async function findExitSinceEntry(runtime: JourneyRuntime, compiled: CompiledJourney, instance: JourneyInstance, customer: Customer, now: number): Promise<string | null> {
  const criteria = compiled.document.settings.exitCriteria ?? [];
  if (criteria.length === 0 || !instance.context.t0) return null;
  const named = eventsNamedFilter(criteria.map((criterion) => (criterion.type === 'segment-exited' ? segmentExitedEvent : criterion.event)));
  for await (const event of eventsSinceNewestFirst(runtime, instance.workspace, customer._id, instance.context.t0, named)) {
    const facts = { customer, now, instanceId: instance._id, event };
    const index = criteria.findIndex((_criterion, at) => isExitEvent(compiled.document, compiled.conditions, at, facts));
    if (index >= 0) return `exit-criterion:${index} met by ${nameOfEvent(event)} at ${event.timestamp}`;
  }
  return null;
}

/**
 * Why a message is moot (the detail for the log), or null. Only what happened in a later step than the
 * one that made it counts: that step may itself reach a goal or an exit and send on the way (a goal's
 * own path: "thanks for coming back"), and that message is the point, not moot. Steps are told apart
 * by the instance's revision, since events of one request share a time; records made before messages
 * carried `instanceRev` are told apart by time.
 */
function whyPendingSendsEnded(instance: JourneyInstance, compiled: CompiledJourney, message: MessageRecord): string | null {
  const later = (rev: number | undefined, at: string | undefined): boolean =>
    message.instanceRev !== undefined && rev !== undefined ? rev > message.instanceRev : at !== undefined && at > message.createdAt;
  const endedAt = instance.endedAt ?? instance.updatedAt;
  if (instance.status !== 'active' && endsPendingSends(instance.endReason) && later(instance.endedRev, endedAt)) return `${instance.endReason} at ${endedAt}`;
  if (!later(instance.convertedRev, instance.convertedAt)) return null;
  const ending = (instance.context.g ?? []).find((goalId) => {
    const state = compiled.graph.states.get(goalId);
    return state !== undefined && isEndingGoal(state);
  });
  return ending === undefined ? null : `goal:${ending} reached at ${instance.convertedAt}`;
}
