/**
 * A small, fast, seedable pseudo-random generator — sfc32 (Chris Doty-Humphrey's "small fast chaotic"
 * generator from PractRand), seeded through splitmix32 — so simulations and tests are reproducible.
 * Not for anything security-related.
 */
export type RandomSource = () => number;

/**
 * A generator of uniform numbers in [0, 1) determined entirely by `seed`.
 *
 * @example const random = createSeededRandom(42); random() // same value on every run
 */
export function createSeededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  const splitmix32 = (): number => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix32();
  let b = splitmix32();
  let c = splitmix32();
  let counter = 1;
  const next = (): number => {
    const result = (((a + b) >>> 0) + counter) >>> 0;
    counter = (counter + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + result) >>> 0;
    return result;
  };
  // The first outputs of a freshly seeded sfc32 are correlated with the seed; discard them.
  for (let warmUp = 0; warmUp < 12; warmUp++) next();
  return () => next() / 4294967296;
}
