import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/time/index';
import { issueApiKey, revokeApiKey } from '../../engine/workspaces/index';
import { basicAuth, createIngestApp, testAdminKey, testWriteKey, type IngestApp } from '../support/ingest-app';
import { trackMessage } from '../support/segment-message-factory';

describe('API keys', () => {
  let ingest: IngestApp;
  let clock: VirtualClock;
  beforeEach(async () => {
    clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
    ingest = await createIngestApp({ clock });
    // A management route guarded by the exported hook, as other route plugins use it.
    await ingest.app.register(async (scope) => {
      scope.get('/api/whoami', { onRequest: scope.requireAdminKey }, async (request) => ({ workspace: request.workspace }));
    });
  });
  afterEach(() => ingest.close());

  const track = (headers: Record<string, string>, body: Record<string, unknown> = { userId: 'u1', event: 'x' }) =>
    ingest.inject({ method: 'POST', url: '/v1/track', headers: { 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
  const whoami = (authorization?: string) => ingest.inject({ method: 'GET', url: '/api/whoami', headers: authorization ? { authorization } : {} });

  it('takes the write key as the HTTP Basic username, with or without a colon', async () => {
    expect((await track({ authorization: basicAuth() })).statusCode).toBe(200);
    expect((await track({ authorization: 'Basic ' + Buffer.from(testWriteKey).toString('base64') })).statusCode).toBe(200);
  });

  it('takes the write key from the body when there is no Authorization header, and never stores it', async () => {
    const response = await track({}, { userId: 'u1', event: 'x', writeKey: testWriteKey, messageId: 'body-key' });
    expect(response.statusCode).toBe(200);
    const batch = await ingest.inject({ method: 'POST', url: '/v1/batch', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ writeKey: testWriteKey, batch: [trackMessage()] }) });
    expect(batch.statusCode).toBe(200);
    const stored = await ingest.store.collection('events').findOne(ingest.workspace, { messageId: 'body-key' });
    expect(JSON.stringify(stored)).not.toContain(testWriteKey);
  });

  it('answers 401 UNAUTHORIZED without a key, with an unknown key and with a malformed header', async () => {
    const attempts: Array<Record<string, string>> = [{}, { authorization: basicAuth('wk_unknown') }, { authorization: 'Basic !!!' }, { authorization: 'Bearer ' + testWriteKey }];
    for (const headers of attempts) {
      const response = await track(headers);
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED', details: [{ message: expect.any(String) }] });
    }
  });

  it('answers 403 FORBIDDEN to the admin key on /v1 and to the write key on /api', async () => {
    expect((await track({ authorization: basicAuth(testAdminKey) })).json().code).toBe('FORBIDDEN');
    const response = await whoami(`Bearer ${testWriteKey}`);
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('FORBIDDEN');
  });

  it('takes the admin key as a Bearer token and sets the request workspace', async () => {
    const response = await whoami(`Bearer ${testAdminKey}`);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ workspace: ingest.workspace });
    expect((await whoami()).statusCode).toBe(401);
    expect((await whoami(`Basic ${testAdminKey}`)).statusCode).toBe(401);
  });

  it('accepts a key issued by another process at once, and stops accepting a revoked key within the cache lifetime', async () => {
    const issued = await issueApiKey(ingest.store, clock, ingest.workspace, 'write');
    expect((await track({ authorization: basicAuth(issued) })).statusCode).toBe(200);
    expect(await revokeApiKey(ingest.store, clock, issued)).toBe(true);
    expect(await revokeApiKey(ingest.store, clock, issued)).toBe(false);
    // Cached: still accepted until the cache lifetime (30 s) has passed…
    expect((await track({ authorization: basicAuth(issued) })).statusCode).toBe(200);
    clock.advanceBy(30_001);
    // …then refused everywhere.
    expect((await track({ authorization: basicAuth(issued) })).statusCode).toBe(401);
  });
});
