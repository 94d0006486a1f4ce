import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { issueApiKey, newWorkspaceId } from '../../engine/workspaces/index';
import { createPackApp, readExamplePack, type PackApp } from '../support/pack-app';

/**
 * Two workspaces on one store hold definitions with the same ids (two teams importing the same pack)
 * and customers with the same userIds, and never see each other's. Document `_id`s are unique per
 * collection across the whole store (as in MongoDB), so every id must be scoped by workspace.
 */
describe('two workspaces on one store', () => {
  let app: PackApp;
  let otherAdminKey: string;
  let otherWriteKey: string;

  beforeEach(async () => {
    app = await createPackApp();
    const other = newWorkspaceId();
    otherAdminKey = await issueApiKey(app.store, app.runtime.clock, other, 'admin');
    otherWriteKey = await issueApiKey(app.store, app.runtime.clock, other, 'write');
  });
  afterEach(async () => {
    await app.close();
  });

  const asOther = (method: 'GET' | 'POST', url: string, payload?: unknown) =>
    app.inject({ method, url, headers: { authorization: `Bearer ${otherAdminKey}` }, ...(payload === undefined ? {} : { payload: payload as object }) });

  it('imports the same pack into both, published, and keeps their definitions apart', async () => {
    const pack = readExamplePack();
    const first = await app.importPack(pack, { publish: true });
    expect(first.statusCode, first.body).toBe(200);
    const second = await asOther('POST', '/api/packs/import?publish=true', pack);
    expect(second.statusCode, second.body).toBe(200);

    const firstSegments = (await app.admin('GET', '/api/segments')).json().segments;
    const otherSegments = (await asOther('GET', '/api/segments')).json().segments;
    expect(otherSegments.map((segment: { id: string }) => segment.id).sort()).toEqual(firstSegments.map((segment: { id: string }) => segment.id).sort());

    // Archiving a segment in one workspace leaves the other's alone.
    const archived = await app.admin('DELETE', `/api/segments/${firstSegments[0].id}`);
    expect(archived.statusCode).toBeLessThan(300);
    expect((await asOther('GET', `/api/segments/${firstSegments[0].id}`)).json().status).toBe('active');
  });

  it('keeps customers with the same userId apart', async () => {
    const post = (key: string, body: object) =>
      app.inject({ method: 'POST', url: '/v1/identify', headers: { authorization: 'Basic ' + Buffer.from(`${key}:`).toString('base64') }, payload: body });
    expect((await app.post('/v1/identify', { userId: 'ada', traits: { city: 'London' } })).statusCode).toBe(200);
    expect((await post(otherWriteKey, { userId: 'ada', traits: { city: 'Paris' } })).statusCode).toBe(200);
    expect((await app.admin('GET', '/api/customers/ada')).json().attributes.city).toBe('London');
    expect((await asOther('GET', '/api/customers/ada')).json().attributes.city).toBe('Paris');
  });
});
