import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { journeyCollectionNames, type MessageRecord } from '../../engine/journeys/index';
import { allCollections } from '../../engine/runtime/index';
import { openStore } from '../../engine/store/index';
import { toMessageId } from '../../server/channels/index';
import { channelConfigCollections } from '../../server/workers/index';
import type { JourneyAnalytics, MessagePage } from '../../schemas/types';
import { welcomeAndCrmJourney } from '../support/delivery-journeys';
import { startHttpTestReceiver } from '../support/http-test-receiver';
import { basicAuth, testAdminKey, testWriteKey } from '../support/ingest-app';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { startSmtpTestServer } from '../support/smtp-test-server';

const customers = 10_000;
const customersPerBatch = 250;
const kills = 8;
const journeyId = 'welcome-crm';
const messageIdDomain = 'wayfarer.teaandmugs.example';

/** identify (with an email address) + Signed Up for each customer of batch `b`, with fixed messageIds so a resent batch de-duplicates. */
function makeBatch(b: number): Array<Record<string, unknown>> {
  return Array.from({ length: customersPerBatch }, (_, i) => b * customersPerBatch + i).flatMap((n) => [
    { type: 'identify', messageId: `crash-identify-${n}`, userId: `user-${n}`, traits: { email: `user-${n}@example.com`, first_name: `Customer ${n}` } },
    { type: 'track', messageId: `crash-signup-${n}`, userId: `user-${n}`, event: 'Signed Up' },
  ]);
}

async function postBatch(url: string, batch: Array<Record<string, unknown>>): Promise<'acknowledged' | string> {
  const response = await fetch(`${url}/v1/batch`, {
    method: 'POST',
    headers: { authorization: basicAuth(), 'content-type': 'application/json' },
    body: JSON.stringify({ batch }),
  });
  const body = await response.text();
  return response.status === 200 ? 'acknowledged' : `HTTP ${response.status}: ${body}`;
}

