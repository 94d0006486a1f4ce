import { describe, expect, it } from 'vitest';
import type { Journey, JourneyVersion, RulePack, RulePackImport } from '../../schemas/types';
import { email, entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { packAppsClosedAfterEach, type PackApp } from '../support/pack-app';
import { snapshotStore } from '../support/store-snapshot';

// Which journey version a pack carries and how an import treats the versions a workspace already has
// (docs/packs.md, "Export" and "Import"): the live version with its frozen templates, drafts that are
// work in progress, library templates changed or deleted after publishing, and open drafts.

const freshApp = packAppsClosedAfterEach();

async function exported(app: PackApp): Promise<RulePack> {
  const response = await app.exportPack();
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as RulePack;
}

const withoutTimestamp = ({ exportedAt: _exportedAt, ...pack }: RulePack): Omit<RulePack, 'exportedAt'> => pack;

const helloTemplate = (subject: string) => ({ id: 'hello', name: 'Hello', channel: 'email', content: { subject, text: 'Hi there' } });
const welcomeUsingHello = (): Journey => journey('welcome', [entry('in', onEvent('Signed Up')), send('mail', 'email', { ref: 'hello' } as never), exit('done')], [go('in', 'mail'), go('mail', 'done')]);
const welcomeSaying = (subject: string, version = 1): Journey => ({ ...journey('welcome', [entry('in', onEvent('Signed Up')), email('mail', subject), exit('done')], [go('in', 'mail'), go('mail', 'done')]), version });

/** The subjects of the messages the workspace queued, oldest first. */
async function sentSubjects(app: PackApp, userId: string): Promise<string[]> {
  const answer = (await app.admin('GET', `/api/messages?userId=${userId}`)).json() as { messages: Array<{ payload: { content: { subject: string } } }> };
  return answer.messages.map((message) => message.payload.content.subject);
}

async function versionsOf(app: PackApp, journeyId: string): Promise<string[]> {
  const answer = (await app.admin('GET', `/api/journeys/${journeyId}/versions`)).json() as { versions: Array<{ version: number; status: string }> };
  return answer.versions.map((v) => `${v.version}:${v.status}`);
}

/** A workspace whose published "welcome" froze "Original subject", with the library template since changed. */
async function workspaceWithChangedTemplate(): Promise<PackApp> {
  const app = await freshApp();
  expect((await app.admin('POST', '/api/templates', helloTemplate('Original subject'))).statusCode).toBe(201);
  await app.publishJourney(welcomeUsingHello());
  expect((await app.admin('PUT', '/api/templates/hello', { ...helloTemplate('New subject'), version: 1 })).statusCode).toBe(200);
  return app;
}

describe('a published journey in a pack publishes with the frozen templates it carries', () => {
  it('imported elsewhere with publish, it sends what the source sends, and exports the same pack', async () => {
    const source = await workspaceWithChangedTemplate();
    const pack = await exported(source);
    expect(pack.journeys![0].states[1]).toMatchObject({ params: { template: { ref: 'hello', content: { subject: 'Original subject' } } } });

    const target = await freshApp();
    const imported = await target.importPack(pack, { publish: true });
    expect(imported.statusCode, imported.body).toBe(200);
    await target.identify('ana', { email: 'ana@example.com' });
    await target.track('ana', 'Signed Up');
    expect(await sentSubjects(target, 'ana')).toEqual(['Original subject']);
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(pack));
  });

  it('imported back into its own workspace with replace and publish, it is unchanged', async () => {
    const source = await workspaceWithChangedTemplate();
    const pack = await exported(source);
    const before = await snapshotStore(source.store);
    const report = (await source.importPack(pack, { onConflict: 'replace', publish: true })).json() as RulePackImport;
    expect(report.items.map((item) => `${item.kind}:${item.id}:${item.action}`)).toEqual(['template:hello:unchanged', 'journey:welcome:unchanged']);
    expect(await snapshotStore(source.store)).toBe(before);
  });
});

