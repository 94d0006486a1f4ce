import type { Customer } from '../../schemas/types';
import type { RuntimeContext } from '../runtime/index';
import type { Filter, WriteOp } from '../store/index';
import { traitCollectionNames } from './trait-collections';

/**
 * Told which customers a batch job changed (after each chunk is committed) and which facts it may
 * have changed, so memberships that depend on them follow: the segments area's batch recompute.
 */
export type CustomersChangedHook = (runtime: RuntimeContext, workspace: string, customerIds: readonly string[], facts: readonly string[]) => Promise<void>;

export interface CustomerRewriteOptions {
  /** Which customers (default: all of the workspace). */
  filter?: Filter;
  /** Customers per read and per commit (default 200). */
  chunkSize?: number;
  /** The new version of each customer of a chunk, in order; a customer returned equal is not written. */
  compute(customers: readonly Customer[]): Promise<Customer[]>;
  /** After each committed chunk, with the customers it changed. */
  onCommitted?(customerIds: readonly string[]): Promise<void>;
  /** Called between chunks; false stops the rewrite (the job lost its lease). */
  extendLease?(): Promise<boolean>;
}

export interface CustomerRewriteReport {
  visited: number;
  changed: number;
  /** Customers left as they were because other writers kept changing them (they are current anyway: every write recomputes traits). */
  skipped: number;
  /** The rewrite stopped early because the lease was lost. */
  interrupted: boolean;
}

const maxChunkAttempts = 6;

/**
 * Rewrites customers chunk by chunk in `_id` order: read a chunk, compute, and commit the changed
 * ones in ONE commit, each conditional on the `version` read. A conflicting chunk (ingestion wrote one
 * of its customers meanwhile) is re-read and recomputed; after several conflicts the chunk's customers
 * are committed one by one, and one that still conflicts is skipped.
 */
export async function rewriteCustomers(runtime: RuntimeContext, workspace: string, now: number, options: CustomerRewriteOptions): Promise<CustomerRewriteReport> {
  const customers = runtime.store.collection<Customer>(traitCollectionNames.customers);
  const chunkSize = options.chunkSize ?? 200;
  const nowIso = new Date(now).toISOString();
  const report: CustomerRewriteReport = { visited: 0, changed: 0, skipped: 0, interrupted: false };
  let after: string | null = null;
  for (;;) {
    const filter: Filter = after === null ? { ...options.filter } : { ...options.filter, _id: { $gt: after } };
    const chunk = await customers.find(workspace, filter, { sort: { _id: 1 }, limit: chunkSize });
    if (chunk.length === 0) break;
    after = chunk[chunk.length - 1]._id;
    report.visited += chunk.length;
    const { changed, skipped } = await commitChunk(runtime, workspace, chunk, nowIso, options);
    report.changed += changed.length;
    report.skipped += skipped;
    if (changed.length > 0 && options.onCommitted) await options.onCommitted(changed);
    if (chunk.length < chunkSize) break;
    if (options.extendLease && !(await options.extendLease())) {
      report.interrupted = true;
      break;
    }
  }
  return report;
}

async function commitChunk(runtime: RuntimeContext, workspace: string, chunk: readonly Customer[], nowIso: string, options: CustomerRewriteOptions): Promise<{ changed: string[]; skipped: number }> {
  const customers = runtime.store.collection<Customer>(traitCollectionNames.customers);
  let current = chunk;
  for (let attempt = 1; attempt < maxChunkAttempts && current.length > 0; attempt++) {
    const next = await options.compute(current);
    const writes: WriteOp[] = [];
    const changed: string[] = [];
    current.forEach((customer, index) => {
      if (isSameDocument(customer, next[index])) return;
      changed.push(customer._id);
      writes.push(replaceOp(customer, next[index], nowIso));
    });
    if (writes.length === 0) return { changed: [], skipped: 0 };
    const result = await runtime.store.commit(workspace, writes);
    if (result.ok) return { changed, skipped: 0 };
    current = await customers.find(workspace, { _id: { $in: changed } }, { sort: { _id: 1 } });
  }
  // One by one: a customer written continuously by ingestion must not hold up the others.
  const changed: string[] = [];
  let skipped = 0;
  for (const customer of current) {
    let latest: Customer | null = customer;
    let done = false;
    for (let attempt = 0; attempt < maxChunkAttempts && latest && !done; attempt++) {
      const [next] = await options.compute([latest]);
      if (isSameDocument(latest, next)) {
        done = true;
        break;
      }
      const result = await runtime.store.commit(workspace, [replaceOp(latest, next, nowIso)]);
      if (result.ok) {
        changed.push(latest._id);
        done = true;
      } else {
        latest = await customers.findOne(workspace, { _id: latest._id });
      }
    }
    if (!done && latest) skipped++;
  }
  return { changed, skipped };
}

function replaceOp(stored: Customer, next: Customer, nowIso: string): WriteOp {
  return {
    collection: traitCollectionNames.customers,
    op: 'replace',
    filter: { _id: stored._id, version: stored.version },
    doc: { ...next, version: stored.version + 1, updatedAt: nowIso },
    mustMatch: true,
  };
}

/**
 * Equal as stored JSON: a recomputation that produced the same values writes nothing. Recomputations
 * share the parts they did not change, so identical references end most of the walk early.
 */
function isSameDocument(a: Customer, b: Customer): boolean {
  return isSameJson(a, b);
}

function isSameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, index) => isSameJson(item, other[index]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  // A key holding `undefined` is not stored: compare the keys that hold values.
  const keys = Object.keys(left).filter((key) => left[key] !== undefined);
  if (keys.length !== Object.keys(right).filter((key) => right[key] !== undefined).length) return false;
  return keys.every((key) => Object.hasOwn(right, key) && isSameJson(left[key], right[key]));
}
