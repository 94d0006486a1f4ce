import type { Customer } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import { refreshCustomerTraits } from './customer-traits-refresh';
import { rewriteCustomers, type CustomerRewriteReport, type CustomersChangedHook } from './customer-rewrite';
import { loadTraitCatalog } from './trait-catalog';
import { traitsDueField } from './trait-collections';
import { createStoredEventRebuilder } from './trait-event-source';

/** How often the clock job runs (engine/traits/trait-jobs.ts). */
export const traitClockIntervalMilliseconds = 10_000;

/**
 * The bound on how late a clock-driven change lands: the clock job's interval plus the scheduler's
 * poll (5 s), rounded up to leave room for the run itself — while a run keeps up with what is due.
 */
export const traitClockBoundMilliseconds = 60_000;

export interface TraitClockOptions {
  onCustomersChanged?: CustomersChangedHook;
  extendLease?: () => Promise<boolean>;
}

/**
 * Re-evaluates every customer whose traits are due at `now` (`meta.traitsDueAt` ≤ now): windowed
 * values drop what left their window, the lifecycle stage moves on, and the next due time is set.
 * Customers are written in chunks, each commit conditional on the versions read.
 */
export async function reevaluateDueTraits(runtime: RuntimeContext, workspace: string, now: number, options: TraitClockOptions = {}): Promise<CustomerRewriteReport> {
  const catalog = await loadTraitCatalog(runtime.store, workspace);
  const rebuild = createStoredEventRebuilder(runtime.store, workspace);
  return rewriteCustomers(runtime, workspace, now, {
    filter: { [traitsDueField]: { $lte: new Date(now).toISOString() } },
    extendLease: options.extendLease,
    onCommitted: options.onCustomersChanged ? (ids) => options.onCustomersChanged!(runtime, workspace, ids, ['traits']) : undefined,
    async compute(customers) {
      const next: Customer[] = [];
      for (const customer of customers) next.push(await refreshCustomerTraits(customer, catalog, { event: null, now, before: customer, rebuild }));
      return next;
    },
  });
}
