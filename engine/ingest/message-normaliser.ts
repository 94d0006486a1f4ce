import type { StoredEvent } from '../../schemas/types';
import { createProblem, fail, ok, type ProblemDetail, type Result } from '../errors/index';
import { validateAgainstSchema } from '../validation/index';
import { correctEventTime, isStorableTime } from './clock-skew';
import { eventIdOf, newMessageId } from './event-id';
import { newAnonymousId } from './identity';
import { ingestLimits, isMessageType, messageTypes, type MessageType } from './ingest-limits';
import { findUnstorableContent } from './unstorable-content';

/** A message ready to be stored, except for the customer it belongs to. */
export type PendingEvent = Omit<StoredEvent, 'customerId'>;

type JsonObject = Record<string, unknown>;

/** The fields of a batch that apply to each of its messages. */
export interface BatchEnvelope {
  sentAt?: string;
  context?: JsonObject;
  integrations?: JsonObject;
}

export interface NormaliseOptions {
  workspace: string;
  /** When the request arrived (ms since the epoch, from the runtime's clock). */
  receivedAt: number;
  /** `receivedAt` as an ISO string (computed once per request). */
  receivedAtIso?: string;
  /** The type the endpoint implies (`/v1/track`); inside a batch each message names its own. */
  impliedType?: MessageType;
  envelope?: BatchEnvelope;
  /** Where the message sits in the request body: `''` for a single message, `/batch/3` in a batch. */
  pointer: string;
  /** Nesting depth of the message in the request body (0 alone, 2 inside a batch). */
  depth: number;
  /** Measure the message against the per-message limit (unnecessary when the whole body is within it). */
  measureSize: boolean;
}

/**
 * Checks one Segment message and turns it into the event to store: the type's schema, the size limit,
 * keys that cannot be stored, then the server's part — `messageId` when absent, `receivedAt`, and the
 * event time corrected for client clock skew (engine/ingest/clock-skew.ts). Ids sent as numbers become
 * strings; `""` and `null` ids are absent. Unknown top-level fields are dropped.
 *
 * A refused message is a `VALIDATION_FAILED` (or `PAYLOAD_TOO_LARGE`) problem whose details point into
 * the request body.
 */
export function normaliseMessage(raw: unknown, options: NormaliseOptions): Result<PendingEvent> {
  const { pointer } = options;
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return refuse([{ pointer, message: 'must be a JSON object (one Segment message)' }]);
  }
  const message = raw as JsonObject;
  const type = options.impliedType ?? message.type;
  if (!isMessageType(type)) {
    const problem = message.type === undefined ? 'is required inside a batch' : `must be one of ${messageTypes.join(', ')}`;
    return refuse([{ pointer: `${pointer}/type`, message: problem }]);
  }
  if (options.impliedType && message.type !== undefined && message.type !== options.impliedType) {
    return refuse([{ pointer: `${pointer}/type`, message: `must be "${options.impliedType}" on /v1/${options.impliedType} (or be left out)` }]);
  }
  // First the walk, which bounds the depth without recursion: JSON.stringify (the size) and ajv recurse.
  const unstorable = findUnstorableContent(message, pointer, options.depth);
  if (unstorable.length > 0) return refuse(unstorable);
  if (options.measureSize) {
    const bytes = Buffer.byteLength(JSON.stringify(message));
    if (bytes > ingestLimits.maxMessageBytes) {
      return fail(
        createProblem('PAYLOAD_TOO_LARGE', [
          { pointer, code: 'PAYLOAD_TOO_LARGE', message: `is ${bytes} bytes; one message may hold at most ${ingestLimits.maxMessageBytes} bytes (32 KB)` },
        ]),
      );
    }
  }
  const valid = validateAgainstSchema<JsonObject>(type, message, pointer);
  if (!valid.ok) return valid;
  return buildEvent(type, message, options);
}

