import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { customersCollection } from '../../engine/journeys/index';
import type { Customer, StoredEvent } from '../../schemas/types';
import { createDeliveryApp, loopbackChannels, type DeliveryApp } from '../support/delivery-app';
import { entry, exit, go, journey, onEvent, send } from '../support/journey-factory';
import { parseMime } from '../support/mime-message';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

const baseUrl = 'https://mail.teaandmugs.example';
const linkSecret = 'link-secret-for-tests-0123456789abcdef';

/** Signed Up → newsletter (marketing, with the link in its text); Order Completed → receipt (transactional). */
function newsletterJourneys() {
  return [
    journey(
      'newsletter',
      [
        entry('signed-up', onEvent('Signed Up')),
        send('news', 'email', { subject: 'This week at Tea & Mugs', text: 'New mugs are in.\nUnsubscribe: {{ links.unsubscribe }}' }),
        exit('done'),
      ],
      [go('signed-up', 'news'), go('news', 'done')],
      { reentry: { policy: 'always' } },
    ),
    journey(
      'receipt',
      [entry('ordered', onEvent('Order Completed')), send('receipt-email', 'email', { subject: 'Your receipt', text: 'Thank you for your order.' }, { transactional: true }), exit('done')],
      [go('ordered', 'receipt-email'), go('receipt-email', 'done')],
      { reentry: { policy: 'always' } },
    ),
  ];
}

