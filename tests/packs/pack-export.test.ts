import { describe, expect, it } from 'vitest';
import type { RulePack } from '../../schemas/types';
import { packAppsClosedAfterEach, readExamplePack, type PackApp } from '../support/pack-app';

const freshApp = packAppsClosedAfterEach();

async function exported(app: PackApp, query = ''): Promise<RulePack> {
  const response = await app.exportPack(query);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RulePack;
}

const withoutTimestamp = ({ exportedAt: _exportedAt, ...pack }: RulePack): Omit<RulePack, 'exportedAt'> => pack;

describe('GET /api/packs/export', () => {
  it('round-trips: export → import into an empty workspace → export gives the same pack (published journeys with their frozen templates)', async () => {
    const source = await freshApp();
    expect((await source.importPack(readExamplePack(), { publish: true })).statusCode).toBe(200);
    // Work done in the workspace after the import: a segment's new version, a changed template, a new draft on top of a published journey.
    await source.admin('PUT', '/api/segments/repeat-buyers', { name: 'Repeat buyers (3+)', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }] } });
    const first = await exported(source);
    expect(first).toMatchObject({ format: 'wayfarer.rule-pack', version: 1, name: 'Workspace export', exportedAt: expect.any(String) });
    expect(first.segments!.find((s) => s.id === 'repeat-buyers')).toEqual({ id: 'repeat-buyers', name: 'Repeat buyers (3+)', conditions: { all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }] } });
    expect(first.journeys!.map((j) => [j.id, j.status])).toEqual([
      ['birthday-care', 'published'], ['churn-early-warning', 'published'], ['first-purchase-nudge', 'published'],
      ['post-purchase-survey', 'published'], ['vip-tier-change', 'published'], ['welcome-series', 'published'],
    ]);

    const target = await freshApp();
    expect((await target.importPack(first, { publish: true })).statusCode).toBe(200);
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(first));
  });

  it('round-trips drafts too, and a pack imported as it was exported is unchanged', async () => {
    const source = await freshApp();
    await source.importPack(readExamplePack());
    const first = await exported(source);
    expect(first.journeys!.every((j) => j.status === 'draft')).toBe(true);
    const target = await freshApp();
    await target.importPack(first);
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(first));
    const again = (await target.importPack(first, { onConflict: 'replace' })).json() as { items: Array<{ action: string }> };
    expect(new Set(again.items.map((item) => item.action))).toEqual(new Set(['unchanged']));
  });

  it('exports a selection by ids (an empty list: none of that kind), and names a missing id', async () => {
    const app = await freshApp();
    await app.importPack(readExamplePack());
    const selected = await exported(app, 'journeys=birthday-care&segments=has-birthday&traits=&templates=birthday-week,birthday-push&name=Birthdays');
    expect(selected).toMatchObject({ name: 'Birthdays', traits: [] });
    expect(selected.segments!.map((s) => s.id)).toEqual(['has-birthday']);
    expect(selected.journeys!.map((j) => j.id)).toEqual(['birthday-care']);
    expect(selected.templates!.map((t) => t.id)).toEqual(['birthday-week', 'birthday-push']);
    // The selection is a pack of its own: it imports into an empty workspace.
    const target = await freshApp();
    expect((await target.importPack(selected)).statusCode).toBe(200);

    const missing = await app.exportPack('journeys=birthday-care,nope');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/journeys', message: 'No journey "nope" to export in this workspace.' }] });
  });
});
