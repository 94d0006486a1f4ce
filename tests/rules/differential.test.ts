/**
 * The differential test: json-rules-engine (the reference), the compiled predicate, and the compiled
 * MongoDB filter run by the embedded store (mingo) must give the same answer on random conditions ×
 * random customer documents. Reproduce a failure with RULES_SEED=<seed printed>; RULES_CASES sets the
 * number of conditions.
 *
 * The compiled predicate is checked in both forms: the generated function (the default) and the
 * closure tree (the fallback where code generation is forbidden).
 *
 * The only answers allowed to differ from json-rules-engine are the documented ones
 * (docs/conditions.md, "Where Wayfarer differs from json-rules-engine"): a relational comparison where
 * JavaScript converts an array, null, a boolean or unusual numeric text. Those cases are recognised
 * leaf by leaf, counted, and still required to agree between the predicate and the filter.
 */
import { describe, expect, it } from 'vitest';
import { EmbeddedStore } from '../../engine/store/embedded/embedded-store';
import {
  addReferenceRule,
  checkCondition,
  compileCondition,
  type Condition,
  createFactCatalogue,
  createReferenceEngine,
  listFactConditions,
  operatorNames,
  runReferenceEngine,
} from '../../engine/rules/index';
import { universeNow } from '../support/condition-universe';
import { generateCondition } from '../support/random-condition';
import { generateCustomer, generateEvent } from '../support/random-customer';
import { readSeed, SeededRandom } from '../support/seeded-random';
import { findJavaScriptCoercion } from '../support/javascript-coercion';

const seed = readSeed('RULES_SEED', 20_240_615);
const conditionCount = Number(process.env.RULES_CASES ?? 10_000);
const conditionsPerBatch = 100;
const customersPerBatch = 20;
const catalogue = createFactCatalogue();

interface Disagreement {
  seed: number;
  batch: number;
  condition: unknown;
  customer: unknown;
  event?: unknown;
  reference: boolean;
  predicate: boolean;
  closures?: boolean;
  filter?: boolean;
  mongoFilter?: unknown;
}

function report(disagreements: Disagreement[]): string {
  return disagreements
    .slice(0, 5)
    .map((d) => `seed ${d.seed} (RULES_SEED=${d.seed}), batch ${d.batch}\n  condition: ${JSON.stringify(d.condition)}\n  document: ${JSON.stringify(d.customer)}${d.event === undefined ? '' : `\n  event: ${JSON.stringify(d.event)}`}\n  json-rules-engine: ${d.reference}, predicate: ${d.predicate}${d.closures === undefined ? '' : ` (closure tree: ${d.closures})`}${d.filter === undefined ? '' : `, mongo filter: ${d.filter}\n  filter: ${JSON.stringify(d.mongoFilter)}`}`)
    .join('\n\n');
}

