import { describe, expect, it } from 'vitest';
import {
  addConditionChild,
  chooseValueEditor,
  defaultValueFor,
  fillWildcards,
  findConditionNode,
  groupConditionProblems,
  isValueFitting,
  listOperatorsForFact,
  parseListText,
  readWildcardParts,
  removeConditionNode,
  setGroupKind,
  toggleNegation,
  updateConditionRule,
} from '../../editor/src/condition-document/index';
import { checkCondition, createFactCatalogue, describeConditionLanguage, type Condition } from '../../engine/rules/index';
import type { FactCatalogue } from '../../schemas/types';

const buyers: Condition = { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 2 }] };
// What GET /api/facts serves, built by the engine the way the server builds it.
const catalogue = { ...describeConditionLanguage(createFactCatalogue()), segments: [] } as unknown as FactCatalogue;

describe('condition commands', () => {
  it('builds nested groups and rules by path', () => {
    let condition = addConditionChild(buyers, { path: [], child: { any: [{ fact: 'attributes.country', operator: 'equal', value: 'France' }] } });
    condition = addConditionChild(condition, { path: [1], child: { fact: 'attributes.country', operator: 'equal', value: 'Spain' } });
    condition = toggleNegation(condition, { path: [1] });
    expect(condition).toEqual({
      all: [
        { fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 2 },
        { not: { any: [{ fact: 'attributes.country', operator: 'equal', value: 'France' }, { fact: 'attributes.country', operator: 'equal', value: 'Spain' }] } },
      ],
    });
    expect(findConditionNode(condition, [1, 'not', 1])).toEqual({ fact: 'attributes.country', operator: 'equal', value: 'Spain' });
    expect(checkCondition(condition, createFactCatalogue()).ok).toBe(true);
  });

  it('changes a rule and leaves everything else the same object', () => {
    const condition = addConditionChild(buyers, { path: [], child: { fact: 'attributes.country', operator: 'equal', value: 'France' } });
    const changed = updateConditionRule(condition, { path: [1], operator: 'in', value: ['France', 'Spain'] });
    expect(findConditionNode(changed, [1])).toEqual({ fact: 'attributes.country', operator: 'in', value: ['France', 'Spain'] });
    expect(findConditionNode(changed, [0])).toBe(findConditionNode(condition, [0]));
    expect(updateConditionRule(condition, { path: [1], value: 'France' })).toBe(condition);
    expect(updateConditionRule(condition, { path: [7], value: 'x' })).toBe(condition);
  });

  it('removes a node (a negated one with its not) and switches all/any', () => {
    let condition = addConditionChild(buyers, { path: [], child: { not: { fact: 'segments', operator: 'contains', value: 'vip' } } });
    condition = removeConditionNode(condition, { path: [1, 'not'] });
    expect(condition).toEqual(buyers);
    expect(removeConditionNode(buyers, { path: [] })).toBe(buyers);
    expect(setGroupKind(buyers, { path: [], kind: 'any' })).toEqual({ any: buyers.all });
  });
});

describe('what the builder offers for a fact', () => {
  const find = (path: string) => catalogue.facts.find((fact) => fact.path === path)!;

  it('lists only the operators a fact\'s type accepts', () => {
    const names = (path: string) => listOperatorsForFact(find(path), catalogue.operators).map((operator) => operator.name);
    expect(names('traits.last_order_at')).toContain('withinLastDays');
    expect(names('traits.orders_count')).not.toContain('withinLastDays');
    expect(names('segments')).toEqual(expect.arrayContaining(['contains', 'containsAny']));
    expect(names('segments')).not.toContain('lessThan');
  });

  it('chooses inputs and starting values the engine accepts for every fact and operator', () => {
    for (const fact of catalogue.facts.filter((candidate) => !candidate.path.includes('*') && candidate.scope === 'customer' && candidate.type !== 'object')) {
      for (const operator of listOperatorsForFact(fact, catalogue.operators)) {
        const value = defaultValueFor(fact, operator);
        if (Array.isArray(value) && value.length === 0) continue; // a list to fill in: the check says so
        const checked = checkCondition({ all: [{ fact: fact.path, operator: operator.name, value }] } as Condition, createFactCatalogue());
        expect(checked.ok, `${fact.path} ${operator.name} ${JSON.stringify(value)}: ${checked.ok ? '' : checked.problem.details[0]?.message}`).toBe(true);
        expect(isValueFitting(value, chooseValueEditor(fact, operator))).toBe(true);
      }
    }
  });

  it('reads typed lists and fills wildcard facts', () => {
    expect(parseListText('1, 2.5, x,', 'number')).toEqual([1, 2.5, 'x']);
    expect(parseListText('United Kingdom, France', 'string')).toEqual(['United Kingdom', 'France']);
    expect(readWildcardParts('traits.event_counts.*', 'traits.event_counts.Order Completed')).toEqual(['Order Completed']);
    expect(readWildcardParts('attributes.**', 'attributes.address.city')).toEqual(['address.city']);
    expect(fillWildcards('journeys.*.state', ['welcome'])).toBe('journeys.welcome.state');
  });
});

describe('problems next to the rule they point at', () => {
  it('maps the engine\'s JSON pointers onto builder nodes and fields', () => {
    const condition = { all: [buyers.all[0], { any: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 'three' }] }] };
    const checked = checkCondition(condition, createFactCatalogue(), { at: ['conditions'] });
    expect(checked.ok).toBe(false);
    const grouped = groupConditionProblems(checked.ok ? [] : checked.problem.details, '/conditions');
    expect([...grouped.keys()]).toEqual(['1.0']);
    expect(grouped.get('1.0')![0]).toMatchObject({ field: 'value' });
    expect(groupConditionProblems([{ pointer: '/name', message: 'x' }], '/conditions').size).toBe(0);
  });
});
