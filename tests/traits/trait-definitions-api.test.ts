import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkCondition, createFactCatalogue, extendFactCatalogue } from '../../engine/rules';
import { loadCustomTraitFacts } from '../../engine/traits';
import { basicAuth } from '../support/ingest-app';
import { TraitHarness } from '../support/trait-harness';

let h: TraitHarness;
const spend = { id: 'spend_90d', name: 'Spend, last 90 days', event: 'Order Completed', aggregation: 'sum', property: 'event.properties.revenue', window_days: 90 };

describe('bad definitions: a 4xx pointing at the place, and nothing saved', () => {
  beforeAll(async () => {
    h = await TraitHarness.create();
  });
  afterAll(async () => {
    await h.close();
  });
  const cases: Array<[string, Record<string, unknown>, number, string, string]> = [
    ['no name', { ...spend, name: undefined }, 400, 'VALIDATION_FAILED', '/name'],
    ['an id that is not a snake_case key', { ...spend, id: 'Spend-90' }, 400, 'VALIDATION_FAILED', '/id'],
    ['an unknown aggregation', { ...spend, aggregation: 'median' }, 400, 'VALIDATION_FAILED', '/aggregation'],
    ['a window of 0 days', { ...spend, window_days: 0 }, 400, 'VALIDATION_FAILED', '/window_days'],
    ['an unknown field', { ...spend, windowDays: 90 }, 400, 'VALIDATION_FAILED', '/windowDays'],
    ['a sum without a property', { ...spend, property: undefined }, 400, 'VALIDATION_FAILED', '/property'],
    ['a property that is not an event fact', { ...spend, property: 'traits.orders_count' }, 400, 'VALIDATION_FAILED', '/property'],
    ['a built-in trait id', { ...spend, id: 'rfm' }, 422, 'INVALID_DEFINITION', '/id'],
    ['an event the engine records after traits', { ...spend, event: 'Segment Entered' }, 422, 'INVALID_DEFINITION', '/event'],
    ['a sum of a text property', { ...spend, property: 'event.properties.currency' }, 422, 'TYPE_MISMATCH', '/property'],
    ['the last of a list', { ...spend, aggregation: 'last', property: 'event.properties.products' }, 422, 'TYPE_MISMATCH', '/property'],
    ['a malformed property path', { ...spend, property: 'event.properties..total' }, 422, 'INVALID_CONDITION', '/property'],
    ['a value type a sum cannot have', { ...spend, value_type: 'string' }, 422, 'INVALID_DEFINITION', '/value_type'],
    ['a filter on a customer fact', { ...spend, filter: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 2 }] } }, 422, 'INVALID_DEFINITION', '/filter/all/0/fact'],
    ['a filter with an unknown operator', { ...spend, filter: { all: [{ fact: 'event.properties.currency', operator: 'is', value: 'GBP' }] } }, 422, 'UNKNOWN_OPERATOR', '/filter/all/0/operator'],
    ['a filter that compares text with a number', { ...spend, filter: { any: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 'ten' }] } }, 422, 'TYPE_MISMATCH', '/filter/any/0/value'],
    ['a filter that follows the clock', { ...spend, filter: { fact: 'event.timestamp', operator: 'withinLastDays', value: 7 } }, 422, 'INVALID_DEFINITION', '/filter/operator'],
  ];
  for (const [name, body, status, code, pointer] of cases) {
    it(name, async () => {
      const response = await h.api('POST', '/api/traits', JSON.parse(JSON.stringify(body)));
      expect(response.statusCode, response.body).toBe(status);
      expect(response.json().code).toBe(code);
      expect(response.json().details.map((detail: { pointer: string }) => detail.pointer)).toContain(pointer);
      expect((await h.api('GET', '/api/traits')).json()).toEqual({ traits: [] });
    });
  }
});

