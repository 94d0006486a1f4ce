import type { CollectionSpec } from '../store/index';

/** Collection names of this area. */
export const segmentCollectionNames = {
  /** One document per segment: its current definition (`_id` = `<workspace>/<id>`). */
  segments: 'segments',
  /** Every saved version of every definition, immutable (`_id` = `<workspace>/<id>/<version>`). */
  versions: 'segment_versions',
  /** One small document per workspace whose revision changes with every definition change. */
  catalog: 'segment_catalog',
  /** Size points over time. */
  sizes: 'segment_sizes',
  /** Leases of the segment jobs, so several processes can run them safely. */
  leases: 'segment_leases',
  /** The customers collection (owned by ingestion): membership lives on the customer document. */
  customers: 'customers',
} as const;

/**
 * Where a customer's earliest "membership may change with no event" instant is kept: bookkeeping in
 * the customer's `meta` (the profile functions carry other areas' meta keys over untouched).
 */
export const dueField = 'meta.segmentsDueAt';

/**
 * The collections of segments and their indexes (`workspace` is prepended by the adapters). Two
 * indexes are declared on `customers`: membership (`segments`, multikey), which batch diffs, sizes and
 * scheduled journey entries query; and the due time of clock-driven re-evaluation, partial so only
 * customers with a relative-time membership are in it.
 */
export const segmentCollections: CollectionSpec[] = [
  { name: segmentCollectionNames.segments, indexes: [] },
  { name: segmentCollectionNames.versions, indexes: [{ name: 'segment_versions_id_version', key: { id: 1, version: 1 }, unique: true }] },
  { name: segmentCollectionNames.catalog, indexes: [] },
  { name: segmentCollectionNames.sizes, indexes: [{ name: 'segment_sizes_segment_at', key: { segmentId: 1, at: 1 } }] },
  { name: segmentCollectionNames.leases, indexes: [] },
  {
    name: segmentCollectionNames.customers,
    indexes: [
      { name: 'customers_segments', key: { segments: 1 } },
      { name: 'customers_segments_due', key: { [dueField]: 1 }, partialFilter: { [dueField]: { $exists: true } } },
    ],
  },
];
