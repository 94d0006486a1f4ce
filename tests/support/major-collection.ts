import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// V8's own full collection, as `node --expose-gc` exposes it: tests of the memory budget need real
// major collections at known moments, not a stand-in for them.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

/**
 * Runs major collections until `condition` holds (what an observer of collections saw arrives
 * asynchronously), or fails after `timeoutMs` saying what was awaited.
 */
export async function collectUntil(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    collectGarbage();
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (condition()) return;
  }
  throw new Error(`Major collections for ${timeoutMs} ms, and still not: ${what}.`);
}

/** One major collection now (the heap in use then holds only live data). */
export function collectNow(): void {
  collectGarbage();
}
