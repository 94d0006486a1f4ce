/**
 * Evaluates one condition on a few customer documents three ways — json-rules-engine (the reference),
 * the compiled predicate and the compiled MongoDB filter run by the embedded store — for tests that
 * pin down individual cases.
 */
import { checkCondition, compileCondition, createFactCatalogue, evaluateWithReference } from '../../engine/rules/index';
import { EmbeddedStore } from '../../engine/store/embedded/embedded-store';

export interface ThreeWayAnswer {
  reference: boolean;
  predicate: boolean;
  filter: boolean;
}

const catalogue = createFactCatalogue();

/** The three answers per document, in document order. Throws when the condition does not check. */
export async function evaluateThreeWays(condition: unknown, documents: Array<Record<string, unknown>>, now: number): Promise<ThreeWayAnswer[]> {
  const checked = checkCondition(condition, catalogue);
  if (!checked.ok) throw new Error(`condition does not check: ${JSON.stringify(checked.problem)}`);
  const compiled = compileCondition(checked.value, { scope: 'customer' });
  if (compiled.scope !== 'customer') throw new Error('expected a customer condition');
  const store = new EmbeddedStore();
  await store.open([{ name: 'customers', indexes: [] }]);
  const customers = store.collection<{ _id: string; workspace: string }>('customers');
  const withIds = documents.map((document, i) => ({ attributes: {}, traits: {}, ...document, _id: `doc${i}` }));
  await customers.insertMany('ws_test', withIds as never);
  const found = new Set((await customers.find('ws_test', compiled.toMongoFilter(now))).map((doc) => doc._id));
  await store.close();
  return Promise.all(
    withIds.map(async (document) => ({
      reference: await evaluateWithReference(checked.value, document, { now }),
      predicate: compiled.test(document, { now }),
      filter: found.has(document._id),
    })),
  );
}

/** The single answer when all three agree; throws with the three answers when they do not. */
export async function evaluateAgreed(condition: unknown, documents: Array<Record<string, unknown>>, now: number): Promise<boolean[]> {
  const answers = await evaluateThreeWays(condition, documents, now);
  return answers.map((answer, i) => {
    if (answer.reference !== answer.predicate || answer.predicate !== answer.filter) {
      throw new Error(`the evaluators disagree on document ${i} ${JSON.stringify(documents[i])}: ${JSON.stringify(answer)}`);
    }
    return answer.predicate;
  });
}
