import type { Customer } from '../../schemas/types';
import { findCustomerByUserId } from '../profile/index';
import type { StoragePort } from '../store/index';
import { identityIdOf, type IdentityDocument } from './identity';

/** The customer a userId resolves to, and whether it did so as the customer's own userId. */
export interface CustomerOfUserId {
  customer: Customer;
  /**
   * The userId is not the customer's own but one it held before: an alias renamed the customer
   * (`previousId` → a new `userId`) or merged the customer that had it into this one.
   */
  isFormerUserId: boolean;
}

/**
 * The customer a userId belongs to, the way ingestion resolves it (docs/ingestion.md, "Who an event
 * belongs to"): the customer whose own `userId` it is, else the customer its identity links to, so
 * an old userId still reaches the customer an alias moved it to. `null` for a userId nobody has.
 *
 * @example await findCustomerOfUserId(store, 'ws_1', 'old-user') // { customer: { userId: 'new-user', … }, isFormerUserId: true }
 */
export async function findCustomerOfUserId(store: StoragePort, workspace: string, userId: string): Promise<CustomerOfUserId | null> {
  const own = await findCustomerByUserId(store, workspace, userId);
  if (own) return { customer: own, isFormerUserId: false };
  const identity = await store.collection<IdentityDocument>('identities').findOne(workspace, { _id: identityIdOf(workspace, 'userId', userId) });
  if (!identity) return null;
  // A link to a customer that no longer exists (a non-atomic MongoDB standalone crashed mid-commit)
  // counts as no link, as it does for ingestion.
  const customer = await store.collection<Customer>('customers').findOne(workspace, { _id: identity.customerId });
  return customer ? { customer, isFormerUserId: customer.userId !== userId } : null;
}