function buildEvent(type: MessageType, message: JsonObject, options: NormaliseOptions): Result<PendingEvent> {
  const { envelope, pointer, receivedAt } = options;
  const sentAtText = (message.sentAt as string | undefined) ?? envelope?.sentAt;
  const timestamp = parseTime(message.timestamp);
  const originalTimestamp = parseTime(message.originalTimestamp);
  const sentAt = parseTime(sentAtText);
  const corrected = correctEventTime({ timestamp, originalTimestamp, sentAt, receivedAt });
  if (!isStorableTime(corrected.timestamp)) {
    return refuse([{ pointer: `${pointer}/sentAt`, message: 'is so far from timestamp that the corrected event time falls outside the years 0000–9999' }]);
  }
  const messageId = (message.messageId as string | undefined) ?? newMessageId();
  const userId = toId(message.userId);
  let anonymousId = toId(message.anonymousId);
  if (userId === null && anonymousId === null) anonymousId = newAnonymousId();

  const event: PendingEvent = {
    _id: eventIdOf(options.workspace, messageId),
    workspace: options.workspace,
    messageId,
    type,
    userId,
    anonymousId,
    timestamp: corrected.timestamp === timestamp ? toIsoTime(timestamp, message.timestamp) : new Date(corrected.timestamp).toISOString(),
    receivedAt: options.receivedAtIso ?? new Date(receivedAt).toISOString(),
  };
  if (sentAt !== undefined) event.sentAt = toIsoTime(sentAt, sentAtText);
  if (corrected.originalTimestamp !== undefined) {
    event.originalTimestamp = corrected.originalTimestamp === originalTimestamp ? toIsoTime(originalTimestamp, message.originalTimestamp) : toIsoTime(corrected.originalTimestamp, message.timestamp);
  }
  switch (type) {
    case 'track':
      event.event = message.event as string;
      if (message.properties) event.properties = message.properties as JsonObject;
      break;
    case 'page':
    case 'screen':
      if (typeof message.name === 'string') event.name = message.name;
      if (typeof message.category === 'string') event.category = message.category;
      if (message.properties) event.properties = message.properties as JsonObject;
      break;
    case 'identify':
      if (message.traits) event.traits = message.traits as JsonObject;
      break;
    case 'group':
      event.groupId = String(message.groupId);
      if (message.traits) event.traits = message.traits as JsonObject;
      break;
    case 'alias':
      event.previousId = String(message.previousId);
      break;
  }
  const context = mergeEnvelope(envelope?.context, message.context as JsonObject | undefined);
  if (context) event.context = context;
  const integrations = mergeEnvelope(envelope?.integrations, message.integrations as JsonObject | undefined);
  if (integrations) event.integrations = integrations;
  return ok(event);
}

function refuse(details: ProblemDetail[]): Result<never> {
  return fail(createProblem('VALIDATION_FAILED', details));
}

const canonicalIsoTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:[0-5]\d\.\d{3}Z$/;

/**
 * The stored form of a time given as `sent` and parsed as `time`: `toISOString()`. Text already in
 * that form (every Segment library sends it) is kept instead of being formatted again.
 */
function toIsoTime(time: number, sent: unknown): string {
  if (typeof sent === 'string' && sent.length === 24 && canonicalIsoTime.test(sent)) return sent;
  return new Date(time).toISOString();
}

/**
 * Milliseconds of a schema-checked date-time, or `undefined` when absent. RFC 3339 allows a leap
 * second (`23:59:60Z`), which `Date.parse` refuses: it is read as the minute's last millisecond.
 */
function parseTime(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  if (!Number.isNaN(time)) return time;
  const leapSecond = /^(.*T\d\d:\d\d:)60(?:\.\d+)?(.*)$/i.exec(value);
  return leapSecond ? Date.parse(`${leapSecond[1]}59.999${leapSecond[2]}`) : time;
}

/** An id as stored: strings as they are, numbers as strings; `null`, `undefined` and `""` are absent. */
function toId(value: unknown): string | null {
  if (typeof value === 'number') return String(value);
  return typeof value === 'string' && value !== '' ? value : null;
}

/** The batch's context (or integrations) under the message's own: the message's keys win. */
function mergeEnvelope(fromBatch: JsonObject | undefined, own: JsonObject | undefined): JsonObject | undefined {
  if (!fromBatch) return own;
  if (!own) return { ...fromBatch };
  return { ...fromBatch, ...own };
}
