import type { Customer } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import { keepUnchangedMarketingTraits, refreshCustomerTraits } from './customer-traits-refresh';
import { rewriteCustomers, type CustomersChangedHook } from './customer-rewrite';
import { scoreRfm, type RfmInput, type RfmScale } from './rfm';
import { loadTraitCatalog } from './trait-catalog';
import { traitCollectionNames } from './trait-collections';
import { updateTraitConfigOp } from './trait-config';
import { createStoredEventRebuilder } from './trait-event-source';
import { assignValueTiers, type ValueTierScale } from './value-tier';

export interface MarketingRefreshOptions {
  onCustomersChanged?: CustomersChangedHook;
  extendLease?: () => Promise<boolean>;
}

export interface MarketingRefreshReport {
  scored_at: string;
  customers: number;
  /** Customers with at least one order: the population RFM quintiles are taken over. */
  buyers: number;
  changed_customers: number;
  rfm_scale: RfmScale;
  value_tier_scale: ValueTierScale;
}

interface ScoringInput {
  _id: string;
  traits?: { orders_count?: number; revenue_total?: number; last_order_at?: string | null; clv?: { predicted_clv?: number } | null };
}

/**
 * The workspace-wide refresh of the population-relative marketing traits at `now`:
 *
 * 1. one pass over every customer's order counters scores RFM quintiles (`scoreRfm`) and value tiers
 *    (`assignValueTiers`, by revenue or predicted CLV) and stores both scales in the workspace config;
 * 2. a second pass in chunks places every customer on those scales — exactly the batch's answer for
 *    every customer the batch saw — and re-evaluates its lifecycle stage, writing only customers whose
 *    traits changed beyond their time stamps (so `scored_at` says when a customer's scores last moved).
 *
 * Between refreshes, the traits stage re-scores a customer on every order against the stored scales.
 */
export async function refreshWorkspaceMarketingTraits(runtime: RuntimeContext, workspace: string, now: number, options: MarketingRefreshOptions = {}): Promise<MarketingRefreshReport> {
  const before = await loadTraitCatalog(runtime.store, workspace);
  const inputs: RfmInput[] = [];
  const tierValues: Array<number | null> = [];
  const byClv = before.settings.value_tier.basis === 'clv';
  const projection = { 'traits.orders_count': 1, 'traits.revenue_total': 1, 'traits.last_order_at': 1, 'traits.clv.predicted_clv': 1 } as const;
  for await (const customer of runtime.store.collection<ScoringInput & { workspace: string }>(traitCollectionNames.customers).iterate(workspace, {}, { projection })) {
    const traits = customer.traits ?? {};
    inputs.push({ orders_count: traits.orders_count ?? 0, revenue_total: traits.revenue_total ?? 0, last_order_at: traits.last_order_at ?? null });
    tierValues.push(byClv ? (traits.clv?.predicted_clv ?? null) : (traits.revenue_total ?? null));
  }
  const rfm = scoreRfm(inputs, now);
  const tiers = assignValueTiers(tierValues, before.settings.value_tier, now);
  const nowIso = new Date(now).toISOString();
  const saved = await runtime.store.commit(workspace, [updateTraitConfigOp(workspace, nowIso, { rfm_scale: rfm.scale, value_tier_scale: tiers.scale })]);
  if (!saved.ok) throw new Error(`Could not store the RFM and value-tier scales of ${workspace}: ${JSON.stringify(saved.conflict)}.`);

  const catalog = await loadTraitCatalog(runtime.store, workspace);
  const rebuild = createStoredEventRebuilder(runtime.store, workspace);
  const rewrite = await rewriteCustomers(runtime, workspace, now, {
    extendLease: options.extendLease,
    onCommitted: options.onCustomersChanged
      ? (ids) => options.onCustomersChanged!(runtime, workspace, ids, ['traits.rfm', 'traits.value_tier', 'traits.lifecycle_stage', 'traits.lifecycle_stage_entered_at'])
      : undefined,
    async compute(customers) {
      const next: Customer[] = [];
      for (const customer of customers) {
        const refreshed = await refreshCustomerTraits(customer, catalog, { event: null, now, before: customer, rebuild, marketing: { clv: false } });
        next.push(keepUnchangedMarketingTraits(customer, refreshed));
      }
      return next;
    },
  });
  return {
    scored_at: nowIso,
    customers: inputs.length,
    buyers: rfm.scale.buyers,
    changed_customers: rewrite.changed,
    rfm_scale: rfm.scale,
    value_tier_scale: tiers.scale,
  };
}
