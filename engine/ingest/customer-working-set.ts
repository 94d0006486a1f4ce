import type { Customer } from '../../schemas/types';
import { createCustomer, mergeCustomers } from '../profile/index';
import { newDocumentId, type StoragePort, type WriteOp } from '../store/index';
import { findDocumentsByIds } from './documents-by-id';
import { identityIdOf, type IdentityDocument, type IdentityKind } from './identity';
import type { PendingEvent } from './message-normaliser';

interface CustomerEntry {
  /** As read from the store; `null` when created by this request. */
  stored: Customer | null;
  draft: Customer;
  /** Merged into another customer by this request; deleted on commit. */
  mergedInto: string | null;
}

interface IdentityEntry {
  kind: IdentityKind;
  value: string;
  /** The customer the store says (`undefined`: not read — written blindly with an upsert). */
  storedCustomerId: string | null | undefined;
  customerId: string | null;
}

/**
 * The customers one request touches, read once and resolved event by event: which customer each
 * event belongs to, new customers, and identity merges. `writes()` then gives the customer and
 * identity writes for the request's single commit, each guarded for optimistic concurrency
 * (`version` for customers, the previous `customerId` for identities).
 *
 * Identity rules (docs/ingestion.md, "Who an event belongs to"):
 * - a userId belongs to one customer, found through `identities`; a new userId either takes over the
 *   anonymous customer of the message's anonymousId, or starts a new customer;
 * - a message carrying a userId and an anonymousId of an anonymous customer merges that customer into
 *   the userId's customer (`mergeCustomers`); an anonymousId of a different KNOWN customer (a shared
 *   device) is re-linked to the userId's customer — two known customers are never merged by it;
 * - alias merges the customer of previousId (looked up as a userId, then as an anonymousId) into the
 *   customer of userId; afterwards previousId resolves to that customer as a userId AND as an
 *   anonymousId, so events carrying it end up there whether they arrived before the alias or after.
 */
export class CustomerWorkingSet {
  private readonly customers = new Map<string, CustomerEntry>();
  private readonly identities = new Map<string, IdentityEntry>();
  /** The customers the message being resolved merged away (see resolve). */
  private absorbed: Customer[] = [];

  constructor(
    private readonly store: StoragePort,
    private readonly workspace: string,
    private readonly now: string,
  ) {}

  /** The identity `_id`s the events name: what the request reads, and what it locks. */
  static identityIdsOf(workspace: string, events: readonly PendingEvent[]): string[] {
    const ids: string[] = [];
    for (const event of events) {
      if (event.userId !== null) ids.push(identityIdOf(workspace, 'userId', event.userId));
      if (event.anonymousId !== null) ids.push(identityIdOf(workspace, 'anonymousId', event.anonymousId));
      if (event.previousId !== undefined) {
        ids.push(identityIdOf(workspace, 'userId', event.previousId), identityIdOf(workspace, 'anonymousId', event.previousId));
      }
    }
    return ids;
  }

  /** Reads the identities the events name and the customers they point to. */
  async load(events: readonly PendingEvent[]): Promise<void> {
    const wanted = new Map<string, { kind: IdentityKind; value: string }>();
    for (const event of events) {
      if (event.userId !== null) wanted.set(identityIdOf(this.workspace, 'userId', event.userId), { kind: 'userId', value: event.userId });
      if (event.anonymousId !== null) wanted.set(identityIdOf(this.workspace, 'anonymousId', event.anonymousId), { kind: 'anonymousId', value: event.anonymousId });
      if (event.previousId !== undefined) {
        wanted.set(identityIdOf(this.workspace, 'userId', event.previousId), { kind: 'userId', value: event.previousId });
        wanted.set(identityIdOf(this.workspace, 'anonymousId', event.previousId), { kind: 'anonymousId', value: event.previousId });
      }
    }
    const found = await findDocumentsByIds<IdentityDocument>(this.store, 'identities', this.workspace, [...wanted.keys()]);
    const storedLinks = new Map(found.map((identity) => [identity._id, identity.customerId]));
    const customerIds = [...new Set(storedLinks.values())];
    const customers = await findDocumentsByIds<Customer>(this.store, 'customers', this.workspace, customerIds);
    for (const customer of customers) this.customers.set(customer._id, { stored: customer, draft: customer, mergedInto: null });
    for (const [id, { kind, value }] of wanted) {
      const storedCustomerId = storedLinks.get(id) ?? null;
      // A link to a customer that no longer exists (a non-atomic MongoDB standalone crashed mid-commit)
      // counts as no link; the next write repairs it.
      const customerId = storedCustomerId !== null && this.customers.has(storedCustomerId) ? storedCustomerId : null;
      this.identities.set(id, { kind, value, storedCustomerId, customerId });
    }
  }

