/**
 * The differential test against a real MongoDB server (skipped when MONGODB_URI is unset): the
 * compiled filters, run by MongoDB itself, must select exactly the customers the compiled predicate
 * accepts — the same random conditions and documents as differential.test.ts.
 */
import { MongoClient } from 'mongodb';
import { describe, expect, it } from 'vitest';
import { checkCondition, compileCondition, createFactCatalogue } from '../../engine/rules/index';
import { universeNow } from '../support/condition-universe';
import { generateCondition } from '../support/random-condition';
import { generateCustomer } from '../support/random-customer';
import { readSeed, SeededRandom } from '../support/seeded-random';

const seed = readSeed('RULES_SEED', 20_240_615);

describe.skipIf(!process.env.MONGODB_URI)('differential on MongoDB: compiled filter × compiled predicate', () => {
  it('selects the same customers for 2,000 random conditions × 20 documents', async () => {
    const client = new MongoClient(process.env.MONGODB_URI!);
    await client.connect();
    const collection = client.db().collection<Record<string, unknown>>(`rules_differential_${Date.now().toString(36)}`);
    const random = new SeededRandom(seed);
    const catalogue = createFactCatalogue();
    const failures: string[] = [];
    try {
      for (let batch = 0; batch < 100; batch++) {
        const documents: Array<Record<string, unknown>> = Array.from({ length: 20 }, (_, i) => ({ ...generateCustomer(random, `c${batch}_${i}`), workspace: `ws_${batch}` }));
        await collection.insertMany(documents.map((document) => ({ ...document })) as never);
        for (let i = 0; i < 20; i++) {
          const checked = checkCondition(generateCondition(random, { scope: 'customer' }), catalogue);
          if (!checked.ok) throw new Error(JSON.stringify(checked.problem));
          const compiled = compileCondition(checked.value);
          if (compiled.scope !== 'customer') throw new Error('customer condition expected');
          const filter = compiled.toMongoFilter(universeNow);
          const found = new Set((await collection.find({ $and: [{ workspace: `ws_${batch}` }, filter] }, { projection: { _id: 1 } }).toArray()).map((doc) => String(doc._id)));
          for (const document of documents) {
            const predicate = compiled.test(document, { now: universeNow });
            if (predicate !== found.has(document._id as string) && failures.length < 5) {
              failures.push(`seed ${seed} batch ${batch}: predicate ${predicate}\n  condition ${JSON.stringify(checked.value)}\n  document ${JSON.stringify(document)}\n  filter ${JSON.stringify(filter)}`);
            }
          }
        }
      }
    } finally {
      await collection.drop().catch(() => undefined);
      await client.close();
    }
    expect(failures, failures.join('\n\n')).toEqual([]);
  });
});
