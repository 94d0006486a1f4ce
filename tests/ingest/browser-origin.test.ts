import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../schemas/types';
import { launchChromium } from '../support/chromium-browser';
import { createIngestApp, testAdminKey, testWriteKey, type IngestApp } from '../support/ingest-app';

/**
 * A shop's web page on another origin sends events the way analytics.js does — `text/plain` JSON with
 * the write key in the body, to the one-letter paths (`/v1/t`) or batched to `/v1/b` — in a real
 * Chromium, which enforces CORS: the page must be able to read each answer (else the library counts
 * the send as failed and sends again), a preflighted client must get through, and the management API
 * must stay closed to other origins.
 */
describe('events from a web page on another origin', () => {
  let ingest: IngestApp;
  let shop: Server;
  let browser: Browser;
  let page: Page;
  let api: string;

  beforeAll(async () => {
    ingest = await createIngestApp();
    await ingest.app.listen({ port: 0, host: '127.0.0.1' });
    api = `http://127.0.0.1:${(ingest.app.server.address() as AddressInfo).port}`;
    shop = createServer((_request, response) => response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>Shop</title><p>Teapots</p>'));
    await new Promise<void>((resolve) => shop.listen(0, '127.0.0.1', resolve));
    browser = await launchChromium();
    page = await browser.newPage();
    // localhost and 127.0.0.1 on different ports: a different origin in every browser's eyes.
    await page.goto(`http://localhost:${(shop.address() as AddressInfo).port}/`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => shop?.close(resolve));
    await ingest?.close();
  });

  /** fetch() from the shop's page; the answer's status and body, or the browser's refusal. */
  function sendFromPage(url: string, init: { headers: Record<string, string>; body?: unknown; method?: string }): Promise<{ status: number; body: unknown } | { refused: string }> {
    return page.evaluate(
      async ({ url, init }) => {
        try {
          const response = await fetch(url, { method: init.method ?? 'POST', headers: init.headers, ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }) });
          return { status: response.status, body: await response.json() };
        } catch (error) {
          return { refused: String(error) };
        }
      },
      { url, init },
    );
  }

  it('takes analytics.js-style sends, single and batched, and lets the page read the answers', async () => {
    const plain = { 'Content-Type': 'text/plain' };
    const timestamp = new Date(ingest.runtime.clock.now()).toISOString();
    expect(await sendFromPage(`${api}/v1/t`, {
      headers: plain,
      body: { writeKey: testWriteKey, type: 'track', event: 'Product Viewed', anonymousId: 'browser-anon', messageId: 'browser-1', timestamp, properties: { name: 'Teapot' } },
    })).toEqual({ status: 200, body: { success: true } });
    expect(await sendFromPage(`${api}/v1/b`, {
      headers: plain,
      body: {
        writeKey: testWriteKey,
        sentAt: timestamp,
        batch: [
          { type: 'page', anonymousId: 'browser-anon', messageId: 'browser-2', timestamp, name: 'Teapots' },
          { type: 'identify', userId: 'browser-user', anonymousId: 'browser-anon', messageId: 'browser-3', timestamp, traits: { email: 'tea@example.com' } },
        ],
      },
    })).toEqual({ status: 200, body: { success: true } });

    const events = await ingest.store.collection<StoredEvent>('events').find(ingest.workspace, { messageId: { $in: ['browser-1', 'browser-2', 'browser-3'] } });
    expect(events.map((event) => [event.messageId, event.type])).toEqual(expect.arrayContaining([['browser-1', 'track'], ['browser-2', 'page'], ['browser-3', 'identify']]));
    expect(new Set(events.map((event) => event.customerId)).size).toBe(1);
  });

  it('answers the preflight of a client that sends the key as a header, and shows errors to the page', async () => {
    const body = { userId: 'browser-user', event: 'Signed Up', messageId: 'browser-4' };
    expect(await sendFromPage(`${api}/v1/track`, {
      headers: { 'Content-Type': 'application/json', Authorization: `Basic ${Buffer.from(`${testWriteKey}:`).toString('base64')}` },
      body,
    })).toEqual({ status: 200, body: { success: true } });
    const refused = await sendFromPage(`${api}/v1/track`, { headers: { 'Content-Type': 'text/plain' }, body: { ...body, writeKey: 'wk_not_a_key_of_this_server_000', messageId: 'browser-5' } });
    expect(refused).toMatchObject({ status: 401, body: { code: 'UNAUTHORIZED' } });
  });

  it('keeps the management API closed to other origins', async () => {
    expect(await sendFromPage(`${api}/api/workspace`, { method: 'GET', headers: { Authorization: `Bearer ${testAdminKey}` } })).toMatchObject({ refused: expect.stringContaining('Failed to fetch') });
  });
});
