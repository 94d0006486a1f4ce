import type { SendRate } from '../../schemas/types';
import { journeyCollectionNames } from './journey-collections';
import type { JourneyRuntime } from './journey-runtime';

/** A journey's current send-rate window (`journey_send_rates`, one document per journey). */
export interface SendRateWindow {
  _id: string;
  workspace: string;
  journeyId: string;
  windowStart: string;
  count: number;
}

export function windowLengthOf(rate: SendRate): number {
  return rate.per === 'second' ? 1_000 : 60_000;
}

/**
 * Takes one send from a journey's rate: a fixed-window counter in the store, updated only by atomic
 * `findOneAndUpdate`s, so every delivery worker on the store shares it. Returns when the next window
 * opens when this one is used up. (A fixed window may let up to twice the rate through across a
 * window boundary; documented.)
 */
export async function takeSendToken(runtime: JourneyRuntime, workspace: string, journeyId: string, rate: SendRate, now: number): Promise<{ ok: true } | { ok: false; retryAt: number }> {
  const length = windowLengthOf(rate);
  const start = Math.floor(now / length) * length;
  const windowStart = new Date(start).toISOString();
  const windows = runtime.store.collection<SendRateWindow>(journeyCollectionNames.sendRates);
  const _id = `${workspace}/${journeyId}`;
  const takeInWindow = () => windows.findOneAndUpdate(workspace, { _id, windowStart, count: { $lt: rate.limit } }, { $inc: { count: 1 } });
  if (await takeInWindow()) return { ok: true };
  if (await windows.findOneAndUpdate(workspace, { _id, windowStart: { $lt: windowStart } }, { $set: { windowStart, count: 1 } })) return { ok: true };
  if ((await windows.insertOne(workspace, { _id, journeyId, windowStart, count: 1 })).ok) return { ok: true };
  // Another worker created or reset the window just now: try it once more.
  if (await takeInWindow()) return { ok: true };
  return { ok: false, retryAt: start + length };
}