describe('the traits API', () => {
  beforeEach(async () => {
    h = await TraitHarness.create();
  });
  afterEach(async () => {
    await h.close();
  });
  it('creates, lists, reads, replaces and deletes definitions', async () => {
    const created = await h.api('POST', '/api/traits', spend);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ ...spend, value_type: 'number', revision: 1, backfill: { status: 'pending', revision: 0 } });
    expect((await h.api('POST', '/api/traits', spend)).statusCode).toBe(409);

    await h.runDueJobs();
    expect((await h.api('GET', '/api/traits/spend_90d')).json()).toMatchObject({ revision: 1, backfill: { status: 'done', revision: 1 } });

    const renamed = await h.api('PUT', '/api/traits/spend_90d', { ...spend, name: 'Spend (90 days)' });
    expect(renamed.json()).toMatchObject({ name: 'Spend (90 days)', revision: 1, backfill: { status: 'done' } });
    const changed = await h.api('PUT', '/api/traits/spend_90d', { ...spend, window_days: 30 });
    expect(changed.json()).toMatchObject({ window_days: 30, revision: 2, backfill: { status: 'pending', revision: 1 } });
    expect((await h.api('PUT', '/api/traits/spend_90d', { ...spend, id: 'other' })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/id' }] });

    expect((await h.api('GET', '/api/traits')).json().traits.map((trait: { id: string }) => trait.id)).toEqual(['spend_90d']);
    expect((await h.api('DELETE', '/api/traits/spend_90d')).statusCode).toBe(204);
    expect((await h.api('GET', '/api/traits/spend_90d')).statusCode).toBe(404);
    expect((await h.api('DELETE', '/api/traits/spend_90d')).statusCode).toBe(404);
    expect((await h.api('PUT', '/api/traits/spend_90d', spend)).statusCode).toBe(404);

    // Re-created after deletion: its revisions continue, so no customer keeps a stale state.
    expect((await h.api('POST', '/api/traits', spend)).json()).toMatchObject({ revision: 4 });
  });

  it('needs the admin key', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/api/traits' })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'GET', url: '/api/traits', headers: { authorization: basicAuth() } })).statusCode).toBe(401);
    expect((await h.app.inject({ method: 'POST', url: '/api/models/clv/fit', headers: { authorization: 'Bearer wk_test_0123456789abcdefghijklmnop' }, payload: {} })).statusCode).toBe(403);
  });

  it('reads and replaces the marketing-trait settings, refusing bad ones', async () => {
    expect((await h.api('GET', '/api/traits/settings')).json()).toEqual({
      value_tier: { basis: 'revenue', high_percent: 20, mid_percent: 30 },
      lifecycle: { new_days: 30, default_gap_days: 30, min_gap_days: 7, max_gap_days: 365, at_risk_after_gaps: 2, lapsed_after_gaps: 4 },
      clv: { horizon_days: 365, annual_discount_rate: 0, time_unit: 'weeks' },
      schedule: { rfm_refresh_minutes: 60, clv_fit_hours: 24 },
    });
    const bad = await h.api('PUT', '/api/traits/settings', { value_tier: { high_percent: 70, mid_percent: 40 }, lifecycle: { at_risk_after_gaps: 5 } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details.map((detail: { pointer: string }) => detail.pointer).sort()).toEqual(['/lifecycle/at_risk_after_gaps', '/value_tier/mid_percent']);
    const saved = await h.api('PUT', '/api/traits/settings', { value_tier: { high_percent: 10 }, schedule: { rfm_refresh_minutes: 15 } });
    expect(saved.json()).toMatchObject({ value_tier: { basis: 'revenue', high_percent: 10, mid_percent: 30 }, schedule: { rfm_refresh_minutes: 15, clv_fit_hours: 24 } });
    expect((await h.api('GET', '/api/traits/settings')).json().value_tier.high_percent).toBe(10);
  });
});

describe('the fact catalogue', () => {
  beforeAll(async () => {
    h = await TraitHarness.create();
  });
  afterAll(async () => {
    await h.close();
  });
  it('lists each computed trait as traits.<id> with its type, so segment conditions can use it', async () => {
    await h.defineTrait(spend);
    await h.defineTrait({ id: 'favourite_category', name: 'Favourite category', event: 'Order Completed', aggregation: 'most_frequent', property: 'event.properties.category' });
    const facts = await loadCustomTraitFacts(h.app.store, h.workspace);
    expect(facts.map(({ id, type }) => ({ id, type }))).toEqual([
      { id: 'favourite_category', type: 'string' },
      { id: 'spend_90d', type: 'number' },
    ]);
    const catalogue = extendFactCatalogue(createFactCatalogue(), { traits: facts });
    expect(checkCondition({ all: [{ fact: 'traits.spend_90d', operator: 'greaterThan', value: 100 }, { fact: 'traits.favourite_category', operator: 'equal', value: 'hats' }] }, catalogue).ok).toBe(true);
    expect(checkCondition({ fact: 'traits.spend_90d', operator: 'startsWith', value: '1' }, catalogue).ok).toBe(false);
  });

  it('has the marketing traits at the paths the documents hold them', () => {
    const catalogue = createFactCatalogue();
    for (const condition of [
      { fact: 'traits.lifecycle_stage.stage', operator: 'equal', value: 'at_risk' },
      { fact: 'traits.rfm.group', operator: 'in', value: ['champions', 'cannot_lose'] },
      { fact: 'traits.value_tier.tier', operator: 'equal', value: 'high' },
      { fact: 'traits.lifecycle_stage_entered_at', operator: 'notWithinLastDays', value: 14 },
      { fact: 'traits.churn_risk', operator: 'greaterThan', value: 0.5 },
      { fact: 'traits.clv.predicted_clv', operator: 'greaterThanInclusive', value: 100 },
    ]) {
      expect(checkCondition(condition, catalogue).ok, JSON.stringify(condition)).toBe(true);
    }
  });
});
