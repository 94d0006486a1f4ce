/**
 * Money is summed in integer micro-units (millionths of the currency unit). Integer sums are exact and
 * do not depend on the order of the additions, so `revenue_total` is the same number whatever order the
 * orders arrive in; floating-point sums are not (0.1 + 0.2 + 0.3 !== 0.3 + 0.2 + 0.1). Exact up to
 * ±9,007,199,254 currency units per customer; amounts are rounded to 6 decimals on the way in.
 */
export const microsPerUnit = 1_000_000;

/**
 * The amount of an order event in micro-units: `revenue`, else `total`, as a finite number or a numeric
 * string; 0 when neither is usable (the order still counts; its value is unknown).
 *
 * @example amountOfOrder({ revenue: 139.12 }) // 139120000
 */
export function amountOfOrder(properties: Record<string, unknown> | undefined): number {
  if (!properties) return 0;
  const revenue = toMicros(properties.revenue);
  if (revenue !== null) return revenue;
  return toMicros(properties.total) ?? 0;
}

/** A money value in micro-units, or null when the value is not a finite amount. */
export function toMicros(value: unknown): number | null {
  let amount: number;
  if (typeof value === 'number') amount = value;
  else if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) amount = Number(value);
  else return null;
  if (!Number.isFinite(amount)) return null;
  const micros = Math.round(amount * microsPerUnit);
  return Number.isSafeInteger(micros) ? micros : null;
}

/** Micro-units back to a currency amount. */
export function fromMicros(micros: number): number {
  return micros / microsPerUnit;
}
