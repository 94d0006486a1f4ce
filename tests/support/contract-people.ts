import type { StoragePort, StoredDocument } from '../../engine/store/index';

/**
 * The people the storage contract (tests/store/storage-contract.ts) reads and writes: four in one
 * workspace, two in another, with nested fields, arrays, a null and missing values.
 */
export interface Person extends StoredDocument {
  name: string;
  email?: string | null;
  age?: number;
  address?: { city?: string; zip?: string };
  tags?: string[];
  score?: number;
  version?: number;
}

export const A = 'ws_aaaa';
export const B = 'ws_bbbb';

export async function seedPeople(store: StoragePort): Promise<void> {
  const people = store.collection<Person>('people');
  await people.insertMany(A, [
    { _id: 'p1', name: 'Ada', age: 36, email: 'ada@example.com', address: { city: 'London', zip: 'N1' }, tags: ['vip', 'early'], score: 10 },
    { _id: 'p2', name: 'Grace', age: 45, address: { city: 'New York' }, tags: ['early'], score: 30 },
    { _id: 'p3', name: 'Alan', age: 41, email: null, address: { city: 'London' }, tags: [], score: 20 },
    { _id: 'p4', name: 'Edsger', age: 72, address: { city: 'Austin' } },
  ]);
  await people.insertMany(B, [
    { _id: 'q1', name: 'Ada', age: 99, email: 'ada@example.com', address: { city: 'London' }, tags: ['vip'] },
    { _id: 'q2', name: 'Barbara', age: 50, address: { city: 'Boston' } },
  ]);
}

/** Ids as a sorted list, for order-free comparisons. */
export function idsOf(docs: Array<{ _id: string }>): string[] {
  return docs.map((doc) => doc._id).sort();
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}
