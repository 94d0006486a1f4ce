import { describe, expect, it } from 'vitest';
import { changeCustomerTags, changeLoyaltyPoints, journeyWriteStamp } from '../../engine/journeys/customer-changes';
import { maxPointsChanges, mergeCustomers, pointsLedger, readLedger, tagLedger } from '../../engine/profile/index';
import type { Customer } from '../../schemas/types';
import { applyEvents, createRandom, deepFreeze, makeEvent, newTestCustomer } from '../support/profile-event-factory';

const knownCustomer = () => newTestCustomer({ id: 'known', userId: 'user-1', anonymousId: 'anon-k', now: '2024-02-01T00:00:00.000Z' });
const anonymousCustomer = () => newTestCustomer({ id: 'anon', userId: null, anonymousId: 'anon-z', now: '2024-01-15T00:00:00.000Z' });

const at = (minute: number): string => new Date(Date.UTC(2024, 2, 1, 10, minute)).toISOString();

/** A CRM (or an import) sets the balance: an identify at that minute. */
function setBalance(customer: Customer, minute: number, value: unknown): Customer {
  return applyEvents(customer, [makeEvent({ type: 'identify', timestamp: at(minute), traits: { loyalty_points: value } })]);
}

/** A journey's loyalty step at that minute. */
function change(customer: Customer, minute: number, operation: 'award' | 'redeem', points: number): Customer {
  const changed = changeLoyaltyPoints(customer, operation, points, journeyWriteStamp(Date.parse(at(minute)), `ji_${customer._id}`, minute));
  expect(changed.applied).toBe(true);
  return changed.customer;
}

