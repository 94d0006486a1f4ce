import type { RandomSource } from './seeded-random';

/**
 * Draws from the distributions the BG/NBD and Gamma-Gamma generative processes use, from any uniform
 * source. Rates, not scales: Gamma(shape, rate) has mean shape/rate, as in the papers.
 */

/** A standard normal draw (Box–Muller). */
export function sampleStandardNormal(random: RandomSource): number {
  const u = 1 - random(); // (0, 1]: keeps the logarithm finite
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
}

/** An exponential draw with the given rate (mean 1/rate). */
export function sampleExponential(random: RandomSource, rate: number): number {
  return -Math.log(1 - random()) / rate;
}

/**
 * A Gamma(shape, rate) draw: Marsaglia & Tsang (2000), "A simple method for generating gamma
 * variables", with Gamma(k) = Gamma(k+1) · U^(1/k) for shapes below 1.
 */
export function sampleGamma(random: RandomSource, shape: number, rate: number): number {
  if (shape < 1) {
    const boosted = sampleGamma(random, shape + 1, 1);
    return (boosted * Math.pow(1 - random(), 1 / shape)) / rate;
  }
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const normal = sampleStandardNormal(random);
    const cube = (1 + c * normal) ** 3;
    if (cube <= 0) continue;
    const u = 1 - random();
    if (Math.log(u) < 0.5 * normal * normal + d - d * cube + d * Math.log(cube)) return (d * cube) / rate;
  }
}

/** A Beta(a, b) draw as X/(X+Y) with X ~ Gamma(a), Y ~ Gamma(b). */
export function sampleBeta(random: RandomSource, a: number, b: number): number {
  const x = sampleGamma(random, a, 1);
  const y = sampleGamma(random, b, 1);
  return x / (x + y);
}
