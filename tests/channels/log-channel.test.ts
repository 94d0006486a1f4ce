import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors';
import { VirtualClock } from '../../engine/time';
import { createChannelRegistry, createLogChannel, type LogLine } from '../../server/channels';
import { buildOutboundMessage } from '../support/outbound-message-factory';

const clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
const directories: string[] = [];

afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

function makeDirectory(): string {
  const directory = mkdtempSync(join(tmpdir(), 'wayfarer-log-channel-'));
  directories.push(directory);
  return directory;
}

describe('log channel', () => {
  it('appends one JSON line per message to a file in the log directory and always sends', async () => {
    const logDirectory = makeDirectory();
    const registry = unwrap(createChannelRegistry({ workspace: 'ws_channels', channels: { log: { kind: 'log', file: 'messages.ndjson' } } }, { logDirectory, clock }));
    const first = await registry.deliver(buildOutboundMessage({ channel: 'log' }), 'k-1');
    // Even a message no real channel would take (no address, no content) is logged.
    const second = await registry.deliver(buildOutboundMessage({ channel: 'log', recipient: {}, content: {} }), 'k-2');
    await registry.close();

    expect(first).toMatchObject({ status: 'sent', providerMessageId: 'log:k-1' });
    expect(second.status).toBe('sent');
    const lines = readFileSync(join(logDirectory, 'messages.ndjson'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as LogLine);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toEqual({ loggedAt: '2024-05-01T12:00:00.000Z', channel: 'log', idempotencyKey: 'k-1', message: buildOutboundMessage({ channel: 'log' }) });
    expect(lines[1].idempotencyKey).toBe('k-2');
  });

  it('writes to a stream (standard output by default)', async () => {
    const stream = new PassThrough();
    const chunks: string[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
    const channel = createLogChannel({ name: 'dev', target: { stream }, clock });
    await channel.deliver(buildOutboundMessage({ channel: 'dev' }), 'k-s');
    await channel.close();
    expect(JSON.parse(chunks.join('')).message.channel).toBe('dev');
  });

  it('reports a file it cannot write as a retryable failure instead of throwing', async () => {
    const directory = makeDirectory();
    writeFileSync(join(directory, 'not-a-directory'), 'x');
    const channel = createLogChannel({ name: 'dev', target: { path: join(directory, 'not-a-directory', 'log.ndjson') }, clock });
    const result = await channel.deliver(buildOutboundMessage(), 'k-w').catch((error: Error) => error);
    await channel.close();
    expect(result).toMatchObject({ status: 'failed', permanent: false, error: { code: 'WRITE_FAILED' } });

    // The path is a directory: opening fails after the write was queued.
    const onDirectory = createLogChannel({ name: 'dev', target: { path: directory }, clock });
    const queued = await onDirectory.deliver(buildOutboundMessage(), 'k-d').catch((error: Error) => error);
    await onDirectory.close();
    expect(queued).toMatchObject({ status: 'failed', permanent: false, error: { code: 'WRITE_FAILED' } });
  });
});
