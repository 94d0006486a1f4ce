import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { messageTypes } from '../../engine/ingest/index';
import { createIngestApp, type IngestApp } from '../support/ingest-app';

describe('the OpenAPI document and /docs', () => {
  let ingest: IngestApp;
  beforeAll(async () => {
    ingest = await createIngestApp();
  });
  afterAll(() => ingest.close());

  it('describes every ingestion route with its schema, its answers and the write-key security', async () => {
    const response = await ingest.inject({ method: 'GET', url: '/docs/json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    expect(document.openapi).toMatch(/^3\./);
    expect(document.components.securitySchemes).toMatchObject({ writeKey: { type: 'http', scheme: 'basic' }, adminKey: { type: 'http', scheme: 'bearer' } });
    for (const type of [...messageTypes, 'batch']) {
      const operation = document.paths[`/v1/${type}`]?.post;
      expect(operation, `/v1/${type}`).toBeDefined();
      expect(operation.security).toEqual([{ writeKey: [] }]);
      expect(operation.requestBody.content['application/json'].schema.$ref).toMatch(/^#\/components\/schemas\//);
      expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '413', '415']));
    }
    expect(document.paths['/v1/batch'].post.responses['207']).toBeDefined();
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['TrackMessage', 'BatchRequest', 'IngestResult', 'Problem', 'Health']));
  });

  it('serves the UI at /docs', async () => {
    const page = await ingest.inject({ method: 'GET', url: '/docs/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('swagger');
  });
});
