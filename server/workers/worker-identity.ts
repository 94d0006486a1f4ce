import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * A lease owner id for one worker loop: host, process id and a random suffix, so two loops in one
 * process (tests, or an operator running two) never pass for each other.
 *
 * @example newWorkerId() // 'mail-01:4121:9f3a07c2'
 */
export function newWorkerId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}
