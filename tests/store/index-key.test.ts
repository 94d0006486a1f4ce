import { compare } from 'mingo/util';
import { describe, expect, it } from 'vitest';
import { encodeComponent, encodeValue, entryOf, idOfEntry, prefixEnd, tupleKeyOfEntry } from '../../engine/store/embedded/index-key';
import { SeededRandom } from '../support/seeded-random';

/** Scalars of every type a JSON document holds, with the edge cases of each. */
function randomScalar(random: SeededRandom): unknown {
  switch (random.integer(0, 6)) {
    case 0:
      return null;
    case 1:
      return random.pick([0, -0, 1, -1, 0.5, -0.5, 1e-300, -1e300, 1e300, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, Infinity, -Infinity, 2 ** 53 + 2]);
    case 2:
      return (random.next() - 0.5) * 10 ** random.integer(-5, 12);
    case 3:
      return random.pick(['', 'a', 'ab', 'a\u0000', 'a\u0000b', 'a\u0001', 'b', 'B', 'é', '日本', '\uffff', 'z'.repeat(random.integer(1, 4))]);
    case 4:
      return Array.from({ length: random.integer(0, 3) }, () => random.pick(['\u0000', '\u0001', 'a', 'b', '\u00ff', '\u0100'])).join('');
    case 5:
      return random.chance(0.5);
    default:
      return new Date(random.integer(-1e12, 4e12));
  }
}

describe('index key encoding', () => {
  it('orders encoded scalars exactly as mingo compares them', () => {
    const random = new SeededRandom(1);
    for (let i = 0; i < 20000; i++) {
      const a = randomScalar(random);
      const b = randomScalar(random);
      const expected = Math.sign(compare(a, b));
      const ascending = encodeValue(a) < encodeValue(b) ? -1 : encodeValue(a) > encodeValue(b) ? 1 : 0;
      expect({ a, b, order: ascending }).toEqual({ a, b, order: expected });
      const descending = encodeComponent(a, -1) < encodeComponent(b, -1) ? -1 : encodeComponent(a, -1) > encodeComponent(b, -1) ? 1 : 0;
      expect(descending).toBe(expected === 0 ? 0 : -expected);
    }
  });

  it('keys a missing field as null, as MongoDB indexes do', () => {
    expect(encodeValue(undefined)).toBe(encodeValue(null));
  });

  it('keeps compound keys in field order (components are prefix-free)', () => {
    const random = new SeededRandom(2);
    for (let i = 0; i < 5000; i++) {
      const a = [randomScalar(random), randomScalar(random)];
      const b = [randomScalar(random), randomScalar(random)];
      const expected = Math.sign(compare(a[0], b[0]) || compare(a[1], b[1]));
      const keyA = encodeValue(a[0]) + encodeComponent(a[1], -1);
      const keyB = encodeValue(b[0]) + encodeComponent(b[1], -1);
      const first = Math.sign(compare(a[0], b[0]));
      const actual = keyA < keyB ? -1 : keyA > keyB ? 1 : 0;
      expect(actual).toBe(first !== 0 ? first : 0 - Math.sign(compare(a[1], b[1])) || 0);
      expect(expected === 0).toBe(first === 0 && compare(a[1], b[1]) === 0);
    }
  });

  it('turns a prefix into a half-open range and reads ids back from entries', () => {
    const key = encodeValue('customer') + encodeValue(42);
    const end = prefixEnd(key)!;
    expect(key + 'anything' < end).toBe(true);
    expect(key + '\uffff\uffff' < end).toBe(true);
    expect(end > key).toBe(true);
    expect(prefixEnd('\uffff\uffff')).toBeNull();
    const entry = entryOf(key, 'doc-1');
    expect(idOfEntry(entry)).toBe('doc-1');
    expect(tupleKeyOfEntry(entry)).toBe(key);
    expect(entry.startsWith(key)).toBe(true);
  });
});
