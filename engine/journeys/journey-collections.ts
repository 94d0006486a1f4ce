import type { CollectionSpec } from '../store/index';

/** Collection names of this area. */
export const journeyCollectionNames = {
  journeys: 'journeys',
  instances: 'journey_instances',
  /** The older steps of instances whose path outgrew the recent steps they keep (journey-history.ts), by instance `_id`. */
  paths: 'journey_paths',
  timers: 'timers',
  messages: 'messages',
  /** One small document per workspace whose revision changes whenever a journey is published or archived. */
  catalog: 'journey_catalog',
  /** Per-journey send-rate windows, taken by the delivery worker's claim. */
  sendRates: 'journey_send_rates',
} as const;

/** The customers collection (owned by ingestion), read and written by timers and scheduled entries. */
export const customersCollection = 'customers';

/** The events collection (owned by ingestion), read by the delivery checks (exit criteria met since entry). */
export const eventsCollection = 'events';

/**
 * The collections of journeys and their indexes (`workspace` is prepended by the adapters).
 * `_id`s carry the workspace where they are not random, because MongoDB's `_id` is unique across
 * the whole collection.
 */
export const journeyCollections: CollectionSpec[] = [
  {
    name: journeyCollectionNames.journeys,
    indexes: [
      { name: 'journeys_id_version', key: { id: 1, version: 1 }, unique: true },
      { name: 'journeys_status', key: { status: 1 } },
    ],
  },
  {
    name: journeyCollectionNames.instances,
    indexes: [
      { name: 'journey_instances_customer', key: { customerId: 1, journeyId: 1 } },
      { name: 'journey_instances_journey_status', key: { journeyId: 1, status: 1 } },
    ],
  },
  {
    name: journeyCollectionNames.timers,
    indexes: [
      { name: 'timers_due', key: { dueAt: 1 } },
      { name: 'timers_instance', key: { instanceId: 1 } },
    ],
  },
  {
    name: journeyCollectionNames.messages,
    indexes: [
      { name: 'messages_key', key: { key: 1 }, unique: true },
      { name: 'messages_status_available', key: { status: 1, availableAt: 1 } },
      { name: 'messages_instance', key: { instanceId: 1 } },
      { name: 'messages_customer_created', key: { customerId: 1, createdAt: 1 } },
      { name: 'messages_journey_status', key: { journeyId: 1, status: 1 } },
    ],
  },
  { name: journeyCollectionNames.paths, indexes: [] },
  { name: journeyCollectionNames.catalog, indexes: [] },
  { name: journeyCollectionNames.sendRates, indexes: [] },
];
