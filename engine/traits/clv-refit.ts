import type { ClvFitRequest, ClvModel, Customer, StoredEvent } from '../../schemas/types';
import { createProblem, fail, ok, type Result } from '../errors/index';
import { collectOrderDayStatistics, fitClvModel, summarizeOrderDays, type CustomerSummary, type OrderDayStatistics, type TimeUnit } from '../models/index';
import { amountOfOrder, fromMicros, orderCompletedEvent } from '../profile/index';
import type { RuntimeContext } from '../runtime/index';
import { validateAgainstSchema } from '../validation/index';
import { orderDayStatisticsOf } from './customer-order-history';
import { keepUnchangedMarketingTraits, refreshCustomerTraits } from './customer-traits-refresh';
import { rewriteCustomers, type CustomersChangedHook } from './customer-rewrite';
import { refreshWorkspaceMarketingTraits, type MarketingRefreshReport } from './marketing-refresh';
import { loadTraitCatalog } from './trait-catalog';
import { traitCollectionNames } from './trait-collections';
import { readTraitConfig, updateTraitConfigOp } from './trait-config';
import { createStoredEventRebuilder } from './trait-event-source';

export interface ClvRefitOptions {
  onCustomersChanged?: CustomersChangedHook;
  extendLease?: () => Promise<boolean>;
}

export interface ClvFitReport {
  model: ClvModel;
  /** Customers whose clv / churn_risk were recomputed (every buyer). */
  scored_customers: number;
  changed_customers: number;
  /** The value-tier refresh that followed, when tiers rank predicted CLV. */
  value_tiers?: MarketingRefreshReport;
}

const dayPattern = /^\d{4}-\d{2}-\d{2}/;

/**
 * Fits BG/NBD + Gamma-Gamma over the workspace's buyers and rescores every customer's `clv` and
 * `churn_risk` (what `POST /api/models/clv/fit` and the daily job run):
 *
 * - the summaries come from each customer's order-day ledger cut at `observation_end` (default today;
 *   orders after it are ignored, T is measured to it), with the papers' conventions (docs/traits.md);
 *   a customer whose ledger folded days past the cut is read from the events instead;
 * - the fitted model is stored in the workspace config (GET /api/models/clv), then every buyer is
 *   rescored at `now` from the whole ledger, in chunks; value tiers by CLV are refreshed after.
 *
 * `VALIDATION_FAILED` for a bad request, `MODEL_FIT_FAILED` when the data cannot support a fit.
 */
export async function fitWorkspaceClvModel(runtime: RuntimeContext, workspace: string, now: number, request: unknown, options: ClvRefitOptions = {}): Promise<Result<ClvFitReport>> {
  const valid = validateAgainstSchema<ClvFitRequest>('clv-fit-request', request ?? {});
  if (!valid.ok) return valid;
  const today = new Date(now).toISOString().slice(0, 10);
  const requestedEnd = valid.value.observation_end;
  if (requestedEnd !== undefined && (!dayPattern.test(requestedEnd) || Number.isNaN(Date.parse(requestedEnd)))) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/observation_end', message: 'must be a YYYY-MM-DD day or an ISO-8601 time.' }]));
  }
  const observationEnd = requestedEnd === undefined ? today : new Date(Date.parse(requestedEnd)).toISOString().slice(0, 10);
  if (observationEnd > today) {
    return fail(createProblem('VALIDATION_FAILED', [{ pointer: '/observation_end', message: `${observationEnd} is after today (${today}); the model can only be fitted on orders that happened.` }]));
  }
  const before = await loadTraitCatalog(runtime.store, workspace);
  const timeUnit: TimeUnit = valid.value.time_unit ?? before.settings.clv.time_unit;

  const summaries = await summarizeBuyers(runtime, workspace, observationEnd, timeUnit);
  const nowIso = new Date(now).toISOString();
  const fitted = fitClvModel(summaries, { time_unit: timeUnit, observation_end: observationEnd, fitted_at: nowIso });
  if (!fitted.ok) return fitted;
  const saved = await runtime.store.commit(workspace, [updateTraitConfigOp(workspace, nowIso, { clv_model: fitted.value })]);
  if (!saved.ok) throw new Error(`Could not store the CLV model of ${workspace}: ${JSON.stringify(saved.conflict)}.`);

  const catalog = await loadTraitCatalog(runtime.store, workspace);
  const rebuild = createStoredEventRebuilder(runtime.store, workspace);
  const rewrite = await rewriteCustomers(runtime, workspace, now, {
    filter: { 'traits.orders_count': { $gte: 1 } },
    extendLease: options.extendLease,
    onCommitted: options.onCustomersChanged ? (ids) => options.onCustomersChanged!(runtime, workspace, ids, ['traits.clv', 'traits.churn_risk', 'traits.value_tier']) : undefined,
    async compute(customers) {
      const next: Customer[] = [];
      for (const customer of customers) {
        const refreshed = await refreshCustomerTraits(customer, catalog, { event: null, now, before: customer, rebuild, marketing: { clv: true } });
        next.push(keepUnchangedMarketingTraits(customer, refreshed));
      }
      return next;
    },
  });
  const report: ClvFitReport = { model: fitted.value, scored_customers: rewrite.visited, changed_customers: rewrite.changed };
  if (catalog.settings.value_tier.basis === 'clv') report.value_tiers = await refreshWorkspaceMarketingTraits(runtime, workspace, now, options);
  return ok(report);
}

/** The fitted model of the workspace (GET /api/models/clv), or null before the first fit. */
export async function readClvModel(runtime: Pick<RuntimeContext, 'store'>, workspace: string): Promise<ClvModel | null> {
  return (await readTraitConfig(runtime.store, workspace))?.clv_model ?? null;
}

interface LedgerProjection {
  _id: string;
  workspace: string;
  meta?: Customer['meta'];
  traits: Customer['traits'];
}

/** One summary per customer with an order on or before `observationEnd`. */
async function summarizeBuyers(runtime: RuntimeContext, workspace: string, observationEnd: string, timeUnit: TimeUnit): Promise<CustomerSummary[]> {
  const summaries: CustomerSummary[] = [];
  const customers = runtime.store.collection<LedgerProjection>(traitCollectionNames.customers);
  const projection = { 'meta.orders': 1, 'traits.orders_count': 1 } as const;
  for await (const customer of customers.iterate(workspace, { 'traits.orders_count': { $gte: 1 } }, { projection })) {
    let statistics: OrderDayStatistics | null | undefined = orderDayStatisticsOf(customer as unknown as Customer, observationEnd);
    if (statistics === undefined) statistics = await readOrderDayStatistics(runtime, workspace, customer._id, observationEnd);
    if (statistics) summaries.push(summarizeOrderDays(statistics, { observation_end: observationEnd, time_unit: timeUnit }));
  }
  return summaries;
}

/** The statistics from the stored orders themselves (when the ledger folded the days needed). */
async function readOrderDayStatistics(runtime: RuntimeContext, workspace: string, customerId: string, throughDay: string): Promise<OrderDayStatistics | null> {
  const orders: Array<{ at: string; value: number }> = [];
  const events = runtime.store.collection<StoredEvent>(traitCollectionNames.events);
  for await (const event of events.iterate(workspace, { customerId, type: 'track', event: orderCompletedEvent })) {
    orders.push({ at: event.timestamp, value: fromMicros(amountOfOrder(event.properties)) });
  }
  return collectOrderDayStatistics(orders, throughDay);
}
