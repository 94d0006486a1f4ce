import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CustomerView } from '../../engine/profile/index';
import type { MessagePage } from '../../schemas/types';
import { basicAuth, testAdminKey, testWriteKey } from '../support/ingest-app';
import { delay, email, entry, exit, go, elapsed, journey, onEvent, wait } from '../support/journey-factory';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { startSmtpTestServer, type SmtpTestServer } from '../support/smtp-test-server';

const day = 24 * 60 * 60 * 1000;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function call(server: ServerProcess, method: string, path: string, body?: unknown, auth = `Bearer ${testAdminKey}`): Promise<{ status: number; json: unknown }> {
  const response = await fetch(`${server.url}${path}`, { method, headers: { authorization: auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, json: await response.json() };
}

async function waitForMail(smtp: SmtpTestServer, subject: string): Promise<void> {
  for (let i = 0; i < 600 && !smtp.messages.some((mail) => mail.raw.includes(subject)); i++) await pause(50);
  expect(smtp.messages.some((mail) => mail.raw.includes(subject)), `an email "${subject}" arrived`).toBe(true);
}

describe('a 60-day delay', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-long-delay-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('survives the server being killed and fires when the (test) clock reaches it, not before', async () => {
    const smtp = await startSmtpTestServer();
    const env = {
      WAYFARER_DATA_DIR: dataDir,
      WAYFARER_WRITE_KEY: testWriteKey,
      WAYFARER_ADMIN_KEY: testAdminKey,
      WAYFARER_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
      WAYFARER_SMTP_FROM: 'Tea & Mugs <news@teaandmugs.example>',
      WAYFARER_EGRESS_ALLOW: '127.0.0.1',
      WAYFARER_WORKER_POLL_MS: '50',
    };
    let server = await startServerProcess(env);
    try {
      const reminder = journey('renewal', [entry('subscribed', onEvent('Subscribed')), delay('sixty-days', wait('P60D')), email('renew-email', 'Time to renew'), exit('done')], [go('subscribed', 'sixty-days'), elapsed('sixty-days', 'renew-email'), go('renew-email', 'done')]);
      const ping = journey('ping', [entry('pinged', onEvent('Pinged')), email('pong', 'Pong for {{ customer.userId }}'), exit('done')], [go('pinged', 'pong'), go('pong', 'done')]);
      for (const document of [reminder, ping]) {
        expect((await call(server, 'POST', '/api/journeys', document)).status).toBe(201);
        expect((await call(server, 'POST', `/api/journeys/${document.id}/versions/1/publish`)).status).toBe(200);
      }
      const write = basicAuth();
      expect((await call(server, 'POST', '/v1/identify', { userId: 'ada', traits: { email: 'ada@example.com' } }, write)).status).toBe(200);
      expect((await call(server, 'POST', '/v1/track', { userId: 'ada', event: 'Subscribed' }, write)).status).toBe(200);
      const waiting = (await call(server, 'GET', '/api/customers/ada')).json as CustomerView;
      expect(waiting.journeys.renewal).toMatchObject({ state: 'sixty-days', status: 'active' });

      // kill -9, and back 59 days later: not yet.
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServerProcess({ ...env, WAYFARER_TEST_CLOCK_OFFSET_MS: String(59 * day) });
      expect(server.output()).toContain('WAYFARER_TEST_CLOCK_OFFSET_MS');
      expect((await call(server, 'POST', '/v1/identify', { userId: 'bo', traits: { email: 'bo@example.com' } }, write)).status).toBe(200);
      expect((await call(server, 'POST', '/v1/track', { userId: 'bo', event: 'Pinged' }, write)).status).toBe(200);
      // Bo's pong went out, so the worker has polled since the restart: timers come before sends in a poll.
      await waitForMail(smtp, 'Pong for bo');
      expect(smtp.messages.some((mail) => mail.raw.includes('Time to renew'))).toBe(false);
      expect(((await call(server, 'GET', '/api/customers/ada')).json as CustomerView).journeys.renewal).toMatchObject({ state: 'sixty-days', status: 'active' });

      // kill -9 again, and back at day 60 (and an hour): the reminder goes out, once.
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startServerProcess({ ...env, WAYFARER_TEST_CLOCK_OFFSET_MS: String(60 * day + 60 * 60 * 1000) });
      await waitForMail(smtp, 'Time to renew');
      for (let i = 0; i < 100; i++) {
        const page = (await call(server, 'GET', '/api/messages?userId=ada')).json as MessagePage;
        if (page.messages[0]?.status === 'sent') break;
        await pause(50);
      }
      const page = (await call(server, 'GET', '/api/messages?userId=ada')).json as MessagePage;
      expect(page.messages.map((m) => [m.stepId, m.status])).toEqual([['renew-email', 'sent']]);
      const sentAt = Date.parse(page.messages[0].sentAt!);
      const createdAt = Date.parse(page.messages[0].createdAt);
      expect(createdAt - Date.parse(waiting.journeys.renewal.enteredAt)).toBeGreaterThanOrEqual(60 * day);
      expect(sentAt).toBeGreaterThanOrEqual(createdAt);
      expect(smtp.messages.filter((mail) => mail.raw.includes('Time to renew'))).toHaveLength(1);
      expect(((await call(server, 'GET', '/api/customers/ada')).json as CustomerView).journeys.renewal).toMatchObject({ state: 'done', status: 'completed' });
      server.child.kill('SIGTERM');
      expect((await server.exited).code).toBe(0);
    } finally {
      if (server.child.exitCode === null && server.child.signalCode === null) {
        server.child.kill('SIGKILL');
        await server.exited;
      }
      await smtp.close();
    }
  }, 120_000);
});
