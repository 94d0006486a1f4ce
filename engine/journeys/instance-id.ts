/** This process's part of every instance id it makes: 40 random bits, drawn on first use. */
let processTag = '';
let counter = 0;

function randomProcessTag(): string {
  return [...crypto.getRandomValues(new Uint8Array(5))].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

/**
 * A new journey instance id: `ji_` + 24 hex characters (seconds since the epoch, a random tag of this
 * process, a counter), ObjectId-like: ids never collide between processes, sort roughly by creation,
 * and within one process and second exactly by creation, so runs a single request started are listed
 * in the order they began. The counter never resets (a virtual clock may go back in time) and wraps
 * after 16,777,216 ids. Web Crypto rather than node:crypto, so the journey engine loads in the editor's
 * bundle too.
 *
 * @example newInstanceId(clock.now()) // 'ji_6650f1c2a9e4b3d2c1f0e9d8'
 */
export function newInstanceId(now: number): string {
  if (processTag === '') processTag = randomProcessTag();
  counter = (counter + 1) % 0x1000000;
  return `ji_${Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8)}${processTag}${counter.toString(16).padStart(6, '0')}`;
}
