import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
import { openStore } from '../../engine/store/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import { createIngestApp, type IngestApp } from '../support/ingest-app';

describe('GET /health', () => {
  let ingest: IngestApp;
  beforeAll(async () => {
    ingest = await createIngestApp();
  });
  afterAll(() => ingest.close());

  it('answers 200 with the version and the store kind and detail, without a key', async () => {
    const response = await ingest.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body).toMatchObject({ status: 'ok', version: packageJson.version, store: { kind: 'embedded', detail: { persistent: false } } });
    expect(validateAgainstSchema('health', body).ok).toBe(true);
  });
});

describe('GET /health over a persisted store', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-health-'));
  let ingest: IngestApp;
  beforeAll(async () => {
    ingest = await createIngestApp({ store: openStore({ dataDir, fsync: false }) });
  });
  afterAll(async () => {
    await ingest.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('shows the log state an operator needs, but not where the data lives on disk', async () => {
    expect((await ingest.store.info()).detail.dataDir).toBe(dataDir); // the store itself still knows it
    const response = await ingest.inject({ method: 'GET', url: '/health' });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.store.detail).toMatchObject({ persistent: true, generation: expect.any(Number), sequence: expect.any(Number), logBytes: expect.any(Number), failure: null });
    expect(body.store.detail).not.toHaveProperty('dataDir');
    expect(response.body).not.toContain(dataDir);
    expect(validateAgainstSchema('health', body).ok).toBe(true);
  });

  it('names the data directory in no message either, for example a failed write-ahead log', async () => {
    const real = await ingest.store.info();
    const failure = `The write-ahead log in "${dataDir}" failed (ENOSPC: no space left on device, write '${join(dataDir, 'log-000001.wal')}'); the store refuses further writes.`;
    const info = vi.spyOn(ingest.store, 'info').mockResolvedValue({ ...real, detail: { ...real.detail, failure, snapshotError: `EACCES: permission denied, open '${dataDir}/snapshot.tmp'` } });
    try {
      const response = await ingest.inject({ method: 'GET', url: '/health' });
      expect(response.body).not.toContain(dataDir);
      expect(response.json().store.detail).toMatchObject({
        failure: `The write-ahead log in "<dataDir>" failed (ENOSPC: no space left on device, write '${join('<dataDir>', 'log-000001.wal')}'); the store refuses further writes.`,
        snapshotError: "EACCES: permission denied, open '<dataDir>/snapshot.tmp'",
      });
    } finally {
      info.mockRestore();
    }
  });
});
