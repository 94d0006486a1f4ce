import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../schemas/types';
import { createIngestApp, type IngestApp } from '../support/ingest-app';

interface SpecExample {
  source: string;
  section: string;
  kind: 'json' | 'js-call';
  payload: Record<string, unknown> & { type: string };
}

const examples = readFileSync(new URL('../../../shared/data/segment-spec/examples.ndjson', import.meta.url), 'utf8')
  .trim()
  .split('\n')
  .map((line) => JSON.parse(line) as SpecExample)
  .filter((example) => example.kind === 'json');

describe('the Segment spec examples', () => {
  let ingest: IngestApp;
  beforeEach(async () => {
    ingest = await createIngestApp();
  });
  afterEach(() => ingest.close());

  it('has json examples of every message type but alias to test', () => {
    expect(new Set(examples.map((example) => example.payload.type))).toEqual(new Set(['identify', 'track', 'page', 'screen', 'group']));
    expect(examples.length).toBeGreaterThanOrEqual(25);
  });

  it.each(examples.map((example, i) => [`${example.source} ${example.section} #${i}`, example] as const))(
    'accepts and stores %s on its own endpoint',
    async (_name, example) => {
      const response = await ingest.post(`/v1/${example.payload.type}`, example.payload);
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json()).toEqual({ success: true });
      const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, {});
      expect(events).toHaveLength(1);
      const [event] = events;
      expect(event.type).toBe(example.payload.type);
      if (typeof example.payload.messageId === 'string') expect(event.messageId).toBe(example.payload.messageId);
      if (typeof example.payload.userId === 'string') expect(event.userId).toBe(example.payload.userId);
      if (typeof example.payload.event === 'string') expect(event.event).toBe(example.payload.event);
      if (example.payload.properties) expect(event.properties).toEqual(example.payload.properties);
      if (example.payload.traits) expect(event.traits).toEqual(example.payload.traits);
      if (example.payload.context) expect(event.context).toEqual(example.payload.context);
      // A message that names nobody still belongs to someone: a fresh anonymous profile.
      expect(event.userId ?? event.anonymousId).toBeTruthy();
      const customer = await ingest.store.collection('customers').findOne(ingest.workspace, { _id: event.customerId });
      expect(customer).not.toBeNull();
    },
  );

  it('accepts all of them in one batch, and a replay of that batch stores nothing new', async () => {
    const batch = examples.map((example) => example.payload);
    const first = await ingest.post('/v1/batch', { batch });
    expect(first.statusCode, first.body).toBe(200);
    const stored = await ingest.store.collection('events').count(ingest.workspace, {});
    // The spec's page, screen and identify examples share one messageId: only the first of them is stored.
    const messageIds = batch.map((message) => message.messageId).filter((id) => typeof id === 'string');
    expect(new Set(messageIds).size).toBeLessThan(messageIds.length);
    expect(stored).toBe(examples.length - messageIds.length + new Set(messageIds).size);
    await ingest.post('/v1/batch', { batch: batch.filter((message) => typeof message.messageId === 'string') });
    expect(await ingest.store.collection('events').count(ingest.workspace, {})).toBe(stored);
  });
});
