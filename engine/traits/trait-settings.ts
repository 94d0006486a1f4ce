import type { ClvModel, TraitSettings } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import type { TimeUnit } from '../models/index';
import { validateAgainstSchema } from '../validation/index';
import { checkLifecycleOptions, defaultLifecycleOptions, type LifecycleOptions } from './lifecycle-stage';
import type { RfmScale } from './rfm';
import { checkValueTierOptions, defaultValueTierOptions, type ValueTierOptions, type ValueTierScale } from './value-tier';

/** A workspace's marketing-trait settings with every default filled in. */
export interface ResolvedTraitSettings {
  value_tier: ValueTierOptions;
  lifecycle: LifecycleOptions;
  clv: { horizon_days: number; annual_discount_rate: number; time_unit: TimeUnit };
  schedule: { rfm_refresh_minutes: number; clv_fit_hours: number };
}

export const defaultTraitSettings: ResolvedTraitSettings = {
  value_tier: defaultValueTierOptions,
  lifecycle: defaultLifecycleOptions,
  clv: { horizon_days: 365, annual_discount_rate: 0, time_unit: 'weeks' },
  schedule: { rfm_refresh_minutes: 60, clv_fit_hours: 24 },
};

/**
 * What the workspace-wide marketing traits were last computed against: the scales of the last RFM
 * refresh (to re-score one customer after an order) and the last CLV fit.
 */
export interface MarketingScales {
  rfm: RfmScale | null;
  value_tier: ValueTierScale | null;
  clv_model: ClvModel | null;
}

/** Settings as stored (what the client sent) with the defaults filled in. */
export function resolveTraitSettings(stored: TraitSettings | undefined): ResolvedTraitSettings {
  return {
    value_tier: { ...defaultTraitSettings.value_tier, ...stored?.value_tier },
    lifecycle: { ...defaultTraitSettings.lifecycle, ...stored?.lifecycle },
    clv: { ...defaultTraitSettings.clv, ...stored?.clv },
    schedule: { ...defaultTraitSettings.schedule, ...stored?.schedule },
  };
}

/**
 * Checks settings sent to `PUT /api/traits/settings`: the schema, then the rules of value tiers
 * (percentages summing to at most 100) and lifecycle stages (min gap ≤ max gap, at risk before lapsed).
 */
export function checkTraitSettings(input: unknown): Result<TraitSettings> {
  const valid = validateAgainstSchema<TraitSettings>('trait-settings', input);
  if (!valid.ok) return valid;
  const details: ProblemDetail[] = [];
  const tiers = checkValueTierOptions(valid.value.value_tier ?? {});
  if (!tiers.ok) details.push(...tiers.problem.details.map((detail) => ({ ...detail, pointer: `/value_tier${detail.pointer ?? ''}` })));
  const lifecycle = checkLifecycleOptions(valid.value.lifecycle ?? {});
  if (!lifecycle.ok) details.push(...lifecycle.problem.details.map((detail) => ({ ...detail, pointer: `/lifecycle${detail.pointer ?? ''}` })));
  return details.length > 0 ? fail(createProblem('VALIDATION_FAILED', details)) : ok(valid.value);
}
