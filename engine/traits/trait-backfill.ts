import type { Customer, StoredEvent } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { TraitStateRebuilder } from './computed-traits';
import { foldTraitEvents } from './computed-traits';
import type { TraitState } from './customer-trait-state';
import { refreshCustomerTraits } from './customer-traits-refresh';
import { rewriteCustomers, type CustomersChangedHook } from './customer-rewrite';
import type { StoredTraitDefinition } from './stored-trait';
import { loadTraitCatalog } from './trait-catalog';
import { traitCollectionNames } from './trait-collections';
import { createStoredEventRebuilder, eventFilterOf } from './trait-event-source';

export interface TraitBackfillOptions {
  onCustomersChanged?: CustomersChangedHook;
  extendLease?: () => Promise<boolean>;
}

export interface TraitBackfillReport {
  /** The definitions backfilled (created or changed), and those removed (deleted). */
  computed: string[];
  removed: string[];
  customers: number;
  changed_customers: number;
}

/**
 * Brings every customer in line with the definitions changed since their last backfill: each new or
 * changed trait is rebuilt from the stored events of every customer (whatever the customer's state
 * says, so an event ingested while the definition changed is counted), a deleted trait is removed
 * from every customer, in chunks with one commit each. Then the definitions record the backfill and
 * tombstones are dropped. Null when nothing was pending.
 */
export async function backfillTraits(runtime: RuntimeContext, workspace: string, now: number, options: TraitBackfillOptions = {}): Promise<TraitBackfillReport | null> {
  const definitions = runtime.store.collection<StoredTraitDefinition>(traitCollectionNames.definitions);
  const pending = (await definitions.find(workspace, {})).filter((definition) => definition.backfill.revision !== definition.revision || definition.status === 'deleted');
  if (pending.length === 0) return null;
  const nowIso = new Date(now).toISOString();
  for (const definition of pending) {
    if (definition.status === 'active') {
      await definitions.updateOne(workspace, { _id: definition._id, revision: definition.revision }, { $set: { 'backfill.status': 'running', 'backfill.started_at': nowIso } });
    }
  }

  const catalog = await loadTraitCatalog(runtime.store, workspace);
  const pendingIds = new Set(pending.filter((definition) => definition.status === 'active').map((definition) => definition.id));
  const rebuilt = catalog.traits.filter((trait) => pendingIds.has(trait.id));
  const removed = pending.filter((definition) => definition.status === 'deleted').map((definition) => definition.id);
  const storeRebuilder = createStoredEventRebuilder(runtime.store, workspace);
  const facts = [...rebuilt.map((trait) => `traits.${trait.id}`), ...removed.map((id) => `traits.${id}`)];

  const rewrite = await rewriteCustomers(runtime, workspace, now, {
    // Only customers holding a state of a removed trait need visiting when nothing is recomputed.
    filter: rebuilt.length === 0 ? { $or: removed.map((id) => ({ [`traits.${id}`]: { $exists: true } })) } : undefined,
    extendLease: options.extendLease,
    onCommitted: options.onCustomersChanged ? (ids) => options.onCustomersChanged!(runtime, workspace, ids, facts) : undefined,
    async compute(customers) {
      const prefetched = rebuilt.length > 0 ? await prefetchStates(runtime, workspace, customers, rebuilt, now) : new Map<string, Record<string, TraitState>>();
      // The chunk's own events come from one query; a customer merged in (a foreign state block) from its own.
      const rebuild: TraitStateRebuilder = async (requests, at) => {
        const result = new Map<string, Record<string, TraitState>>();
        const rest = requests.filter((request) => {
          const states = prefetched.get(request.customerId);
          if (!states || !request.traits.every((trait) => states[trait.id])) return true;
          result.set(request.customerId, states);
          return false;
        });
        if (rest.length > 0) for (const [id, states] of await storeRebuilder(rest, at)) result.set(id, states);
        return result;
      };
      const next: Customer[] = [];
      for (const customer of customers) {
        next.push(await refreshCustomerTraits(customer, catalog, { event: null, now, before: customer, rebuild, marketing: 'skip', forceRebuild: pendingIds }));
      }
      return next;
    },
  });

  const finishedAt = new Date(runtime.clock.now()).toISOString();
  if (!rewrite.interrupted) {
    for (const definition of pending) {
      if (definition.status === 'deleted') {
        await definitions.deleteOne(workspace, { _id: definition._id, revision: definition.revision, status: 'deleted' });
        continue;
      }
      await definitions.updateOne(
        workspace,
        { _id: definition._id, revision: definition.revision },
        {
          $set: {
            backfill: { status: 'done', revision: definition.revision, customers: rewrite.visited, changed_customers: rewrite.changed, started_at: nowIso, finished_at: finishedAt },
          },
        },
      );
    }
  }
  return { computed: [...pendingIds].sort(), removed: removed.sort(), customers: rewrite.visited, changed_customers: rewrite.changed };
}

/** The rebuilt states of every customer of a chunk, from one query over their stored events. */
async function prefetchStates(
  runtime: RuntimeContext,
  workspace: string,
  customers: readonly Customer[],
  traits: Parameters<typeof foldTraitEvents>[1],
  now: number,
): Promise<Map<string, Record<string, TraitState>>> {
  const byCustomer = new Map<string, StoredEvent[]>(customers.map((customer) => [customer._id, []]));
  const events = runtime.store.collection<StoredEvent>(traitCollectionNames.events);
  for await (const event of events.iterate(workspace, { ...eventFilterOf(traits, now), customerId: { $in: customers.map((customer) => customer._id) } })) {
    byCustomer.get(event.customerId)?.push(event);
  }
  const states = new Map<string, Record<string, TraitState>>();
  for (const [customerId, list] of byCustomer) states.set(customerId, await foldTraitEvents(list, traits, now));
  return states;
}
