/**
 * Computed traits. Custom trait definitions (aggregations over a customer's events, optionally over a
 * window of recent days) and the built-in marketing traits — RFM, value tier, lifecycle stage, CLV —
 * kept current on every event by the traits stage, on the clock by `traits.clock`, and over the
 * workspace by the scheduled jobs. The marketing traits are pure functions of a customer's order
 * history (and, for the relative ones, of the workspace's other customers); docs/traits.md defines each.
 */
export { computeClvTraits, type ClvTrait, type ClvTraitOptions, type ClvTraits } from './clv-trait';
export {
  checkLifecycleOptions,
  computeLifecycleStage,
  defaultLifecycleOptions,
  estimateTypicalGapDays,
  nextStageChangeAt,
  type LifecycleHistory,
  type LifecycleOptions,
  type LifecycleStage,
  type LifecycleStageTrait,
} from './lifecycle-stage';
export { computePercentileRanks, quantileGroupOf, type PercentileRanks } from './percentile-rank';
export { scoreRfm, scoreRfmWithScale, type RfmInput, type RfmScale, type RfmScoring, type RfmTrait } from './rfm';
export { classifyRfmGroup, rfmGroupLabels, type RfmGroup } from './rfm-group';
export {
  assignValueTiers,
  assignValueTierWithScale,
  checkValueTierOptions,
  defaultValueTierOptions,
  type ValueTier,
  type ValueTierAssignment,
  type ValueTierBasis,
  type ValueTierOptions,
  type ValueTierScale,
  type ValueTierTrait,
} from './value-tier';
export { aggregationKinds, type AggregationKind, type ScalarValue, type TraitValue } from './trait-aggregation';
export { fitWorkspaceClvModel, readClvModel, type ClvFitReport, type ClvRefitOptions } from './clv-refit';
export { compileTrait, maxKeptTextLength, type CompiledTrait } from './compiled-trait';
export { foldTraitEvents, updateComputedTraits, type TraitRebuildRequest, type TraitStateRebuilder } from './computed-traits';
export { lifecycleHistoryOf, orderDayStatisticsOf } from './customer-order-history';
export { rewriteCustomers, type CustomerRewriteOptions, type CustomerRewriteReport, type CustomersChangedHook } from './customer-rewrite';
export { readTraitsDueAt, readTraitStates, traitStatesKeyPrefix, traitsDueKey, type TraitState } from './customer-trait-state';
export { keepUnchangedMarketingTraits, refreshCustomerTraits, type CustomerTraitsInput } from './customer-traits-refresh';
export { refreshWorkspaceMarketingTraits, type MarketingRefreshReport } from './marketing-refresh';
export { computeMarketingTraits, hasStaleMarketingTraits, withMarketingTraits, type MarketingTraits, type UnscoredRfmTrait } from './marketing-traits';
export { toTraitView, traitDefinitionIdOf, type StoredTraitDefinition } from './stored-trait';
export { backfillTraits, type TraitBackfillReport } from './trait-backfill';
export { loadTraitCatalog, type TraitCatalog } from './trait-catalog';
export { reevaluateDueTraits, traitClockBoundMilliseconds, traitClockIntervalMilliseconds } from './trait-clock';
export { traitCollectionNames, traitCollections, traitsDueField } from './trait-collections';
export { readTraitConfig, traitConfigIdOf, updateTraitConfigOp, type TraitConfigDocument } from './trait-config';
export { checkTraitDefinition, engineEmittedEventNames, reservedTraitIds, type CheckedTraitDefinition, type TraitValueType } from './trait-definition';
export {
  createTraitDefinition,
  deleteTraitDefinition,
  findTraitDefinition,
  listTraitDefinitions,
  loadCustomTraitFacts,
  planTraitDefinitionSave,
  updateTraitDefinition,
  type TraitSaveResult,
} from './trait-definitions';
export { eventFilterOf, createStoredEventRebuilder } from './trait-event-source';
export { createTraitJobs, traitJobNames, type TraitJobOptions } from './trait-jobs';
export { checkTraitSettings, defaultTraitSettings, resolveTraitSettings, type MarketingScales, type ResolvedTraitSettings } from './trait-settings';
export { allTimeBucket, bucketExpiryOf, dayKeyOf, firstDayOfWindow } from './trait-window';
export { traitsStage } from './traits-stage';
export { maxDistinctValues, maxFrequentValues } from './value-list-aggregations';
export { readWorkspaceTraitSettings, saveWorkspaceTraitSettings } from './workspace-trait-settings';
