import type { BgNbdParameters } from './bg-nbd-likelihood';
import type { CustomerSummary } from './customer-summary';
import type { GammaGammaParameters } from './gamma-gamma-likelihood';
import { sampleBeta, sampleExponential, sampleGamma } from './random-variates';
import type { RandomSource } from './seeded-random';

/**
 * Synthetic customer bases drawn from the models' own generative processes — for demos, for what-if
 * previews, and for testing that the fitting recovers known parameters.
 *
 * BG/NBD (Fader, Hardie & Lee 2005, §2): each customer gets λ ~ Gamma(r, α) and p ~ Beta(a, b); from
 * their first purchase at time 0 they buy at the times of a Poisson process of rate λ, and right after
 * each repeat purchase they drop out with probability p. Observed until their age T.
 * Gamma-Gamma: each customer gets ν ~ Gamma(q, v); each repeat purchase has value ~ Gamma(p, ν);
 * monetary_value is the mean of the repeat purchases' values.
 */
export interface SimulationOptions {
  customers: number;
  /** Every customer's age T, or a range [min, max] from which each age is drawn uniformly. */
  age: number | readonly [number, number];
  random: RandomSource;
  /** Spend parameters; without them monetary_value is null. */
  spend?: GammaGammaParameters;
}

/**
 * Customer summaries simulated from the BG/NBD (and optionally the Gamma-Gamma) process, in continuous
 * time (no same-day collapsing: the unit is whatever the parameters are in).
 */
export function simulateBgNbdCustomers(parameters: BgNbdParameters, options: SimulationOptions): CustomerSummary[] {
  const { random, spend } = options;
  const customers: CustomerSummary[] = [];
  for (let index = 0; index < options.customers; index++) {
    const age = typeof options.age === 'number' ? options.age : options.age[0] + random() * (options.age[1] - options.age[0]);
    const rate = sampleGamma(random, parameters.r, parameters.alpha);
    const dropout = sampleBeta(random, parameters.a, parameters.b);
    let time = 0;
    let x = 0;
    let recency = 0;
    for (;;) {
      time += sampleExponential(random, rate);
      if (time > age) break;
      x++;
      recency = time;
      if (random() < dropout) break;
    }
    let monetaryValue: number | null = null;
    if (spend && x > 0) {
      const scale = sampleGamma(random, spend.q, spend.v);
      let total = 0;
      for (let purchase = 0; purchase < x; purchase++) total += sampleGamma(random, spend.p, scale);
      monetaryValue = total / x;
    }
    customers.push({ x, t_x: recency, T: age, monetary_value: monetaryValue });
  }
  return customers;
}
