import type { Customer, EntryState } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors/index';
import { loadLiveJourneys } from './journey-catalog';
import { customersCollection } from './journey-collections';
import { startJourneyInstance } from './journey-entry';
import type { JourneyEvent } from './journey-event';
import type { JourneyRuntime } from './journey-runtime';

export interface ApiEntryRequest {
  journeyId: string;
  /** The customer's internal `_id` (resolve a userId through the customer API first). */
  customerId: string;
  /** Which API entry state; default the journey's first one. */
  entry?: string;
  /** Data for templates and conditions, seen as the triggering event's `properties`. */
  properties?: Record<string, unknown>;
}

export type ApiEntryResult = { entered: true; instanceId: string } | { entered: false; reason: 'reentry-policy' | 'entry-condition' };

const maxCommitAttempts = 8;

/**
 * Puts a customer into a journey through one of its `api` entry states (the server's
 * `POST /api/journeys/{id}/entries` calls this). The journey's live version is used; re-entry policy
 * and entry condition apply as for any entry. `NOT_FOUND` when the journey is not live, has no such
 * API entry, or the customer does not exist.
 */
export async function enterJourney(runtime: JourneyRuntime, workspace: string, request: ApiEntryRequest): Promise<Result<ApiEntryResult>> {
  const compiled = (await loadLiveJourneys(runtime, workspace)).byJourney.get(request.journeyId);
  if (!compiled) return fail(createProblem('NOT_FOUND', [{ pointer: '/journeyId', message: `Journey "${request.journeyId}" has no published version customers can enter.` }]));
  const apiEntries = compiled.graph.entries.filter((entry: EntryState) => entry.params.trigger.type === 'api');
  const entry = request.entry === undefined ? apiEntries[0] : apiEntries.find((candidate) => candidate.id === request.entry);
  if (!entry) {
    const message = apiEntries.length === 0 ? `Journey "${request.journeyId}" has no entry state with an "api" trigger.` : `"${request.entry}" is not an API entry of "${request.journeyId}"; use one of ${apiEntries.map((e) => e.id).join(', ')}.`;
    return fail(createProblem('NOT_FOUND', [{ pointer: '/entry', message }]));
  }
  const customers = runtime.store.collection<Customer>(customersCollection);
  for (let attempt = 0; attempt < maxCommitAttempts; attempt++) {
    const customer = await customers.findOne(workspace, { _id: request.customerId });
    if (!customer) return fail(createProblem('NOT_FOUND', [{ pointer: '/customerId', message: `No customer "${request.customerId}" in this workspace.` }]));
    const now = runtime.clock.now();
    const nowIso = new Date(now).toISOString();
    const event: JourneyEvent = { messageId: `api-entry-${attempt}-${now}`, type: 'track', event: '$api-entry', customerId: customer._id, userId: customer.userId, timestamp: nowIso, properties: request.properties ?? {} };
    const outcome = await startJourneyInstance(runtime, { workspace, compiled, entry, customer, now, event });
    if (!outcome.entered) return ok({ entered: false, reason: outcome.reason });
    const nextCustomer: Customer = { ...outcome.customer, version: customer.version + 1, updatedAt: nowIso };
    const result = await runtime.store.commit(workspace, [
      ...outcome.writes,
      { collection: customersCollection, op: 'replace', filter: { _id: customer._id, version: customer.version }, doc: nextCustomer, mustMatch: true },
    ]);
    if (!result.ok) continue;
    if (outcome.changedFacts) await runtime.afterCustomersChanged?.(workspace, [customer._id]);
    return ok({ entered: true, instanceId: outcome.instance._id });
  }
  return fail(createProblem('CONFLICT', [{ pointer: '/customerId', message: 'The customer changed on every attempt; retry.' }]));
}
