/**
 * Segment definitions through the management API: create, list, get, update as new versions (old ones
 * kept and listable), archive and revive — and every kind of bad input refused with its code and a
 * JSON pointer into the body, with nothing saved.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { segmentCollectionNames } from '../../engine/segments/index';
import type { Segment, SegmentVersionList } from '../../schemas/types';
import { basicAuth } from '../support/ingest-app';
import { createSegmentApp, type SegmentApp } from '../support/segment-app';

let t: SegmentApp;
beforeEach(async () => {
  t = await createSegmentApp();
});
afterEach(async () => {
  await t.close();
});

const bigSpenders = { all: [{ fact: 'traits.revenue_total', operator: 'greaterThanInclusive', value: 100 }] };

/** Everything a failed request could have left behind. */
async function storedState(): Promise<unknown> {
  const { store, workspace } = t;
  return {
    segments: await store.collection(segmentCollectionNames.segments).find(workspace, {}, { sort: { _id: 1 } }),
    versions: await store.collection(segmentCollectionNames.versions).count(workspace, {}),
    catalog: await store.collection(segmentCollectionNames.catalog).find(workspace, {}),
  };
}

describe('segment definitions', () => {
  it('creates a segment as version 1 with an id made from its name, and reads it back', async () => {
    const created = await t.createSegment({ name: 'Big Spenders (UK)', description: 'Spent £100 or more', conditions: bigSpenders });
    expect(created).toMatchObject({ id: 'big-spenders-uk', name: 'Big Spenders (UK)', version: 1, status: 'active', facts: ['traits.revenue_total'], dependsOnTime: false, size: 0 });
    expect(created.recompute).toMatchObject({ version: 1, entered: 0, exited: 0, size: 0 });

    const read = await t.admin('GET', '/api/segments/big-spenders-uk');
    expect(read.statusCode).toBe(200);
    expect(read.json()).toMatchObject({ id: 'big-spenders-uk', conditions: bigSpenders, description: 'Spent £100 or more' });

    const list = await t.admin('GET', '/api/segments');
    expect((list.json().segments as Segment[]).map((segment) => segment.id)).toEqual(['big-spenders-uk']);
  });

  it('keeps every version: an update saves version 2, version 1 stays readable, an unchanged body saves nothing', async () => {
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: bigSpenders });
    const stricter = { all: [{ fact: 'traits.revenue_total', operator: 'greaterThanInclusive', value: 500 }, { fact: 'traits.last_order_at', operator: 'withinLastDays', value: 90 }] };
    const updated = await t.admin('PUT', '/api/segments/vip', { name: 'VIP', conditions: stricter, version: 1 });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ version: 2, conditions: stricter, dependsOnTime: true, facts: ['traits.last_order_at', 'traits.revenue_total'] });

    const versions = (await t.admin('GET', '/api/segments/vip/versions')).json() as SegmentVersionList;
    expect(versions.versions.map((version) => [version.version, version.conditions])).toEqual([[1, bigSpenders], [2, stricter]]);
    const first = await t.admin('GET', '/api/segments/vip/versions/1');
    expect(first.json()).toMatchObject({ id: 'vip', version: 1, conditions: bigSpenders });
    expect((await t.admin('GET', '/api/segments/vip/versions/3')).statusCode).toBe(404);

    const again = await t.admin('PUT', '/api/segments/vip', { name: 'VIP', conditions: stricter });
    expect(again.json().version).toBe(2);
    expect(((await t.admin('GET', '/api/segments/vip/versions')).json() as SegmentVersionList).versions).toHaveLength(2);
  });

  it('refuses an update of a version that moved on, and a create of an id that exists, changing nothing', async () => {
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: bigSpenders });
    await t.admin('PUT', '/api/segments/vip', { name: 'VIP 2', conditions: bigSpenders });
    const before = await storedState();

    const stale = await t.admin('PUT', '/api/segments/vip', { name: 'VIP 3', conditions: bigSpenders, version: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/version' }] });

    const duplicate = await t.admin('POST', '/api/segments', { id: 'vip', name: 'Other', conditions: bigSpenders });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json()).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/id' }] });

    const renamed = await t.admin('PUT', '/api/segments/vip', { id: 'other', name: 'VIP', conditions: bigSpenders });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/id' }] });
    expect(await storedState()).toEqual(before);
    expect((await t.admin('PUT', '/api/segments/nope', { name: 'x', conditions: bigSpenders })).statusCode).toBe(404);
  });

  describe('bad input: the code, a JSON pointer into the body, and nothing saved', () => {
    const cases: Array<{ title: string; body: unknown; status: number; code: string; pointer: string }> = [
      { title: 'an unknown fact', body: { name: 'x', conditions: { all: [{ fact: 'traits.revenue', operator: 'greaterThan', value: 1 }] } }, status: 422, code: 'UNKNOWN_FACT', pointer: '/conditions/all/0/fact' },
      { title: 'an unknown operator', body: { name: 'x', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThen', value: 1 }] } }, status: 422, code: 'UNKNOWN_OPERATOR', pointer: '/conditions/all/0/operator' },
      { title: 'a value of the wrong type', body: { name: 'x', conditions: { any: [{ fact: 'attributes.country', operator: 'equal', value: 'France' }, { fact: 'traits.orders_count', operator: 'greaterThan', value: 'three' }] } }, status: 422, code: 'TYPE_MISMATCH', pointer: '/conditions/any/1/value' },
      { title: 'an operator that does not fit the fact', body: { name: 'x', conditions: { all: [{ fact: 'attributes.tags', operator: 'greaterThan', value: 1 }] } }, status: 422, code: 'TYPE_MISMATCH', pointer: '/conditions/all/0/operator' },
      { title: 'a malformed group', body: { name: 'x', conditions: { all: { fact: 'traits.orders_count' } } }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/all' },
      { title: 'a fact test without its value', body: { name: 'x', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan' }] } }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/all/0/value' },
      { title: 'a condition nested too deep', body: { name: 'x', conditions: nest(12) }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/not/not/not/not/not/not/not/not' },
      { title: 'a condition too large', body: { name: 'x', conditions: { any: Array.from({ length: 300 }, (_, i) => ({ fact: 'traits.orders_count', operator: 'equal', value: i })) } }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/any/255' },
      { title: 'a MongoDB operator smuggled in as a value', body: { name: 'x', conditions: { all: [{ fact: 'attributes.email', operator: 'equal', value: { $ne: null } }] } }, status: 422, code: 'TYPE_MISMATCH', pointer: '/conditions/all/0/value' },
      { title: 'a MongoDB operator smuggled in as a key', body: { name: 'x', conditions: { all: [{ fact: 'attributes.email', operator: 'equal', value: 'a@b.c', $where: 'sleep(100)' }] } }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/all/0/$where' },
      { title: 'a "$" in a fact path', body: { name: 'x', conditions: { all: [{ fact: 'attributes.$where', operator: 'equal', value: 'x' }] } }, status: 422, code: 'INVALID_CONDITION', pointer: '/conditions/all/0/fact' },
      { title: 'an event fact in segment criteria', body: { name: 'x', conditions: { all: [{ fact: 'event.properties.total', operator: 'greaterThan', value: 1 }] } }, status: 422, code: 'UNKNOWN_FACT', pointer: '/conditions/all/0/fact' },
      { title: 'a missing name', body: { conditions: bigSpenders }, status: 400, code: 'VALIDATION_FAILED', pointer: '/name' },
      { title: 'an id that is not a slug', body: { id: 'VIP Customers', name: 'x', conditions: bigSpenders }, status: 400, code: 'VALIDATION_FAILED', pointer: '/id' },
      { title: 'a field that does not exist', body: { name: 'x', conditions: bigSpenders, colour: 'red' }, status: 400, code: 'VALIDATION_FAILED', pointer: '/colour' },
      { title: 'missing conditions', body: { name: 'x' }, status: 400, code: 'VALIDATION_FAILED', pointer: '/conditions' },
      { title: 'a reference to a segment that does not exist', body: { name: 'x', conditions: { all: [{ fact: 'segments', operator: 'contains', value: 'ghosts' }] } }, status: 422, code: 'INVALID_DEFINITION', pointer: '/conditions/all/0/value' },
      { title: 'a reference to itself', body: { id: 'loop', name: 'x', conditions: { all: [{ fact: 'segmentsEnteredAt.loop', operator: 'withinLastDays', value: 7 }] } }, status: 422, code: 'INVALID_DEFINITION', pointer: '/conditions/all/0/fact' },
    ];

    function nest(depth: number): unknown {
      let node: unknown = { fact: 'traits.orders_count', operator: 'greaterThan', value: 1 };
      for (let i = 0; i < depth; i++) node = { not: node };
      return node;
    }

    for (const { title, body, status, code, pointer } of cases) {
      it(`refuses ${title}`, async () => {
        await t.createSegment({ id: 'existing', name: 'Existing', conditions: bigSpenders });
        const before = await storedState();
        const response = await t.admin('POST', '/api/segments', body);
        expect(response.statusCode, response.body).toBe(status);
        const problem = response.json();
        expect(problem.code).toBe(code);
        expect(problem.details.map((detail: { pointer: string }) => detail.pointer)).toContain(pointer);
        const update = await t.admin('PUT', '/api/segments/existing', body);
        expect(update.statusCode, update.body).toBeGreaterThanOrEqual(400);
        expect(update.statusCode).toBeLessThan(500);
        expect(await storedState()).toEqual(before);
      });
    }

    it('refuses a definition that would make two segments depend on each other', async () => {
      await t.createSegment({ id: 'a', name: 'A', conditions: bigSpenders });
      await t.createSegment({ id: 'b', name: 'B', conditions: { all: [{ fact: 'segments', operator: 'contains', value: 'a' }] } });
      const before = await storedState();
      const cycle = await t.admin('PUT', '/api/segments/a', { name: 'A', conditions: { any: [{ fact: 'segments', operator: 'containsAny', value: ['b'] }] } });
      expect(cycle.statusCode).toBe(422);
      expect(cycle.json()).toMatchObject({ code: 'INVALID_DEFINITION', details: [{ pointer: '/conditions/any/0/value/0' }] });
      expect(cycle.json().details[0].message).toContain('a → b → a');
      expect(await storedState()).toEqual(before);
    });
  });

  it('archives: members leave with Segment Exited, the definition stays readable, and creating the id again revives it', async () => {
    await t.track('ada', 'Order Completed', { order_id: 'o1', revenue: 150, total: 150 });
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: bigSpenders });
    expect((await t.customer('ada'))!.segments).toEqual(['vip']);

    const archived = await t.admin('DELETE', '/api/segments/vip');
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ id: 'vip', status: 'archived', size: 0, recompute: { exited: 1, size: 0 } });
    expect((await t.customer('ada'))!.segments).toEqual([]);
    expect((await t.customer('ada'))!.segmentsEnteredAt).toEqual({});
    expect(await t.eventsNamed('ada', 'Segment Exited')).toHaveLength(1);

    expect((await t.admin('GET', '/api/segments')).json().segments).toEqual([]);
    expect((await t.admin('GET', '/api/segments?status=archived')).json().segments.map((segment: Segment) => segment.id)).toEqual(['vip']);
    expect((await t.admin('GET', '/api/segments/vip')).json().status).toBe('archived');
    const change = await t.admin('PUT', '/api/segments/vip', { name: 'VIP', conditions: bigSpenders });
    expect(change.statusCode).toBe(409);

    // Orders while archived change nothing.
    await t.track('ada', 'Order Completed', { order_id: 'o2', revenue: 10, total: 10 });
    expect((await t.customer('ada'))!.segments).toEqual([]);

    const revived = await t.createSegment({ id: 'vip', name: 'VIP again', conditions: bigSpenders });
    expect(revived).toMatchObject({ version: 2, status: 'active', size: 1, recompute: { entered: 1 } });
    expect(revived.archivedAt).toBeUndefined();
    expect(((await t.admin('GET', '/api/segments/vip/versions')).json() as SegmentVersionList).versions.map((version) => version.name)).toEqual(['VIP', 'VIP again']);
  });

  it('refuses to archive a segment another segment is defined by', async () => {
    await t.createSegment({ id: 'vip', name: 'VIP', conditions: bigSpenders });
    await t.createSegment({ id: 'vip-uk', name: 'VIP in the UK', conditions: { all: [{ fact: 'segments', operator: 'contains', value: 'vip' }, { fact: 'attributes.country', operator: 'equal', value: 'United Kingdom' }] } });
    const response = await t.admin('DELETE', '/api/segments/vip');
    expect(response.statusCode).toBe(409);
    expect(response.json().details[0].message).toContain('vip-uk');
    expect((await t.admin('GET', '/api/segments/vip')).json().status).toBe('active');
  });

  it('needs the admin key', async () => {
    expect((await t.inject({ method: 'GET', url: '/api/segments' })).statusCode).toBe(401);
    expect((await t.inject({ method: 'GET', url: '/api/segments', headers: { authorization: basicAuth() } })).statusCode).toBe(401);
    const withWriteKey = await t.inject({ method: 'POST', url: '/api/segments', headers: { authorization: 'Bearer wk_test_0123456789abcdefghijklmnop' }, payload: { name: 'x', conditions: bigSpenders } });
    expect(withWriteKey.statusCode).toBe(403);
    expect(await t.store.collection(segmentCollectionNames.segments).count(t.workspace, {})).toBe(0);
  });

  it('documents the routes and their schemas in OpenAPI', async () => {
    const document = (await t.inject({ method: 'GET', url: '/docs/json' })).json();
    for (const path of ['/api/segments', '/api/segments/{id}', '/api/segments/{id}/versions', '/api/segments/{id}/sizes', '/api/segments/preview', '/api/facts']) {
      expect(Object.keys(document.paths)).toContain(path);
    }
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Segment', 'SegmentInput', 'SegmentPreview', 'SegmentSizes', 'FactCatalogue']));
  });
});
