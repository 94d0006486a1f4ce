import type { Customer } from '../../schemas/types';
import { computeClvTraits, type ClvTrait } from './clv-trait';
import { lifecycleHistoryOf, orderDayStatisticsOf } from './customer-order-history';
import { computeLifecycleStage, type LifecycleStageTrait } from './lifecycle-stage';
import { scoreRfmWithScale, type RfmTrait } from './rfm';
import type { MarketingScales, ResolvedTraitSettings } from './trait-settings';
import { assignValueTierWithScale, type ValueTierTrait } from './value-tier';

/**
 * `traits.rfm` before the workspace's first RFM refresh: the values, no scores yet (scores are
 * quintiles over every buyer, computed by the refresh job).
 */
export interface UnscoredRfmTrait {
  recency_days: number;
  frequency: number;
  monetary: number;
  r: null;
  f: null;
  m: null;
  score: null;
  group: null;
  scored_at: null;
}

/** The built-in marketing traits of one customer, as they sit in `traits`. */
export interface MarketingTraits {
  rfm: RfmTrait | UnscoredRfmTrait | null;
  value_tier: ValueTierTrait | null;
  lifecycle_stage: LifecycleStageTrait;
  /** Mirror of `lifecycle_stage.entered_at`, so conditions can test it as a top-level date fact. */
  lifecycle_stage_entered_at: string | null;
  clv: ClvTrait | null;
  churn_risk: number | null;
}

export interface MarketingContext {
  settings: ResolvedTraitSettings;
  scales: MarketingScales;
}

export interface MarketingOptions {
  /** Recompute `clv` / `churn_risk` (on orders and refits); false keeps the customer's current ones. */
  clv?: boolean;
}

const millisecondsPerDay = 86_400_000;

/**
 * The marketing traits of one customer at `now`: RFM and value tier placed on the last refresh's
 * scales (null until the first refresh), the lifecycle stage from the order history, and CLV from the
 * last fitted model (null without a model or without orders). docs/traits.md defines each.
 */
export function computeMarketingTraits(customer: Customer, context: MarketingContext, now: number, options: MarketingOptions = {}): MarketingTraits {
  const { traits } = customer;
  const { settings, scales } = context;
  const ordersCount = traits.orders_count ?? 0;
  const rfmInput = { orders_count: ordersCount, revenue_total: traits.revenue_total ?? 0, last_order_at: traits.last_order_at ?? null };
  let rfm: RfmTrait | UnscoredRfmTrait | null = null;
  if (ordersCount >= 1 && rfmInput.last_order_at !== null) {
    rfm = scales.rfm
      ? scoreRfmWithScale(rfmInput, scales.rfm, now)
      : {
          recency_days: Math.max(0, Math.floor((now - Date.parse(rfmInput.last_order_at)) / millisecondsPerDay)),
          frequency: ordersCount,
          monetary: rfmInput.revenue_total,
          r: null,
          f: null,
          m: null,
          score: null,
          group: null,
          scored_at: null,
        };
  }

  let clv = (traits.clv as ClvTrait | null | undefined) ?? null;
  let churnRisk = (traits.churn_risk as number | null | undefined) ?? null;
  if (options.clv !== false) {
    const statistics = orderDayStatisticsOf(customer);
    const computed = scales.clv_model && statistics ? computeClvTraits(statistics, scales.clv_model, now, settings.clv) : null;
    clv = computed?.clv ?? null;
    churnRisk = computed?.churn_risk ?? null;
  }

  const tierValue = settings.value_tier.basis === 'clv' ? (clv?.predicted_clv ?? null) : rfmInput.revenue_total;
  const lifecycle = computeLifecycleStage(lifecycleHistoryOf(customer), now, settings.lifecycle);
  return {
    rfm,
    value_tier: scales.value_tier ? assignValueTierWithScale(tierValue, scales.value_tier, now) : null,
    lifecycle_stage: lifecycle,
    lifecycle_stage_entered_at: lifecycle.entered_at,
    clv,
    churn_risk: churnRisk,
  };
}

/** The customer with its marketing traits recomputed (see computeMarketingTraits). */
export function withMarketingTraits(customer: Customer, context: MarketingContext, now: number, options: MarketingOptions = {}): Customer {
  return { ...customer, traits: { ...customer.traits, ...computeMarketingTraits(customer, context, now, options) } };
}

/**
 * Whether the marketing traits no longer match the customer's orders: an order or a refund changed
 * the counters, or an identity merge brought another customer's orders, or they were never computed.
 */
export function hasStaleMarketingTraits(customer: Customer): boolean {
  const { traits } = customer;
  if (traits.lifecycle_stage === undefined) return true;
  const rfm = traits.rfm as { frequency: number; monetary: number } | null | undefined;
  const ordersCount = traits.orders_count ?? 0;
  if (rfm === undefined) return true;
  if (rfm === null) return ordersCount > 0;
  return rfm.frequency !== ordersCount || rfm.monetary !== (traits.revenue_total ?? 0);
}
