import type { ScheduledJob } from '../runtime/index';
import { fitWorkspaceClvModel } from './clv-refit';
import type { CustomersChangedHook } from './customer-rewrite';
import { refreshWorkspaceMarketingTraits } from './marketing-refresh';
import { backfillTraits } from './trait-backfill';
import { loadTraitCatalog } from './trait-catalog';
import { reevaluateDueTraits, traitClockIntervalMilliseconds } from './trait-clock';
import { traitCollectionNames } from './trait-collections';

/** The names of the traits area's scheduled jobs. */
export const traitJobNames = {
  /** Windowed traits and lifecycle stages whose due time has come (every 10 s). */
  clock: 'traits.clock',
  /** Customers' values of new, changed or deleted definitions (every minute, and on request). */
  backfill: 'traits.backfill',
  /** RFM scores, value tiers and lifecycle stages over the workspace (settings: schedule.rfm_refresh_minutes, default hourly). */
  refresh: 'traits.refresh',
  /** The CLV model, refitted and every buyer rescored (settings: schedule.clv_fit_hours, default daily). */
  clvFit: 'traits.clv-fit',
} as const;

export interface TraitJobOptions {
  /** Told about the customers each chunk of a batch job changed: the segments' batch recompute. */
  onCustomersChanged?: CustomersChangedHook;
}

/**
 * The traits area's jobs for the runtime's scheduler. `traits.clv-fit` takes the request of
 * `POST /api/models/clv/fit` as its run parameters and returns a `Result` (a workspace without enough
 * orders to fit gives `MODEL_FIT_FAILED`, which a scheduled run simply records).
 */
export function createTraitJobs(options: TraitJobOptions = {}): ScheduledJob[] {
  const { onCustomersChanged } = options;
  return [
    {
      name: traitJobNames.clock,
      intervalMilliseconds: traitClockIntervalMilliseconds,
      leaseMilliseconds: 60_000,
      run: (runtime, workspace, now, context) => reevaluateDueTraits(runtime, workspace, now, { onCustomersChanged, extendLease: context.extendLease }),
    },
    {
      name: traitJobNames.backfill,
      intervalMilliseconds: 60_000,
      workspaces: (runtime) => runtime.store.listWorkspaces(traitCollectionNames.definitions),
      run: (runtime, workspace, now, context) => backfillTraits(runtime, workspace, now, { onCustomersChanged, extendLease: context.extendLease }),
    },
    {
      name: traitJobNames.refresh,
      intervalMilliseconds: async (runtime, workspace) => (await loadTraitCatalog(runtime.store, workspace)).settings.schedule.rfm_refresh_minutes * 60_000,
      run: (runtime, workspace, now, context) => refreshWorkspaceMarketingTraits(runtime, workspace, now, { onCustomersChanged, extendLease: context.extendLease }),
    },
    {
      name: traitJobNames.clvFit,
      intervalMilliseconds: async (runtime, workspace) => (await loadTraitCatalog(runtime.store, workspace)).settings.schedule.clv_fit_hours * 3_600_000,
      run: (runtime, workspace, now, context) => fitWorkspaceClvModel(runtime, workspace, now, context.params ?? {}, { onCustomersChanged, extendLease: context.extendLease }),
    },
  ];
}
