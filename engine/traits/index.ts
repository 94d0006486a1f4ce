/**
 * Computed traits. The built-in marketing traits — RFM, value tier, lifecycle stage, CLV — are pure
 * functions of a customer's order history (and, for the relative ones, of the workspace's other
 * customers); docs/traits.md defines each exactly.
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