  /**
   * The customer an event belongs to, creating or merging customers as the identity rules say;
   * `absorbed` holds the customers this event merged into it, as they were just before.
   */
  resolve(event: PendingEvent): { customerId: string; created: boolean; absorbed: Customer[] } {
    this.absorbed = [];
    const resolved = event.type === 'alias' ? this.resolveAlias(event) : this.resolveIds(event.userId, event.anonymousId);
    return { ...resolved, absorbed: this.absorbed };
  }

  /** The current draft of a customer. */
  draftOf(customerId: string): Customer {
    return this.entry(customerId).draft;
  }

  setDraft(customerId: string, customer: Customer): void {
    this.entry(customerId).draft = customer;
  }

  /** The customer that absorbed `customerId`, following merges; `customerId` itself when not merged. */
  currentIdOf(customerId: string): string {
    let id = customerId;
    for (let entry = this.customers.get(id); entry?.mergedInto; entry = this.customers.get(id)) id = entry.mergedInto;
    return id;
  }

  /**
   * The writes that store every touched customer and identity: new customers inserted, changed ones
   * replaced if their `version` is still the one read, merged-away ones deleted with their stored
   * events re-pointed, identities inserted or re-linked.
   */
  async writes(): Promise<WriteOp[]> {
    const writes: WriteOp[] = [];
    for (const [id, entry] of this.customers) {
      const { stored, draft } = entry;
      if (entry.mergedInto) {
        if (!stored) continue;
        writes.push({ collection: 'customers', op: 'delete', filter: { _id: id, version: stored.version }, mustMatch: true });
        const events = await this.store.collection('events').find(this.workspace, { customerId: id }, { projection: { _id: 1 } });
        const target = this.currentIdOf(id);
        for (const event of events) {
          writes.push({ collection: 'events', op: 'update', filter: { _id: event._id, customerId: id }, update: { $set: { customerId: target } } });
        }
        continue;
      }
      if (!stored) {
        const doc: Customer = { ...draft, updatedAt: this.now };
        writes.push({ collection: 'customers', op: 'insert', doc });
      } else if (draft !== stored) {
        const doc: Customer = { ...draft, version: stored.version + 1, updatedAt: this.now };
        writes.push({ collection: 'customers', op: 'replace', filter: { _id: id, version: stored.version }, doc, mustMatch: true });
      }
    }
    for (const [id, identity] of this.identities) {
      if (identity.customerId === null) continue;
      const customerId = this.currentIdOf(identity.customerId);
      if (customerId === identity.storedCustomerId) continue;
      const doc: IdentityDocument = { _id: id, workspace: this.workspace, kind: identity.kind, value: identity.value, customerId, updatedAt: this.now };
      if (identity.storedCustomerId === null) writes.push({ collection: 'identities', op: 'insert', doc });
      else if (identity.storedCustomerId === undefined) writes.push({ collection: 'identities', op: 'replace', filter: { _id: id }, doc, upsert: true });
      else writes.push({ collection: 'identities', op: 'replace', filter: { _id: id, customerId: identity.storedCustomerId }, doc, mustMatch: true });
    }
    return writes;
  }

  private resolveIds(userId: string | null, anonymousId: string | null): { customerId: string; created: boolean } {
    const known = userId === null ? null : this.linkOf('userId', userId);
    const anonymous = anonymousId === null ? null : this.linkOf('anonymousId', anonymousId);
    if (userId === null) {
      if (anonymous) return { customerId: anonymous, created: false };
      return { customerId: this.createFor(null, anonymousId), created: true };
    }
    if (!known) {
      if (anonymous && this.draftOf(anonymous).userId === null) {
        // The anonymous customer becomes known; the profile stage records the userId on it.
        this.link('userId', userId, anonymous);
        return { customerId: anonymous, created: false };
      }
      return { customerId: this.createFor(userId, anonymousId), created: true };
    }
    if (anonymousId !== null && anonymous !== known) {
      if (anonymous && this.draftOf(anonymous).userId === null) this.merge(known, anonymous);
      else this.link('anonymousId', anonymousId, known);
    }
    return { customerId: known, created: false };
  }

