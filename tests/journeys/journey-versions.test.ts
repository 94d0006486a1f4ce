import { describe, expect, it } from 'vitest';
import { archiveJourney, catalogDocumentId, journeyCollectionNames, journeyDocumentId, listJourneyVersions, loadJourneyVersion, publishJourney, saveJourneyDraft } from '../../engine/journeys';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';

const versioned = (version: number, subject: string) => ({
  ...journey('promo', [entry('in', onEvent('Go')), delay('pause', wait('P1D')), email('mail', subject), exit('done')], [go('in', 'pause'), elapsed('pause', 'mail'), go('mail', 'done')], { reentry: { policy: 'after-exit' } }),
  version,
});

describe('journey versions', () => {
  it('saves drafts freely, publishes after full validation, and never changes a published version', async () => {
    const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
    expect((await saveJourneyDraft(h.runtime, h.workspace, versioned(1, 'First try'))).ok).toBe(true);
    expect((await saveJourneyDraft(h.runtime, h.workspace, versioned(1, 'Second try'))).ok).toBe(true);
    // A draft may be incomplete; publishing it may not.
    const broken = { ...versioned(2, 'x'), transitions: [] };
    expect((await saveJourneyDraft(h.runtime, h.workspace, broken)).ok).toBe(true);
    expect(await publishJourney(h.runtime, h.workspace, 'promo', 2)).toMatchObject({ ok: false, problem: { code: 'INVALID_DEFINITION' } });
    expect(await publishJourney(h.runtime, h.workspace, 'promo', 1)).toMatchObject({ ok: true, value: { status: 'published', publishedAt: '2024-05-01T00:00:00.000Z' } });
    expect(await saveJourneyDraft(h.runtime, h.workspace, versioned(1, 'Sneaky edit'))).toMatchObject({ ok: false, problem: { code: 'IMMUTABLE_VERSION', details: [{ pointer: '/version' }] } });
    expect((await loadJourneyVersion(h.runtime, h.workspace, 'promo', 1))?.states[2]).toMatchObject({ params: { template: { subject: 'Second try' } } });
    expect(await publishJourney(h.runtime, h.workspace, 'promo', 9)).toMatchObject({ ok: false, problem: { code: 'NOT_FOUND' } });
    expect(await saveJourneyDraft(h.runtime, h.workspace, { ...versioned(3, 'x'), status: 'published' })).toMatchObject({ ok: false, problem: { code: 'VALIDATION_FAILED' } });
    await h.close();
  });

  it('keeps customers in flight on the version they entered; new customers enter the newest', async () => {
    const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
    await h.publish(versioned(1, 'Version one'));
    await h.identify('early', { email: 'e@example.com' });
    await h.track('early', 'Go');
    await h.publish(versioned(2, 'Version two'));
    await h.identify('late', { email: 'l@example.com' });
    await h.track('late', 'Go', {}, '2024-05-01T06:00:00.000Z');
    await h.advanceTo('2024-05-03T00:00:00.000Z');
    expect((await h.messages()).map((m) => [m.userId, m.journeyVersion, (m.payload as { content: { subject: string } }).content.subject])).toEqual([
      ['early', 1, 'Version one'],
      ['late', 2, 'Version two'],
    ]);
    expect((await listJourneyVersions(h.runtime, h.workspace, 'promo')).map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'published']]);
    await h.close();
  });

  it('archiving stops new entries and lets customers in flight finish', async () => {
    const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
    await h.publish(versioned(1, 'Hello'));
    await h.identify('inside', { email: 'i@example.com' });
    await h.track('inside', 'Go');
    const archived = await archiveJourney(h.runtime, h.workspace, 'promo');
    expect(archived).toMatchObject({ ok: true, value: [{ version: 1, status: 'archived' }] });
    await h.identify('outside', { email: 'o@example.com' });
    await h.track('outside', 'Go', {}, '2024-05-01T01:00:00.000Z');
    await h.advanceTo('2024-05-03T00:00:00.000Z');
    expect((await h.messages()).map((m) => m.userId)).toEqual(['inside']);
    expect(await publishJourney(h.runtime, h.workspace, 'promo', 1)).toMatchObject({ ok: false, problem: { code: 'IMMUTABLE_VERSION' } });
    expect(await archiveJourney(h.runtime, h.workspace, 'nothing')).toMatchObject({ ok: false, problem: { code: 'NOT_FOUND' } });
    await h.close();
  });

  it('sees a version another process published from the next request on (through the catalog revision)', async () => {
    const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
    await h.publish(versioned(1, 'One'));
    await h.identify('u1', { email: 'u1@example.com' });
    await h.track('u1', 'Go');
    // Another process publishes version 2: its commit writes the version and bumps the catalog; this
    // process's cached live index knows nothing of it.
    const v2 = { ...versioned(2, 'Two'), status: 'published' as const };
    await h.store.commit(h.workspace, [
      { collection: journeyCollectionNames.journeys, op: 'insert', doc: { ...v2, _id: journeyDocumentId(h.workspace, 'promo', 2), createdAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-01T00:00:00.000Z', publishedAt: '2024-05-01T00:00:00.000Z' } },
      { collection: journeyCollectionNames.catalog, op: 'update', filter: { _id: catalogDocumentId(h.workspace) }, update: { $inc: { revision: 1 } }, upsert: true },
    ]);
    await h.identify('u2', { email: 'u2@example.com' }, '2024-05-01T00:00:01.000Z');
    await h.track('u2', 'Go');
    expect((await h.customer('u2')).journeys.promo.version).toBe(2);
    expect((await h.customer('u1')).journeys.promo.version).toBe(1);
    await h.close();
  });
  it('publishes the same version twice at once as once: both succeed', async () => {
    const h2 = await JourneyHarness.create('2024-05-01T10:00:00.000Z');
    await h2.publish(versioned(1, 'One'));
    // The same version published twice at once: both succeed, nothing changes.
    await saveJourneyDraft(h2.runtime, h2.workspace, { ...versioned(4, 'V4'), status: 'draft' });
    const twice = await Promise.all([publishJourney(h2.runtime, h2.workspace, 'promo', 4), publishJourney(h2.runtime, h2.workspace, 'promo', 4)]);
    expect(twice.map((r) => r.ok)).toEqual([true, true]);
    expect((await listJourneyVersions(h2.runtime, h2.workspace, 'promo')).map((v) => `${v.version}:${v.status}`)).toEqual(['1:published', '4:published']);
    await h2.close();
  });
});
