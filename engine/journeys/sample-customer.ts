import type { Customer } from '../../schemas/types';

/**
 * The made-up customer journey templates are checked against when the caller gives none: the
 * attributes and traits templates most often use, so a typo stands out as a warning.
 */
export const sampleCustomer: Customer = {
  _id: 'sample-customer',
  workspace: 'ws_sample',
  userId: 'user-123',
  anonymousIds: [],
  attributes: {
    email: 'ada@example.com',
    phone: '+15555550123',
    first_name: 'Ada',
    last_name: 'Lovelace',
    city: 'London',
    country: 'GB',
    language: 'en',
    timezone: 'Europe/London',
    birthday: '1990-12-10',
    tags: ['newsletter'],
    loyalty_points: 120,
    consent: { email: true, sms: true, push: true },
  },
  traits: {
    first_seen_at: '2024-01-05T10:00:00.000Z',
    last_seen_at: '2024-06-01T09:30:00.000Z',
    events_count: 42,
    orders_count: 3,
    revenue_total: 187.5,
    first_order_at: '2024-01-20T12:00:00.000Z',
    last_order_at: '2024-05-28T18:45:00.000Z',
    average_order_value: 62.5,
    event_counts: { 'Order Completed': 3 },
  },
  segments: [],
  segmentsEnteredAt: {},
  journeys: {},
  createdAt: '2024-01-05T10:00:00.000Z',
  updatedAt: '2024-06-01T09:30:00.000Z',
  version: 1,
};
