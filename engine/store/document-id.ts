import { randomBytes } from 'node:crypto';

let lastTime = 0;
let counter = 0;
const processTag = randomBytes(5).toString('hex');

/**
 * A new document id: 24 hex characters like a MongoDB ObjectId (time, process tag, counter), so ids
 * sort roughly by creation time and never collide between processes sharing one store.
 *
 * @example newDocumentId() // '6740a1c2f3e9a1b2c3d40001'
 */
export function newDocumentId(prefix = ''): string {
  const seconds = Math.floor(Date.now() / 1000);
  if (seconds !== lastTime) {
    lastTime = seconds;
    counter = 0;
  }
  counter = (counter + 1) % 0x1000000;
  return prefix + seconds.toString(16).padStart(8, '0') + processTag + counter.toString(16).padStart(6, '0');
}