describe('differential: json-rules-engine × compiled predicate × MongoDB filter on mingo', () => {
  it(`agrees on ${conditionCount} random customer conditions × ${customersPerBatch} documents each (seed ${seed})`, { timeout: 240_000 }, async () => {
    const random = new SeededRandom(seed);
    const store = new EmbeddedStore();
    await store.open([{ name: 'customers', indexes: [] }]);
    const customers = store.collection<{ _id: string; workspace: string }>('customers');
    const disagreements: Disagreement[] = [];
    const operatorsSeen = new Map<string, number>();
    let cases = 0;
    let matches = 0;
    let documentedDeviations = 0;
    let factToFact = 0;

    for (let batch = 0; batch * conditionsPerBatch < conditionCount; batch++) {
      const workspace = `ws_${batch.toString(16).padStart(4, '0')}`;
      const documents = Array.from({ length: customersPerBatch }, (_, i) => generateCustomer(random, `c${batch}_${i}`));
      const inserted = await customers.insertMany(workspace, documents as never);
      expect(inserted.inserted).toBe(customersPerBatch);
      const engine = createReferenceEngine(universeNow);
      const compiled: Array<{ name: string; condition: Condition; compiled: ReturnType<typeof compileCondition>; closures: ReturnType<typeof compileCondition> }> = [];
      for (let i = 0; i < conditionsPerBatch && batch * conditionsPerBatch + i < conditionCount; i++) {
        const json = generateCondition(random, { scope: 'customer' });
        const checked = checkCondition(json, catalogue);
        if (!checked.ok) throw new Error(`seed ${seed}: the checker refused a generated condition ${JSON.stringify(json)}: ${JSON.stringify(checked.problem)}`);
        const name = `c${i}`;
        addReferenceRule(engine, checked.value, name);
        compiled.push({
          name,
          condition: checked.value,
          compiled: compileCondition(checked.value, { scope: 'customer' }),
          closures: compileCondition(checked.value, { scope: 'customer', predicate: 'closures' }),
        });
        for (const leaf of listFactConditions(checked.value)) {
          operatorsSeen.set(leaf.operator, (operatorsSeen.get(leaf.operator) ?? 0) + 1);
          if (typeof leaf.value === 'object' && leaf.value !== null && 'fact' in leaf.value) factToFact++;
        }
      }
      const referenceAnswers = await Promise.all(documents.map((document) => runReferenceEngine(engine, document)));
      for (const { name, condition, compiled: c, closures } of compiled) {
        if (c.scope !== 'customer') throw new Error('a customer condition compiled to event scope');
        const filter = c.toMongoFilter(universeNow);
        const found = new Set((await customers.find(workspace, filter)).map((doc) => doc._id));
        documents.forEach((document, d) => {
          cases++;
          const predicate = c.test(document, { now: universeNow });
          const viaClosures = closures.test(document, { now: universeNow });
          const viaFilter = found.has(document._id as string);
          const reference = referenceAnswers[d].has(name);
          if (predicate) matches++;
          const coercion = findJavaScriptCoercion(condition, document, undefined);
          const disagreement = { seed, batch, condition, customer: document, reference, predicate, closures: viaClosures, filter: viaFilter, mongoFilter: filter };
          if (coercion === 'undocumented') {
            disagreements.push(disagreement);
            return;
          }
          if (coercion === 'documented') documentedDeviations++;
          const referenceAgrees = coercion === 'documented' || reference === predicate;
          if (!referenceAgrees || predicate !== viaFilter || predicate !== viaClosures) disagreements.push(disagreement);
        });
      }
    }
    await store.close();

    console.log(
      `differential (seed ${seed}): ${cases} cases, ${conditionCount} conditions, ${matches} matches (${((100 * matches) / cases).toFixed(1)} %), ` +
        `${factToFact} fact-to-fact tests, ${documentedDeviations} cases skipped json-rules-engine for a documented JavaScript conversion`,
    );
    expect(disagreements.length, report(disagreements)).toBe(0);
    expect(cases).toBeGreaterThanOrEqual(10_000);
    // The generator must exercise every operator and give answers both ways.
    for (const operator of operatorNames) expect(operatorsSeen.get(operator) ?? 0, operator).toBeGreaterThan(conditionCount / 100);
    expect(matches / cases).toBeGreaterThan(0.15);
    expect(matches / cases).toBeLessThan(0.85);
    expect(documentedDeviations / cases).toBeLessThan(0.05);
  });

  it('agrees on event-scoped conditions between json-rules-engine and the predicate (they have no filter)', async () => {
    const random = new SeededRandom(seed + 1);
    const disagreements: Disagreement[] = [];
    let cases = 0;
    for (let batch = 0; batch < 20; batch++) {
      const engine = createReferenceEngine(universeNow);
      const conditions: Array<{ name: string; condition: Condition; compiled: ReturnType<typeof compileCondition> }> = [];
      for (let i = 0; i < 50; i++) {
        const checked = checkCondition(generateCondition(random, { scope: 'event' }), catalogue, { scope: 'event' });
        if (!checked.ok) throw new Error(`seed ${seed + 1}: the checker refused a generated event condition: ${JSON.stringify(checked.problem)}`);
        addReferenceRule(engine, checked.value, `e${i}`);
        conditions.push({ name: `e${i}`, condition: checked.value, compiled: compileCondition(checked.value) });
      }
      for (let d = 0; d < 10; d++) {
        const customer = generateCustomer(random, `c${d}`);
        const event = generateEvent(random);
        const answers = await runReferenceEngine(engine, customer, event);
        for (const { name, condition, compiled } of conditions) {
          cases++;
          if (compiled.facts.some((fact) => fact.startsWith('event.'))) expect(compiled.toMongoFilter).toBeNull();
          const predicate = compiled.test(customer, { now: universeNow, event });
          const closures = compileCondition(condition, { predicate: 'closures' }).test(customer, { now: universeNow, event });
          const coercion = findJavaScriptCoercion(condition, customer, event);
          if (coercion === 'undocumented' || (coercion === 'none' && predicate !== answers.has(name)) || predicate !== closures) {
            disagreements.push({ seed: seed + 1, batch, condition, customer, event, reference: answers.has(name), predicate, closures });
          }
        }
      }
    }
    expect(disagreements.length, report(disagreements)).toBe(0);
    expect(cases).toBe(10_000);
  });
});
