import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../schemas/types';
import { basicAuth, createIngestApp, type IngestApp } from '../support/ingest-app';
import { snapshotStore } from '../support/store-snapshot';
import { trackMessage } from '../support/segment-message-factory';

describe('a batch with bad messages', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  const storedIds = async () => (await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {})).map((event) => event.messageId).sort();

  it('stores the good messages and answers 207 naming each bad one by index and pointer', async () => {
    const batch = [
      trackMessage({ messageId: 'good-0' }),
      trackMessage({ messageId: 'bad-1', event: 42 }),
      trackMessage({ messageId: 'good-2' }),
      { type: 'shout', messageId: 'bad-3' },
      trackMessage({ messageId: 'bad-4', properties: { 'a.b': 1 } }),
      trackMessage({ messageId: 'bad-5', properties: { blob: 'x'.repeat(40_000) } }),
    ];
    const response = await ingest.post('/v1/batch', { batch });
    expect(response.statusCode).toBe(207);
    const body = response.json();
    expect(body).toMatchObject({ success: false, accepted: 2, rejected: 4, code: 'VALIDATION_FAILED' });
    expect(body.message).toContain('4 of 6 messages were rejected');
    expect(body.details).toEqual([
      { index: 1, pointer: '/batch/1/event', code: 'VALIDATION_FAILED', message: 'must be string' },
      { index: 3, pointer: '/batch/3/type', code: 'VALIDATION_FAILED', message: expect.stringContaining('must be one of') },
      { index: 4, pointer: '/batch/4/properties/a.b', code: 'VALIDATION_FAILED', message: expect.stringContaining('"."') },
      { index: 5, pointer: '/batch/5', code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('32768 bytes') },
    ]);
    expect(await storedIds()).toEqual(['good-0', 'good-2']);
  });

  it('rejects a deeply nested or prototype-polluting message alone, storing the rest', async () => {
    const deep = '{"a":'.repeat(5_000) + '1' + '}'.repeat(5_000);
    const body = `{"batch":[${JSON.stringify(trackMessage({ messageId: 'fine-0' }))},{"type":"track","userId":"u","event":"x","properties":${deep}},{"type":"track","userId":"u","event":"x","properties":{"__proto__":{"admin":true}}},${JSON.stringify(trackMessage({ messageId: 'fine-3' }))}]}`;
    const response = await ingest.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basicAuth(), 'content-type': 'application/json' }, payload: body });
    expect(response.statusCode).toBe(207);
    expect(response.json().details.map((detail: { index: number }) => detail.index)).toEqual([1, 2]);
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(await storedIds()).toEqual(['fine-0', 'fine-3']);
  });

  it('answers 400 and stores nothing when every message is bad', async () => {
    const before = await snapshotStore(ingest.store);
    const response = await ingest.post('/v1/batch', { batch: [{ type: 'track' }, { type: 'identify', userId: [] }] });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [
        { index: 0, pointer: '/batch/0/event', message: 'is required' },
        { index: 1, pointer: '/batch/1/userId' },
      ],
    });
    expect(await snapshotStore(ingest.store)).toBe(before);
  });

  it('answers 413 when every message of the batch is too large on its own', async () => {
    const response = await ingest.post('/v1/batch', { batch: [trackMessage({ properties: { blob: 'y'.repeat(33_000) } })] });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', details: [{ index: 0, pointer: '/batch/0' }] });
  });

  it('rejects the whole request when the batch itself is malformed', async () => {
    for (const body of [{}, { batch: [] }, { batch: 'x' }, { batch: [trackMessage()], context: { $where: 'x' } }]) {
      const response = await ingest.post('/v1/batch', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.json().code).toBe('VALIDATION_FAILED');
    }
    expect(await storedIds()).toEqual([]);
  });

  it('merges the batch context and integrations into each message, the message winning', async () => {
    const batch = [trackMessage({ messageId: 'ctx-1', context: { locale: 'fr-FR' } }), trackMessage({ messageId: 'ctx-2' })];
    await ingest.post('/v1/batch', { batch, context: { locale: 'en-GB', library: { name: 'x' } }, integrations: { All: false } });
    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {}, { sort: { messageId: 1 } });
    expect(events[0].context).toEqual({ locale: 'fr-FR', library: { name: 'x' } });
    expect(events[1].context).toEqual({ locale: 'en-GB', library: { name: 'x' } });
    expect(events[1].integrations).toEqual({ All: false });
  });
});
