import { applyEventToCustomer } from '../profile/index';
import type { IngestionStage } from './ingestion-stage';

/**
 * The first stage: attributes and built-in traits of the customer, by event time (engine/profile).
 */
export const profileStage: IngestionStage = {
  name: 'profile',
  apply({ customer, event }) {
    return { customer: applyEventToCustomer(customer, event), writes: [], emitted: [] };
  },
};
