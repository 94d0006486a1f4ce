/**
 * Random conditions over the facts of condition-universe.ts: every operator, operands of the right
 * type for the fact (the checker must accept every one), fact-to-fact comparisons, json-rules-engine
 * `path`s, and nesting of all / any / not.
 */
import { findOperator, type FactType, type OperatorName, operatorNames } from '../../engine/rules/index';
import {
  createDatePool,
  dayCountPool,
  elementPool,
  numberPool,
  prefixPool,
  stringPool,
  type UniverseFact,
  universeFacts,
  wholeDayPool,
} from './condition-universe';
import type { SeededRandom } from './seeded-random';

type Json = Record<string, unknown>;
const datePool = createDatePool();
const operandDates = datePool.valid.filter((text) => text.length === 24 || text.length === 10);

function scalarFor(random: SeededRandom, type: FactType): unknown {
  switch (type) {
    case 'number':
      return random.pick(numberPool);
    case 'string':
      return random.pick(stringPool);
    case 'boolean':
      return random.chance(0.5);
    case 'date':
      return random.pick(operandDates);
    default:
      return random.pick([...numberPool, ...stringPool, true, false]);
  }
}

function comparableFor(random: SeededRandom, type: FactType): number | string {
  if (type === 'number') return random.pick(numberPool);
  if (type === 'date') return random.pick(operandDates);
  return random.chance(0.5) ? random.pick(numberPool) : random.pick(operandDates);
}

/** Operators applicable to a fact type (facts of type `any` take every operator). */
function operatorsFor(type: FactType): OperatorName[] {
  return operatorNames.filter((name) => type === 'any' || findOperator(name)!.factTypes.includes(type));
}

function operandFor(random: SeededRandom, operator: OperatorName, fact: UniverseFact): unknown {
  const type = fact.type;
  const kind = findOperator(operator)!.operand;
  switch (kind) {
    case 'scalar':
      return random.chance(0.1) ? null : scalarFor(random, type);
    case 'scalar-list': {
      const list = Array.from({ length: random.integer(1, 4) }, () => scalarFor(random, type));
      if (random.chance(0.15)) list.push(null);
      return list;
    }
    case 'comparable':
      return comparableFor(random, type);
    case 'range': {
      const kindOfRange = type === 'any' ? (random.chance(0.5) ? 'number' : 'date') : type;
      const a = comparableFor(random, kindOfRange);
      const b = comparableFor(random, kindOfRange);
      return a <= b ? [a, b] : [b, a];
    }
    case 'flag':
      return random.chance(0.5);
    case 'text':
      return random.pick(prefixPool);
    case 'days':
      return random.pick(dayCountPool);
    case 'whole-days':
      return random.pick(wholeDayPool);
    case 'element':
      return random.pick(elementPool);
    case 'element-list':
      return random.sample(elementPool, random.integer(1, 3));
  }
}

function reference(fact: UniverseFact): Json {
  return fact.path ? { fact: fact.fact, path: fact.path } : { fact: fact.fact };
}

/** A fact test; about one in six comparable ones compares two facts. */
export function generateFactCondition(random: SeededRandom, facts: readonly UniverseFact[]): Json {
  const fact = random.pick(facts);
  const operator = random.pick(operatorsFor(fact.type));
  const leaf: Json = { ...reference(fact), operator };
  if (findOperator(operator)!.comparesFacts && random.chance(0.18)) {
    const partners = facts.filter(
      (other) =>
        other !== fact &&
        (other.type === fact.type || other.type === 'any' || fact.type === 'any') &&
        (other.type === 'any' || findOperator(operator)!.factTypes.includes(other.type)),
    );
    if (partners.length > 0) {
      leaf.value = reference(random.pick(partners));
      return leaf;
    }
  }
  leaf.value = operandFor(random, operator, fact);
  return leaf;
}

/** A random condition tree of at most `depth` levels. */
export function generateCondition(random: SeededRandom, options: { scope: 'customer' | 'event'; depth?: number }): Json {
  const facts = universeFacts.filter((fact) => options.scope === 'event' || fact.scope === 'customer');
  const build = (depth: number): Json => {
    const roll = random.next();
    if (depth <= 1 || roll < 0.5) return generateFactCondition(random, facts);
    if (roll < 0.52) return { all: [] };
    const count = random.integer(1, 4);
    if (roll < 0.72) return { all: Array.from({ length: count }, () => build(depth - 1)) };
    if (roll < 0.9) return { any: Array.from({ length: count }, () => build(depth - 1)) };
    return { not: build(depth - 1) };
  };
  return build(options.depth ?? 4);
}
