/**
 * The embedded store's native inclusion projections must return what mingo returns, document by
 * document — including objects that lack the field, scalars, nulls and arrays on the way — and leave
 * everything else to mingo.
 */
import { Query } from 'mingo';
import { describe, expect, it } from 'vitest';
import { compileProjection, UNDECIDED_PROJECTION } from '../../engine/store/embedded/native-projection';
import { EmbeddedStore } from '../../engine/store/index';
import { readSeed, SeededRandom } from '../support/seeded-random';

type Doc = { _id: string; workspace: string } & Record<string, unknown>;
const seed = readSeed('NATIVE_PROJECTION_SEED', 20_241_122);

const values: unknown[] = [undefined, null, 0, 'x', true, [], [1, 2], [{ c: 1 }], {}, { c: 1 }, { c: { d: 2 } }, { c: [3] }, { c: null, d: 'y' }, new Date('2024-01-01T00:00:00.000Z')];

function documents(): Doc[] {
  const docs: Doc[] = [];
  let n = 0;
  for (const a of values) {
    for (const b of values) {
      const inner = b === undefined ? {} : { b, e: 1 };
      docs.push({ _id: `d${n++}`, workspace: 'w', ...(a === undefined ? {} : { a }), f: inner, g: 7 });
    }
  }
  return docs;
}

const pathPool = ['a', 'a.c', 'a.c.d', 'f', 'f.b', 'f.b.c', 'f.e', 'g', 'missing', 'missing.x', 'workspace'];

describe('native inclusion projections', () => {
  it(`match mingo on random projections over odd documents (seed ${seed})`, () => {
    const random = new SeededRandom(seed);
    const docs = documents();
    let native = 0;
    for (let i = 0; i < 400; i++) {
      const paths = random.sample(pathPool, random.integer(1, 3));
      const projection: Record<string, 0 | 1> = Object.fromEntries(paths.map((path) => [path, 1 as const]));
      if (random.chance(0.3)) projection._id = 0;
      const compiled = compileProjection(projection);
      let reference: Doc[];
      try {
        reference = new Query({}).find<Doc>(docs, projection).all();
      } catch {
        expect(compiled, `mingo refuses ${JSON.stringify(projection)}: so must the compiler`).toBeNull();
        continue;
      }
      expect(compiled, JSON.stringify(projection)).not.toBeNull();
      docs.forEach((doc, d) => {
        const result = compiled!(doc);
        if (result === UNDECIDED_PROJECTION) return;
        native++;
        expect(result, `${JSON.stringify(projection)} of ${JSON.stringify(doc)}`).toStrictEqual(reference[d]);
      });
    }
    expect(native).toBeGreaterThan(10_000);
  });

  it('leaves exclusion and mixed projections to mingo', () => {
    expect(compileProjection({ a: 0 })).toBeNull();
    expect(compileProjection({ a: 1, b: 0 })).toBeNull();
    expect(compileProjection({ 'a.$': 1 })).toBeNull();
    expect(compileProjection({ 'a.0': 1 })).toBeNull();
  });

  it('serves find with a projection through the store', async () => {
    const store = new EmbeddedStore();
    await store.open([{ name: 'things', indexes: [] }]);
    const things = store.collection<Doc>('things');
    await things.insertMany('w', [{ _id: '1', a: { b: 1, c: 2 }, d: [{ b: 3 }] }, { _id: '2', a: 5 }] as never);
    expect(await things.find('w', {}, { projection: { 'a.b': 1, 'd.b': 1 }, sort: { _id: 1 } })).toEqual([{ _id: '1', a: { b: 1 }, d: [{ b: 3 }] }, { _id: '2' }]);
    await store.close();
  });
});
