import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { correctEventTime } from '../../engine/ingest/index';
import type { StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';
import { trackMessage } from '../support/segment-message-factory';

const t = (iso: string) => Date.parse(iso);
const receivedAt = '2024-05-01T12:00:00.000Z';

describe('correctEventTime', () => {
  it('applies timestamp = receivedAt − (sentAt − originalTimestamp)', () => {
    // The device clock is 1 hour fast; the event waited 5 s on the device before being sent.
    const corrected = correctEventTime({ originalTimestamp: t('2024-05-01T13:00:00.000Z'), sentAt: t('2024-05-01T13:00:05.000Z'), receivedAt: t(receivedAt) });
    expect(new Date(corrected.timestamp).toISOString()).toBe('2024-05-01T11:59:55.000Z');
    expect(corrected.originalTimestamp).toBe(t('2024-05-01T13:00:00.000Z'));
  });

  it('treats a library timestamp sent with sentAt as the client time, as Segment does', () => {
    const corrected = correctEventTime({ timestamp: t('2024-05-01T11:00:00.000Z'), sentAt: t('2024-05-01T11:00:02.000Z'), receivedAt: t(receivedAt) });
    expect(new Date(corrected.timestamp).toISOString()).toBe('2024-05-01T11:59:58.000Z');
    expect(corrected.originalTimestamp).toBe(t('2024-05-01T11:00:00.000Z'));
  });

  it('keeps a timestamp that came with originalTimestamp: it was corrected upstream', () => {
    const corrected = correctEventTime({ timestamp: t('2015-12-12T19:11:01.249Z'), originalTimestamp: t('2015-12-12T19:11:01.152Z'), sentAt: t('2015-12-12T19:11:01.169Z'), receivedAt: t(receivedAt) });
    expect(new Date(corrected.timestamp).toISOString()).toBe('2015-12-12T19:11:01.249Z');
  });

  it('keeps a timestamp without sentAt (historical import) and uses receivedAt without any time', () => {
    expect(correctEventTime({ timestamp: t('2011-01-05T13:40:00.000Z'), receivedAt: t(receivedAt) })).toEqual({ timestamp: t('2011-01-05T13:40:00.000Z') });
    expect(correctEventTime({ receivedAt: t(receivedAt) })).toEqual({ timestamp: t(receivedAt) });
  });
});

describe('event times through the API', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  async function storedEvent(messageId: string): Promise<StoredEvent> {
    const event = await ingest.store.collection<StoredEvent>('events').findOne(ingest.workspace, { messageId });
    expect(event).not.toBeNull();
    return event!;
  }

  it('corrects a skewed device clock with the batch sentAt and fills receivedAt from the server clock', async () => {
    const message = trackMessage({ timestamp: '2024-05-01T14:00:00.000+02:00', messageId: 'skewed-1' });
    const response = await ingest.post('/v1/batch', { batch: [message], sentAt: '2024-05-01T12:30:10.000Z' });
    expect(response.statusCode).toBe(200);
    const event = await storedEvent('skewed-1');
    expect(event.receivedAt).toBe(receivedAt);
    expect(event.sentAt).toBe('2024-05-01T12:30:10.000Z');
    expect(event.originalTimestamp).toBe('2024-05-01T12:00:00.000Z');
    expect(event.timestamp).toBe('2024-05-01T11:29:50.000Z');
  });

  it('prefers a message sentAt over the batch sentAt', async () => {
    const message = trackMessage({ timestamp: '2024-05-01T12:00:00.000Z', sentAt: '2024-05-01T12:00:01.000Z', messageId: 'own-sent-at' });
    await ingest.post('/v1/batch', { batch: [message], sentAt: '2024-05-01T13:00:00.000Z' });
    expect((await storedEvent('own-sent-at')).timestamp).toBe('2024-05-01T11:59:59.000Z');
  });

  it('stores every time as a 24-character UTC ISO string', async () => {
    await ingest.post('/v1/track', trackMessage({ timestamp: '2011-01-05T13:40:00+01:00', messageId: 'offset-1', type: undefined }));
    const event = await storedEvent('offset-1');
    expect(event.timestamp).toBe('2011-01-05T12:40:00.000Z');
    expect(event.originalTimestamp).toBeUndefined();
  });

  it('refuses a correction that leaves the years 0000–9999', async () => {
    const response = await ingest.post('/v1/track', trackMessage({ timestamp: '0001-01-01T00:00:00Z', sentAt: '9999-01-01T00:00:00Z', type: undefined }));
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/sentAt' }] });
  });
});
