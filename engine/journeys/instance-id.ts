// Random bytes are drawn in blocks: one Web Crypto call per id costs more than the rest of an entry's id work.
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function randomHex(bytes: number): string {
  if (poolOffset + bytes > pool.length) {
    crypto.getRandomValues(pool);
    poolOffset = 0;
  }
  let hex = '';
  for (let i = 0; i < bytes; i++) hex += pool[poolOffset + i].toString(16).padStart(2, '0');
  poolOffset += bytes;
  return hex;
}

/**
 * A new journey instance id: `ji_` + 24 hex characters (seconds since the epoch, then 64 random bits),
 * ObjectId-like so ids sort roughly by creation and never collide between processes. Web Crypto rather
 * than node:crypto, so the journey engine loads in the editor's bundle too.
 *
 * @example newInstanceId(clock.now()) // 'ji_6650f1c2a9e4b3d2c1f0e9d8'
 */
export function newInstanceId(now: number): string {
  return `ji_${Math.floor(now / 1000).toString(16).padStart(8, '0').slice(-8)}${randomHex(8)}`;
}
