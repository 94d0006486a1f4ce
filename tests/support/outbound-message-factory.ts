import type { OutboundMessage } from '../../server/channels';
import type { Customer } from '../../schemas/types';

/** A customer document as the store would hold it, with the attributes channels and templates read. */
export function buildChannelCustomer(overrides: Partial<Customer> = {}): Customer {
  return {
    _id: 'cus_0001',
    workspace: 'ws_channels',
    userId: 'user-42',
    anonymousIds: [],
    attributes: { email: 'ada@example.com', first_name: 'Ada', last_name: 'Lovelace', phone: '+44 20 7946 0018', push_tokens: ['tok-a', 'tok-b'], country: 'GB' },
    traits: { orders_count: 3, revenue_total: 129.5, value_tier: 'gold' },
    segments: ['vip', 'uk'],
    segmentsEnteredAt: { vip: '2024-04-01T00:00:00.000Z', uk: '2024-01-01T00:00:00.000Z' },
    journeys: {},
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-05-01T00:00:00.000Z',
    version: 7,
    ...overrides,
  };
}

/** An outbound message for the channel tests, in workspace `ws_channels`. */
export function buildOutboundMessage(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return {
    channel: 'email',
    recipient: { email: 'ada@example.com', name: 'Ada Lovelace', phone: '+442079460018', pushTokens: ['tok-a', 'tok-b'], userId: 'user-42' },
    content: { subject: 'Your order shipped', html: '<p>Hello Ada</p>', text: 'Hello Ada', body: 'Your order shipped', title: 'Shipped', data: { order: 'A-1' } },
    metadata: { workspace: 'ws_channels', journeyId: 'jrn_welcome', stepId: 'send-welcome', customerId: 'cus_0001', createdAt: '2024-05-01T12:00:00.000Z' },
    ...overrides,
  };
}
