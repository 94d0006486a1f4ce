import { randomUUID } from 'node:crypto';
import type { StoragePort } from '../store/index';
import { segmentCollectionNames } from './segment-collections';

/** A lease on one job of one workspace: whoever holds an unexpired lease runs the job. */
interface LeaseDocument {
  _id: string;
  workspace: string;
  job: string;
  owner: string;
  leaseUntil: string;
}

/** This process's lease owner id (a lease is the store's, not the process's: it expires on its own). */
export const processLeaseOwner = `segments-${randomUUID()}`;

/**
 * Takes (or renews) the lease of a job for `ttlMs`, atomically in the store: true when this owner
 * holds it now. Several processes may call it at once; at most one gets each unexpired lease.
 */
export async function acquireJobLease(store: StoragePort, workspace: string, job: string, now: number, ttlMs: number, owner = processLeaseOwner): Promise<boolean> {
  const leases = store.collection<LeaseDocument>(segmentCollectionNames.leases);
  const _id = `${workspace}/${job}`;
  const nowIso = new Date(now).toISOString();
  const leaseUntil = new Date(now + ttlMs).toISOString();
  const taken = await leases.findOneAndUpdate(workspace, { _id, $or: [{ leaseUntil: { $lte: nowIso } }, { owner }] }, { $set: { owner, leaseUntil } });
  if (taken) return true;
  const inserted = await leases.insertOne(workspace, { _id, job, owner, leaseUntil });
  return inserted.ok;
}

/** Gives a lease back early (when the job is done), so the next run anywhere need not wait for it to expire. */
export async function releaseJobLease(store: StoragePort, workspace: string, job: string, now: number, owner = processLeaseOwner): Promise<void> {
  await store.collection<LeaseDocument>(segmentCollectionNames.leases).updateOne(workspace, { _id: `${workspace}/${job}`, owner }, { $set: { leaseUntil: new Date(now).toISOString() } });
}