describe('loyalty points across an identity merge', () => {
  it('adds what the anonymous visitor earned to the known balance', () => {
    const known = change(setBalance(knownCustomer(), 1, 100), 2, 'award', 20);
    const anonymous = change(change(anonymousCustomer(), 3, 'award', 5), 4, 'award', 7);
    const merged = mergeCustomers(deepFreeze(known), deepFreeze(anonymous));
    expect(merged.attributes.loyalty_points).toBe(132);
    // Either way round: the known customer keeps its identity, the balance is the same.
    expect(mergeCustomers(anonymous, known).attributes.loyalty_points).toBe(132);
  });

  it('lets a balance written later replace the awards before it, as on one customer', () => {
    // The visitor earned 5 at 10:03; the CRM set the known customer's balance to 200 at 10:04.
    const anonymous = change(anonymousCustomer(), 3, 'award', 5);
    const known = setBalance(knownCustomer(), 4, 200);
    expect(mergeCustomers(known, anonymous).attributes.loyalty_points).toBe(200);
    // An award after the CRM's write still counts.
    const later = change(anonymousCustomer(), 5, 'award', 5);
    expect(mergeCustomers(known, later).attributes.loyalty_points).toBe(205);
  });

  it('counts redemptions, and keeps counting on the merged customer and in the next merge', () => {
    const known = change(change(knownCustomer(), 1, 'award', 50), 6, 'redeem', 30);
    const anonymous = change(change(anonymousCustomer(), 2, 'award', 40), 3, 'redeem', 10);
    let merged = mergeCustomers(known, anonymous);
    expect(merged.attributes.loyalty_points).toBe(50);
    expect(readLedger(pointsLedger, merged)?.changes.map(([, delta]) => delta)).toEqual([50, 40, -10, -30]);
    merged = change(merged, 7, 'award', 1);
    const second = newTestCustomer({ id: 'anon-2', userId: null, anonymousId: 'anon-y', now: '2024-01-15T00:00:00.000Z' });
    expect(mergeCustomers(merged, change(second, 8, 'award', 9)).attributes.loyalty_points).toBe(60);
    // Merging the same customer again changes nothing.
    expect(mergeCustomers(merged, anonymous).attributes.loyalty_points).toBe(51);
  });

  it('trusts the ledger only while it explains the balance: an identify that wrote since is the new start', () => {
    const customer = setBalance(change(change(knownCustomer(), 1, 'award', 10), 2, 'award', 10), 3, 7);
    expect(customer.attributes.loyalty_points).toBe(7);
    expect(readLedger(pointsLedger, customer)).toMatchObject({ base: [expect.stringContaining(at(3)), 7], changes: [] });
    // A late identify stamped before the awards changes neither the balance nor the ledger.
    const awarded = change(knownCustomer(), 5, 'award', 10);
    const late = setBalance(awarded, 4, 500);
    expect(late.attributes.loyalty_points).toBe(10);
    expect(readLedger(pointsLedger, late)?.changes).toHaveLength(1);
  });

  it('folds changes beyond the last ones kept, and the balance stays exact', () => {
    let known = setBalance(knownCustomer(), 0, 1000);
    for (let minute = 1; minute <= maxPointsChanges + 15; minute++) known = change(known, minute, 'award', minute);
    const awarded = ((maxPointsChanges + 15) * (maxPointsChanges + 16)) / 2;
    expect(known.attributes.loyalty_points).toBe(1000 + awarded);
    const ledger = readLedger(pointsLedger, known)!;
    expect(ledger.changes).toHaveLength(maxPointsChanges);
    // The first change holds the 16 oldest awards (1 + … + 16), stamped with the newest of them.
    expect(ledger.changes[0]).toEqual([expect.stringContaining(at(16)), (16 * 17) / 2]);
    const anonymous = change(anonymousCustomer(), 50, 'award', 3);
    expect(mergeCustomers(known, anonymous).attributes.loyalty_points).toBe(1000 + awarded + 3);
  });

  it('counts a redemption as it was made, even where one customer’s balance would not have covered it', () => {
    // The visitor earned 20 and spent 10 on a reward; meanwhile the CRM set the known balance to 5.
    const anonymous = change(change(anonymousCustomer(), 1, 'award', 20), 3, 'redeem', 10);
    expect(mergeCustomers(setBalance(knownCustomer(), 2, 5), anonymous).attributes.loyalty_points).toBe(-5);
  });

  it('leaves the later balance as written when no award or redemption came after it', () => {
    const anonymous = change(anonymousCustomer(), 1, 'award', 20);
    expect(mergeCustomers(setBalance(knownCustomer(), 2, ' 150 '), anonymous).attributes.loyalty_points).toBe(' 150 ');
  });

  it('reads a stored ledger of the wrong shape as none, and goes on', () => {
    for (const odd of [{}, [], 'x', 5, { changes: [null] }, { base: null, changes: [] }, { base: [null, 'x'], changes: [['s', 1]] }]) {
      const known = change(setBalance(knownCustomer(), 1, 10), 2, 'award', 5);
      const damaged: Customer = { ...known, meta: { ...known.meta, pointsLedger: odd, tagLedger: odd } };
      expect(readLedger(pointsLedger, damaged), JSON.stringify(odd)).toMatchObject({ base: [expect.any(String), 15], changes: [] });
      const awarded = change(damaged, 3, 'award', 1);
      expect(mergeCustomers(awarded, change(anonymousCustomer(), 4, 'award', 2)).attributes.loyalty_points).toBe(18);
      expect(mergeCustomers(tag(damaged, 3, ['vip']), tag(anonymousCustomer(), 4, ['trial'])).attributes.tags).toEqual(['vip', 'trial']);
    }
  });

  it('keeps the later value, as for any attribute, when either balance is not a number', () => {
    const known = setBalance(knownCustomer(), 1, 'lots');
    const anonymous = change(anonymousCustomer(), 2, 'award', 5);
    expect(mergeCustomers(known, anonymous).attributes.loyalty_points).toBe(5);
    expect(mergeCustomers(setBalance(knownCustomer(), 3, 'lots'), anonymous).attributes.loyalty_points).toBe('lots');
  });

  it('leaves a merge without any award or redemption to the attributes alone', () => {
    const merged = mergeCustomers(setBalance(knownCustomer(), 1, '150'), setBalance(anonymousCustomer(), 2, 30));
    expect(merged.attributes.loyalty_points).toBe(30);
    expect(merged.meta).not.toHaveProperty('pointsLedger');
    expect(merged.meta).not.toHaveProperty('tagLedger');
  });

  it('equals one customer that received every write of both (property)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed * 7919);
      let single = knownCustomer();
      let known = knownCustomer();
      let anonymous = anonymousCustomer();
      const writes = 1 + Math.floor(random() * 16);
      for (let minute = 0; minute < writes; minute++) {
        const toKnown = random() < 0.5;
        const target = toKnown ? known : anonymous;
        const apply = (customer: Customer): Customer => (isSet ? setBalance(customer, minute, value) : change(customer, minute, 'award', value));
        const isSet = random() < 0.25;
        const value = 1 + Math.floor(random() * 50);
        single = apply(single);
        if (toKnown) known = apply(target);
        else anonymous = apply(target);
      }
      expect(mergeCustomers(known, anonymous).attributes.loyalty_points ?? 0, `seed ${seed}`).toBe(single.attributes.loyalty_points ?? 0);
    }
  });
});

/** A CRM sets the whole tag list: an identify at that minute. */
function setTags(customer: Customer, minute: number, tags: unknown): Customer {
  return applyEvents(customer, [makeEvent({ type: 'identify', timestamp: at(minute), traits: { tags } })]);
}

