/**
 * Recognises the documented differences from json-rules-engine (docs/conditions.md): its relational
 * operators run `numberValidator(a) && a < b`, so JavaScript converts arrays and objects to text,
 * null and booleans to 0/1, and reads unusual numeric text (" 3", "0x10", "Infinity", "") as a number.
 * Wayfarer's relational operators do not (engine/rules/relational-comparison.ts).
 */
import { type Condition, createFactReader, findOperator, isFactReference, listFactConditions } from '../../engine/rules/index';
import { isPlainDecimal } from '../../engine/rules/relational-comparison';

function numberValidator(value: unknown): boolean {
  return Number.parseFloat(value as string).toString() !== 'NaN';
}

/** json-rules-engine's own lessThan / lessThanInclusive / greaterThan / greaterThanInclusive. */
const javascriptRelational: Record<string, (a: unknown, b: unknown) => boolean> = {
  lessThan: (a, b) => numberValidator(a) && (a as number) < (b as number),
  lessThanInclusive: (a, b) => numberValidator(a) && (a as number) <= (b as number),
  greaterThan: (a, b) => numberValidator(a) && (a as number) > (b as number),
  greaterThanInclusive: (a, b) => numberValidator(a) && (a as number) >= (b as number),
};

/** Whether a value pair is one of the conversions docs/conditions.md lists. */
export function isDocumentedConversion(left: unknown, right: unknown): boolean {
  const unusualNumericText = (text: unknown, other: unknown): boolean => typeof text === 'string' && !isPlainDecimal(text) && typeof other !== 'string';
  return (
    Array.isArray(left) ||
    Array.isArray(right) ||
    right === null ||
    typeof right === 'boolean' ||
    typeof right === 'object' ||
    unusualNumericText(left, right) ||
    unusualNumericText(right, left)
  );
}

/**
 * For one condition and document: `none` when json-rules-engine's relational leaves give Wayfarer's
 * answers; `documented` when some leaf differs for a documented conversion; `undocumented` when a leaf
 * differs for any other reason (a bug).
 */
export function findJavaScriptCoercion(condition: Condition, customer: object, event: object | undefined): 'none' | 'documented' | 'undocumented' {
  let found: 'none' | 'documented' | 'undocumented' = 'none';
  for (const leaf of listFactConditions(condition)) {
    const reference = javascriptRelational[leaf.operator];
    if (!reference) continue;
    const left = createFactReader(leaf)(customer, event);
    const right = isFactReference(leaf.value) ? createFactReader(leaf.value)(customer, event) : leaf.value;
    const ours = findOperatorAnswer(leaf.operator, left, right);
    if (ours === reference(left, right)) continue;
    if (!isDocumentedConversion(left, right)) return 'undocumented';
    found = 'documented';
  }
  return found;
}

function findOperatorAnswer(operator: string, left: unknown, right: unknown): boolean {
  return findOperator(operator)!.evaluate(left, right, 0);
}