async function admin(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${testAdminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, json: await response.json() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every header of a raw message, folded lines joined. */
function headerOf(raw: string, name: string): string | undefined {
  const head = raw.slice(0, raw.search(/\r?\n\r?\n/)).replace(/\r?\n[ \t]+/g, ' ');
  return new RegExp(`^${name}:\\s*(.+)$`, 'im').exec(head)?.[1].trim();
}

describe('kill -9 during delivery', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-delivery-crash-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('sends every due email once or marks it uncertain, repeats webhooks only with their key, and loses nothing', async () => {
    const smtp = await startSmtpTestServer();
    const receiver = await startHttpTestReceiver(() => ({ status: 200 }));
    const env = {
      WAYFARER_DATA_DIR: dataDir,
      WAYFARER_WRITE_KEY: testWriteKey,
      WAYFARER_ADMIN_KEY: testAdminKey,
      // A killed process loses nothing the OS already has; fsync only matters for power loss.
      WAYFARER_FSYNC: '0',
      WAYFARER_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WAYFARER_SMTP_FROM: 'Tea & Mugs <news@teaandmugs.example>',
      WAYFARER_WEBHOOK_SECRET: 'whsec_crash_test_0123456789',
      WAYFARER_EGRESS_ALLOW: '127.0.0.1',
      WAYFARER_WORKER_LEASE_MS: '3000',
      WAYFARER_WORKER_POLL_MS: '50',
      WAYFARER_WORKER_RECOVERY_MS: '500',
      WAYFARER_WORKER_CONCURRENCY: '32',
      WAYFARER_WORKER_BATCH: '64',
    };
    const started = performance.now();
    const phases: string[] = [];
    let serverErrors = 0;
    const phase = (name: string, since: number) => phases.push(`${name} ${((performance.now() - since) / 1000).toFixed(1)} s`);
    // First every customer signs up with no worker running, so a backlog of 20,000 messages (and the
    // delayed customers' timers) is waiting when the kills begin: each kill lands mid-delivery.
    let server: ServerProcess = await startServerProcess({ ...env, WAYFARER_WORKER: '0' });
    try {
      const document = welcomeAndCrmJourney(`${receiver.origin}/crm/events`);
      expect((await admin(server.url, 'POST', '/api/journeys', document)).status).toBe(201);
      expect((await admin(server.url, 'POST', `/api/journeys/${journeyId}/versions/1/publish`)).status).toBe(200);

      const pending = Array.from({ length: customers / customersPerBatch }, (_, b) => makeBatch(b));
      // Clients retry a 5xx as Segment's libraries do (nothing of a failed batch is stored). On a
      // starved machine a template render can overrun its time limit (engine/templates) and fail one.
      const feed = (target: ServerProcess) =>
        Promise.all(
          [0, 1].map(async () => {
            while (pending.length > 0) {
              const batch = pending.shift()!;
              let outcome = await postBatch(target.url, batch);
              for (let retry = 0; retry < 5 && outcome.startsWith('HTTP 5'); retry++) {
                serverErrors += 1;
                await pause(200);
                outcome = await postBatch(target.url, batch);
              }
              if (outcome !== 'acknowledged') throw new Error(`A batch failed: ${outcome}\n${target.output()}`);
            }
          }),
        );

      const ingesting = performance.now();
      await feed(server);
      phase('ingestion', ingesting);
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
      server = await startServerProcess(env);

      const killing = performance.now();
      for (let round = 0; round < kills; round++) {
        await pause(500 + Math.random() * 2_000);
        server.child.kill('SIGKILL');
        expect((await server.exited).signal).toBe('SIGKILL');
        server = await startServerProcess(env);
      }

      phase(`${kills} kill rounds`, killing);
      // The last run: wait until every journey has finished and every message is settled.
      const draining = performance.now();
      let analytics: JourneyAnalytics | null = null;
      const isEmpty = async (status: string) => ((await admin(server.url, 'GET', `/api/messages?status=${status}&limit=1`)).json as MessagePage).messages.length === 0;
      for (const deadline = performance.now() + 240_000; performance.now() < deadline; await pause(500)) {
        // Cheap index lookups first; the full analytics only once nothing is queued or sending.
        if (!(await isEmpty('queued')) || !(await isEmpty('sending'))) continue;
        analytics = (await admin(server.url, 'GET', `/api/journeys/${journeyId}/analytics`)).json as JourneyAnalytics;
        if (analytics.instances.total === customers && analytics.instances.active === 0) break;
      }
      phase('final run', draining);
      expect(analytics!.instances).toMatchObject({ total: customers, active: 0 });
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await smtp.close();
      await receiver.close();
    }

    // Count at the receivers and in the store.
    const store = openStore({ dataDir });
    await store.open([...allCollections, ...channelConfigCollections]);
    let records: MessageRecord[];
    try {
      const [workspace] = (await store.listWorkspaces(journeyCollectionNames.messages)).filter((name) => name.startsWith('ws_'));
      records = await store.collection<MessageRecord>(journeyCollectionNames.messages).find(workspace, {});
    } finally {
      await store.close();
    }
    const emails = records.filter((record) => record.channel === 'email');
    const webhooks = records.filter((record) => record.channel === 'webhook');
    // No due message lost: one email and one webhook per customer, every one sent or (email) uncertain.
    expect(emails).toHaveLength(customers);
    expect(webhooks).toHaveLength(customers);
    const byStatus = (list: MessageRecord[]) => list.reduce<Record<string, number>>((counts, record) => ({ ...counts, [record.status]: (counts[record.status] ?? 0) + 1 }), {});
    const emailStatus = byStatus(emails);
    expect(Object.keys(emailStatus).filter((status) => status !== 'sent' && status !== 'uncertain')).toEqual([]);
    expect(byStatus(webhooks)).toEqual({ sent: customers });

    // No email delivered twice: each Message-ID arrived at most once, and each is one of ours.
    const received = new Map<string, number>();
    for (const mail of smtp.messages) {
      const id = headerOf(mail.raw, 'Message-ID') ?? 'missing';
      received.set(id, (received.get(id) ?? 0) + 1);
    }
    const duplicates = [...received.entries()].filter(([, count]) => count > 1);
    expect(duplicates).toEqual([]);
    const ours = new Map(emails.map((record) => [toMessageId(record.key, messageIdDomain), record]));
    expect([...received.keys()].filter((id) => !ours.has(id))).toEqual([]);
    // Every email recorded sent arrived; an uncertain one may or may not have.
    const sentNotReceived = emails.filter((record) => record.status === 'sent' && !received.has(toMessageId(record.key, messageIdDomain)));
    expect(sentNotReceived).toEqual([]);
    const uncertain = emails.filter((record) => record.status === 'uncertain');
    const uncertainDelivered = uncertain.filter((record) => received.has(toMessageId(record.key, messageIdDomain))).length;
    // The accounting adds up: what the SMTP server holds is exactly the sent emails plus the uncertain ones that did go out.
    expect(received.size).toBe((emailStatus.sent ?? 0) + uncertainDelivered);
    expect((emailStatus.sent ?? 0) + uncertain.length).toBe(customers);

    // Webhooks: every customer's requests carry one key — their record's — and every record's key arrived.
    const keysByUser = new Map<string, Set<string>>();
    for (const request of receiver.requests) {
      const userId = (JSON.parse(request.body) as { userId: string }).userId;
      if (!keysByUser.has(userId)) keysByUser.set(userId, new Set());
      keysByUser.get(userId)!.add(String(request.headers['idempotency-key']));
    }
    expect([...keysByUser.values()].filter((keys) => keys.size !== 1)).toEqual([]);
    for (const record of webhooks) expect(keysByUser.get(record.userId!)).toEqual(new Set([record.key]));
    const webhookRepeats = receiver.requests.length - keysByUser.size;
    const interruptedByKill = records.filter((record) => record.history.some((entry) => entry.reason === 'lease-expired')).length;

    console.log(
      `delivery crash test: ${kills} kill -9s, ${customers} customers, ${records.length} messages in ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
        `emails sent ${emailStatus.sent ?? 0}, uncertain ${uncertain.length} (${uncertainDelivered} of them did reach the SMTP server, ${uncertain.length - uncertainDelivered} did not), ` +
        `received ${received.size}, duplicates 0; webhooks sent ${webhooks.length}, requests ${receiver.requests.length} (${webhookRepeats} repeats, all with the same Idempotency-Key); ` +
        `${interruptedByKill} deliveries caught mid-flight by a kill (${phases.join(', ')}; ${serverErrors} batches retried after a 5xx)`,
    );
    // The kills did land while messages were in flight (else this test would prove nothing).
    expect(interruptedByKill).toBeGreaterThan(0);
  }, 420_000);
});
