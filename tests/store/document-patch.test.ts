import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Doc } from '../../engine/store/embedded/document-filter';
import { applyDocumentPatch, diffDocuments } from '../../engine/store/embedded/document-patch';
import { type CollectionSpec, openStore, type StoragePort } from '../../engine/store/index';
import { readSeed, SeededRandom } from '../support/seeded-random';

const W = 'ws_patch';
const seed = readSeed('PATCH_SEED', 20241122);
const directories: string[] = [];

afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** What the log keeps of a value: its JSON. */
function asJson<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

const keys = ['a', 'b', 'c', 'toString', 'constructor', 'valueOf', 'x.y', 'événement', ''];

function randomLeaf(random: SeededRandom): unknown {
  switch (random.integer(0, 6)) {
    case 0:
      return null;
    case 1:
      return random.integer(-5, 5);
    case 2:
      return random.pick(['', 'text', '2024-06-01T00:00:00.000Z']);
    case 3:
      return random.chance(0.5);
    case 4:
      return Array.from({ length: random.integer(0, 3) }, () => random.integer(0, 3));
    case 5:
      return undefined;
    default:
      return [{ nested: random.integer(0, 2) }];
  }
}

function randomObject(random: SeededRandom, depth: number): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const key of random.sample(keys, random.integer(0, keys.length))) {
    object[key] = depth < 4 && random.chance(0.35) ? randomObject(random, depth + 1) : randomLeaf(random);
  }
  return object;
}

/**
 * A new version of `value` as the engine makes one: unchanged subtrees shared, changed ones rebuilt,
 * keys added and removed, sometimes a rebuilt-but-equal object.
 */
function mutate(random: SeededRandom, value: Record<string, unknown>, depth: number): Record<string, unknown> {
  const next: Record<string, unknown> = { ...value };
  for (const key of Object.keys(next)) {
    const roll = random.next();
    if (roll < 0.5) continue;
    const current = next[key];
    if (roll < 0.7 && current !== null && typeof current === 'object' && !Array.isArray(current)) next[key] = mutate(random, current as Record<string, unknown>, depth + 1);
    else if (roll < 0.8) delete next[key];
    else if (roll < 0.85) next[key] = asJson(current ?? null);
    else next[key] = depth < 4 && random.chance(0.3) ? randomObject(random, depth + 1) : randomLeaf(random);
  }
  if (random.chance(0.3)) next[random.pick(keys)] = randomLeaf(random);
  return next;
}

describe('document patches (how the log records a replace)', () => {
  it(`turn the old version into the new one, as JSON, for random documents and changes (seed ${seed})`, () => {
    const random = new SeededRandom(seed);
    let patched = 0;
    for (let round = 0; round < 3000; round++) {
      const before = { _id: `d${round}`, workspace: W, ...randomObject(random, 0) } as Doc;
      const after = { ...mutate(random, before, 0), _id: before._id, workspace: W } as Doc;
      const patch = diffDocuments(before, after);
      if (!patch) continue;
      patched++;
      // Recovery applies the logged (JSON) patch to the logged (JSON) earlier version.
      const recovered = applyDocumentPatch(Object.freeze(asJson(before)), asJson(patch));
      expect(recovered, `round ${round}`).toEqual(asJson(after));
    }
    expect(patched).toBeGreaterThan(500);
  });

  it('share what did not change, and leave the old version untouched', () => {
    const traits = { events_count: 1, event_counts: { 'Product Viewed': 1 } };
    const attributes = { email: 'ada@example.com', address: { city: 'London' } };
    const before = { _id: 'c1', workspace: W, userId: 'u1', attributes, traits, segments: ['a'], version: 1 } as Doc;
    const after = { ...before, traits: { ...traits, events_count: 2 }, version: 2 } as Doc;
    const patch = diffDocuments(before, after)!;
    expect(patch.set).toEqual([
      [['traits', 'events_count'], 2],
      [['version'], 2],
    ]);
    const recovered = applyDocumentPatch(Object.freeze(before), patch);
    expect(recovered).toEqual(after);
    expect(recovered.attributes).toBe(attributes);
    expect(before.version).toBe(1);
  });

  it('give the whole document when most of it changed, and refuse a __proto__ path', () => {
    expect(diffDocuments({ _id: 'x', workspace: W, a: 1 } as Doc, { _id: 'x', workspace: W, a: 2 } as Doc)).toBeNull();
    const before = { _id: 'x', workspace: W, a: 1, b: 2, c: { n: 1 }, d: 4 } as Doc;
    const hostile = JSON.parse('{"_id":"x","workspace":"ws_patch","a":1,"b":2,"c":{"n":1,"__proto__":{"polluted":true}},"d":4}') as Doc;
    expect(diffDocuments(before, hostile)).toBeNull();
  });
});

describe('replaces logged as patches', () => {
  const collections: CollectionSpec[] = [{ name: 'customers', indexes: [{ name: 'segments', key: { segments: 1 } }] }];

  async function open(dataDir: string): Promise<StoragePort> {
    const store = openStore({ dataDir, fsync: false, snapshotThresholdBytes: 64 << 10 });
    await store.open(collections);
    return store;
  }

  it('recover every acknowledged version from a crash image, across snapshots', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-patch-'));
    const image = mkdtempSync(join(tmpdir(), 'wayfarer-patch-image-'));
    directories.push(dataDir, image);
    const random = new SeededRandom(seed + 1);
    const store = await open(dataDir);
    const customers = store.collection<Doc>('customers');
    const latest = new Map<string, Doc>();
    for (let i = 0; i < 40; i++) {
      const doc = { _id: `c${i}`, workspace: W, userId: `u${i}`, segments: [], traits: { n: 0, seen: null }, meta: { stamps: {} }, version: 0 } as unknown as Doc;
      await customers.insertOne(W, doc);
      latest.set(doc._id, doc);
    }
    for (let step = 0; step < 1500; step++) {
      const id = `c${random.integer(0, 39)}`;
      const current = latest.get(id)! as Doc & { segments: string[]; traits: { n: number }; version: number };
      const segments = random.chance(0.3) ? random.sample(['vip', 'new', 'lapsed', 'buyers', 'eu'], random.integer(0, 5)).sort() : current.segments;
      const next = { ...current, segments, traits: { ...current.traits, n: current.traits.n + 1, seen: `2024-06-${String(1 + (step % 28)).padStart(2, '0')}` }, version: current.version + 1 } as Doc;
      if (random.chance(0.2)) (next as Record<string, unknown>).meta = { stamps: { [`k${step % 7}`]: step } };
      const result = await store.commit(W, [{ collection: 'customers', op: 'replace', filter: { _id: id, version: current.version }, doc: next, mustMatch: true }]);
      expect(result.ok).toBe(true);
      latest.set(id, next);
    }
    await store.flush();
    // The files as a kill -9 would leave them: no close, no final snapshot.
    for (const name of readdirSync(dataDir)) if (name !== 'LOCK') writeFileSync(join(image, name), readFileSync(join(dataDir, name)));
    await store.close();

    const recovered = await open(image);
    for (const [id, doc] of latest) expect(await recovered.collection('customers').findOne(W, { _id: id })).toEqual(asJson(doc));
    // The segments index answers from the recovered documents.
    const vip = [...latest.values()].filter((doc) => (doc as unknown as { segments: string[] }).segments.includes('vip')).map((doc) => doc._id).sort();
    expect((await recovered.collection('customers').find(W, { segments: 'vip' })).map((doc) => doc._id).sort()).toEqual(vip);
    await recovered.close();
  });
});
