import type { Customer } from '../../schemas/types';
import { rememberForRequest, type IngestionStage, type StageInput, type StageOutput } from '../ingest/index';
import type { RuntimeContext } from '../runtime/index';
import { refreshCustomerTraits } from './customer-traits-refresh';
import { loadTraitCatalog, type TraitCatalog } from './trait-catalog';
import { createStoredEventRebuilder } from './trait-event-source';

/**
 * The ingestion stage right after the profile: every computed trait and the marketing traits of the
 * event's customer, in the same commit as the event. It writes nothing besides the customer: the due
 * time the clock job follows is a field of the customer document (`meta.traitsDueAt`).
 */
const catalogKey = Symbol('trait catalogue');

export const traitsStage: IngestionStage = {
  name: 'traits',
  apply(input, runtime) {
    // Synchronous once the request's catalogue is loaded and no trait needs a rebuild (the usual case).
    const catalog = rememberForRequest(input.cache, catalogKey, () => loadTraitCatalog(runtime.store, input.workspace));
    return catalog instanceof Promise ? catalog.then((loaded) => refreshTraits(input, runtime, loaded)) : refreshTraits(input, runtime, catalog);
  },
};

function refreshTraits({ workspace, customer, before, event, now }: StageInput, runtime: RuntimeContext, catalog: TraitCatalog): StageOutput | Promise<StageOutput> {
  const next = refreshCustomerTraits(customer, catalog, { event, now, before, rebuild: createStoredEventRebuilder(runtime.store, workspace) });
  return next instanceof Promise ? next.then(toStageOutput) : toStageOutput(next);
}

function toStageOutput(customer: Customer): StageOutput {
  return { customer, writes: [], emitted: [] };
}
