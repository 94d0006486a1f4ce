import type { CollectionSpec } from '../store/index';

/**
 * `events`: one document per ingested message (schemas/event.schema.json). Its `_id` is derived from
 * (workspace, messageId) — every insert goes through `eventIdOf` — so de-duplication is a lookup by
 * `_id`, and `_id`'s uniqueness, which every adapter enforces, is the uniqueness of (workspace,
 * messageId). Performance notes: an index on `messageId` as well would be kept up to date on every
 * insert and never read; there is none. `identities`: which customer each userId / anonymousId belongs
 * to (engine/ingest/identity.ts).
 */
export const eventCollections: CollectionSpec[] = [
  {
    name: 'events',
    indexes: [{ name: 'events_customer_time', key: { customerId: 1, timestamp: 1 } }],
  },
  // Found only by `_id` (a merge knows the ids it re-links), so no index to maintain on every new id.
  { name: 'identities', indexes: [] },
];

/**
 * `customers`: one document per customer (schemas/customer.schema.json). Ingestion creates and merges
 * them; uniqueness of userId and anonymousId is held by `identities`, whose `_id` is the id itself.
 */
export const customerCollections: CollectionSpec[] = [
  {
    name: 'customers',
    indexes: [
      { name: 'customers_user_id', key: { userId: 1 } },
      { name: 'customers_anonymous_ids', key: { anonymousIds: 1 } },
    ],
  },
];
