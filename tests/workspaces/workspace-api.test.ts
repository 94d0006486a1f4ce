import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashApiKey } from '../../engine/workspaces/index';
import { createIngestApp, testAdminKey, testWriteKey, type IngestApp } from '../support/ingest-app';

let harness: IngestApp;
beforeEach(async () => {
  harness = await createIngestApp();
});
afterEach(async () => {
  await harness.close();
});

function admin(method: 'GET' | 'POST' | 'DELETE', url: string, payload?: Record<string, unknown>, key = testAdminKey) {
  return harness.inject({ method, url, headers: { authorization: `Bearer ${key}` }, ...(payload === undefined ? {} : { payload }) });
}

describe('workspace and API keys', () => {
  it('describes the workspace of the admin key with its keys, never the keys themselves', async () => {
    const response = await admin('GET', '/api/workspace');
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ id: harness.workspace, isDefault: true });
    expect(body.keys.map((key: { id: string; role: string }) => [key.role, key.id]).sort()).toEqual(
      [['admin', hashApiKey(testAdminKey)], ['write', hashApiKey(testWriteKey)]].sort(),
    );
    expect(response.body).not.toContain(testAdminKey);
    expect(response.body).not.toContain(testWriteKey);
  });

  it('issues a write key that ingests at once, and revokes it so it stops working', async () => {
    const issued = await admin('POST', '/api/keys', { role: 'write' });
    expect(issued.statusCode).toBe(201);
    const { key, id } = issued.json();
    expect(key).toMatch(/^wk_/);
    expect(id).toBe(hashApiKey(key));

    const accepted = await harness.post('/v1/track', { userId: 'u1', event: 'Signed Up' }, { authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64') });
    expect(accepted.statusCode).toBe(200);

    expect((await admin('DELETE', `/api/keys/${id}`)).statusCode).toBe(204);
    const refused = await harness.post('/v1/track', { userId: 'u1', event: 'Signed Up', messageId: 'after-revoke' }, { authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64') });
    expect(refused.statusCode).toBe(401);
    const listed = (await admin('GET', '/api/workspace')).json().keys.find((view: { id: string }) => view.id === id);
    expect(listed.revokedAt).not.toBeNull();
  });

  it('refuses to revoke the last admin key, and answers unknown ids and bad roles with 4xx', async () => {
    const last = await admin('DELETE', `/api/keys/${hashApiKey(testAdminKey)}`);
    expect(last.statusCode).toBe(409);
    expect(last.json()).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/id' }] });
    expect((await admin('GET', '/api/workspace')).statusCode).toBe(200);

    const unknown = await admin('DELETE', `/api/keys/${'0'.repeat(64)}`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('NOT_FOUND');

    const badRole = await admin('POST', '/api/keys', { role: 'owner' });
    expect(badRole.statusCode).toBe(400);
    expect(badRole.json()).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  it('lets a second admin key take over, after which the first can be revoked', async () => {
    const second = (await admin('POST', '/api/keys', { role: 'admin' })).json();
    expect((await admin('DELETE', `/api/keys/${hashApiKey(testAdminKey)}`, undefined, second.key)).statusCode).toBe(204);
    expect((await admin('GET', '/api/workspace')).statusCode).toBe(401);
    expect((await admin('GET', '/api/workspace', undefined, second.key)).statusCode).toBe(200);
  });

  it('refuses the write key on the management API', async () => {
    const response = await admin('GET', '/api/workspace', undefined, testWriteKey);
    expect([401, 403]).toContain(response.statusCode);
  });
});
