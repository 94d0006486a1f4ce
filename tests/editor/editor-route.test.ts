import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../server/plugins/error-handler';
import { installNotFoundHandler } from '../../server/plugins/not-found-handler';
import { editorRoutes } from '../../server/routes/editor';

const directories: string[] = [];
const apps: FastifyInstance[] = [];

/** An app with the editor plugin over `directory` and the server's own 404 answers. */
async function appServing(directory: string): Promise<FastifyInstance> {
  const app = Fastify();
  installErrorHandler(app);
  installNotFoundHandler(app);
  await app.register(editorRoutes, { directory });
  apps.push(app);
  return app;
}

function builtEditor(): string {
  const directory = mkdtempSync(join(tmpdir(), 'wayfarer-dist-'));
  directories.push(directory);
  mkdirSync(join(directory, 'assets'));
  writeFileSync(join(directory, 'index.html'), '<!doctype html><script type="module" src="/assets/index-abc123.js"></script>');
  writeFileSync(join(directory, 'assets', 'index-abc123.js'), 'console.log("editor")');
  return directory;
}

afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.close()));
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('the editor served at /', () => {
  it('serves index.html at / (revalidated, with a content security policy) and hashed assets for good', async () => {
    const app = await appServing(builtEditor());
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.body).toContain('/assets/index-abc123.js');
    expect(page.headers['cache-control']).toBe('no-cache');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('leaves unknown paths to the API\'s ROUTE_NOT_FOUND, and never lists the directory', async () => {
    const app = await appServing(builtEditor());
    for (const url of ['/assets/', '/assets/missing.js', '/api/nothing', '/../package.json']) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.json().code, url).toBe('ROUTE_NOT_FOUND');
    }
    expect((await app.inject({ method: 'POST', url: '/api/nothing' })).json().code).toBe('ROUTE_NOT_FOUND');
  });

  it('says how to build the editor when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'wayfarer-dist-'));
    directories.push(empty);
    const app = await appServing(empty);
    const page = await app.inject({ url: '/' });
    expect(page.statusCode).toBe(503);
    expect(page.body).toContain('npm run editor:build');
  });
});
