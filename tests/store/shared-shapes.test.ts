// First: the store must hold documents as production does, not deep-frozen (see the module).
import { restoreStoreFreeze } from '../support/unfrozen-store';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFields } from '../../engine/store/index';
import { action, delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';
import { JourneyHarness } from '../support/journey-harness';

// V8's own answer to "do these two objects share a hidden class?" (natives syntax, enabled before the
// function is compiled).
setFlagsFromString('--allow-natives-syntax');
const haveSameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** How many hidden classes the objects use among them. */
function hiddenClasses(objects: readonly object[]): number {
  const representatives: object[] = [];
  for (const object of objects) if (!representatives.some((known) => haveSameMap(known, object))) representatives.push(object);
  return representatives.length;
}

/** Every object of every stored document, grouped by collection, path and key list. */
function groupStoredObjects(documents: Map<string, readonly object[]>): Map<string, object[]> {
  const groups = new Map<string, object[]>();
  const visit = (value: unknown, path: string): void => {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      for (const element of value) visit(element, `${path}[]`);
      return;
    }
    const key = `${path} {${Object.keys(value).join(',')}}`;
    groups.set(key, [...(groups.get(key) ?? []), value]);
    for (const [field, child] of Object.entries(value)) visit(child, `${path}.${field}`);
  };
  for (const [collection, docs] of documents) for (const doc of docs) visit(doc, collection);
  return groups;
}

describe('stored documents share their hidden classes', () => {
  const customers = 40;
  let h: JourneyHarness;
  beforeAll(async () => {
    h = await JourneyHarness.create('2024-05-01T09:00:00.000Z');
    await h.publish(
      journey(
        'onboarding',
        [
          entry('signed-up', onEvent('Signed Up')),
          action({ id: 'set-plan', kind: 'update-attributes', params: { set: { plan: 'trial' }, unset: [] } }),
          action({ id: 'tag', kind: 'tags', params: { add: ['trial'], remove: [] } }),
          email('welcome', 'Welcome'),
          delay('later', wait('P1D')),
          action({ id: 'points', kind: 'loyalty', params: { operation: 'award', points: 50 } }),
          exit('done'),
        ],
        [go('signed-up', 'set-plan'), go('set-plan', 'tag'), go('tag', 'welcome'), go('welcome', 'later'), elapsed('later', 'points'), go('points', 'done')],
      ),
    );
    for (let i = 0; i < customers; i++) {
      await h.identify(`u${i}`, { email: `u${i}@example.com`, first_name: `C${i}` });
      await h.track(`u${i}`, 'Signed Up');
    }
    await h.advanceBy(2 * 86_400_000);
  });
  afterAll(async () => {
    await h.close();
    restoreStoreFreeze();
  });

  it('events, customers (with their meta, attributes and journeys), instances and messages: a few hidden classes per kind of object, not about one per document', async () => {
    const names = ['events', 'customers', 'identities', 'journey_instances', 'messages'];
    const documents = new Map<string, object[]>();
    for (const name of names) documents.set(name, await h.store.collection(name).find(h.workspace, {}));
    expect(documents.get('journey_instances')).toHaveLength(customers);
    const crowded = [...groupStoredObjects(documents)]
      .filter(([, objects]) => objects.length >= customers / 2)
      .map(([key, objects]) => ({ key, objects: objects.length, hiddenClasses: hiddenClasses(objects) }));
    expect(crowded.length).toBeGreaterThan(10);
    // A spread copy that gains a key gets a hidden class of its own (engine/store/with-fields.ts): a
    // group built that way has about as many as it has objects. A few per group are V8's own doing (a
    // field first null, then a number, generalises the class).
    expect(crowded.filter((group) => group.hiddenClasses > group.objects / 4)).toEqual([]);
  });

  it('withFields copies without touching its base, and its results share one hidden class', () => {
    const base = { a: 1, b: 'two' };
    const copies = Array.from({ length: 50 }, (_, i) => withFields(base, { c: i }));
    expect(base).toEqual({ a: 1, b: 'two' });
    expect(copies[7]).toEqual({ a: 1, b: 'two', c: 7 });
    expect(hiddenClasses(copies)).toBe(1);
    // What it replaces: the same copies made by spreading.
    expect(hiddenClasses(Array.from({ length: 50 }, (_, i) => ({ ...base, c: i })))).toBeGreaterThan(25);
  });
});