describe('unsubscribe links', () => {
  let app: DeliveryApp;
  let smtp: SmtpTestServer;

  beforeEach(async () => {
    app = await createDeliveryApp({ links: { baseUrl, secret: linkSecret } });
    smtp = await startSmtpTestServer();
    const saved = await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port }));
    expect(saved.statusCode, saved.body).toBe(200);
    for (const document of newsletterJourneys()) await app.publish(document);
    await app.send('identify', { userId: 'ada', traits: { email: 'ada@example.com', first_name: 'Ada', consent: { sms: 'granted' } } });
  });

  afterEach(async () => {
    await app.close();
    await smtp.close();
  });

  const customer = async () => (await app.store.collection<Customer>(customersCollection).findOne(app.workspace, { userId: 'ada' }))!;
  const events = async (name: string) => app.store.collection<StoredEvent>('events').find(app.workspace, { event: name });

  /** Sends the newsletter to Ada and returns its unsubscribe link, as the mail carried it. */
  async function newsletterLink(): Promise<string> {
    await app.send('track', { userId: 'ada', event: 'Signed Up' });
    await app.createWorker().runUntilIdle();
    const mail = parseMime(smtp.messages.at(-1)!.raw);
    const header = mail.headers.get('list-unsubscribe')!;
    expect(header).toMatch(/^<https:\/\/mail\.teaandmugs\.example\/unsubscribe\/[^>]+>$/);
    const url = header.slice(1, -1);
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.parts.get('text/plain')).toContain(`Unsubscribe: ${url}`);
    return url;
  }

  it('put the same link in the text and in the List-Unsubscribe headers of a marketing email, and none in a transactional one', async () => {
    const link = await newsletterLink();
    const [record] = await app.messages({ stepId: 'news' });
    expect((record.payload as { unsubscribeUrl?: string }).unsubscribeUrl).toBe(link);

    await app.send('track', { userId: 'ada', event: 'Order Completed' });
    await app.createWorker().runUntilIdle();
    const receipt = parseMime(smtp.messages.at(-1)!.raw);
    expect(receipt.headers.get('subject')).toBe('Your receipt');
    expect(receipt.headers.has('list-unsubscribe')).toBe(false);
  });

  it('show a page on GET that changes nothing, and unsubscribe on the one-click POST: later marketing email is suppressed for consent', async () => {
    const path = new URL(await newsletterLink()).pathname;

    const page = await app.inject({ method: 'GET', url: path });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('<form method="post">');
    expect((await customer()).attributes.consent).toEqual({ sms: 'granted' });

    const oneClick = await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(oneClick.statusCode).toBe(200);
    expect(oneClick.body).toContain('You are unsubscribed');
    // Only the link's channel: the SMS consent stays.
    expect((await customer()).attributes.consent).toEqual({ sms: 'granted', email: 'unsubscribed' });
    const [news] = await app.messages({ stepId: 'news' });
    const [unsubscribed] = await events('Unsubscribed');
    expect(unsubscribed.properties).toEqual({ channel: 'email', journey_id: 'newsletter', message_key: news.key });

    const sentBefore = smtp.messages.length;
    app.clock.advanceBy(60_000);
    await app.send('track', { userId: 'ada', event: 'Signed Up' });
    await app.createWorker().runUntilIdle();
    const newsletters = await app.messages({ stepId: 'news' });
    expect(newsletters).toHaveLength(2);
    const second = newsletters[1];
    expect([second.status, second.reason]).toEqual(['suppressed', 'consent']);
    expect(smtp.messages).toHaveLength(sentBefore);
  });

  it('take the one-click POST as multipart/form-data too (RFC 8058 allows both)', async () => {
    const path = new URL(await newsletterLink()).pathname;
    const boundary = '---FormBoundary7MA4YWxkTrZu0gW';
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`;
    const response = await app.inject({ method: 'POST', url: path, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
    expect(response.statusCode, response.body).toBe(200);
    expect((await customer()).attributes.consent).toMatchObject({ email: 'unsubscribed' });
  });

  it('stop marketing email only: a receipt (transactional) still goes out after the newsletter link, and an explicit refusal still stops it', async () => {
    const path = new URL(await newsletterLink()).pathname;
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    await app.send('track', { userId: 'ada', event: 'Order Completed' });
    await app.createWorker().runUntilIdle();
    const [receipt] = await app.messages({ stepId: 'receipt-email' });
    expect([receipt.status, receipt.reason]).toEqual(['sent', null]);
    expect(parseMime(smtp.messages.at(-1)!.raw).headers.get('subject')).toBe('Your receipt');

    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'ada', traits: { consent: { email: false } } });
    await app.send('track', { userId: 'ada', event: 'Order Completed' });
    await app.createWorker().runUntilIdle();
    const receipts = await app.messages({ stepId: 'receipt-email' });
    expect(receipts).toHaveLength(2);
    expect([receipts[1].status, receipts[1].reason]).toEqual(['suppressed', 'consent']);
  });

  it('unsubscribe again on a second click after the customer subscribed again', async () => {
    const path = new URL(await newsletterLink()).pathname;
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'ada', traits: { consent: { email: 'subscribed' } } });
    expect((await customer()).attributes.consent).toMatchObject({ email: 'subscribed' });
    app.clock.advanceBy(60_000);
    expect((await app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: '' })).statusCode).toBe(200);
    expect((await customer()).attributes.consent).toMatchObject({ email: 'unsubscribed' });
    expect(await events('Unsubscribed')).toHaveLength(2);
  });

  it('take effect over a consent stamped ahead of the server clock (a CRM sending local time as UTC)', async () => {
    const ahead = new Date(app.clock.now() + 2 * 3600_000).toISOString();
    await app.send('identify', { userId: 'ada', timestamp: ahead, traits: { consent: { email: 'subscribed' } } });
    const path = new URL(await newsletterLink()).pathname;
    const response = await app.inject({ method: 'POST', url: path });
    expect(response.statusCode, response.body).toBe(200);
    expect((await customer()).attributes.consent).toMatchObject({ email: 'unsubscribed' });
  });

  it('answer every kind of body with a page: JSON, a large form, none', async () => {
    const path = new URL(await newsletterLink()).pathname;
    for (const [type, payload] of [['application/json', ''], ['application/json', '{not json'], ['application/x-www-form-urlencoded', `x=${'a'.repeat(40_000)}`], ['text/plain', 'List-Unsubscribe=One-Click']]) {
      const response = await app.inject({ method: 'POST', url: path, headers: { 'content-type': type }, payload });
      expect(response.statusCode, `${type} ${payload.slice(0, 20)}: ${response.body.slice(0, 200)}`).toBe(200);
      expect(response.headers['content-type']).toContain('text/html');
    }
    const tooLong = await app.inject({ method: 'GET', url: `/unsubscribe/${'a'.repeat(2_500)}.b` });
    expect([tooLong.statusCode, tooLong.headers['content-type']]).toEqual([400, 'text/html; charset=utf-8']);
  });

  it('refuse an altered or foreign token with a page saying so, and change nothing', async () => {
    const path = new URL(await newsletterLink()).pathname;
    const token = path.split('/').at(-1)!;
    const [version, workspace, sealed] = token.split('.');
    const flipped = Buffer.from(sealed, 'base64url');
    flipped[20] ^= 1;
    for (const bad of [`${version}.${workspace}.${flipped.toString('base64url')}`, token.slice(0, -2), `${version}.${workspace}.`, 'not-a-token']) {
      for (const method of ['GET', 'POST'] as const) {
        const response = await app.inject({ method, url: `/unsubscribe/${bad}` });
        expect(response.statusCode, `${method} ${bad}`).toBe(400);
        expect(response.headers['content-type']).toContain('text/html');
        expect(response.body).toContain('not valid');
      }
    }
    expect((await customer()).attributes.consent).toEqual({ sms: 'granted' });
    expect(await events('Unsubscribed')).toHaveLength(0);
  });

  it('from a message to an anonymous visitor reach that visitor after they sign in, and never someone else later on the same device', async () => {
    await app.send('identify', { anonymousId: 'device-1', traits: { email: 'visitor@example.com' } });
    await app.send('track', { anonymousId: 'device-1', event: 'Signed Up' });
    await app.createWorker().runUntilIdle();
    const path = new URL(parseMime(smtp.messages.at(-1)!.raw).headers.get('list-unsubscribe')!.slice(1, -1)).pathname;
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'grace', anonymousId: 'device-1', traits: { email: 'grace@example.com' } });
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'bob', anonymousId: 'device-1', traits: { email: 'bob@example.com' } });
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    const byUserId = async (userId: string) => (await app.store.collection<Customer>(customersCollection).findOne(app.workspace, { userId }))!;
    expect((await byUserId('grace')).attributes.consent).toMatchObject({ email: 'unsubscribed' });
    expect((await byUserId('bob')).attributes.consent).toBeUndefined();
  });

  it('keep a stronger refusal: an old link clicked after consent.email = false records the click and leaves false, so receipts stay stopped', async () => {
    const path = new URL(await newsletterLink()).pathname;
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'ada', traits: { consent: { email: false } } });
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    expect((await customer()).attributes.consent).toMatchObject({ email: false });
    expect(await events('Unsubscribed')).toHaveLength(1);
    await app.send('track', { userId: 'ada', event: 'Order Completed' });
    await app.createWorker().runUntilIdle();
    const [receipt] = await app.messages({ stepId: 'receipt-email' });
    expect([receipt.status, receipt.reason]).toEqual(['suppressed', 'consent']);
  });

  it('beat only the channel\'s own consent stamp: another channel stamped a month ahead does not push the click, and a re-subscribe the next day counts', async () => {
    const aMonthAhead = new Date(app.clock.now() + 30 * 86_400_000).toISOString();
    await app.send('identify', { userId: 'ada', timestamp: aMonthAhead, traits: { consent: { sms: 'granted' } } });
    const path = new URL(await newsletterLink()).pathname;
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    expect((await customer()).attributes.consent).toMatchObject({ email: 'unsubscribed' });
    app.clock.advanceBy(86_400_000);
    await app.send('identify', { userId: 'ada', traits: { consent: { email: 'subscribed' } } });
    expect((await customer()).attributes.consent).toMatchObject({ email: 'subscribed', sms: 'granted' });
  });

  it('from an anonymous visitor reach the known customer that merged them, though another known customer also uses the device', async () => {
    await app.send('identify', { userId: 'bob', traits: { email: 'bob@example.com' } });
    await app.send('identify', { userId: 'grace', traits: { email: 'grace@example.com' } });
    await app.send('identify', { anonymousId: 'device-2', traits: { email: 'visitor@example.com' } });
    await app.send('track', { anonymousId: 'device-2', event: 'Signed Up' });
    await app.createWorker().runUntilIdle();
    const path = new URL(parseMime(smtp.messages.at(-1)!.raw).headers.get('list-unsubscribe')!.slice(1, -1)).pathname;
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'grace', anonymousId: 'device-2', traits: {} });
    app.clock.advanceBy(60_000);
    await app.send('identify', { userId: 'bob', anonymousId: 'device-2', traits: {} });
    expect((await app.inject({ method: 'POST', url: path })).statusCode).toBe(200);
    const byUserId = async (userId: string) => (await app.store.collection<Customer>(customersCollection).findOne(app.workspace, { userId }))!;
    expect((await byUserId('grace')).attributes.consent).toMatchObject({ email: 'unsubscribed' });
    expect((await byUserId('bob')).attributes.consent).toBeUndefined();
  });
});
