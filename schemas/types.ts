/* eslint-disable */
/**
 * GENERATED from schemas/*.schema.json by schemas/generate-types.ts — do not edit.
 * Run `npm run schemas:types` after changing a schema.
 */

export interface WayfarerSchemas {
  'customer.schema.json'?: Customer;
  'problem.schema.json'?: Problem;
}
/**
 * One document per customer: everything a condition can test. Timestamps are ISO-8601 UTC strings (Date.prototype.toISOString), so they order as strings in every store.
 */
export interface Customer {
  /**
   * Internal customer id.
   */
  _id: string;
  workspace: string;
  /**
   * The known id; null while the customer is only known by anonymous ids.
   */
  userId: string | null;
  anonymousIds: string[];
  /**
   * Identify traits merged in event-time order: geography, demographics, interests, birthday, timezone, consent per channel.
   */
  attributes: {
    [k: string]: unknown;
  };
  traits: CustomerTraits;
  /**
   * Ids of the segments the customer is in now.
   */
  segments: string[];
  /**
   * When the customer entered each current segment.
   */
  segmentsEnteredAt: {
    [k: string]: string;
  };
  /**
   * Journey instances by journey id.
   */
  journeys: {
    [k: string]: JourneyPresence;
  };
  createdAt: string;
  updatedAt: string;
  /**
   * Incremented on every write, for optimistic concurrency.
   */
  version: number;
  /**
   * Bookkeeping that keeps traits exact under out-of-order events; not a condition fact.
   */
  meta?: {
    [k: string]: unknown;
  };
}
/**
 * Computed traits, kept current on every event by event time. Custom trait definitions add keys by their id.
 */
export interface CustomerTraits {
  first_seen_at?: string;
  last_seen_at?: string;
  events_count?: number;
  orders_count?: number;
  revenue_total?: number;
  first_order_at?: string | null;
  last_order_at?: string | null;
  average_order_value?: number | null;
  event_counts?: {
    [k: string]: number;
  };
  [k: string]: unknown;
}
export interface JourneyPresence {
  instanceId: string;
  version: number;
  state: string;
  status: 'active' | 'completed' | 'exited';
  enteredAt: string;
  updatedAt?: string;
  path?: {
    state: string;
    at: string;
  }[];
  [k: string]: unknown;
}
/**
 * The body of every 4xx (and the rare 5xx) answer: a code from the closed set in docs/errors.md, a message saying how to fix it, and the offending places.
 */
export interface Problem {
  /**
   * One of the codes in docs/errors.md.
   */
  code: string;
  message: string;
  details: ProblemDetailBody[];
  requestId?: string;
}
export interface ProblemDetailBody {
  /**
   * JSON pointer (RFC 6901) to the offending place.
   */
  pointer?: string;
  /**
   * Index of the message in a batch.
   */
  index?: number;
  /**
   * Line in an imported file.
   */
  line?: number;
  code?: string;
  message: string;
}
