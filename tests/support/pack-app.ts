import { afterEach } from 'vitest';
import { readFileSync } from 'node:fs';
import type { LightMyRequestResponse } from 'fastify';
import type { StoragePort } from '../../engine/store/index';
import type { RulePack } from '../../schemas/types';
import { createSegmentApp, type SegmentApp } from './segment-app';

/** The example pack of examples/packs, parsed afresh (tests change their copy freely). */
export function readExamplePack(name = '01-lifecycle-essentials'): RulePack {
  return JSON.parse(readFileSync(new URL(`../../examples/packs/${name}.json`, import.meta.url), 'utf8')) as RulePack;
}

/** The real app on a virtual clock (segment-app.ts) with the packs and templates API at hand. */
export interface PackApp extends SegmentApp {
  /** POST /api/packs/import with the pack as the body and the options as the query string. */
  importPack(pack: unknown, query?: { onConflict?: 'fail' | 'skip' | 'replace'; publish?: boolean }): Promise<LightMyRequestResponse>;
  /** GET /api/packs/export with the query string given. */
  exportPack(query?: string): Promise<LightMyRequestResponse>;
}

export async function createPackApp(options: { start?: number; store?: StoragePort } = {}): Promise<PackApp> {
  const base = await createSegmentApp(options);
  return {
    ...base,
    importPack(pack, query = {}) {
      const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
      return base.admin('POST', `/api/packs/import${search.size > 0 ? `?${search}` : ''}`, pack);
    },
    exportPack(query = '') {
      return base.admin('GET', `/api/packs/export${query ? `?${query}` : ''}`);
    },
  };
}

/**
 * A fresh pack app per call, all closed after each test of the file that calls this at its top level.
 *
 * @example const freshApp = packAppsClosedAfterEach(); … const app = await freshApp();
 */
export function packAppsClosedAfterEach(): () => Promise<PackApp> {
  const apps: PackApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });
  return async () => {
    const app = await createPackApp();
    apps.push(app);
    return app;
  };
}
