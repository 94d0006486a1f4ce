import { describe, expect, it } from 'vitest';
import { combineAttributes, mergeAttributes } from '../../engine/profile/index';

/**
 * Values with no stamp (a simulation's made-up customer, documents written before stamps existed)
 * count as older than any write: an object written over one merges into it, as over a stamped one.
 */
describe('attributes without stamps', () => {
  it('take an object write key by key, keeping the keys it does not name', () => {
    const state = { values: { profile: { name: 'Ada', city: 'Leeds' }, plan: 'free' }, stamps: {} };
    const merged = mergeAttributes(state, { profile: { tier: 'gold', city: 'York' } }, '2024-05-01T12:00:00.000Z m1');
    expect(merged.values).toEqual({ profile: { name: 'Ada', city: 'York', tier: 'gold' }, plan: 'free' });
    expect(state.values.profile).toEqual({ name: 'Ada', city: 'Leeds' });
  });

  it('are replaced by a scalar write', () => {
    const merged = mergeAttributes({ values: { profile: { name: 'Ada' } }, stamps: {} }, { profile: 'none' }, '2024-05-01T12:00:00.000Z m1');
    expect(merged.values).toEqual({ profile: 'none' });
  });
});

describe('merging a customer whose attributes have no stamps', () => {
  it('keeps those values where the other customer has nothing at the key, and nowhere else', () => {
    const known = mergeAttributes({ values: {}, stamps: {} }, { email: 'k@example.com', plan: 'paid' }, '2024-05-01T12:00:00.000Z m1');
    const anonymous = { values: { tags: ['trial'], loyalty_points: 50, plan: 'trial' }, stamps: {} };
    expect(combineAttributes(known, anonymous).values).toEqual({ email: 'k@example.com', plan: 'paid', tags: ['trial'], loyalty_points: 50 });
    expect(known.values).toEqual({ email: 'k@example.com', plan: 'paid' });
  });
});
