import type { CollectionSpec } from '../store/index';

/**
 * `events`: one document per ingested message (schemas/event.schema.json). Its `_id` is derived from
 * (workspace, messageId), so de-duplication is a lookup by `_id`; the unique messageId index is the
 * contract every adapter enforces. `identities`: which customer each userId / anonymousId belongs to
 * (engine/ingest/identity.ts).
 */
export const eventCollections: CollectionSpec[] = [
  {
    name: 'events',
    indexes: [
      { name: 'events_message_id', key: { messageId: 1 }, unique: true },
      { name: 'events_customer_time', key: { customerId: 1, timestamp: 1 } },
    ],
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
