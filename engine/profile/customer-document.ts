import type { Customer } from '../../schemas/types';
import { createBuiltInTraits } from './built-in-traits';
import { createProfileMeta } from './profile-meta';

/** What a new customer is made from. `now` is an ISO-8601 UTC time from the runtime's clock. */
export interface NewCustomerInput {
  id: string;
  workspace: string;
  userId: string | null;
  anonymousId: string | null;
  now: string;
}

/**
 * A new, empty customer document (version 0): no attributes, zeroed built-in traits, no segments or
 * journeys. The pipeline applies the customer's first event to it next.
 *
 * @example createCustomer({ id: 'c1', workspace: 'ws_1', userId: 'u1', anonymousId: null, now: '2024-01-01T00:00:00.000Z' }).traits.orders_count // 0
 */
export function createCustomer(input: NewCustomerInput): Customer {
  return {
    _id: input.id,
    workspace: input.workspace,
    userId: input.userId,
    anonymousIds: input.anonymousId ? [input.anonymousId] : [],
    attributes: {},
    traits: createBuiltInTraits(),
    segments: [],
    segmentsEnteredAt: {},
    journeys: {},
    createdAt: input.now,
    updatedAt: input.now,
    version: 0,
    meta: { ...createProfileMeta() },
  };
}
