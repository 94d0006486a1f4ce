/**
 * The times a message carries, as parsed milliseconds (`undefined` when absent).
 */
export interface MessageTimes {
  timestamp?: number;
  originalTimestamp?: number;
  sentAt?: number;
  receivedAt: number;
}

export interface CorrectedTimes {
  /** Event time, corrected for the client's clock skew. */
  timestamp: number;
  /** The event time by the client's clock, when the correction used one. */
  originalTimestamp?: number;
}

/**
 * The event time of a message, corrected for client clock skew as Segment documents it:
 * `timestamp = receivedAt − (sentAt − originalTimestamp)`. A client clock that is off shifts `sentAt`
 * and `originalTimestamp` by the same amount, so their difference — how long the event waited on the
 * device — is trustworthy, and subtracting it from the server's `receivedAt` gives the event time on
 * the server's clock.
 *
 * Precedence (docs/ingestion.md):
 * 1. `timestamp` and `originalTimestamp` both given: the message was already corrected upstream (a
 *    replay of exported Segment data); `timestamp` is kept as it is.
 * 2. the client time — `originalTimestamp`, else `timestamp` (what Segment's server-side libraries
 *    send) — together with `sentAt`: corrected by the formula.
 * 3. a client time without `sentAt`: kept as it is (historical imports set `timestamp` by hand).
 * 4. no time at all: `receivedAt`.
 *
 * @example correctEventTime({ timestamp: t, sentAt: t + 5_000, receivedAt: r }) // { timestamp: r - 5_000, originalTimestamp: t }
 */
export function correctEventTime(times: MessageTimes): CorrectedTimes {
  if (times.timestamp !== undefined && times.originalTimestamp !== undefined) {
    return { timestamp: times.timestamp, originalTimestamp: times.originalTimestamp };
  }
  const clientTime = times.originalTimestamp ?? times.timestamp;
  if (clientTime === undefined) return { timestamp: times.receivedAt };
  if (times.sentAt === undefined) {
    return times.originalTimestamp === undefined ? { timestamp: clientTime } : { timestamp: clientTime, originalTimestamp: clientTime };
  }
  return { timestamp: times.receivedAt - (times.sentAt - clientTime), originalTimestamp: clientTime };
}

/** The earliest and latest times `toISOString()` writes as 24 characters (years 0000–9999). */
const earliestIsoTime = Date.parse('0000-01-01T00:00:00.000Z');
const latestIsoTime = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Whether a time prints as the 24-character ISO form that stores compare as strings; a skew correction
 * with absurd client times (`sentAt` in year 9999) could leave that range.
 */
export function isStorableTime(time: number): boolean {
  return Number.isFinite(time) && time >= earliestIsoTime && time <= latestIsoTime;
}
