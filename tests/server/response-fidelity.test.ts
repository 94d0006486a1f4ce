import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Journey, RulePack } from '../../schemas/types';
import { createPackApp, readExamplePack, type PackApp } from '../support/pack-app';

/**
 * Fastify serialises responses with the route's schema (fast-json-stringify), which silently drops keys
 * an object schema does not declare and coerces values a type list does not expect. This test saves
 * every definition of the example pack through its own API and requires each to come back exactly as
 * sent — the property a marketer relies on when reopening what they saved.
 */
let harness: PackApp;
let pack: RulePack;
beforeEach(async () => {
  harness = await createPackApp();
  pack = readExamplePack();
});
afterEach(async () => {
  await harness.close();
});

function withoutBookkeeping<T extends object>(value: T, extra: string[] = []): Partial<T> {
  const copy = { ...value } as Record<string, unknown>;
  for (const key of ['version', 'createdAt', 'updatedAt', 'status', ...extra]) delete copy[key];
  return copy as Partial<T>;
}

describe('what the API answers is what was saved', () => {
  it('returns every library template unchanged', async () => {
    for (const template of pack.templates ?? []) {
      const created = await harness.admin('POST', '/api/templates', template);
      expect(created.statusCode, created.body).toBe(201);
      const read = await harness.admin('GET', `/api/templates/${template.id}`);
      expect(read.json()).toMatchObject(withoutBookkeeping(template));
    }
  });

  it('returns every trait definition unchanged', async () => {
    for (const trait of pack.traits ?? []) {
      const created = await harness.admin('POST', '/api/traits', trait);
      expect(created.statusCode, created.body).toBe(201);
      const read = (await harness.admin('GET', `/api/traits/${trait.id}`)).json();
      for (const [key, value] of Object.entries(trait)) expect(read[key], `${trait.id}.${key}`).toEqual(value);
    }
  });

  it('returns every segment unchanged, list values and nested groups included', async () => {
    for (const trait of pack.traits ?? []) await harness.admin('POST', '/api/traits', trait);
    for (const segment of pack.segments ?? []) {
      const created = await harness.admin('POST', '/api/segments', segment);
      expect(created.statusCode, created.body).toBe(201);
      const read = (await harness.admin('GET', `/api/segments/${segment.id}`)).json();
      expect(read.conditions, segment.id).toEqual(segment.conditions);
      expect(read.name).toBe(segment.name);
    }
  });

  it('returns every journey version unchanged, conditions, webhook bodies and attribute updates included', async () => {
    await harness.importPack({ ...pack, journeys: [] });
    for (const journey of pack.journeys ?? []) {
      const saved = await harness.admin('PUT', `/api/journeys/${journey.id}/versions/${journey.version}`, { ...journey, status: 'draft' });
      expect(saved.statusCode, saved.body).toBe(200);
      const read = await harness.admin('GET', `/api/journeys/${journey.id}/versions/${journey.version}`);
      expect(read.statusCode).toBe(200);
      const stored = read.json().journey as Journey;
      expect(withoutBookkeeping(stored), journey.id).toEqual(withoutBookkeeping(journey));
    }
  });
});
