import { systemClock, type Clock } from '../../engine/time/index';

/** The environment variable that moves a test server's clock (milliseconds, may be negative). */
export const clockOffsetVariable = 'WAYFARER_TEST_CLOCK_OFFSET_MS';

/**
 * The clock offset a test asked for, or null. Tests move a real server process through time with it
 * (a 60-day delay firing after a restart). It is refused with NODE_ENV=production, and `wayfarer
 * start` prints a warning whenever it is in effect, so it cannot shift a production server unnoticed.
 */
export function readClockOffset(env: NodeJS.ProcessEnv): number | null {
  const text = env[clockOffsetVariable];
  if (text === undefined || text === '') return null;
  if (env.NODE_ENV === 'production') throw new Error(`${clockOffsetVariable} is for tests and is refused with NODE_ENV=production; unset it.`);
  const offset = Number(text);
  if (!Number.isSafeInteger(offset)) throw new Error(`${clockOffsetVariable} must be a whole number of milliseconds, not "${text}".`);
  return offset;
}

/** The system clock moved by `offsetMs`. */
export function createOffsetClock(offsetMs: number, base: Clock = systemClock): Clock {
  return { now: () => base.now() + offsetMs };
}
