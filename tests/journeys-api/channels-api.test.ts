import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelConfigView } from '../../schemas/types';
import { verifyWebhookSignature } from '../../server/channels/index';
import { loadChannelConfig } from '../../server/workers/index';
import { createDeliveryApp, loopbackChannels, testWebhookSecret, type DeliveryApp } from '../support/delivery-app';
import { startHttpTestReceiver, type HttpTestReceiver } from '../support/http-test-receiver';
import { entry, exit, go, journey, onEvent, send } from '../support/journey-factory';

describe('the channels API', () => {
  let app: DeliveryApp;
  let receiver: HttpTestReceiver;
  beforeEach(async () => {
    app = await createDeliveryApp();
    receiver = await startHttpTestReceiver();
  });
  afterEach(async () => {
    await app.close();
    await receiver.close();
  });

  it('saves a config, shows it with secrets masked, and keeps a masked secret sent back unchanged', async () => {
    // Until a config is saved, the default workspace uses the environment's: here only the log channel.
    expect((await app.admin('GET', '/api/channels')).json()).toEqual({ source: 'environment', revision: null, updatedAt: null, config: { workspace: app.workspace, channels: { log: { kind: 'log', file: 'messages.ndjson' } } } });
    const config = loopbackChannels(app.workspace, { webhookUrl: `${receiver.origin}/hook` });
    const saved = await app.admin('PUT', '/api/channels', config);
    expect(saved.statusCode).toBe(200);
    const view = saved.json() as ChannelConfigView;
    expect(view).toMatchObject({ source: 'stored', revision: 1 });
    expect(JSON.stringify(view)).not.toContain(testWebhookSecret);
    expect((view.config!.channels.webhook as { secret: string }).secret).toBe(`********${testWebhookSecret.slice(-4)}`);

    // GET, change a setting, PUT it back: the stored secret stays, and messages are signed with it.
    const edited = { ...view.config!, channels: { ...view.config!.channels, webhook: { ...view.config!.channels.webhook, timeoutMs: 5_000 } } };
    const resaved = (await app.admin('PUT', '/api/channels', edited)).json() as ChannelConfigView;
    expect(resaved.revision).toBe(2);
    const stored = await loadChannelConfig(app.store, app.workspace);
    expect((stored!.config.channels.webhook as { secret: string; timeoutMs: number })).toMatchObject({ secret: testWebhookSecret, timeoutMs: 5_000 });

    await app.publish(journey('ping', [entry('pinged', onEvent('Pinged')), send('tell', 'webhook', { subject: 'Hello', body: 'Hi {{ customer.userId }}' }), exit('done')], [go('pinged', 'tell'), go('tell', 'done')]));
    await app.send('track', { userId: 'ada', event: 'Pinged' });
    await app.createWorker().runUntilIdle();
    expect(receiver.requests).toHaveLength(1);
    const request = receiver.requests[0];
    expect(verifyWebhookSignature({ secret: testWebhookSecret, header: request.headers['x-wayfarer-signature'] as string, body: request.body, now: app.clock.now() }).valid).toBe(true);
    expect(JSON.parse(request.body)).toMatchObject({ type: 'message', channel: 'webhook', content: { subject: 'Hello' }, customer: { userId: 'ada' } });
  });

  it('refuses what workers could not build, pointing at the setting', async () => {
    const foreign = await app.admin('PUT', '/api/channels', { ...loopbackChannels('ws_someone_else', {}) });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/workspace' }] });
    const short = loopbackChannels(app.workspace, {});
    (short.channels.webhook as { secret: string }).secret = 'too-short';
    const weak = await app.admin('PUT', '/api/channels', short);
    expect(weak.statusCode).toBe(422);
    expect(weak.json()).toMatchObject({ code: 'INVALID_DEFINITION', details: [{ pointer: '/channels/webhook/secret' }] });
    const masked = loopbackChannels(app.workspace, {});
    (masked.channels.webhook as { secret: string }).secret = '********cdef';
    expect((await app.admin('PUT', '/api/channels', masked)).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/channels/webhook/secret' }] });
    expect((await app.admin('PUT', '/api/channels', { workspace: app.workspace })).json().code).toBe('VALIDATION_FAILED');
    expect(((await app.admin('GET', '/api/channels')).json() as ChannelConfigView).source).toBe('environment');
  });

  it('refuses a header value with CR, LF or another control character (400, pointing at it) and keeps the saved config', async () => {
    expect((await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, {}))).statusCode).toBe(200);
    for (const value of ['acme\r\n', 'acme\r\nX-Injected: 1', 'a\nb', 'nul\u0000']) {
      const config = loopbackChannels(app.workspace, {});
      config.channels.webhook = { ...config.channels.webhook, headers: { 'X-Ok': 'fine', 'X-Tenant': value } } as typeof config.channels.webhook;
      const refused = await app.admin('PUT', '/api/channels', config);
      expect(refused.statusCode, JSON.stringify(value)).toBe(400);
      expect(refused.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/channels/webhook/headers/X-Tenant' }] });
    }
    expect(((await app.admin('GET', '/api/channels')).json() as ChannelConfigView).revision).toBe(1);
    expect((await loadChannelConfig(app.store, app.workspace))!.config.channels.webhook).not.toHaveProperty('headers');
  });

  it('removes the saved config: the default workspace falls back to the environment', async () => {
    expect((await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, {}))).statusCode).toBe(200);
    const removed = await app.admin('DELETE', '/api/channels');
    expect(removed.json()).toMatchObject({ source: 'environment', revision: null, config: { channels: { log: { kind: 'log' } } } });
    expect(await loadChannelConfig(app.store, app.workspace)).toBeNull();
  });
});
