import type { CollectionSpec } from '../store/index';
import { traitsDueKey } from './customer-trait-state';

/** Collection names of this area. */
export const traitCollectionNames = {
  /** Computed trait definitions (`_id` = `<workspace>/<id>`), with tombstones of deleted ones. */
  definitions: 'trait_definitions',
  /** One document per workspace (`_id` = `<workspace>/traits`): settings, scales, the CLV model, and a revision. */
  config: 'trait_config',
  /** Owned by ingestion: traits live on the customer document. */
  customers: 'customers',
  /** Owned by ingestion: what backfills and rebuilds read. */
  events: 'events',
} as const;

/** The indexed field of the clock job: when a customer's traits next change with no event. */
export const traitsDueField = `meta.${traitsDueKey}`;

/**
 * The collections of traits and their indexes (`workspace` is prepended by the adapters). The due
 * time is indexed on `customers`, partially, so only customers with a windowed trait or a lifecycle
 * stage that will change on the clock are in it.
 */
export const traitCollections: CollectionSpec[] = [
  { name: traitCollectionNames.definitions, indexes: [{ name: 'trait_definitions_id', key: { id: 1 }, unique: true }] },
  { name: traitCollectionNames.config, indexes: [] },
  {
    name: traitCollectionNames.customers,
    indexes: [{ name: 'customers_traits_due', key: { [traitsDueField]: 1 }, partialFilter: { [traitsDueField]: { $exists: true } } }],
  },
];
