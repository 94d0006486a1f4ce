import { afterEach, describe, expect, it } from 'vitest';
import type { RulePackImport, Segment } from '../../schemas/types';
import type { Journey, JourneyVersion } from '../../schemas/types';
import { EmbeddedStore, type StoragePort } from '../../engine/store/index';
import { createDelegatingStore } from '../support/delegating-store';
import { setAtPointer } from '../support/json-pointer-edit';
import { createPackApp, readExamplePack, type PackApp } from '../support/pack-app';
import { snapshotStore } from '../support/store-snapshot';

let app: PackApp;
afterEach(async () => {
  await app?.close();
});

const actions = (report: RulePackImport, action: string) => report.items.filter((item) => item.action === action).map((item) => `${item.kind}:${item.id}`);

describe('POST /api/packs/import', () => {
  it('imports a valid pack whole: segments with members recomputed, traits, drafts of every journey, library templates', async () => {
    app = await createPackApp();
    await app.identify('u-gb', { email: 'gb@example.com', country: 'United Kingdom' });
    await app.track('u-gb', 'Order Completed', { order_id: 'A1', total: 650 });
    await app.track('u-gb', 'Order Completed', { order_id: 'A2', total: 20 });
    await app.identify('u-fr', { country: 'France' });
    await app.track('u-fr', 'Order Completed', { order_id: 'B1', total: 40 });

    const response = await app.importPack(readExamplePack());
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as RulePackImport;
    expect(report).toMatchObject({ name: 'Lifecycle essentials for an online retailer', onConflict: 'fail', publish: false, backfill: true, warnings: [] });
    expect(actions(report, 'created')).toHaveLength(38);
    expect(report.items.filter((item) => item.kind === 'journey').every((item) => item.status === 'draft' && item.version === 1)).toBe(true);

    // Membership was computed at once …
    const sizes = Object.fromEntries(report.recomputed.map((r) => [r.segmentId, r.size]));
    expect(sizes).toMatchObject({ 'uk-customers': 1, 'international-buyers': 1, 'repeat-buyers': 1, 'big-basket-buyers': 0 });
    // … and follows the pack's own computed trait once the backfill the import asked for has run.
    await app.app.scheduler.runDueJobs();
    expect((await app.customer('u-gb'))!.traits).toMatchObject({ largest_order: 650 });
    expect((await app.customer('u-gb'))!.segments).toContain('big-basket-buyers');
    expect((await app.customer('u-gb'))!.segments).toEqual(expect.arrayContaining(['uk-customers', 'repeat-buyers']));
    expect(await app.eventsNamed('u-fr', 'Segment Entered')).toEqual(expect.arrayContaining([expect.objectContaining({ properties: expect.objectContaining({ segment_id: 'international-buyers' }) })]));
    // … the rest is readable through each area's API.
    expect(((await app.admin('GET', '/api/traits')).json() as { traits: Array<{ id: string }> }).traits.map((t) => t.id)).toEqual(['largest_order', 'product_views_14d', 'refunds_count', 'spend_90d']);
    expect(((await app.admin('GET', '/api/templates')).json() as { templates: unknown[] }).templates).toHaveLength(13);
    const journey = (await app.admin('GET', '/api/journeys/churn-early-warning')).json() as JourneyVersion;
    expect(journey.journey).toMatchObject({ version: 1, status: 'draft' });
  });

  it('changes NOTHING for a bad pack and answers INVALID_IMPORT with every problem and its pointer', async () => {
    app = await createPackApp();
    const before = await snapshotStore(app.store);
    const pack = readExamplePack();
    setAtPointer(pack, '/segments/5/conditions/all/1/fact', 'attributes.country.code.iso');
    setAtPointer(pack, '/segments/9/conditions/all/0/value', 3);
    setAtPointer(pack, '/journeys/4/settings/timezone', 'Mars/Olympus');
    const response = await app.importPack(pack, { publish: true });
    expect(response.statusCode).toBe(422);
    const problem = response.json() as { code: string; details: Array<{ pointer: string; code: string }> };
    expect(problem.code).toBe('INVALID_IMPORT');
    expect(problem.details.map((d) => [d.pointer, d.code])).toEqual([
      ['/segments/9/conditions/all/0/value', 'TYPE_MISMATCH'],
      ['/journeys/4/settings/timezone', 'INVALID_DEFINITION'],
    ]);
    expect(await snapshotStore(app.store)).toBe(before);
  });

  it('fails on ids the workspace already has unless told to skip or replace; replace makes new versions and never edits a published one', async () => {
    app = await createPackApp();
    expect((await app.importPack(readExamplePack(), { publish: true })).statusCode).toBe(200);
    const published = (await app.admin('GET', '/api/journeys/welcome-series/versions/1')).json() as JourneyVersion;

    // fail (the default): 409 naming every existing id, nothing changed.
    const before = await snapshotStore(app.store);
    const refused = await app.importPack(readExamplePack());
    expect(refused.statusCode).toBe(409);
    expect((refused.json() as { details: unknown[] }).details).toHaveLength(38);
    expect((refused.json() as { details: Array<{ pointer: string }> }).details[0]).toMatchObject({ pointer: '/segments/0/id', message: expect.stringContaining('already has the segment "new-subscribers"') });
    expect(await snapshotStore(app.store)).toBe(before);

    // The same pack again with replace: nothing to do.
    const same = (await app.importPack(readExamplePack(), { onConflict: 'replace', publish: true })).json() as RulePackImport;
    expect(actions(same, 'unchanged')).toHaveLength(38);

    // A changed pack with skip keeps the workspace's; with replace, its changes become new versions.
    const changed = readExamplePack();
    setAtPointer(changed, '/segments/3/conditions/all/0/value', 3);
    setAtPointer(changed, '/journeys/0/states/2/params/duration', 'P3D');
    setAtPointer(changed, '/templates/0/content/subject', 'Welcome aboard!');
    const skipped = (await app.importPack(changed, { onConflict: 'skip' })).json() as RulePackImport;
    expect(actions(skipped, 'skipped')).toHaveLength(38);
    const replaced = (await app.importPack(changed, { onConflict: 'replace' })).json() as RulePackImport;
    expect(actions(replaced, 'replaced')).toEqual(['template:welcome-email', 'segment:repeat-buyers', 'journey:welcome-series']);
    expect(replaced.items.find((item) => item.id === 'repeat-buyers')).toMatchObject({ version: 2 });
    expect(replaced.items.find((item) => item.id === 'welcome-series')).toMatchObject({ version: 2, status: 'draft' });
    expect(((await app.admin('GET', '/api/segments/repeat-buyers')).json() as Segment).conditions).toEqual({ all: [{ fact: 'traits.orders_count', operator: 'greaterThanInclusive', value: 3 }] });
    // The published version 1 is exactly as it was: its frozen welcome email still says the old subject.
    expect((await app.admin('GET', '/api/journeys/welcome-series/versions/1')).json()).toEqual(published);
    expect((published.journey as unknown as Journey).states[1]).toMatchObject({ params: { template: { ref: 'welcome-email', content: { subject: 'Welcome to the shop, {{ attributes.first_name | default: "friend" }}!' } } } });
  });

  it('is all or nothing: when another writer takes one of its ids between the check and the commit, nothing of the pack is written', async () => {
    const store = new EmbeddedStore();
    let raced = false;
    // A second writer on the same store, made deterministic: it creates the template "welcome-email"
    // just before the import's commit reaches the store.
    const racing: StoragePort = {
      ...createDelegatingStore(store),
      async commit(workspace, ops) {
        if (!raced && ops.length > 30) {
          raced = true;
          const now = new Date(app.runtime.clock.now()).toISOString();
          const template = { _id: `${workspace}/welcome-email`, id: 'welcome-email', name: 'Theirs', description: '', channel: 'email', content: { subject: 'Hi', text: 'Hi' }, version: 1, createdAt: now, updatedAt: now };
          expect(await store.commit(workspace, [{ collection: 'templates', op: 'insert', doc: template }])).toEqual({ ok: true });
        }
        return store.commit(workspace, ops);
      },
    };
    app = await createPackApp({ store: racing });
    const response = await app.importPack(readExamplePack());
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ code: 'CONFLICT', details: [{ message: expect.stringContaining('nothing was imported') }] });
    expect(((await app.admin('GET', '/api/templates')).json() as { templates: Array<{ name: string }> }).templates.map((t) => t.name)).toEqual(['Theirs']);
    expect(((await app.admin('GET', '/api/segments')).json() as { segments: unknown[] }).segments).toEqual([]);
    expect(((await app.admin('GET', '/api/traits')).json() as { traits: unknown[] }).traits).toEqual([]);
    expect(((await app.admin('GET', '/api/journeys')).json() as { journeys: unknown[] }).journeys).toEqual([]);
  });

  it('publishes with publish=true: the journeys go live, their library templates frozen in', async () => {
    app = await createPackApp();
    const report = (await app.importPack(readExamplePack(), { publish: true })).json() as RulePackImport;
    expect(report.items.filter((item) => item.kind === 'journey').map((item) => item.status)).toEqual(Array(6).fill('published'));
    const version = ((await app.admin('GET', '/api/journeys/birthday-care/versions/1')).json() as JourneyVersion).journey as unknown as Journey;
    expect(version.status).toBe('published');
    expect(version.states.find((state) => state.id === 'birthday-push')).toMatchObject({ params: { template: { ref: 'birthday-push', content: { title: 'Happy birthday, {{ attributes.first_name | default: "friend" }}!' } } } });

    // A customer entering a published journey of the pack gets the frozen message.
    await app.identify('ana', { email: 'ana@example.com', first_name: 'Ana' });
    await app.track('ana', 'Signed Up');
    const messages = (await app.admin('GET', '/api/messages?userId=ana')).json() as { messages: Array<{ stepId: string; payload: { content: { subject: string } } }> };
    expect(messages.messages).toEqual([expect.objectContaining({ stepId: 'welcome-email', payload: expect.objectContaining({ content: expect.objectContaining({ subject: 'Welcome to the shop, Ana!' }) }) })]);
  });

  it('answers 400 for an unknown conflict policy and 422 for a body that is not a pack', async () => {
    app = await createPackApp();
    expect((await app.admin('POST', '/api/packs/import?onConflict=merge', readExamplePack())).statusCode).toBe(400);
    const notPack = await app.importPack([1, 2, 3]);
    expect(notPack.statusCode).toBe(422);
    expect(notPack.json()).toMatchObject({ code: 'INVALID_IMPORT', details: [{ pointer: '' }] });
  });
});

describe('POST /api/packs/validate', () => {
  it('says whether a pack could be imported here, with its problems and the ids this workspace already has', async () => {
    app = await createPackApp();
    await app.createSegment({ id: 'vip-tier', name: 'Our own VIPs', conditions: { all: [{ fact: 'traits.revenue_total', operator: 'greaterThan', value: 1000 }] } });
    const valid = (await app.admin('POST', '/api/packs/validate', readExamplePack())).json();
    expect(valid).toMatchObject({ valid: true, problem: null, conflicts: [{ kind: 'segment', id: 'vip-tier', pointer: '/segments/7' }] });
    expect(valid.contents.journeys).toEqual(['welcome-series', 'first-purchase-nudge', 'post-purchase-survey', 'churn-early-warning', 'birthday-care', 'vip-tier-change']);
    const pack = readExamplePack();
    setAtPointer(pack, '/segments/0/conditions/all/0/operator', 'exist');
    const invalid = (await app.admin('POST', '/api/packs/validate', pack)).json();
    expect(invalid).toMatchObject({ valid: false, problem: { code: 'INVALID_IMPORT', details: [{ pointer: '/segments/0/conditions/all/0/operator', code: 'UNKNOWN_OPERATOR' }] } });
  });
});
