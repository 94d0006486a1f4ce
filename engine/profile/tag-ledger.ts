import type { Customer } from '../../schemas/types';
import type { LedgerKind } from './change-ledger';
import type { EventStamp } from './event-stamp';

/** Where tags live: an array of strings under attributes. */
export const tagsAttribute = 'tags';

/** One tag added or removed by a journey step. */
export type TagChange = [tag: string, what: 'add' | 'remove'];

/** The customer's tags (strings only; anything else in the list is ignored); [] when there are none. */
export function readTags(customer: Customer): string[] {
  const tags = customer.attributes[tagsAttribute];
  return Array.isArray(tags) ? tags.filter((tag): tag is string => typeof tag === 'string') : [];
}

/** What a step that adds and removes these tags changes, in order: removals, then additions (a tag in both is removed). */
export function tagChangesOf(add: readonly string[], remove: readonly string[]): TagChange[] {
  return [...remove.map((tag): TagChange => [tag, 'remove']), ...add.filter((tag) => !remove.includes(tag)).map((tag): TagChange => [tag, 'add'])];
}

/** The tags after a change: an added tag goes last unless it is there; order is kept, duplicates never made. */
export function applyTagChange(tags: readonly string[], [tag, what]: TagChange): string[] {
  if (what === 'remove') return tags.filter((kept) => kept !== tag);
  return tags.includes(tag) ? tags.slice() : [...tags, tag];
}

const isStringList = (value: unknown): value is string[] => Array.isArray(value) && value.every((tag) => typeof tag === 'string');

/**
 * Tag steps as each tag's additions and removals (`meta.tagLedger`, change-ledger.ts), so an identity
 * merge joins two customers' tags: a visitor tagged `trial` who signs in as a customer tagged `vip` has
 * both, and a tag one of them removed after the other added it stays removed. Only each tag's last
 * change is kept, which is all a merge needs to decide it, so the ledger is exact and holds at most one
 * entry per tag. A tags attribute that is no list (a CRM's `"vip"`) merges as any attribute does.
 */
export const tagLedger: LedgerKind<string[], TagChange> = {
  attribute: tagsAttribute,
  metaKey: 'tagLedger',
  read: (customer) => {
    const tags = customer.attributes[tagsAttribute];
    return tags === undefined || tags === null || Array.isArray(tags) ? readTags(customer) : null;
  },
  apply: applyTagChange,
  // Tags are a set: the same tags in another order are the same value.
  equal: (a, b) => a.length === b.length && b.every((tag) => a.includes(tag)),
  empty: [],
  isValue: isStringList,
  isChange: (change): change is TagChange => Array.isArray(change) && change.length === 2 && typeof change[0] === 'string' && (change[1] === 'add' || change[1] === 'remove'),
  compact: (changes) => {
    const seen = new Set<string>();
    const kept: Array<[EventStamp, TagChange]> = [];
    for (let index = changes.length - 1; index >= 0; index--) {
      const tag = changes[index][1][0];
      if (!seen.has(tag)) kept.push(changes[index]);
      seen.add(tag);
    }
    return kept.reverse();
  },
};
