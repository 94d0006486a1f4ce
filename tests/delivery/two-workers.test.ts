import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toMessageId } from '../../server/channels/index';
import type { JourneyAnalytics, MessagePage } from '../../schemas/types';
import { createDeliveryApp, loopbackChannels } from '../support/delivery-app';
import { welcomeAndCrmJourney } from '../support/delivery-journeys';
import { startHttpTestReceiver } from '../support/http-test-receiver';
import { basicAuth, testAdminKey, testWriteKey } from '../support/ingest-app';
import { startServerProcess } from '../support/server-process';
import { startSmtpTestServer, type ReceivedMail } from '../support/smtp-test-server';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const messageIdDomain = 'wayfarer.teaandmugs.example';

/** How often each Message-ID arrived. */
function countMessageIds(mails: ReceivedMail[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const mail of mails) {
    const head = mail.raw.slice(0, mail.raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
    const id = /^Message-ID:\s*(\S+)/im.exec(head)?.[1] ?? 'missing';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

function signUps(customers: number): Array<Record<string, unknown>> {
  return Array.from({ length: customers }, (_, n) => n).flatMap((n) => [
    { type: 'identify', messageId: `id-${n}`, userId: `u${n}`, traits: { email: `u${n}@example.com` } },
    { type: 'track', messageId: `su-${n}`, userId: `u${n}`, event: 'Signed Up' },
  ]);
}

describe('two delivery workers on one store', () => {
  it('share the timers and the outbox without ever sending a message twice (embedded store, one process)', async () => {
    const customers = 300;
    const app = await createDeliveryApp();
    const smtp = await startSmtpTestServer();
    const receiver = await startHttpTestReceiver();
    try {
      expect((await app.admin('PUT', '/api/channels', loopbackChannels(app.workspace, { smtp: smtp.port }))).statusCode).toBe(200);
      await app.publish(welcomeAndCrmJourney(`${receiver.origin}/crm`, { delayedPercent: 50, delay: 'PT1H' }));
      const all = signUps(customers);
      for (let start = 0; start < all.length; start += 100) expect((await app.post('/v1/batch', { batch: all.slice(start, start + 100) })).statusCode).toBe(200);
      // About half the customers wait an hour: by then both workers poll for the same due timers.
      app.clock.advanceBy(60 * 60 * 1000 + 1);
      const first = app.createWorker({ batchSize: 10, timerBatchSize: 10, pollIntervalMs: 1 });
      const second = app.createWorker({ batchSize: 10, timerBatchSize: 10, pollIntervalMs: 1 });
      first.start();
      second.start();
      for (let i = 0; i < 3_000 && (smtp.messages.length < customers || receiver.requests.length < customers); i++) await pause(20);
      await Promise.all([first.stop(), second.stop()]);

      const records = await app.messages();
      expect(records).toHaveLength(2 * customers);
      expect(records.filter((record) => record.status !== 'sent')).toEqual([]);
      const emailIds = countMessageIds(smtp.messages);
      expect([...emailIds.values()].filter((count) => count > 1)).toEqual([]);
      expect(new Set(emailIds.keys())).toEqual(new Set(records.filter((r) => r.channel === 'email').map((r) => toMessageId(r.key, messageIdDomain))));
      const webhookKeys = receiver.requests.map((request) => String(request.headers['idempotency-key']));
      expect(webhookKeys).toHaveLength(customers);
      expect(new Set(webhookKeys).size).toBe(customers);

      // Each delayed customer's timer fired exactly once, and both workers took part in timers and sends.
      const analytics = (await app.admin('GET', '/api/journeys/welcome-crm/analytics')).json() as JourneyAnalytics;
      const waited = analytics.states.find((state) => state.state === 'wait-a-bit')!;
      expect(waited.customersEver).toBeGreaterThan(customers / 4);
      expect(first.stats.timersFired + second.stats.timersFired).toBe(waited.customersEver);
      expect(first.stats.timersFired).toBeGreaterThan(0);
      expect(second.stats.timersFired).toBeGreaterThan(0);
      expect(first.stats.sent).toBeGreaterThan(0);
      expect(second.stats.sent).toBeGreaterThan(0);
      expect(first.stats.sent + second.stats.sent).toBe(2 * customers);
      expect(analytics.instances).toMatchObject({ total: customers, active: 0 });
    } finally {
      await app.close();
      await smtp.close();
      await receiver.close();
    }
  }, 120_000);
});

describe.skipIf(!process.env.MONGODB_URI)('two `wayfarer worker` processes on MongoDB', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-two-workers-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('deliver every message once between them', async () => {
    const customers = 200;
    const uri = new URL(process.env.MONGODB_URI!);
    uri.pathname = `/wayfarer_two_workers_${process.pid}_${Date.now()}`;
    const smtp = await startSmtpTestServer();
    const receiver = await startHttpTestReceiver();
    const env = {
      MONGODB_URI: uri.toString(),
      WAYFARER_DATA_DIR: dataDir,
      WAYFARER_WRITE_KEY: testWriteKey,
      WAYFARER_ADMIN_KEY: testAdminKey,
      WAYFARER_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WAYFARER_SMTP_FROM: 'Tea & Mugs <news@teaandmugs.example>',
      WAYFARER_WEBHOOK_SECRET: 'whsec_two_workers_0123456789',
      WAYFARER_EGRESS_ALLOW: '127.0.0.1',
      WAYFARER_WORKER_POLL_MS: '20',
    };
    // The API server runs no worker: the two worker processes do all the delivery.
    const server = await startServerProcess({ ...env, WAYFARER_WORKER: '0' });
    const workers: WorkerProcess[] = [];
    try {
      const admin = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${testAdminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { body: JSON.stringify(body) } : {}) });
        return { status: response.status, json: (await response.json()) as unknown };
      };
      expect((await admin('POST', '/api/journeys', welcomeAndCrmJourney(`${receiver.origin}/crm`, { delayedPercent: 30, delay: 'PT2S' }))).status).toBe(201);
      expect((await admin('POST', '/api/journeys/welcome-crm/versions/1/publish')).status).toBe(200);
      workers.push(await startWorkerProcess(env), await startWorkerProcess(env));
      const posted = await fetch(`${server.url}/v1/batch`, { method: 'POST', headers: { authorization: basicAuth(), 'content-type': 'application/json' }, body: JSON.stringify({ batch: signUps(customers) }) });
      expect(posted.status).toBe(200);
      for (let i = 0; i < 900; i++) {
        const analytics = (await admin('GET', '/api/journeys/welcome-crm/analytics')).json as JourneyAnalytics;
        const sent = analytics.messages.filter((row) => row.status === 'sent').reduce((sum, row) => sum + row.count, 0);
        if (analytics.instances.active === 0 && sent === 2 * customers) break;
        await pause(100);
      }
      expect(await Promise.all(workers.map((worker) => worker.stop()))).toEqual([0, 0]);
      const page = (await admin('GET', '/api/messages?status=sent&limit=500')).json as MessagePage;
      expect(page.messages).toHaveLength(2 * customers);
      expect(smtp.messages).toHaveLength(customers);
      expect([...countMessageIds(smtp.messages).values()].filter((count) => count > 1)).toEqual([]);
      expect(receiver.requests).toHaveLength(customers);
      expect(new Set(receiver.requests.map((r) => r.headers['idempotency-key'])).size).toBe(customers);
      // Both processes delivered some of them.
      const owners = new Set(page.messages.flatMap((m) => m.history.filter((h) => h.status === 'sending').map((h) => h.detail?.split(' by ')[1])));
      expect(owners.size).toBe(2);
    } finally {
      for (const worker of workers) if (worker.child.exitCode === null) await worker.stop();
      server.child.kill('SIGTERM');
      await server.exited;
      await smtp.close();
      await receiver.close();
    }
  }, 180_000);
});
