import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestLimits } from '../../engine/ingest/index';
import { openStore } from '../../engine/store/index';
import { basicAuth, createIngestApp, type IngestApp } from '../support/ingest-app';
import { snapshotStore } from '../support/store-snapshot';
import { trackMessage } from '../support/segment-message-factory';

interface HostileCase {
  name: string;
  url?: string;
  /** Raw body: sent byte for byte. */
  body?: string | Buffer;
  contentType?: string | null;
  /** Further request headers (Content-Encoding). */
  headers?: Record<string, string>;
  status: number;
  code: string;
  /** Expected details, matched as a subset. */
  details?: Array<Record<string, unknown>>;
}

const nestedObjects = (depth: number) => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
const nestedArrays = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
const track = (extra: string) => `{"userId":"u1","event":"Hostile",${extra}}`;
const batchOf = (extra: string) => `{"batch":[{"type":"track","userId":"u1","event":"Hostile",${extra}}]}`;
const gzip = { 'content-encoding': 'gzip' };
/** 2 MB of JSON in 2 KB of gzip whose checksum is wrong: only a decoder that inflates all of it notices. */
function gzipBombWithBadChecksum(): Buffer {
  const bomb = gzipSync(track(`"properties":{"pad":"${'0'.repeat(2_000_000)}"}`));
  bomb[bomb.length - 5] ^= 0xff; // CRC-32 of the gzip trailer
  return bomb;
}

