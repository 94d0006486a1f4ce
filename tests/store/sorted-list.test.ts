import { describe, expect, it } from 'vitest';
import { SortedList } from '../../engine/store/embedded/sorted-list';
import { SeededRandom } from '../support/seeded-random';

function bisectLeft(values: string[], value: string): number {
  let low = 0;
  while (low < values.length && values[low] < value) low++;
  return low;
}

describe('sorted list', () => {
  it('matches a plain sorted array through thousands of random adds, deletes, scans and counts', () => {
    const random = new SeededRandom(3);
    const list = new SortedList();
    let reference: string[] = [];
    const key = () => String(random.integer(0, 5000)).padStart(5, '0');
    for (let step = 0; step < 10000; step++) {
      const value = key();
      if (random.chance(0.65)) {
        expect(list.add(value)).toBe(!reference.includes(value));
        if (!reference.includes(value)) reference = [...reference.slice(0, bisectLeft(reference, value)), value, ...reference.slice(bisectLeft(reference, value))];
      } else {
        expect(list.delete(value)).toBe(reference.includes(value));
        reference = reference.filter((item) => item !== value);
      }
      if (step % 97 === 0) {
        expect(list.size).toBe(reference.length);
        const [a, b] = [key(), key()].sort();
        const lower = random.chance(0.2) ? null : a;
        const upper = random.chance(0.2) ? null : b;
        const expected = reference.filter((item) => (lower === null || item >= lower) && (upper === null || item < upper));
        const forward: string[] = [];
        list.scan(lower, upper, false, (item) => (forward.push(item), true));
        expect(forward).toEqual(expected);
        const backward: string[] = [];
        list.scan(lower, upper, true, (item) => (backward.push(item), true));
        expect(backward).toEqual([...expected].reverse());
        expect(list.countRange(lower, upper)).toBe(expected.length);
        expect(list.rank(a)).toBe(bisectLeft(reference, a));
        const firstThree: string[] = [];
        list.scan(lower, upper, true, (item) => (firstThree.push(item), firstThree.length < 3));
        expect(firstThree).toEqual([...expected].reverse().slice(0, 3));
      }
    }
    expect([...list.values()]).toEqual(reference);
  });

  it('bulk-loads sorted values', () => {
    const list = new SortedList();
    const values = Array.from({ length: 5000 }, (_, i) => String(i).padStart(6, '0'));
    list.load(values);
    expect(list.size).toBe(5000);
    expect(list.countRange('001000', '002000')).toBe(1000);
    expect(list.has('004999')).toBe(true);
    list.add('0010005');
    expect(list.rank('001001')).toBe(1002);
  });
});
