import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import type { LightMyRequestResponse } from 'fastify';
import { uciEventStreamPath } from './uci-order-totals';

/** The first `count` lines of the published UCI Online Retail event stream (time order), as JSON text. */
export async function readUciEventLines(count: number): Promise<string[]> {
  const lines: string[] = [];
  const input = createReadStream(uciEventStreamPath).pipe(createGunzip());
  const reader = createInterface({ input, crlfDelay: Infinity });
  for await (const line of reader) {
    if (line === '') continue;
    lines.push(line);
    if (lines.length >= count) break;
  }
  reader.close();
  input.destroy();
  return lines;
}

/** Posts lines to /v1/batch in bodies under 480 KB; every response must be 200 or 207. */
export async function replayLines(post: (body: string) => Promise<LightMyRequestResponse>, lines: readonly string[]): Promise<void> {
  let batch: string[] = [];
  let bytes = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const response = await post(`{"batch":[${batch.join(',')}]}`);
    if (response.statusCode !== 200 && response.statusCode !== 207) throw new Error(`/v1/batch answered ${response.statusCode}: ${response.body.slice(0, 300)}`);
    batch = [];
    bytes = 0;
  };
  for (const line of lines) {
    if (bytes + line.length + 16 > 480 * 1024) await flush();
    batch.push(line);
    bytes += line.length + 1;
  }
  await flush();
}
