/**
 * The embedded store's native filter compiler must answer exactly as mingo (the embedded store's
 * reference semantics) on every filter and document: the compiled segment filters of random
 * conditions over random customers (arrays of objects, wrong types, nulls), and hand-built filters
 * over odd documents (intermediate scalars, Dates, NaN, nested arrays). Reproduce a failure with
 * NATIVE_FILTER_SEED=<seed>.
 */
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, createFactCatalogue, type CustomerCompiledCondition } from '../../engine/rules/index';
import { compileFilter, createQuery } from '../../engine/store/embedded/document-filter';
import { compileNativeFilter } from '../../engine/store/embedded/native-filter';
import { EmbeddedStore } from '../../engine/store/index';
import { universeNow } from '../support/condition-universe';
import { generateCondition } from '../support/random-condition';
import { generateCustomer } from '../support/random-customer';
import { readSeed, SeededRandom } from '../support/seeded-random';

const seed = readSeed('NATIVE_FILTER_SEED', 20_241_122);
type Doc = { _id: string; workspace: string } & Record<string, unknown>;

function disagreements(filter: Record<string, unknown>, docs: readonly Doc[]): Array<{ doc: Doc; native: boolean; mingo: boolean }> {
  const native = compileFilter(filter);
  const query = createQuery(filter);
  const found = [];
  for (const doc of docs) {
    const a = native(doc);
    const b = query.test(doc);
    if (a !== b) found.push({ doc, native: a, mingo: b });
  }
  return found;
}

const oddValues: unknown[] = [
  undefined, null, 0, -0, 1, 2.5, -3, 1e21, '', 'a', 'b', 'London', '1', '2024-06-01T00:00:00.000Z', true, false,
  [], ['a'], ['a', 'b'], [1, 2], [null], [['a']], [{ b: 1 }], [{ b: 'a' }], {}, { b: 1 }, { b: 'a' }, { b: null }, { b: [1] }, { b: { c: 1 } },
  new Date('2024-01-01T00:00:00.000Z'), Number.NaN, [Number.NaN],
];

function oddDocuments(): Doc[] {
  const docs: Doc[] = [];
  let n = 0;
  for (const a of oddValues) {
    docs.push({ _id: `d${n++}`, workspace: 'w', ...(a === undefined ? {} : { a }) });
    for (const b of oddValues) docs.push({ _id: `d${n++}`, workspace: 'w', a: b === undefined ? {} : { b } });
  }
  return docs;
}

const operands: unknown[] = [null, 0, 1, 2.5, 'a', 'b', '1', true, false, '2024-01-01'];
const paths = ['a', 'a.b', 'a.b.c', 'x'];

function randomFieldCondition(random: SeededRandom, depth = 0): unknown {
  const roll = random.integer(0, 17);
  const operand = random.pick(operands);
  switch (roll) {
    case 0: return operand;
    case 1: return { $eq: operand };
    case 2: return { $ne: operand };
    case 3: return { $in: random.sample(operands, random.integer(1, 3)) };
    case 4: return { $nin: random.sample(operands, random.integer(1, 3)) };
    case 5: return { $gt: operand };
    case 6: return { $gte: operand };
    case 7: return { $lt: operand };
    case 8: return { $lte: operand };
    case 9: return { $exists: random.chance(0.5) };
    case 10: return { $type: random.pick(['array', 'string', 'number', 'int', 'bool', 'null', 'object', 'double', 'date']) };
    case 11: return { $regex: random.pick(['^a', 'b$', '^\\d{4}-', '1', '^L']), ...(random.chance(0.3) ? { $options: 'i' } : {}) };
    case 12: return depth > 1 ? { $eq: operand } : { $not: randomFieldCondition(random, depth + 1) };
    case 13: return { $gte: random.pick([0, 'a']), $not: { $type: 'array' } };
    case 14: return { $type: 'array', $in: [random.pick(operands)] };
    case 15: return { $size: 1 };
    case 16: return { $elemMatch: { $eq: 1 } };
    default: return { $all: ['a'] };
  }
}

function randomFilter(random: SeededRandom, depth = 0): Record<string, unknown> {
  const roll = random.next();
  if (depth < 2 && roll < 0.25) {
    const kind = random.pick(['$and', '$or', '$nor']);
    return { [kind]: Array.from({ length: random.integer(1, 3) }, () => randomFilter(random, depth + 1)) };
  }
  if (roll < 0.3) return { $expr: { $eq: ['$a', 1] } };
  const filter: Record<string, unknown> = {};
  for (let i = random.integer(1, 2); i > 0; i--) filter[random.pick(paths)] = randomFieldCondition(random);
  return filter;
}

describe('the embedded store\'s native filter compiler', () => {
  it(`answers as mingo on hand-built filters over odd documents (seed ${seed})`, () => {
    const random = new SeededRandom(seed);
    const docs = oddDocuments();
    for (let i = 0; i < 1500; i++) {
      const filter = randomFilter(random);
      const found = disagreements(filter, docs);
      expect(found.slice(0, 3), `filter ${JSON.stringify(filter)}`).toEqual([]);
    }
  });

  it(`answers as mingo on compiled segment filters over random customers (seed ${seed})`, () => {
    const random = new SeededRandom(seed + 1);
    const catalogue = createFactCatalogue();
    const customers = Array.from({ length: 150 }, (_, i) => generateCustomer(random, `c${i}`) as Doc);
    let compared = 0;
    let fallbacks = 0;
    let evaluations = 0;
    for (let i = 0; i < 400; i++) {
      const checked = checkCondition(generateCondition(random, { scope: 'customer' }), catalogue);
      if (!checked.ok) continue;
      const filter = (compileCondition(checked.value, { scope: 'customer' }) as CustomerCompiledCondition).toMongoFilter(universeNow);
      const found = disagreements(filter, customers);
      expect(found.slice(0, 2), `condition ${JSON.stringify(checked.value)}`).toEqual([]);
      compared++;
      const native = compileNativeFilter(filter, (part) => {
        const query = createQuery(part);
        return { test: (doc: object) => { fallbacks++; return query.test(doc as Record<string, unknown>); } } as ReturnType<typeof createQuery>;
      });
      for (const customer of customers) native(customer);
      evaluations += customers.length;
    }
    expect(compared).toBeGreaterThan(300);
    // The point of the compiler: mingo decides only the odd documents (arrays of objects on the way, $expr on numeric text).
    expect(fallbacks / evaluations).toBeLessThan(0.25);
  });

  it('serves queries through the store with the same results as before (count, find, sorted find)', async () => {
    const store = new EmbeddedStore();
    await store.open([{ name: 'things', indexes: [{ name: 'things_a', key: { a: 1 } }] }]);
    const docs = oddDocuments().map(({ workspace: _w, ...doc }) => doc);
    const things = store.collection<Doc>('things');
    await things.insertMany('w', docs.filter((doc) => !(typeof doc.a === 'number' && Number.isNaN(doc.a))) as never);
    const filter = { $or: [{ a: { $gte: 1, $not: { $type: 'array' } } }, { 'a.b': { $in: ['a', null] } }] };
    const all = await things.find('w', {});
    const expected = all.filter((doc) => createQuery(filter).test(doc)).map((doc) => doc._id).sort();
    expect((await things.find('w', filter)).map((doc) => doc._id).sort()).toEqual(expected);
    expect(await things.count('w', filter)).toBe(expected.length);
    await store.close();
  });
});
