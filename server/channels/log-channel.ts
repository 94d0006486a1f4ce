import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Writable } from 'node:stream';
import type { Clock } from '../../engine/time/index';
import type { Channel, OutboundMessage } from './channel';
import { deliveryFailed, deliverySent, type DeliveryResult } from './delivery-result';
import { assertIdempotencyKey } from './idempotency-key';

export interface LogChannelOptions {
  name: string;
  /** Where lines go: a file path (appended to, created with its directory) or an open stream. */
  target: { path: string } | { stream: Writable };
  clock: Clock;
}

/** One line of the log channel. */
export interface LogLine {
  loggedAt: string;
  channel: string;
  idempotencyKey: string;
  message: OutboundMessage;
}

/**
 * For development: every message becomes one JSON line (`jq`-friendly) on a stream or in a file, and
 * counts as sent whatever it contains — it judges nothing about the message. Only a failing write
 * (a full disk) fails the delivery, retryably.
 */
export function createLogChannel(options: LogChannelOptions): Channel {
  let stream: Writable | undefined = 'stream' in options.target ? options.target.stream : undefined;
  const ownsStream = !stream;
  let closed = false;

  const openStream = (): Writable => {
    // A file stream that failed (the directory vanished, the disk filled) is reopened on the next message.
    if (ownsStream && stream?.destroyed) stream = undefined;
    if (!stream && 'path' in options.target) {
      mkdirSync(dirname(options.target.path), { recursive: true });
      // The file stays open for the channel's life; a failed open surfaces as a write error below.
      stream = createWriteStream(options.target.path, { flags: 'a' });
      stream.on('error', () => undefined);
    }
    return stream as Writable;
  };

  return {
    name: options.name,
    kind: 'log',
    deliver(message: OutboundMessage, key: string): Promise<DeliveryResult> {
      assertIdempotencyKey(key);
      if (closed) return Promise.resolve(deliveryFailed('CHANNEL_CLOSED', `Channel ${options.name} is closed.`));
      const line: LogLine = { loggedAt: new Date(options.clock.now()).toISOString(), channel: options.name, idempotencyKey: key, message };
      let target: Writable;
      try {
        target = openStream();
      } catch (error) {
        return Promise.resolve(deliveryFailed('WRITE_FAILED', `Could not open the log file: ${(error as Error).message}`));
      }
      return new Promise((resolve) => {
        target.write(JSON.stringify(line) + '\n', (error) => {
          resolve(error ? deliveryFailed('WRITE_FAILED', `Could not write the log line: ${error.message}`) : deliverySent(`log:${key}`, `logged by ${options.name}`));
        });
      });
    },
    close() {
      closed = true;
      const open = stream;
      if (!ownsStream || !open || open.destroyed) return Promise.resolve();
      return new Promise((resolve) => open.end(() => resolve()));
    },
  };
}
