/**
 * checkCondition: the gate every condition passes before it is stored or compiled. It checks the
 * structure (schemas/condition.schema.json), the limits, every fact against the catalogue, every
 * operator and operand against the fact's type, and refuses any `$` key: a condition can never carry
 * a MongoDB operator into a compiled filter.
 */
import { createProblem, fail, ok, type ErrorCode, type ProblemDetail, type Result, toPointer } from '../errors/index';
import { validateAgainstSchema } from '../validation/index';
import type { Condition } from './condition';
import { defaultConditionLimits, type ConditionLimits } from './condition-limits';
import { type FactCatalogue, type FactDefinition, findFact, listNearbyFacts } from './fact-catalogue';
import { parseFactPath, parseMemberPath } from './fact-path';
import type { FactType } from './fact-type';
import { checkOperand, describeValue } from './operand-check';
import { findOperator, operatorNames, type OperatorDefinition } from './operator-table';

export interface CheckOptions {
  /**
   * `customer` (default): segment criteria, trait filters — only customer facts.
   * `event`: journey triggers, branches and waits — customer facts and `event.*` facts.
   */
  scope?: 'customer' | 'event';
  /** Overrides of the default limits (defaultConditionLimits). */
  limits?: Partial<ConditionLimits>;
  /** Pointer segments prepended to every detail (`['criteria']` → `/criteria/all/0/fact`). */
  at?: Array<string | number>;
}

