import type { IngestionStage } from '../ingest/index';
import { refreshCustomerTraits } from './customer-traits-refresh';
import { loadTraitCatalog } from './trait-catalog';
import { createStoredEventRebuilder } from './trait-event-source';

/**
 * The ingestion stage right after the profile: every computed trait and the marketing traits of the
 * event's customer, in the same commit as the event. It writes nothing besides the customer: the due
 * time the clock job follows is a field of the customer document (`meta.traitsDueAt`).
 */
export const traitsStage: IngestionStage = {
  name: 'traits',
  async apply({ workspace, customer, before, event, now }, runtime) {
    const catalog = await loadTraitCatalog(runtime.store, workspace);
    const next = await refreshCustomerTraits(customer, catalog, { event, now, before, rebuild: createStoredEventRebuilder(runtime.store, workspace) });
    return { customer: next, writes: [], emitted: [] };
  },
};
