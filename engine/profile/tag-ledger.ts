import type { Customer } from '../../schemas/types';
import type { LedgerKind } from './change-ledger';

/** Where tags live: an array of strings under attributes. */
export const tagsAttribute = 'tags';

/** Tags one journey step adds and removes (a tag in both is removed). */
export interface TagChange {
  add: string[];
  remove: string[];
}

/** The customer's tags (strings only; anything else in the list is ignored); [] when there are none. */
export function readTags(customer: Customer): string[] {
  const tags = customer.attributes[tagsAttribute];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** Removes, then adds what is not there yet, keeping the order and no duplicates. */
export function applyTagChange(tags: readonly string[], change: TagChange): string[] {
  const removed = new Set(change.remove);
  const next = tags.filter((tag) => !removed.has(tag));
  for (const tag of change.add) if (!next.includes(tag) && !removed.has(tag)) next.push(tag);
  return next;
}

/**
 * Tag steps as additions and removals (`meta.tagLedger`, change-ledger.ts), so an identity merge joins
 * two customers' tags: a visitor tagged `trial` who signs in as a customer tagged `vip` has both, and a
 * tag one of them removed after the other added it stays removed. A tags attribute that is no list
 * (a CRM's `"vip"`) merges as any attribute does.
 */
export const tagLedger: LedgerKind<string[], TagChange> = {
  attribute: tagsAttribute,
  metaKey: 'tagLedger',
  read: (customer) => {
    const tags = customer.attributes[tagsAttribute];
    return tags === undefined || tags === null || Array.isArray(tags) ? readTags(customer) : null;
  },
  apply: applyTagChange,
  compose: (earlier, later) => {
    // Each tag's last word wins; a tag decided again moves behind the others, as its later step would put it.
    const effect = new Map<string, 'add' | 'remove'>();
    for (const change of [earlier, later]) {
      const decide = (tag: string, what: 'add' | 'remove'): void => {
        effect.delete(tag);
        effect.set(tag, what);
      };
      for (const tag of change.add) if (!change.remove.includes(tag)) decide(tag, 'add');
      for (const tag of change.remove) decide(tag, 'remove');
    }
    const tagsWith = (wanted: 'add' | 'remove'): string[] => [...effect].filter(([, what]) => what === wanted).map(([tag]) => tag);
    return { add: tagsWith('add'), remove: tagsWith('remove') };
  },
  // Tags are a set: the same tags in another order are the same value.
  equal: (a, b) => a.length === b.length && b.every((tag) => a.includes(tag)),
  empty: [],
};
