import type { StoredEvent } from '../../schemas/types';
import { createProblem, ProblemError } from '../errors/index';
import type { RuntimeContext } from '../runtime/index';
import { withFields, type WriteOp } from '../store/index';
import { CustomerWorkingSet } from './customer-working-set';
import { findDocumentsByIds } from './documents-by-id';
import type { PendingEvent } from './message-normaliser';
import { StageRun } from './stage-run';

/** How often a request is retried after a commit conflict before the client is told to retry. */
const maxAttempts = 10;

export interface StoreEventsResult {
  stored: number;
  duplicates: number;
}

/**
 * The pipeline after normalisation: de-duplicate, resolve customers, run the stages, and store
 * everything in ONE atomic commit — events, customers, identities and every stage's writes — before
 * the caller acknowledges the request.
 *
 * Concurrency: the request holds the identities it names in the runtime's `KeyedLock` from its reads
 * to its commit, so requests for one customer in this process run one after the other. Across
 * processes every customer write is conditional on the `version` read and every new event or identity
 * on its `_id` being free; a conflicting commit changes nothing and the whole request is run again on
 * fresh reads (up to 10 times, with jittered back-off, then `SERVICE_UNAVAILABLE`).
 */
export async function storeEvents(runtime: RuntimeContext, workspace: string, events: PendingEvent[], receivedAt: number): Promise<StoreEventsResult> {
  const unique: PendingEvent[] = [];
  const seen = new Set<string>();
  for (const event of events) {
    if (seen.has(event._id)) continue;
    seen.add(event._id);
    unique.push(event);
  }
  if (unique.length === 0) return { stored: 0, duplicates: events.length };
  const lockKeys = CustomerWorkingSet.identityIdsOf(workspace, unique);
  for (let attempt = 1; ; attempt++) {
    const release = await runtime.locks.acquire(lockKeys);
    let outcome: AttemptOutcome;
    try {
      // Optimistic: most messages are new, and a stored one makes the commit fail on its `_id`, after
      // which every attempt reads which ones are stored first.
      outcome = await attemptStore(runtime, workspace, unique, receivedAt, attempt > 1);
    } finally {
      release();
    }
    if ('stored' in outcome) {
      if (outcome.changedFacts.length > 0) await runtime.afterCustomersChanged?.(workspace, outcome.changedFacts);
      return { stored: outcome.stored, duplicates: events.length - outcome.stored };
    }
    if (outcome.conflict === 'stored-message' && attempt === 1) continue;
    if (attempt >= maxAttempts) {
      throw new ProblemError(createProblem('SERVICE_UNAVAILABLE', [], 'The customers of these messages are being changed by other requests right now; nothing was stored. Retry with backoff.'));
    }
    await pause(Math.random() * Math.min(100, 2 ** attempt));
  }
}

/**
 * How many events an attempt stored and the customers whose facts a stage changed after the segments
 * stage judged them, or why its commit conflicted (and so changed nothing).
 */
type AttemptOutcome = { stored: number; changedFacts: string[] } | { conflict: 'stored-message' | 'concurrent-change' };

/**
 * One attempt at storing the events. Without `readStored`, events already stored are not looked for:
 * their inserts make the commit conflict (`stored-message`).
 */
async function attemptStore(runtime: RuntimeContext, workspace: string, events: PendingEvent[], receivedAt: number, readStored: boolean): Promise<AttemptOutcome> {
  const { store } = runtime;
  let fresh = events;
  if (readStored) {
    const existing = await findDocumentsByIds(store, 'events', workspace, events.map((event) => event._id));
    if (existing.length > 0) {
      const known = new Set(existing.map((event) => event._id));
      fresh = events.filter((event) => !known.has(event._id));
      if (fresh.length === 0) return { stored: 0, changedFacts: [] };
    }
  }

  const now = new Date(receivedAt).toISOString();
  const customers = new CustomerWorkingSet(store, workspace, now);
  await customers.load(fresh);
  const stages = new StageRun(runtime, workspace, receivedAt);
  const resolved: StoredEvent[] = [];
  for (const pending of fresh) {
    const { customerId, created, absorbed } = customers.resolve(pending);
    const event = withFields(pending, { customerId }) as StoredEvent;
    resolved.push(event);
    const before = created ? null : customers.draftOf(customerId);
    const after = stages.run(before ?? customers.draftOf(customerId), before, event, absorbed);
    customers.setDraft(customerId, after instanceof Promise ? await after : after);
  }

  const writes: WriteOp[] = [];
  for (const event of resolved) {
    // A later message of this request may have merged the event's customer into another.
    const customerId = customers.currentIdOf(event.customerId);
    writes.push({ collection: 'events', op: 'insert', doc: customerId === event.customerId ? event : { ...event, customerId } });
  }
  writes.push(...(await emittedEventWrites(runtime, workspace, stages.emitted, resolved, customers)));
  writes.push(...(await customers.writes()));
  writes.push(...stages.writes.map((write) => repointedWrite(write, customers)));
  const result = await store.commit(workspace, writes);
  if (result.ok) return { stored: fresh.length, changedFacts: [...new Set([...stages.changedFacts].map((id) => customers.currentIdOf(id)))] };
  const { conflict } = result;
  return { conflict: conflict.reason === 'duplicate-key' && conflict.opIndex < resolved.length ? 'stored-message' : 'concurrent-change' };
}

/**
 * A document a stage inserted or replaced for a customer whom a LATER message of the same request
 * merged away (an anonymous event and the identify that names the visitor, in one batch) belongs to the
 * customer who remains, like the events: its `customerId` — and its `userId`, where it keeps one — are
 * re-pointed. (A journey instance the first event inserted and the second stepped is a replace.) What
 * was stored before this request is re-pointed by the stages that own it (they see `merged`).
 */
function repointedWrite(write: WriteOp, customers: CustomerWorkingSet): WriteOp {
  if (write.op !== 'insert' && write.op !== 'replace') return write;
  const written: Record<string, unknown> = write.doc;
  if (typeof written.customerId !== 'string') return write;
  const customerId = customers.currentIdOf(written.customerId);
  if (customerId === written.customerId) return write;
  const doc = { ...written, customerId };
  if ('userId' in doc) doc.userId = customers.draftOf(customerId).userId;
  return { ...write, doc };
}

/** Inserts for the events stages emitted, leaving out any already stored (their ids are deterministic). */
async function emittedEventWrites(
  runtime: RuntimeContext,
  workspace: string,
  emitted: StoredEvent[],
  received: StoredEvent[],
  customers: CustomerWorkingSet,
): Promise<WriteOp[]> {
  if (emitted.length === 0) return [];
  const stored = await findDocumentsByIds(runtime.store, 'events', workspace, emitted.map((event) => event._id));
  const skip = new Set([...stored.map((event) => event._id), ...received.map((event) => event._id)]);
  const writes: WriteOp[] = [];
  for (const event of emitted) {
    if (skip.has(event._id)) continue;
    skip.add(event._id);
    const doc: StoredEvent = { ...event, customerId: customers.currentIdOf(event.customerId) };
    writes.push({ collection: 'events', op: 'insert', doc });
  }
  return writes;
}

function pause(milliseconds: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, milliseconds));
}
