import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import packageJson from '../../package.json' with { type: 'json' };
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
