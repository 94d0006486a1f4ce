/**
 * The sizes Segment's tracking API documents, which existing clients already respect
 * (@segment/analytics-node splits its batches at 480 KB and refuses events over 32 KB).
 */
export const ingestLimits = {
  /** One message, measured as compact JSON (UTF-8 bytes). */
  maxMessageBytes: 32 * 1024,
  /** One /v1/batch request body (UTF-8 bytes). */
  maxBatchBytes: 500 * 1024,
  /**
   * Nesting depth of any JSON body. MongoDB refuses documents nested deeper than 100 levels, and a
   * bound keeps every recursive consumer (validation, freezing, serialisation) far from the stack limit.
   */
  maxJsonDepth: 100,
} as const;

/** The message types of the Segment spec, in the order the spec lists them. */
export const messageTypes = ['identify', 'track', 'page', 'screen', 'group', 'alias'] as const;

export type MessageType = (typeof messageTypes)[number];

/** Whether a value names a Segment message type. */
export function isMessageType(value: unknown): value is MessageType {
  return typeof value === 'string' && (messageTypes as readonly string[]).includes(value);
}
