import { describe, expect, it } from 'vitest';
import { renderAttributeValues, sampleCustomer } from '../../engine/journeys';

const customer = { ...sampleCustomer, attributes: { first_name: 'Ann', points: 7 } };
const input = { customer, journey: { id: 'j', step: 'remember' }, now: Date.parse('2024-05-01T12:00:00.000Z') };

describe('update-attributes value templates', () => {
  it('returns the values as they are, without rendering, when none holds Liquid', () => {
    const set = { plan: 'gold', note: 'curly { braces }', count: 3, nested: { a: '{{ attributes.first_name }}' } };
    const rendered = renderAttributeValues(set, input);
    expect(rendered.set).toBe(set);
    expect(rendered.failed).toEqual([]);
  });

  it('leaves an attribute unchanged and reports it when its template fails for this customer', () => {
    const rendered = renderAttributeValues({ broken: '{{ attributes.first_name', doubled: '{{ attributes.points | times: 2 }}' }, input);
    expect(rendered.set).toEqual({ doubled: 14 });
    expect(rendered.failed).toEqual([{ key: 'broken', message: expect.any(String) }]);
  });
});