/** A journey's tags step at that minute. */
function tag(customer: Customer, minute: number, add: string[], remove: string[] = []): Customer {
  return changeCustomerTags(customer, add, remove, journeyWriteStamp(Date.parse(at(minute)), `ji_${customer._id}`, minute));
}

const sortedTags = (customer: Customer): string[] => [...((customer.attributes.tags as string[] | undefined) ?? [])].sort();

describe('tags across an identity merge', () => {
  it('joins what journeys tagged on either customer', () => {
    const known = tag(knownCustomer(), 1, ['vip']);
    const anonymous = tag(anonymousCustomer(), 2, ['trial', 'newsletter']);
    const merged = mergeCustomers(deepFreeze(known), deepFreeze(anonymous));
    expect(merged.attributes.tags).toEqual(['vip', 'trial', 'newsletter']);
    // The merged customer's ledger explains its tags, ready for the next merge.
    expect(readLedger(tagLedger, merged)?.changes.map(([, change]) => change)).toEqual([['vip', 'add'], ['trial', 'add'], ['newsletter', 'add']]);
  });

  it('adds a visitor’s tags to a list a CRM set before them, and lets a list set after them replace them', () => {
    const anonymous = tag(anonymousCustomer(), 2, ['trial']);
    expect(mergeCustomers(setTags(knownCustomer(), 1, ['lead']), anonymous).attributes.tags).toEqual(['lead', 'trial']);
    expect(mergeCustomers(setTags(knownCustomer(), 3, ['customer']), anonymous).attributes.tags).toEqual(['customer']);
  });

  it('keeps a tag removed after the other customer added it removed', () => {
    const anonymous = tag(anonymousCustomer(), 1, ['newsletter', 'trial']);
    const known = tag(knownCustomer(), 2, ['vip'], ['newsletter']);
    // In the order they were added, as on one customer.
    expect(mergeCustomers(known, anonymous).attributes.tags).toEqual(['trial', 'vip']);
    // Added again later, it is back.
    expect(mergeCustomers(known, tag(anonymous, 3, ['newsletter'])).attributes.tags).toEqual(['trial', 'vip', 'newsletter']);
  });

  it('decides each tag by its last change, however many steps came between', () => {
    // The known customer added x at 10:01, then 25 other tag steps; the visitor removed x at 10:05.
    let known = tag(knownCustomer(), 1, ['x']);
    for (let minute = 2; minute <= 26; minute++) known = tag(known, minute, [`t${minute % 7}`], [`t${(minute + 3) % 7}`]);
    const anonymous = tag(anonymousCustomer(), 5, [], ['x']);
    expect(mergeCustomers(known, anonymous).attributes.tags).not.toContain('x');
    expect(readLedger(tagLedger, known)!.changes.length).toBeLessThanOrEqual(8);
  });

  it('starts from a tags value that is no list at its own time: tags from before it do not come back', () => {
    const known = tag(setTags(knownCustomer(), 2, 'vip'), 3, ['a']);
    expect(known.attributes.tags).toEqual(['a']);
    const anonymous = tag(setTags(anonymousCustomer(), 0, ['x']), 1, ['y']);
    expect(mergeCustomers(known, anonymous).attributes.tags).toEqual(['a']);
  });

  it('keeps the later value, as for any attribute, when a tags attribute is not a list', () => {
    const anonymous = tag(anonymousCustomer(), 2, ['trial']);
    expect(mergeCustomers(setTags(knownCustomer(), 1, 'vip'), anonymous).attributes.tags).toEqual(['trial']);
    expect(mergeCustomers(setTags(knownCustomer(), 3, 'vip'), anonymous).attributes.tags).toBe('vip');
  });

  it('equals one customer that received every write of both (property)', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const random = createRandom(seed * 6007);
      // Few tags decided often, or many tags one at a time.
      const vocabulary = Array.from({ length: seed % 2 === 0 ? 5 : 20 }, (_, index) => `t${index}`);
      const someTags = (random: () => number): string[] => (vocabulary.length === 5 ? vocabulary.filter(() => random() < 0.35) : [vocabulary[Math.floor(random() * 20)]]);
      let single = knownCustomer();
      let known = knownCustomer();
      let anonymous = anonymousCustomer();
      const writes = 1 + Math.floor(random() * 60);
      for (let minute = 0; minute < writes; minute++) {
        const isSet = random() < 0.2;
        const [add, remove] = [someTags(random), someTags(random)];
        const apply = (customer: Customer): Customer => (isSet ? setTags(customer, minute, add) : tag(customer, minute, add, remove));
        single = apply(single);
        if (random() < 0.5) known = apply(known);
        else anonymous = apply(anonymous);
      }
      expect(sortedTags(mergeCustomers(known, anonymous)), `seed ${seed}`).toEqual(sortedTags(single));
    }
  });
});
