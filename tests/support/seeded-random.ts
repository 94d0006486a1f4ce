/**
 * A small seeded PRNG (mulberry32) so randomised tests and benchmarks are reproducible: the same
 * seed gives the same sequence of floats in [0, 1) on every machine.
 */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** createRandom with the helpers randomised tests want. */
export class SeededRandom {
  /** A float in [0, 1). */
  readonly next: () => number;

  constructor(readonly seed: number) {
    this.next = createRandom(seed);
  }

  /** An integer in [min, max]. */
  integer(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A few distinct items (order random). */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const chosen: T[] = [];
    while (chosen.length < count && pool.length > 0) chosen.push(pool.splice(Math.floor(this.next() * pool.length), 1)[0]);
    return chosen;
  }
}

/** The seed of a randomised test: `RULES_SEED=…` reproduces a failing run. */
export function readSeed(variable: string, fallback: number): number {
  const text = process.env[variable];
  const seed = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(seed)) throw new Error(`${variable} must be an integer seed, got "${text}".`);
  return seed;
}
