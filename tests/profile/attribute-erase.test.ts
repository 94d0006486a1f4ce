import { describe, expect, it } from 'vitest';
import { combineAttributes, eraseAttributes, mergeAttributes, type AttributeState } from '../../engine/profile/index';

const empty: AttributeState = { values: {}, stamps: {} };
const at = (minute: number, id = 'm') => `2024-05-01T12:${String(minute).padStart(2, '0')}:00.000Z ${id}`;

describe('erasing attributes at a stamp', () => {
  const written = mergeAttributes(empty, { plan: 'free', address: { city: 'Leeds' } }, at(0));
  const erased = eraseAttributes(written, ['plan', 'address', 'never_set'], at(10));

  it('removes the values and keeps stamps, so older writes do not bring them back and newer ones do', () => {
    expect(erased.values).toEqual({});
    expect(mergeAttributes(erased, { plan: 'pro', never_set: 1, address: { zip: 'LS1' } }, at(5)).values).toEqual({});
    expect(mergeAttributes(erased, { plan: 'pro', address: { zip: 'LS1' } }, at(15)).values).toEqual({ plan: 'pro', address: { zip: 'LS1' } });
  });

  it('does nothing to a key written after the erasure', () => {
    const later = mergeAttributes(empty, { plan: 'pro' }, at(20));
    expect(eraseAttributes(later, ['plan'], at(10))).toBe(later);
  });

  it('carries through a merge of two customers either way round, as the later write says', () => {
    const other = mergeAttributes(empty, { plan: 'pro' }, at(5));
    expect(combineAttributes(erased, other).values).toEqual({});
    expect(combineAttributes(other, erased).values).toEqual({});
    const newer = mergeAttributes(empty, { plan: 'paid' }, at(30));
    expect(combineAttributes(erased, newer).values).toEqual({ plan: 'paid' });
    expect(combineAttributes(newer, erased).values).toEqual({ plan: 'paid' });
  });
});