type Path = Array<string | number>;
const groupKinds = ['all', 'any', 'not'] as const;
const leafKeys = new Set(['fact', 'operator', 'value', 'path', 'params', 'name', 'priority']);
const referenceKeys = new Set(['fact', 'path', 'params']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A resolved fact: the catalogue entry of what the leaf reads, and its type. */
interface ResolvedFact {
  shown: string;
  type: FactType;
  definition: FactDefinition;
}

class ConditionChecker {
  readonly details: ProblemDetail[] = [];
  private nodes = 0;
  private tooMany = false;

  constructor(
    private readonly catalogue: FactCatalogue,
    private readonly limits: ConditionLimits,
    private readonly scope: 'customer' | 'event',
  ) {}

  add(code: ErrorCode, at: Path, message: string): void {
    this.details.push({ code, pointer: toPointer(at), message });
  }

  checkNode(node: unknown, at: Path, depth: number): void {
    if (this.tooMany) return;
    if (++this.nodes > this.limits.maxNodes) {
      this.tooMany = true;
      this.add('INVALID_CONDITION', at, `makes the condition larger than ${this.limits.maxNodes} nodes; split it or simplify it.`);
      return;
    }
    if (depth > this.limits.maxDepth) {
      this.add('INVALID_CONDITION', at, `nests deeper than ${this.limits.maxDepth} levels of all / any / not; flatten it.`);
      return;
    }
    if (!isPlainObject(node)) {
      this.add('INVALID_CONDITION', at, `must be an object with one of all, any, not or fact; got ${describeValue(node)}.`);
      return;
    }
    for (const key of Object.keys(node)) {
      if (key.startsWith('$')) this.add('INVALID_CONDITION', [...at, key], 'starts with "$": keys starting with "$" are not allowed (a condition cannot carry MongoDB operators).');
    }
    const kinds = [...groupKinds, 'fact'].filter((kind) => Object.prototype.hasOwnProperty.call(node, kind));
    if (kinds.length === 0) {
      if (Object.prototype.hasOwnProperty.call(node, 'condition')) {
        this.add('INVALID_CONDITION', [...at, 'condition'], 'is a json-rules-engine condition reference, which Wayfarer does not support; write the condition itself here.');
      } else {
        this.add('INVALID_CONDITION', at, 'must have one of all, any, not or fact.');
      }
      return;
    }
    if (kinds.length > 1) {
      this.add('INVALID_CONDITION', at, `has both ${kinds.join(' and ')}; a node is either a group (all / any / not) or a fact test.`);
      return;
    }
    this.checkCommon(node, at);
    const kind = kinds[0];
    if (kind === 'fact') {
      this.checkLeaf(node, at);
      return;
    }
    for (const key of Object.keys(node)) {
      if (key !== kind && key !== 'name' && key !== 'priority' && !key.startsWith('$')) this.add('INVALID_CONDITION', [...at, key], `is not allowed in an "${kind}" group (only ${kind}, name, priority).`);
    }
    const children = node[kind];
    if (kind === 'not') {
      if (!isPlainObject(children)) this.add('INVALID_CONDITION', [...at, 'not'], `must be one condition object (not a list); got ${describeValue(children)}.`);
      else this.checkNode(children, [...at, 'not'], depth + 1);
      return;
    }
    if (!Array.isArray(children)) {
      this.add('INVALID_CONDITION', [...at, kind], `must be a list of conditions; got ${describeValue(children)}.`);
      return;
    }
    if (kind === 'any' && children.length === 0) {
      this.add('INVALID_CONDITION', [...at, 'any'], 'is empty: add at least one condition (json-rules-engine treats an empty "any" as true, which is never what a group in progress means).');
      return;
    }
    children.forEach((child, i) => this.checkNode(child, [...at, kind, i], depth + 1));
  }

  private checkCommon(node: Record<string, unknown>, at: Path): void {
    const has = (key: string): boolean => Object.prototype.hasOwnProperty.call(node, key);
    if (has('name') && (typeof node.name !== 'string' || node.name.length > 200)) this.add('INVALID_CONDITION', [...at, 'name'], 'must be text of at most 200 characters.');
    if (has('priority') && !(Number.isInteger(node.priority) && (node.priority as number) >= 1)) this.add('INVALID_CONDITION', [...at, 'priority'], 'must be a whole number >= 1.');
  }

  /** Resolves `fact` (+ `path`, `params`) of a leaf or of a fact reference; reports and returns null on a problem. */
  private resolveFact(holder: Record<string, unknown>, at: Path): ResolvedFact | null {
    const fact = holder.fact;
    if (typeof fact !== 'string') {
      this.add('INVALID_CONDITION', [...at, 'fact'], `must be a fact path like "traits.orders_count"; got ${describeValue(fact)}.`);
      return null;
    }
    const parsed = parseFactPath(fact);
    if (!parsed.ok) {
      this.add('INVALID_CONDITION', [...at, 'fact'], `"${fact.slice(0, 80)}" is not a fact path: it ${parsed.reason}.`);
      return null;
    }
    let memberSegments: string[] = [];
    if (holder.path !== undefined) {
      const member = typeof holder.path === 'string' ? parseMemberPath(holder.path) : ({ ok: false, reason: 'must be text' } as const);
      if (!member.ok) {
        this.add('INVALID_CONDITION', [...at, 'path'], `is not a supported path: it ${member.reason}.`);
        return null;
      }
      memberSegments = member.segments;
    }
    if (holder.params !== undefined && (!isPlainObject(holder.params) || Object.keys(holder.params).length > 0)) {
      this.add('INVALID_CONDITION', [...at, 'params'], `must be empty: ${fact} takes no parameters.`);
      return null;
    }
    const base = this.lookUp(fact, [...at, 'fact']);
    if (!base) return null;
    if (memberSegments.length === 0) return { shown: fact, type: base.type, definition: base };
    if (base.type !== 'object' && base.type !== 'any') {
      this.add('TYPE_MISMATCH', [...at, 'path'], `${fact} is a ${base.type} fact; a path only reaches into object facts.`);
      return null;
    }
    const full = `${fact}.${memberSegments.join('.')}`;
    const inner = this.lookUp(full, [...at, 'path']);
    return inner ? { shown: `${fact} ${holder.path as string}`, type: inner.type, definition: inner } : null;
  }

  private lookUp(path: string, at: Path): FactDefinition | undefined {
    const definition = findFact(this.catalogue, path);
    if (!definition) {
      const nearby = listNearbyFacts(this.catalogue, path);
      this.add('UNKNOWN_FACT', at, `"${path}" is not in the fact catalogue.${nearby.length ? ` Facts nearby: ${nearby.join(', ')}.` : ''}`);
      return undefined;
    }
    if (definition.scope === 'event' && this.scope === 'customer') {
      this.add('UNKNOWN_FACT', at, `"${path}" is a fact of the triggering event; it exists only in journey triggers, branches and waits, not in segment criteria or trait filters.`);
      return undefined;
    }
    return definition;
  }

  private checkLeaf(node: Record<string, unknown>, at: Path): void {
    for (const key of Object.keys(node)) {
      if (!leafKeys.has(key) && !key.startsWith('$')) this.add('INVALID_CONDITION', [...at, key], 'is not allowed in a fact test (only fact, operator, value, path, params, name, priority).');
    }
    const missing = ['operator', 'value'].filter((key) => !Object.prototype.hasOwnProperty.call(node, key) || node[key] === undefined);
    for (const key of missing) this.add('INVALID_CONDITION', [...at, key], 'is required in a fact test.');
    const fact = this.resolveFact(node, at);
    let operator: OperatorDefinition | undefined;
    if (!missing.includes('operator')) {
      if (typeof node.operator !== 'string') {
        this.add('UNKNOWN_OPERATOR', [...at, 'operator'], `must be an operator name; got ${describeValue(node.operator)}.`);
      } else {
        operator = findOperator(node.operator);
        if (!operator) {
          const name = node.operator;
          const close = operatorNames.filter((candidate) => candidate.toLowerCase() === name.toLowerCase() || candidate.toLowerCase().startsWith(name.toLowerCase().slice(0, 4)));
          this.add('UNKNOWN_OPERATOR', [...at, 'operator'], `"${name.slice(0, 64)}" is not an operator.${close.length ? ` Did you mean ${close.join(' or ')}?` : ''} Operators: ${operatorNames.join(', ')}.`);
        }
      }
    }
    if (!fact || !operator || missing.length > 0) return;
    if (fact.type !== 'any' && !operator.factTypes.includes(fact.type)) {
      const fitting = operatorNames.filter((name) => findOperator(name)!.factTypes.includes(fact.type));
      this.add('TYPE_MISMATCH', [...at, 'operator'], `${operator.name} does not apply to ${fact.shown}, a ${fact.type} fact. Operators for ${fact.type} facts: ${fitting.join(', ')}.`);
      return;
    }
    const value = node.value;
    if (isPlainObject(value) && Object.prototype.hasOwnProperty.call(value, 'fact')) {
      this.checkFactReference(value, fact, operator, [...at, 'value']);
      return;
    }
    for (const detail of checkOperand(value, { fact: fact.shown, operator, type: fact.type, items: fact.definition.items, limits: this.limits, at: [...at, 'value'] })) {
      this.details.push(detail);
    }
  }

  private checkFactReference(reference: Record<string, unknown>, fact: ResolvedFact, operator: OperatorDefinition, at: Path): void {
    for (const key of Object.keys(reference)) {
      if (key.startsWith('$')) this.add('INVALID_CONDITION', [...at, key], 'starts with "$": keys starting with "$" are not allowed (a condition cannot carry MongoDB operators).');
      else if (!referenceKeys.has(key)) this.add('INVALID_CONDITION', [...at, key], 'is not allowed in a fact reference (only fact, path, params).');
    }
    if (!operator.comparesFacts) {
      this.add('TYPE_MISMATCH', at, `${operator.name} on ${fact.shown} compares with a value, not with another fact. Fact-to-fact comparison works with equal, notEqual, lessThan, lessThanInclusive, greaterThan and greaterThanInclusive.`);
      return;
    }
    const other = this.resolveFact(reference, at);
    if (!other) return;
    if (other.shown === fact.shown) {
      this.add('INVALID_CONDITION', at, `compares ${fact.shown} with itself; pick another fact or a value.`);
      return;
    }
    if (other.type !== 'any' && !operator.factTypes.includes(other.type)) {
      this.add('TYPE_MISMATCH', at, `${operator.name} cannot compare ${fact.shown} with ${other.shown}, a ${other.type} fact.`);
      return;
    }
    if (fact.type !== 'any' && other.type !== 'any' && fact.type !== other.type) {
      this.add('TYPE_MISMATCH', at, `${operator.name} compares ${fact.shown} (a ${fact.type} fact) with ${other.shown} (a ${other.type} fact); compare facts of the same type.`);
    }
  }
}

// TextEncoder rather than Buffer: the editor runs this checker in the browser.
const utf8 = new TextEncoder();

function measureBytes(json: unknown): number | null {
  try {
    return utf8.encode(JSON.stringify(json) ?? '').length;
  } catch {
    return null; // a cycle or a BigInt: not JSON
  }
}

/**
 * Checks a condition against the fact catalogue. On success the value is the condition itself, ready
 * for compileCondition; on failure the problem lists every offending place with a JSON pointer.
 *
 * @example checkCondition({ all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 'three' }] }, createFactCatalogue())
 * // { ok: false, problem: { code: 'TYPE_MISMATCH', details: [{ pointer: '/all/0/value', message: 'greaterThan on traits.orders_count (a number fact) needs a number; got the text "three".' }] } }
 */
export function checkCondition(json: unknown, catalogue: FactCatalogue, options: CheckOptions = {}): Result<Condition> {
  const limits: ConditionLimits = { ...defaultConditionLimits, ...options.limits };
  const prefix = options.at ?? [];
  const checker = new ConditionChecker(catalogue, limits, options.scope ?? 'customer');
  checker.checkNode(json, prefix, 1);
  if (checker.details.length === 0) {
    const bytes = measureBytes(json);
    if (bytes === null) checker.add('INVALID_CONDITION', prefix, 'is not JSON (it holds a cycle or a value JSON cannot carry).');
    else if (bytes > limits.maxBytes) checker.add('INVALID_CONDITION', prefix, `is ${bytes} bytes of JSON; the limit is ${limits.maxBytes}.`);
  }
  if (checker.details.length === 0) {
    // The schema is the contract other documents reference; the walk above is stricter, so this only
    // fails if the two drift apart (a test holds them together).
    const schema = validateAgainstSchema<Condition>('condition', json, toPointer(prefix));
    if (!schema.ok) return fail(createProblem('INVALID_CONDITION', schema.problem.details));
    return ok(json as Condition);
  }
  const code = checker.details[0].code ?? 'INVALID_CONDITION';
  const details = checker.details.map((detail) => (detail.code === code ? { pointer: detail.pointer, message: detail.message } : detail));
  return fail(createProblem(code, details));
}
