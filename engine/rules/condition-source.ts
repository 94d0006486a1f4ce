/**
 * Compiles a checked condition into one generated JavaScript function: every fact read and every
 * simple operator test is written out inline with its property names and operands as literals, so V8
 * optimises each condition on its own (a shared closure tree sees every condition's shapes at its
 * call sites and becomes megamorphic). Operators with more machinery (relative time, anniversaries,
 * lists longer than eight) call their closure from condition-predicate.ts. The function takes the
 * evaluation context itself, so an evaluation is one call.
 *
 * Only literals produced by JSON.stringify and names of this module enter the source: a condition's
 * text can never become code.
 */
import { type Condition, type FactReference, isAllCondition, isAnyCondition, isFactReference, isNotCondition } from './condition';
import { createValueTest } from './condition-predicate';
import { eventFactRoot, parseFactPath, parseMemberPath } from './fact-path';
import { getOperator } from './operator-table';
import { floatPrefixSource, plainDecimalSource, toComparableNumber } from './relational-comparison';

const relational: Record<string, string> = { lessThan: '<', lessThanInclusive: '<=', greaterThan: '>', greaterThanInclusive: '>=' };

/** A JavaScript literal for a JSON scalar. */
function literal(value: unknown): string {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value))) return JSON.stringify(value);
  throw new Error(`Cannot write ${typeof value} as a literal: check conditions before compiling them.`);
}

class SourceWriter {
  readonly constants: unknown[] = [];

  constant(value: unknown): string {
    this.constants.push(value);
    return `k[${this.constants.length - 1}]`;
  }

  /** An expression reading `segments` from `root` (fact-path.ts: non-array objects, functions absent). */
  readPath(root: string, segments: readonly string[]): string {
    const steps = [`typeof (t = ${root}) === "object" && t !== null && !A(t)`];
    segments.forEach((segment, i) => {
      if (i < segments.length - 1) steps.push(`typeof (t = t[${literal(segment)}]) === "object" && t !== null && !A(t)`);
      else steps.push(`(t = t[${literal(segment)}], typeof t !== "function")`);
    });
    return `(${steps.join(' && ')} ? t : undefined)`;
  }

  /** An expression for a fact's value, with json-rules-engine's `path` rule. */
  readFact(reference: FactReference): string {
    const parsed = parseFactPath(reference.fact);
    if (!parsed.ok) throw new Error(`Fact "${reference.fact}" ${parsed.reason}: check conditions before compiling them.`);
    const isEvent = parsed.segments[0] === eventFactRoot;
    const base = this.readPath(isEvent ? 'e' : 'c', isEvent ? parsed.segments.slice(1) : parsed.segments);
    if (reference.path === undefined) return base;
    const member = parseMemberPath(reference.path);
    if (!member.ok) throw new Error(`Path "${reference.path}" ${member.reason}: check conditions before compiling them.`);
    return `((u = ${base}), typeof u === "object" && u !== null ? (A(u) ? undefined : ${this.readPath('u', member.segments)}) : u)`;
  }

