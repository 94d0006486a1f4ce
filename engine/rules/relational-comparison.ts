/**
 * lessThan / lessThanInclusive / greaterThan / greaterThanInclusive (and `between`, built on them).
 *
 * json-rules-engine runs `numberValidator(a) && a < b`, so JavaScript's implicit conversions decide
 * everything that is not two numbers. Wayfarer keeps the conversions a MongoDB filter can reproduce
 * exactly and no others:
 *   - two strings compare as text, when the left one passes json-rules-engine's validator (it starts,
 *     after white space, with a digit, "."+digit, a sign or "Infinity") — this is how dates compare;
 *   - otherwise both sides must be numbers, where a string written as a plain decimal ("34", "-2.5e3")
 *     counts as its number;
 *   - anything else (arrays, null, booleans, "0x1F", " 34", "Infinity" against a number) is false.
 * docs/conditions.md lists the cases where this differs from json-rules-engine.
 */

export type RelationalSymbol = '<' | '<=' | '>' | '>=';

/** Every character `parseFloat` skips before a number (ECMAScript StrWhiteSpaceChar). */
export const javascriptWhiteSpace = '\t\n\u000b\f\r \u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff';

/**
 * Regex source, valid with the same meaning in JavaScript and in MongoDB's PCRE: strings for which
 * `parseFloat` is not NaN (json-rules-engine's numberValidator). White space is written as literal
 * characters because `\s` and `\v` differ between the two dialects.
 */
export const floatPrefixSource = `^[${javascriptWhiteSpace}]*[+-]?(?:Infinity|\\.?\\d)`;

/**
 * Regex source for a plain decimal: JSON number syntax with bounded digits, so JavaScript, mingo and
 * MongoDB's $convert read the same finite double. `(?![\s\S])` ends the string in both dialects
 * (PCRE's `$` would also match before a final newline).
 */
export const plainDecimalSource = '^-?\\d{1,30}(?:\\.\\d{1,30})?(?:[eE][+-]?\\d{1,2})?(?![\\s\\S])';

const floatPrefix = new RegExp(floatPrefixSource);
const plainDecimal = new RegExp(plainDecimalSource);

/** Whether a string is a plain decimal that counts as a number in comparisons. */
export function isPlainDecimal(text: string): boolean {
  return plainDecimal.test(text);
}

/** The number a value stands for in a comparison, or `undefined`. */
export function toComparableNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isNaN(value) ? undefined : value;
  if (typeof value === 'string' && plainDecimal.test(value)) return Number(value);
  return undefined;
}

function holds<T extends number | string>(a: T, b: T, symbol: RelationalSymbol): boolean {
  switch (symbol) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    case '>=':
      return a >= b;
  }
}

/** `left <symbol> right` under the rules above. */
export function compareRelational(left: unknown, right: unknown, symbol: RelationalSymbol): boolean {
  if (typeof left === 'string' && typeof right === 'string') return floatPrefix.test(left) && holds(left, right, symbol);
  const a = toComparableNumber(left);
  if (a === undefined) return false;
  const b = toComparableNumber(right);
  return b !== undefined && holds(a, b, symbol);
}

/** A comparison against a fixed operand, specialised for compiled predicates. */
export function createRelationalTest(operand: number | string, symbol: RelationalSymbol): (value: unknown) => boolean {
  if (typeof operand === 'string') {
    return (value) => typeof value === 'string' && floatPrefix.test(value) && holds(value, operand, symbol);
  }
  switch (symbol) {
    case '<':
      return (value) => (typeof value === 'number' ? value < operand : typeof value === 'string' && plainDecimal.test(value) && Number(value) < operand);
    case '<=':
      return (value) => (typeof value === 'number' ? value <= operand : typeof value === 'string' && plainDecimal.test(value) && Number(value) <= operand);
    case '>':
      return (value) => (typeof value === 'number' ? value > operand : typeof value === 'string' && plainDecimal.test(value) && Number(value) > operand);
    case '>=':
      return (value) => (typeof value === 'number' ? value >= operand : typeof value === 'string' && plainDecimal.test(value) && Number(value) >= operand);
  }
}