  private resolveAlias(event: PendingEvent): { customerId: string; created: boolean } {
    const userId = event.userId!;
    const previousId = event.previousId!;
    const previous = this.linkOf('userId', previousId) ?? this.linkOf('anonymousId', previousId);
    let target = this.linkOf('userId', userId);
    let created = false;
    if (!target && previous) {
      target = previous;
      this.link('userId', userId, target);
      const draft = this.draftOf(target);
      // A known previous id is renamed: the customer's userId becomes the new one, and the old one
      // still resolves to it through its identity.
      if (draft.userId !== null && draft.userId !== userId) this.setDraft(target, { ...draft, userId });
    } else if (!target) {
      target = this.createFor(userId, null);
      created = true;
    } else if (previous && previous !== target) {
      this.merge(target, previous);
    }
    if (previousId !== userId) this.claimPreviousId(previousId, target);
    if (event.anonymousId !== null && !this.linkOf('anonymousId', event.anonymousId)) this.link('anonymousId', event.anonymousId, target);
    return { customerId: target, created };
  }

  /**
   * Links an alias's previousId to its customer both as a userId and as an anonymousId. Segment's
   * previousId may be either, and which one is known only from the events that carry it, which may
   * arrive after the alias: linking both makes them land on `customerId` in any arrival order. The id
   * joins no `anonymousIds` here: an event carrying it as an anonymousId adds it (profile stage), as it
   * would have before the alias, so the customer document does not depend on arrival order either.
   * A userId already linked stays (the alias merged or renamed its customer); an anonymousId of a
   * different anonymous customer merges it, as an identify would; one of a different known customer
   * (the same string used as both kinds) stays with it, as a shared device does.
   */
  private claimPreviousId(previousId: string, customerId: string): void {
    if (!this.linkOf('userId', previousId)) this.link('userId', previousId, customerId);
    const anonymous = this.linkOf('anonymousId', previousId);
    if (!anonymous) this.link('anonymousId', previousId, customerId);
    else if (anonymous !== customerId && this.draftOf(anonymous).userId === null) this.merge(customerId, anonymous);
  }

  /** Absorbs `absorbedId` into `knownId`: one customer remains, every id of both resolves to it. */
  private merge(knownId: string, absorbedId: string): void {
    const absorbed = this.draftOf(absorbedId);
    this.absorbed.push(absorbed);
    this.setDraft(knownId, mergeCustomers(this.draftOf(knownId), absorbed));
    this.entry(absorbedId).mergedInto = knownId;
    for (const anonymousId of absorbed.anonymousIds) this.link('anonymousId', anonymousId, knownId);
    if (absorbed.userId !== null) this.link('userId', absorbed.userId, knownId);
  }

  private createFor(userId: string | null, anonymousId: string | null): string {
    const id = newDocumentId();
    const draft = createCustomer({ id, workspace: this.workspace, userId, anonymousId, now: this.now });
    this.customers.set(id, { stored: null, draft, mergedInto: null });
    if (userId !== null) this.link('userId', userId, id);
    if (anonymousId !== null) this.link('anonymousId', anonymousId, id);
    return id;
  }

  /** The customer an id resolves to now (after this request's merges), or `null`. */
  private linkOf(kind: IdentityKind, value: string): string | null {
    const identity = this.identities.get(identityIdOf(this.workspace, kind, value));
    return identity?.customerId ? this.currentIdOf(identity.customerId) : null;
  }

  private link(kind: IdentityKind, value: string, customerId: string): void {
    const id = identityIdOf(this.workspace, kind, value);
    const identity = this.identities.get(id);
    if (identity) identity.customerId = customerId;
    else this.identities.set(id, { kind, value, storedCustomerId: undefined, customerId });
  }

  private entry(customerId: string): CustomerEntry {
    const entry = this.customers.get(customerId);
    if (!entry) throw new Error(`Customer ${customerId} is not in this request's working set.`);
    return entry;
  }
}
