import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneyEntry } from '../../schemas/types';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { email, entry, exit, go, journey } from '../support/journey-factory';

describe('POST /api/journeys/{id}/entries', () => {
  let app: DeliveryApp;
  beforeEach(async () => {
    app = await createDeliveryApp();
    await app.publish(
      journey('vip-invite', [entry('invited', { type: 'api' }), email('invite', 'Your code: {{ event.properties.code }}'), exit('done')], [go('invited', 'invite'), go('invite', 'done')]),
    );
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com' } });
  });
  afterEach(async () => {
    await app.close();
  });

  it('puts a known customer in through the API entry, with properties the templates see', async () => {
    const response = await app.admin('POST', '/api/journeys/vip-invite/entries', { userId: 'ada', properties: { code: 'VIP-42' } });
    expect(response.statusCode).toBe(201);
    const entered = response.json() as JourneyEntry;
    expect(entered.entered).toBe(true);
    const [message] = await app.messages();
    expect(message).toMatchObject({ instanceId: entered.instanceId, stepId: 'invite', status: 'queued' });
    expect(message.payload).toMatchObject({ type: 'message', to: 'ada@example.com', content: { subject: 'Your code: VIP-42' } });

    // Re-entry is "never" by default: the second call enters nobody and says why.
    const again = await app.admin('POST', '/api/journeys/vip-invite/entries', { userId: 'ada' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ entered: false, reason: 'reentry-policy' });
  });

  it('answers unknown customers, journeys and entries with NOT_FOUND and a pointer', async () => {
    expect((await app.admin('POST', '/api/journeys/vip-invite/entries', { userId: 'nobody' })).json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/userId' }] });
    expect((await app.admin('POST', '/api/journeys/nothing/entries', { userId: 'ada' })).json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/journeyId' }] });
    expect((await app.admin('POST', '/api/journeys/vip-invite/entries', { userId: 'ada', entry: 'side-door' })).json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/entry' }] });
    const invalid = await app.admin('POST', '/api/journeys/vip-invite/entries', { user: 'ada' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json().code).toBe('VALIDATION_FAILED');
  });
});
