import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { VirtualClock } from '../../engine/time/index';
import { createOffsetClock, readClockOffset, readEnvironmentChannelConfig, readWorkerConfig } from '../../server/workers/index';
import { runWayfarerCli } from '../support/cli-process';
import { runFailingStart } from '../support/server-process';
import { startWorkerProcess } from '../support/worker-process';

describe('channels from the environment', () => {
  it('reads an SMTP URL, a webhook secret and the egress allow-list for the default workspace', () => {
    const config = readEnvironmentChannelConfig(
      {
        WAYFARER_SMTP_URL: 'smtp://apikey:p%40ss@smtp.example.com:2525?requireTls=1',
        WAYFARER_SMTP_FROM: 'Shop <news@shop.example>',
        WAYFARER_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
        WAYFARER_WEBHOOK_URL: 'https://crm.example.com/hook',
        WAYFARER_EGRESS_ALLOW: 'hooks.internal, 10.0.0.0/8',
      },
      'ws_1',
    );
    expect(config).toEqual({
      workspace: 'ws_1',
      channels: {
        log: { kind: 'log', file: 'messages.ndjson' },
        email: { kind: 'smtp', host: 'smtp.example.com', port: 2525, secure: false, requireTls: true, auth: { user: 'apikey', pass: 'p@ss' }, from: 'Shop <news@shop.example>' },
        webhook: { kind: 'webhook', secret: 'whsec_0123456789abcdef', url: 'https://crm.example.com/hook' },
      },
      egress: { allow: ['hooks.internal', '10.0.0.0/8'] },
    });
    expect(readEnvironmentChannelConfig({ WAYFARER_SMTP_URL: 'smtps://mail.example.com', WAYFARER_SMTP_FROM: 'a@b.example' }, 'ws_1').channels.email).toEqual({ kind: 'smtp', host: 'mail.example.com', port: 465, secure: true, from: 'a@b.example' });
  });

  it('says which variable to fix', () => {
    expect(() => readEnvironmentChannelConfig({ WAYFARER_SMTP_URL: 'smtp://mail.example.com' }, 'ws_1')).toThrow(/WAYFARER_SMTP_FROM/);
    expect(() => readEnvironmentChannelConfig({ WAYFARER_SMTP_URL: 'http://mail.example.com', WAYFARER_SMTP_FROM: 'a@b.example' }, 'ws_1')).toThrow(/WAYFARER_SMTP_URL must look like/);
    expect(() => readEnvironmentChannelConfig({ WAYFARER_WEBHOOK_URL: 'https://crm.example.com' }, 'ws_1')).toThrow(/WAYFARER_WEBHOOK_SECRET/);
    expect(() => readWorkerConfig({ WAYFARER_WORKER_CONCURRENCY: 'many' }, './data')).toThrow(/WAYFARER_WORKER_CONCURRENCY/);
    expect(() => readWorkerConfig({ WAYFARER_WORKER_LEASE_MS: '10' }, './data')).toThrow(/at least 1000/);
    expect(() => readWorkerConfig({ WAYFARER_WORKER: 'maybe' }, './data')).toThrow(/WAYFARER_WORKER must be/);
  });

  it('has defaults for every worker setting', () => {
    expect(readWorkerConfig({}, '/var/wayfarer')).toEqual({
      enabled: true,
      pollIntervalMs: 1_000,
      batchSize: 50,
      concurrency: 16,
      channelConcurrency: 16,
      leaseMs: 60_000,
      timerBatchSize: 100,
      recoveryIntervalMs: 5_000,
      shutdownTimeoutMs: 30_000,
      channelLogDirectory: '/var/wayfarer/channel-logs',
    });
    expect(readWorkerConfig({ WAYFARER_WORKER: '0' }, '.').enabled).toBe(false);
  });
});

describe('the test clock offset', () => {
  it('moves the clock in tests and is refused in production', () => {
    expect(readClockOffset({})).toBeNull();
    expect(readClockOffset({ WAYFARER_TEST_CLOCK_OFFSET_MS: '86400000' })).toBe(86_400_000);
    expect(() => readClockOffset({ WAYFARER_TEST_CLOCK_OFFSET_MS: '1.5' })).toThrow(/whole number/);
    expect(() => readClockOffset({ WAYFARER_TEST_CLOCK_OFFSET_MS: '1000', NODE_ENV: 'production' })).toThrow(/refused with NODE_ENV=production/);
    expect(createOffsetClock(5_000, new VirtualClock(1_000)).now()).toBe(6_000);
  });
});

describe('wayfarer worker', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-worker-cli-'));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('runs until SIGTERM and stops cleanly', async () => {
    const worker = await startWorkerProcess({ WAYFARER_DATA_DIR: dataDir, WAYFARER_WORKER_POLL_MS: '20' });
    expect(await worker.stop()).toBe(0);
    expect(worker.output()).toContain('Stopped cleanly');
  });

  it('refuses to start with channels the environment gets wrong, and says which', async () => {
    // The worker finds the default workspace that `wayfarer start` created.
    const failedStart = await runFailingStart({ WAYFARER_DATA_DIR: dataDir, PORT: '0', WAYFARER_SMTP_URL: 'smtp://127.0.0.1:2525' });
    expect(failedStart.code).toBe(1);
    expect(failedStart.output).toContain('WAYFARER_SMTP_FROM');
    const result = await runWayfarerCli(['worker'], { WAYFARER_DATA_DIR: dataDir, WAYFARER_WEBHOOK_SECRET: 'short', WAYFARER_EGRESS_ALLOW: '127.0.0.1' });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('/channels/webhook/secret');
  });
});