const cases: HostileCase[] = [
  { name: 'invalid JSON', body: '{"userId": "u1",\n  "event": }', status: 400, code: 'INVALID_JSON', details: [{ line: 2, message: expect.stringContaining('line 2') }] },
  { name: 'truncated JSON', body: '{"userId": "u1"', status: 400, code: 'INVALID_JSON' },
  { name: 'a JSON string instead of an object', body: '"track"', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '' }] },
  { name: 'null', body: 'null', status: 400, code: 'VALIDATION_FAILED' },
  { name: 'an array instead of an object', body: '[]', status: 400, code: 'VALIDATION_FAILED' },
  {
    name: 'wrong types',
    body: JSON.stringify({ userId: { id: 1 }, event: 42, properties: 'x', timestamp: 'yesterday' }),
    status: 400,
    code: 'VALIDATION_FAILED',
    details: [{ pointer: '/userId' }, { pointer: '/timestamp' }, { pointer: '/event' }, { pointer: '/properties' }],
  },
  { name: 'missing required event', body: JSON.stringify({ userId: 'u1' }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/event', message: 'is required' }] },
  { name: 'missing groupId', url: '/v1/group', body: JSON.stringify({ userId: 'u1' }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/groupId' }] },
  { name: 'missing previousId', url: '/v1/alias', body: JSON.stringify({ userId: 'u1' }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/previousId' }] },
  { name: 'a type that contradicts the endpoint', body: JSON.stringify({ type: 'identify', userId: 'u1', event: 'x' }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/type' }] },
  { name: 'an oversized message', body: track(`"properties":{"blob":"${'x'.repeat(40_000)}"}`), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  {
    name: 'an oversized batch',
    url: '/v1/batch',
    body: JSON.stringify({ batch: Array.from({ length: 30 }, () => trackMessage({ properties: { blob: 'z'.repeat(20_000) } })) }),
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  { name: '10,000 levels of nested arrays', body: track(`"properties":{"a":${nestedArrays(10_000)}}`), status: 400, code: 'VALIDATION_FAILED', details: [{ message: expect.stringContaining('nested deeper') }] },
  { name: '100,000 levels of nested arrays', url: '/v1/batch', body: batchOf(`"properties":{"a":${nestedArrays(100_000)}}`), status: 400, code: 'VALIDATION_FAILED', details: [{ index: 0, message: expect.stringContaining('nested deeper') }] },
  { name: '10,000 levels of nested objects in a batch', url: '/v1/batch', body: batchOf(`"properties":${nestedObjects(10_000)}`), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: expect.stringMatching(/^\/batch\/0\/properties(\/a)+$/) }] },
  { name: 'nesting just past the limit', body: track(`"properties":{"a":${nestedArrays(ingestLimits.maxJsonDepth)}}`), status: 400, code: 'VALIDATION_FAILED' },
  { name: '__proto__ key', body: track('"properties":{"__proto__":{"polluted":true}}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/__proto__' }] },
  { name: 'top-level __proto__ key', body: '{"__proto__":{"polluted":true},"userId":"u1","event":"x"}', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/__proto__' }] },
  { name: 'constructor.prototype', body: track('"traits":{"constructor":{"prototype":{"polluted":true}}}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/traits/constructor' }] },
  { name: 'constructor key', body: track('"properties":{"constructor":"x"}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/constructor' }] },
  { name: 'prototype key', body: track('"context":{"prototype":1}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/context/prototype' }] },
  { name: '$-prefixed key', body: track('"properties":{"$set":{"admin":true}}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/$set' }] },
  { name: 'nested $-prefixed key', body: track('"context":{"page":{"$where":"1"}}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/context/page/$where' }] },
  { name: 'dotted key', url: '/v1/identify', body: '{"userId":"u1","traits":{"address.city":"Paris"}}', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/traits/address.city' }] },
  { name: 'NUL in a key', body: track('"properties":{"a\\u0000b":1}'), status: 400, code: 'VALIDATION_FAILED' },
  { name: 'invalid UTF-8 bytes', body: Buffer.concat([Buffer.from('{"userId":"u'), Buffer.from([0xff, 0xfe]), Buffer.from('","event":"x"}')]), status: 400, code: 'INVALID_ENCODING', details: [{ message: expect.stringContaining('offset 12') }] },
  { name: 'an overlong UTF-8 encoding', body: Buffer.concat([Buffer.from('{"userId":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('","event":"x"}')]), status: 400, code: 'INVALID_ENCODING' },
  { name: 'a form content type', body: 'userId=u1&event=x', contentType: 'application/x-www-form-urlencoded', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an XML content type', body: '<track/>', contentType: 'application/xml', status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'an empty JSON body', body: '', status: 400, code: 'INVALID_JSON' },
  { name: 'no body at all', body: undefined, contentType: null, status: 400, code: 'VALIDATION_FAILED' },
  { name: 'a huge userId', body: JSON.stringify({ userId: 'u'.repeat(10_000), event: 'x' }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/userId' }] },
  { name: 'a huge event name', body: JSON.stringify({ userId: 'u1', event: 'E'.repeat(5_000) }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/event' }] },
  { name: 'a huge array', body: track(`"properties":{"items":[${Array.from({ length: 20_000 }, () => '0').join(',')}]}`), status: 413, code: 'PAYLOAD_TOO_LARGE' },
  // JSON.parse turns a number beyond a double into Infinity, which every store keeps as null.
  { name: 'a number beyond a double', body: track('"properties":{"revenue":1e400}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/revenue', message: expect.stringContaining('beyond the range') }] },
  { name: 'a negative number beyond a double in an array', body: track('"properties":{"items":[1,-1e400]}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/items/1' }] },
  { name: 'a userId beyond a double', body: '{"userId":1e999,"event":"x"}', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/userId' }] },
  { name: 'a number beyond a double in a batch', url: '/v1/batch', body: batchOf('"properties":{"revenue":1e400}'), status: 400, code: 'VALIDATION_FAILED', details: [{ index: 0, pointer: '/batch/0/properties/revenue' }] },
  { name: 'a number beyond a double in a batch envelope', url: '/v1/batch', body: '{"context":{"n":1e400},"batch":[{"type":"track","userId":"u1","event":"x"}]}', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/context/n' }] },
  // MongoDB's driver writes a lone surrogate as U+FFFD, the embedded store keeps it: the adapters would differ.
  { name: 'a lone high surrogate in a string', body: track('"properties":{"name":"a\\ud800b"}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/name', message: expect.stringContaining('surrogate') }] },
  { name: 'a lone low surrogate in an event name', body: '{"userId":"u1","event":"\\udc00"}', status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/event' }] },
  { name: 'a lone surrogate in a key', body: track('"traits":{"a\\ud83d":1}'), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/traits/a\ud83d' }] },
  { name: 'a lone surrogate in an array in a batch', url: '/v1/batch', body: batchOf('"properties":{"tags":["ok","\\ud800"]}'), status: 400, code: 'VALIDATION_FAILED', details: [{ index: 0, pointer: '/batch/0/properties/tags/1' }] },
  { name: 'plain JSON labelled gzip', body: track('"properties":{}'), headers: gzip, status: 400, code: 'INVALID_ENCODING', details: [{ message: expect.stringContaining('not valid gzip') }] },
  { name: 'a truncated gzip body', body: gzipSync(track('"properties":{}')).subarray(0, 20), headers: gzip, status: 400, code: 'INVALID_ENCODING' },
  { name: 'a corrupt deflate body', body: Buffer.from([0x78, 0x9c, 0xff, 0xff, 0xff, 0x00]), headers: { 'content-encoding': 'deflate' }, status: 400, code: 'INVALID_ENCODING' },
  { name: 'a gzip bomb, refused before it is inflated whole', body: gzipBombWithBadChecksum(), headers: gzip, status: 413, code: 'PAYLOAD_TOO_LARGE', details: [{ message: expect.stringContaining('inflates to more than the 32768 bytes') }] },
  {
    name: 'a gzip batch larger than 500 KB once inflated',
    url: '/v1/batch',
    body: gzipSync(JSON.stringify({ batch: Array.from({ length: 30 }, () => trackMessage({ properties: { blob: 'z'.repeat(20_000) } })) })),
    headers: gzip,
    status: 413,
    code: 'PAYLOAD_TOO_LARGE',
  },
  { name: 'a gzip message over 32 KB once inflated', body: gzipSync(track(`"properties":{"blob":"${'x'.repeat(40_000)}"}`)), headers: gzip, status: 413, code: 'PAYLOAD_TOO_LARGE' },
  { name: 'a body compressed with brotli', body: brotliCompressSync(track('"properties":{}')), headers: { 'content-encoding': 'br' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE', details: [{ message: expect.stringContaining('"br"') }] },
  { name: 'two content codings', body: gzipSync(gzipSync(track('"properties":{}'))), headers: { 'content-encoding': 'gzip, gzip' }, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' },
  { name: 'a gzip body with a lone surrogate inside', body: gzipSync(track('"properties":{"name":"\\ud800"}')), headers: gzip, status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/properties/name' }] },
  { name: 'a huge messageId', body: JSON.stringify({ userId: 'u1', event: 'x', messageId: 'm'.repeat(1_000) }), status: 400, code: 'VALIDATION_FAILED', details: [{ pointer: '/messageId' }] },
];

/** Every file of the data directory, hashed: equal digests mean not one byte on disk changed. */
function digestDirectory(directory: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(directory).sort()) hash.update(name).update(readFileSync(join(directory, name)));
  return hash.digest('hex');
}

describe('hostile input', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-hostile-'));
  let ingest: IngestApp;
  let pristine: string;
  let pristineFiles: string;
  beforeAll(async () => {
    // A persisted store, so "unchanged" covers the bytes on disk as well as the documents.
    ingest = await createIngestApp({ store: openStore({ dataDir, fsync: false }) });
    // Something to protect: customers with events.
    await ingest.post('/v1/batch', { batch: [trackMessage({ userId: 'u1' }), trackMessage({ userId: 'u2' })] });
    await ingest.store.flush();
    pristine = await snapshotStore(ingest.store);
    pristineFiles = digestDirectory(dataDir);
  });
  afterAll(async () => {
    await ingest.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function expectStoreUnchanged(): Promise<void> {
    expect(await snapshotStore(ingest.store)).toBe(pristine);
    await ingest.store.flush();
    expect(digestDirectory(dataDir)).toBe(pristineFiles);
  }

  it.each(cases.map((hostile) => [hostile.name, hostile] as const))('%s → 4xx with the right code, store unchanged', async (_name, hostile) => {
    const headers: Record<string, string> = { authorization: basicAuth(), ...hostile.headers };
    if (hostile.contentType !== null) headers['content-type'] = hostile.contentType ?? 'application/json';
    const response = await ingest.inject({ method: 'POST', url: hostile.url ?? '/v1/track', headers, payload: hostile.body });
    expect(response.statusCode, response.body.slice(0, 500)).toBe(hostile.status);
    const problem = response.json();
    expect(problem.code).toBe(hostile.code);
    expect(problem.message).toEqual(expect.any(String));
    expect(Array.isArray(problem.details)).toBe(true);
    if (hostile.details) expect(problem.details).toEqual(expect.arrayContaining(hostile.details.map((detail) => expect.objectContaining(detail))));
    expect(response.body).not.toMatch(/at .*\.(ts|js):\d+/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await expectStoreUnchanged();
  });

  it('keeps the per-message and per-batch limits of the Segment API', () => {
    expect(ingestLimits.maxMessageBytes).toBe(32 * 1024);
    expect(ingestLimits.maxBatchBytes).toBe(500 * 1024);
  });

  it('answers a batch of 100,000 bad messages with a bounded list of problems', async () => {
    const body = `{"batch":[${Array.from({ length: 100_000 }, () => '{}').join(',')}]}`;
    const response = await ingest.inject({ method: 'POST', url: '/v1/batch', headers: { authorization: basicAuth(), 'content-type': 'application/json' }, payload: body });
    expect(response.statusCode).toBe(400);
    expect(response.json().details.length).toBeLessThanOrEqual(101);
    expect(response.json().message).toContain('All 100000 messages were rejected');
    await expectStoreUnchanged();
  });
});
