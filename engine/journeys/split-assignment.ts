/**
 * Deterministic assignment for random splits, A/B variants and holdouts: the same inputs always land
 * in the same bucket, so a replayed step takes the same branch and a customer keeps their variant.
 * cyrb53 (a public-domain 53-bit string hash) is used rather than node:crypto so the module stays pure
 * and runs in the editor too; it is for spreading customers evenly, not for secrecy.
 */
function cyrb53(text: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/** A number in [0, 1) fixed by the parts. */
export function hashToUnit(parts: ReadonlyArray<string | number>): number {
  return cyrb53(parts.join('\u0000')) / 2 ** 53;
}

/** The id of the branch a unit value falls in, weights taken in order (they need not sum to 1). */
export function pickWeightedBranch(branches: ReadonlyArray<{ id: string; weight: number }>, unit: number): string {
  const total = branches.reduce((sum, branch) => sum + branch.weight, 0);
  let threshold = unit * total;
  for (const branch of branches) {
    if (threshold < branch.weight) return branch.id;
    threshold -= branch.weight;
  }
  return branches[branches.length - 1].id;
}

/**
 * The A/B variant of a customer at a split and whether they are in its holdout. Both depend only on
 * journey, split and customer (not on the version or the visit), so a customer who re-enters, or
 * meets a newer version, keeps the same group and the comparison stays clean.
 */
export function assignVariant(
  input: { journeyId: string; stateId: string; customerId: string },
  variants: ReadonlyArray<{ id: string; weight: number }>,
  holdoutPercent: number,
): { variant: string; holdout: boolean } {
  const holdout = hashToUnit(['holdout', input.journeyId, input.stateId, input.customerId]) * 100 < holdoutPercent;
  const variant = pickWeightedBranch(variants, hashToUnit(['variant', input.journeyId, input.stateId, input.customerId]));
  return { variant, holdout };
}