  /** A boolean expression testing `v` against a constant operand. */
  testValue(operator: string, operand: unknown): string {
    const symbol = relational[operator];
    if (symbol) {
      if (typeof operand === 'string') return `(typeof v === "string" && F.test(v) && v ${symbol} ${literal(operand)})`;
      const x = literal(operand);
      return `(typeof v === "number" ? v ${symbol} ${x} : typeof v === "string" && P.test(v) && Number(v) ${symbol} ${x})`;
    }
    const list = Array.isArray(operand) ? operand : [];
    switch (operator) {
      case 'equal':
        return `(v === ${literal(operand)})`;
      case 'notEqual':
        return `(v !== ${literal(operand)})`;
      case 'in':
        if (list.length <= 8) return `(${list.map((item) => `v === ${literal(item)}`).join(' || ')})`;
        break;
      case 'notIn':
        if (list.length <= 8) return `(${list.map((item) => `v !== ${literal(item)}`).join(' && ')})`;
        break;
      case 'contains':
        return `(A(v) && v.indexOf(${literal(operand)}) > -1)`;
      case 'doesNotContain':
        return `(A(v) && v.indexOf(${literal(operand)}) === -1)`;
      case 'between': {
        const [low, high] = operand as [unknown, unknown];
        return `(${this.testValue('greaterThanInclusive', low)} && ${this.testValue('lessThanInclusive', high)})`;
      }
      case 'exists':
        return operand ? '(v !== undefined && v !== null)' : '(v === undefined || v === null)';
      case 'startsWith':
        return `(typeof v === "string" && v.startsWith(${literal(operand)}))`;
      case 'containsAll':
        if (list.length <= 8) return `(A(v) && ${list.map((item) => `v.indexOf(${literal(item)}) > -1`).join(' && ')})`;
        break;
      case 'containsAny':
        if (list.length <= 8) return `(A(v) && (${list.map((item) => `v.indexOf(${literal(item)}) > -1`).join(' || ')}))`;
        break;
      case 'containsNone':
        if (list.length <= 8) return `(A(v) && ${list.map((item) => `v.indexOf(${literal(item)}) === -1`).join(' && ')})`;
        break;
    }
    return `${this.constant(createValueTest(getOperator(operator).name, structuredClone(operand)))}(v, n)`;
  }

  node(node: Condition): string {
    if (isAllCondition(node) || isAnyCondition(node)) {
      const children = (isAllCondition(node) ? node.all : node.any).map((child) => this.node(child));
      // json-rules-engine: an empty list is true for all and any alike.
      if (children.length === 0) return 'true';
      return `(${children.join(isAllCondition(node) ? ' && ' : ' || ')})`;
    }
    if (isNotCondition(node)) return `!${this.node(node.not)}`;
    const operator = getOperator(node.operator);
    if (isFactReference(node.value)) {
      const read = `v = ${this.readFact(node)}, w = ${this.readFact(node.value)}`;
      if (operator.name === 'equal') return `(${read}, v === w)`;
      if (operator.name === 'notEqual') return `(${read}, v !== w)`;
      const symbol = relational[operator.name];
      if (!symbol) throw new Error(`${operator.name} does not compare facts: check conditions before compiling them.`);
      // relational-comparison.ts: two strings compare as text, anything else as numbers (N) or not at all.
      return `(${read}, typeof v === "string" && typeof w === "string" ? F.test(v) && v ${symbol} w : (v = N(v)) !== undefined && (w = N(w)) !== undefined && v ${symbol} w)`;
    }
    return `(v = ${this.readFact(node)}, ${this.testValue(operator.name, node.value)})`;
  }
}

let canGenerate: boolean | undefined;

/** Whether this runtime lets code be generated (a Content-Security-Policy may forbid it in a browser). */
function isCodeGenerationAllowed(): boolean {
  if (canGenerate === undefined) {
    try {
      canGenerate = new Function('return true')() === true;
    } catch {
      canGenerate = false;
    }
  }
  return canGenerate;
}

/** `test(customer, { now, event? })` exactly as CompiledCondition exposes it. */
export type ContextTest = (customer: object, context: { now: number; event?: object | null }) => boolean;

/**
 * The generated predicate of a checked condition, taking the evaluation context directly (one call per
 * evaluation, no wrapper), or `null` where code generation is not allowed.
 */
export function compileGeneratedPredicate(condition: Condition, options: { dependsOnTime: boolean }): ContextTest | null {
  if (!isCodeGenerationAllowed()) return null;
  const writer = new SourceWriter();
  const body = writer.node(condition);
  const timeCheck = options.dependsOnTime ? 'if (typeof n !== "number") throw new Error(M);' : '';
  const source = `"use strict"; return function test(c, x) { const e = x.event ?? undefined, n = x.now; ${timeCheck} let t, u, v, w; return ${body}; };`;
  const factory = new Function('k', 'A', 'P', 'F', 'N', 'M', source);
  return factory(writer.constants, Array.isArray, new RegExp(plainDecimalSource), new RegExp(floatPrefixSource), toComparableNumber, timeMessage) as ContextTest;
}

/** The error a time-dependent condition throws when called without `now`. */
export const timeMessage = 'This condition depends on time: pass { now } (milliseconds from a Clock).';
