import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Message, MessagePage } from '../../schemas/types';
import { createDeliveryApp, loopbackChannels, type DeliveryApp } from '../support/delivery-app';
import { email, entry, exit, go, journey, onEvent } from '../support/journey-factory';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

describe('GET /api/messages', () => {
  let app: DeliveryApp;
  let smtp: SmtpTestServer;
  beforeEach(async () => {
    app = await createDeliveryApp();
    smtp = await startSmtpTestServer((address) => (address.startsWith('bounce') ? { accept: false, code: 550, message: 'No such user' } : { accept: true }));
    expect((await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port }))).statusCode).toBe(200);
    await app.publish(journey('receipts', [entry('ordered', onEvent('Order Completed')), email('receipt', 'Receipt for {{ event.properties.order_id }}'), exit('done')], [go('ordered', 'receipt'), go('receipt', 'done')], { reentry: { policy: 'always' } }));
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com' } });
    await app.send('identify', { userId: 'nomail', traits: { name: 'No Mail' } });
    await app.send('identify', { userId: 'optout', traits: { email: 'o@example.com', consent: { email: false } } });
    await app.send('identify', { userId: 'bounce', traits: { email: 'bounce@example.com' } });
    for (const [userId, order] of [['ada', 'o1'], ['ada', 'o2'], ['ada', 'o3'], ['nomail', 'o4'], ['optout', 'o5'], ['bounce', 'o6']]) {
      await app.send('track', { userId, event: 'Order Completed', properties: { order_id: order, total: 5 } });
      app.clock.advanceBy(1_000);
    }
    await app.createWorker().runUntilIdle();
  });
  afterEach(async () => {
    await app.close();
    await smtp.close();
  });

  it("lists a customer's messages newest first, with status and why, in pages", async () => {
    const first = (await app.admin('GET', '/api/messages?userId=ada&limit=2')).json() as MessagePage;
    expect(first.messages.map((m) => [m.status, (m.payload as { content: { subject: string } }).content.subject])).toEqual([['sent', 'Receipt for o3'], ['sent', 'Receipt for o2']]);
    expect(first.messages[0].why).toMatch(/^Sent at 2024-05-01T12:00:06.000Z; the provider's id is /);
    expect(first.messages[0].key).toMatch(/receipt/);
    expect(first.messages[0].history.map((h) => h.status)).toEqual(['queued', 'sending', 'sent']);
    const second = (await app.admin('GET', `/api/messages?userId=ada&limit=2&after=${first.next}`)).json() as MessagePage;
    expect(second.messages.map((m) => (m.payload as { content: { subject: string } }).content.subject)).toEqual(['Receipt for o1']);
    expect(second.next).toBeNull();
    expect(((await app.admin('GET', '/api/messages?userId=stranger')).json() as MessagePage).messages).toEqual([]);
  });

  it("finds a customer's messages, simulation and API entries by a userId they held before an alias", async () => {
    await app.send('alias', { previousId: 'ada', userId: 'ada-2024' });
    expect((await app.admin('GET', '/api/customers/ada')).headers['content-location']).toBe('/api/customers/ada-2024');
    const byFormer = (await app.admin('GET', '/api/messages?userId=ada')).json() as MessagePage;
    const byNew = (await app.admin('GET', '/api/messages?userId=ada-2024')).json() as MessagePage;
    expect(byFormer.messages.map((m) => m.key)).toEqual(byNew.messages.map((m) => m.key));
    expect(byFormer.messages).toHaveLength(3);
    const simulated = await app.admin('POST', '/api/journeys/receipts/simulate', { userId: 'ada', timeline: [{ at: '2024-05-02T00:00:00.000Z', event: 'Order Completed', properties: { order_id: 'o9', total: 1 } }] });
    expect(simulated.statusCode, simulated.body).toBe(200);
    expect(simulated.json().customer.userId).toBe('ada-2024');
    await app.publish(journey('vip', [entry('invited', { type: 'api' }), email('invite', 'Welcome to VIP'), exit('done')], [go('invited', 'invite'), go('invite', 'done')]));
    const entered = await app.admin('POST', '/api/journeys/vip/entries', { userId: 'ada' });
    expect(entered.statusCode, entered.body).toBe(201);
  });

  it('says why a message was not sent: no address, no consent, refused by the server', async () => {
    const why = async (userId: string): Promise<Message> => ((await app.admin('GET', `/api/messages?userId=${userId}`)).json() as MessagePage).messages[0];
    expect(await why('nomail')).toMatchObject({ status: 'suppressed', reason: 'no-recipient', why: 'Not sent: the customer has no email address (attributes.email).' });
    expect(await why('optout')).toMatchObject({ status: 'suppressed', reason: 'consent', why: 'Not sent: the customer has not given, or has withdrawn, consent to email (attributes.consent.email).' });
    const bounced = await why('bounce');
    expect(bounced).toMatchObject({ status: 'failed', reason: 'delivery-error', attempts: 1 });
    expect(bounced.why).toContain('REJECTED (550)');
  });

  it('filters by journey, status and channel, and finds one message by key', async () => {
    const suppressed = (await app.admin('GET', '/api/messages?journeyId=receipts&status=suppressed&channel=email')).json() as MessagePage;
    expect(suppressed.messages.map((m) => m.userId).sort()).toEqual(['nomail', 'optout']);
    expect(((await app.admin('GET', '/api/messages?journeyId=other')).json() as MessagePage).messages).toEqual([]);
    const one = await app.admin('GET', `/api/messages/${encodeURIComponent(suppressed.messages[0].key)}`);
    expect(one.statusCode).toBe(200);
    expect((one.json() as Message).key).toBe(suppressed.messages[0].key);
    expect((await app.admin('GET', '/api/messages/nope')).statusCode).toBe(404);
    const badCursor = await app.admin('GET', '/api/messages?after=zz');
    expect(badCursor.statusCode).toBe(400);
    expect(badCursor.json()).toMatchObject({ code: 'INVALID_QUERY', details: [{ pointer: '/after' }] });
    expect((await app.admin('GET', '/api/messages?status=lost')).json().code).toBe('INVALID_QUERY');
  });
});