describe('a pack carries the version a workspace runs', () => {
  /** "welcome" v1 live, v2 a draft saved half-done: its send step has no way out yet. */
  async function workspaceWithUnfinishedDraft(): Promise<PackApp> {
    const app = await freshApp();
    await app.publishJourney(welcomeSaying('Live'));
    const unfinished = { ...welcomeSaying('Work in progress', 2), transitions: [go('in', 'mail')] };
    const saved = await app.admin('PUT', '/api/journeys/welcome/versions/2', unfinished);
    expect(saved.statusCode, saved.body).toBe(200);
    return app;
  }

  it('exports the live version, not a newer draft, and the pack imports elsewhere and back unchanged', async () => {
    const source = await workspaceWithUnfinishedDraft();
    const pack = await exported(source);
    expect(pack.journeys!.map((j) => [j.id, j.version, j.status])).toEqual([['welcome', 1, 'published']]);

    const target = await freshApp();
    expect((await target.importPack(pack, { publish: true })).statusCode).toBe(200);
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(pack));

    const before = await snapshotStore(source.store);
    for (const publish of [false, true]) {
      const report = (await source.importPack(pack, { onConflict: 'replace', publish })).json() as RulePackImport;
      expect(report.items).toEqual([expect.objectContaining({ id: 'welcome', action: 'unchanged', version: 1, status: 'published' })]);
    }
    expect(await snapshotStore(source.store)).toBe(before);
  });

  it('moves an unfinished draft as a draft, checked only as saving a draft is, and refuses to publish it', async () => {
    const source = await freshApp();
    const unfinished = { ...welcomeSaying('Work in progress'), transitions: [go('in', 'mail')] };
    expect((await source.admin('PUT', '/api/journeys/welcome/versions/1', unfinished)).statusCode).toBe(200);
    const pack = await exported(source);
    expect(pack.journeys!.map((j) => [j.id, j.version, j.status])).toEqual([['welcome', 1, 'draft']]);

    const target = await freshApp();
    // Validation answers for the import it is asked about: as published (the default), or as drafts.
    expect((await target.admin('POST', '/api/packs/validate', pack)).json()).toMatchObject({ valid: false });
    expect((await target.admin('POST', '/api/packs/validate?publish=false', pack)).json()).toMatchObject({ valid: true, warnings: expect.arrayContaining([expect.objectContaining({ pointer: '/journeys/0/states/1' })]) });
    const published = await target.importPack(pack, { publish: true });
    expect(published.statusCode).toBe(422);
    expect(published.json()).toMatchObject({ code: 'INVALID_IMPORT', details: expect.arrayContaining([expect.objectContaining({ pointer: '/journeys/0/states/1' })]) });

    const drafted = await target.importPack(pack);
    expect(drafted.statusCode, drafted.body).toBe(200);
    const report = drafted.json() as RulePackImport;
    expect(report.items).toEqual([expect.objectContaining({ id: 'welcome', action: 'created', version: 1, status: 'draft' })]);
    // What stops it being published is said, as warnings, where it is.
    expect(report.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/journeys/0/states/1', message: expect.stringContaining('no way out') })]));
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(pack));
  });
});

describe('a library template deleted after publishing', () => {
  it('leaves the workspace exportable: the published journey imports with its frozen copy', async () => {
    const source = await freshApp();
    await source.admin('POST', '/api/templates', helloTemplate('Frozen subject'));
    await source.publishJourney(welcomeUsingHello());
    expect((await source.admin('DELETE', '/api/templates/hello')).statusCode).toBe(204);
    const pack = await exported(source);
    expect(pack.templates).toEqual([]);

    const target = await freshApp();
    const imported = await target.importPack(pack, { publish: true });
    expect(imported.statusCode, imported.body).toBe(200);
    await target.identify('ana', { email: 'ana@example.com' });
    await target.track('ana', 'Signed Up');
    expect(await sentSubjects(target, 'ana')).toEqual(['Frozen subject']);
    expect(withoutTimestamp(await exported(target))).toEqual(withoutTimestamp(pack));
  });
});

describe('publish over a journey with an open draft', () => {
  it('keeps the draft, and the answer names it: it can no longer be published as it is', async () => {
    const app = await freshApp();
    await app.publishJourney(welcomeSaying('Live'));
    expect((await app.admin('PUT', '/api/journeys/welcome/versions/2', welcomeSaying('My work in progress', 2))).statusCode).toBe(200);
    const response = await app.importPack({ format: 'wayfarer.rule-pack', version: 1, name: 'p', journeys: [welcomeSaying('From the pack')] }, { onConflict: 'replace', publish: true });
    expect(response.statusCode, response.body).toBe(200);
    const report = response.json() as RulePackImport;
    expect(report.items).toEqual([expect.objectContaining({ id: 'welcome', action: 'replaced', version: 3, status: 'published' })]);
    expect(await versionsOf(app, 'welcome')).toEqual(['1:published', '2:draft', '3:published']);
    expect(((await app.admin('GET', '/api/journeys/welcome/versions/2')).json() as JourneyVersion).journey).toMatchObject({ status: 'draft' });
    expect(report.warnings).toEqual([{ pointer: '/journeys/0', message: expect.stringMatching(/version 2 .*draft.*version 4/i) }]);
  });
});
