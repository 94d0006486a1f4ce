/**
 * The built-in facts: the customer document's fixed fields, the built-in and marketing traits
 * (docs/profiles.md and docs/traits.md define how each is computed), common identify attributes,
 * and the triggering event's facts.
 */
import type { FactDefinition } from './fact-catalogue';
import type { ElementType, FactType } from './fact-type';

type Extra = { items?: ElementType; format?: 'date-time' | 'date'; values?: string[] };

function customer(path: string, type: FactType, description: string, examples: unknown[], extra: Extra = {}): FactDefinition {
  const format = type === 'date' ? { format: extra.format ?? 'date-time' } : {};
  return { path, type, description, examples, ...extra, ...format, scope: 'customer', origin: 'built-in' };
}

function event(path: string, type: FactType, description: string, examples: unknown[], extra: Extra = {}): FactDefinition {
  return { ...customer(path, type, description, examples, extra), scope: 'event' };
}

// Stable snake_case ids, as engine/traits writes them (display names: rfmGroupLabels in engine/traits).
const rfmGroups = ['champions', 'loyal', 'potential_loyalist', 'new', 'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost'];
const lifecycleStages = ['prospect', 'new', 'active', 'at_risk', 'lapsed', 'reactivated'];
const timestamp = '2024-03-01T09:30:00.000Z';

/** A fresh copy of the built-in fact list. */
export function builtInFacts(): FactDefinition[] {
  return [
    // The customer document's fixed fields.
    customer('userId', 'string', 'The known user id; null while the customer is anonymous.', ['user_123']),
    customer('anonymousIds', 'array', 'Anonymous ids this customer has been seen with.', [['anon_4f2a']], { items: 'string' }),
    customer('createdAt', 'date', 'When the customer was first stored.', [timestamp]),
    customer('updatedAt', 'date', 'When the customer document last changed.', [timestamp]),
    customer('segments', 'array', 'Ids of the segments the customer is in now.', [['seg_vip']], { items: 'string' }),
    customer('segmentsEnteredAt.*', 'date', 'When the customer entered the segment with this id (absent when not in it).', [timestamp]),
    customer('journeys.*', 'object', 'The customer\'s presence in the journey with this id.', [{ state: 'welcome', status: 'active' }]),
    customer('journeys.*.state', 'string', 'The state the customer is in, in the journey with this id.', ['welcome_email']),
    customer('journeys.*.status', 'string', 'Whether the customer is still in the journey.', ['active'], { values: ['active', 'completed', 'exited'] }),
    customer('journeys.*.enteredAt', 'date', 'When the customer entered the journey.', [timestamp]),

    // Built-in traits, kept current on every event.
    customer('traits.first_seen_at', 'date', 'Time of the customer\'s first event.', [timestamp]),
    customer('traits.last_seen_at', 'date', 'Time of the customer\'s latest event.', [timestamp]),
    customer('traits.events_count', 'number', 'Number of events received for the customer.', [42]),
    customer('traits.orders_count', 'number', 'Number of "Order Completed" events.', [3]),
    customer('traits.revenue_total', 'number', 'Net revenue: orders minus refunds.', [249.9]),
    customer('traits.first_order_at', 'date', 'Time of the first order; null without orders.', [timestamp]),
    customer('traits.last_order_at', 'date', 'Time of the latest order; null without orders.', [timestamp]),
    customer('traits.average_order_value', 'number', 'Net revenue per order; null without orders.', [83.3]),
    customer('traits.event_counts', 'object', 'Number of events per event name.', [{ 'Order Completed': 3 }]),
    customer('traits.event_counts.*', 'number', 'Number of events with this name ("Order Completed", "Product Viewed", …).', [3]),
    customer('traits.timezone', 'string', 'The device\'s IANA time zone, from context.timezone of the latest event that sent one.', ['Europe/Berlin']),

    // Marketing traits (docs/traits.md).
    customer('traits.rfm', 'object', 'Recency, frequency and monetary values with their 1–5 quintile scores; null without orders.', [{ r: 5, f: 4, m: 3, score: '543', group: 'champions' }]),
    customer('traits.rfm.recency_days', 'number', 'Whole days since the last order.', [12]),
    customer('traits.rfm.frequency', 'number', 'Number of orders.', [4]),
    customer('traits.rfm.monetary', 'number', 'Net revenue.', [310.5]),
    customer('traits.rfm.r', 'number', 'Recency score 1–5 (5 = most recent); null until the first RFM refresh.', [5]),
    customer('traits.rfm.f', 'number', 'Frequency score 1–5.', [4]),
    customer('traits.rfm.m', 'number', 'Monetary score 1–5.', [3]),
    customer('traits.rfm.score', 'string', 'The three scores as text, "RFM".', ['543']),
    customer('traits.rfm.group', 'string', 'Named RFM group (champions, loyal, …, at_risk, cannot_lose, hibernating, lost).', ['champions'], { values: rfmGroups }),
    customer('traits.rfm.scored_at', 'date', 'When the scores last changed.', [timestamp]),
    customer('traits.value_tier', 'object', 'Value tier by net revenue or predicted CLV percentile, with what was ranked.', [{ tier: 'high', basis: 'revenue', value: 2450.1 }]),
    customer('traits.value_tier.tier', 'string', 'Value tier: high (top 20 % of paying customers by default), mid (next 30 %), low.', ['high'], { values: ['high', 'mid', 'low'] }),
    customer('traits.value_tier.basis', 'string', 'What the tiers rank: net revenue or predicted CLV.', ['revenue'], { values: ['revenue', 'clv'] }),
    customer('traits.value_tier.value', 'number', 'The value that was ranked (0 without one).', [2450.1]),
    customer('traits.value_tier.scored_at', 'date', 'When the tier last changed.', [timestamp]),
    customer('traits.lifecycle_stage', 'object', 'Lifecycle stage from the order history, measured against the customer\'s own rhythm.', [{ stage: 'active', entered_at: timestamp }]),
    customer('traits.lifecycle_stage.stage', 'string', 'Lifecycle stage: prospect, new, active, at_risk, lapsed or reactivated.', ['active'], { values: lifecycleStages }),
    customer('traits.lifecycle_stage.entered_at', 'date', 'When the customer entered the current stage.', [timestamp]),
    customer('traits.lifecycle_stage.typical_gap_days', 'number', 'The customer\'s typical days between purchase days, as the thresholds use it.', [30]),
    customer('traits.lifecycle_stage.next_change_at', 'date', 'When the stage changes if no order comes; null when only an order can change it.', [timestamp]),
    customer('traits.lifecycle_stage_entered_at', 'date', 'When the customer entered the current lifecycle stage (same as traits.lifecycle_stage.entered_at).', [timestamp]),
    customer('traits.clv', 'object', 'Predicted customer lifetime value (BG/NBD + Gamma-Gamma) and its inputs.', [{ p_alive: 0.82, predicted_clv: 412.5 }]),
    customer('traits.clv.x', 'number', 'Repeat purchases used by the model.', [3]),
    customer('traits.clv.t_x', 'number', 'Time of the last purchase since the first, in the model\'s time unit.', [30.4]),
    customer('traits.clv.T', 'number', 'Customer age in the model\'s time unit.', [38.9]),
    customer('traits.clv.average_order_value', 'number', 'Mean value of repeat purchases.', [55.2]),
    customer('traits.clv.p_alive', 'number', 'Probability the customer is still active (0–1).', [0.82]),
    customer('traits.clv.expected_orders', 'number', 'Expected orders over the horizon.', [1.2]),
    customer('traits.clv.expected_order_value', 'number', 'Expected value of a future order.', [57.1]),
    customer('traits.clv.predicted_clv', 'number', 'Predicted lifetime value over the horizon.', [412.5]),
    customer('traits.clv.horizon_days', 'number', 'Horizon of the prediction, in days.', [365]),
    customer('traits.clv.annual_discount_rate', 'number', 'Annual discount rate of the prediction.', [0]),
    customer('traits.clv.time_unit', 'string', 'Time unit of x, t_x and T.', ['weeks'], { values: ['days', 'weeks'] }),
    customer('traits.clv.fitted_at', 'date', 'When the model behind the prediction was fitted.', [timestamp]),
    customer('traits.churn_risk', 'number', '1 − probability of being alive (0–1); null without orders or before the first CLV fit.', [0.18]),

    // Common attributes (identify traits).
    customer('attributes.email', 'string', 'Email address.', ['ada@example.com']),
    customer('attributes.phone', 'string', 'Phone number, ideally E.164.', ['+442071234567']),
    customer('attributes.first_name', 'string', 'First name.', ['Ada']),
    customer('attributes.last_name', 'string', 'Last name.', ['Lovelace']),
    customer('attributes.name', 'string', 'Full name.', ['Ada Lovelace']),
    customer('attributes.city', 'string', 'City.', ['London']),
    customer('attributes.country', 'string', 'Country name or ISO code, as sent.', ['United Kingdom']),
    customer('attributes.region', 'string', 'Region, state or county.', ['Greater London']),
    customer('attributes.postal_code', 'string', 'Postal code.', ['SW1A 1AA']),
    customer('attributes.gender', 'string', 'Gender, as the customer gave it.', ['female']),
    customer('attributes.birthday', 'date', 'Date of birth.', ['1990-05-17'], { format: 'date' }),
    customer('attributes.age', 'number', 'Age in years.', [34]),
    customer('attributes.timezone', 'string', 'IANA time zone.', ['Europe/London']),
    customer('attributes.language', 'string', 'Preferred language (BCP 47).', ['en-GB']),
    customer('attributes.interests', 'array', 'Interests (psychographics).', [['running', 'cooking']], { items: 'string' }),
    customer('attributes.tags', 'array', 'Tags set by the marketer or by journeys.', [['vip']], { items: 'string' }),
    customer('attributes.consent', 'object', 'Consent per channel.', [{ email: true, sms: false }]),
    customer('attributes.consent.email', 'boolean', 'Consent to email.', [true]),
    customer('attributes.consent.sms', 'boolean', 'Consent to SMS.', [false]),
    customer('attributes.consent.push', 'boolean', 'Consent to push notifications.', [true]),
    customer('attributes.**', 'any', 'Any other identify trait; typed by how the condition uses it.', []),

    // The triggering event (journey triggers, branches, waits; never segment criteria).
    event('event.type', 'string', 'Message type.', ['track'], { values: ['identify', 'track', 'page', 'screen', 'group', 'alias'] }),
    event('event.event', 'string', 'Track event name.', ['Order Completed']),
    event('event.name', 'string', 'Page or screen name.', ['Pricing']),
    event('event.userId', 'string', 'The user id the event was sent with.', ['user_123']),
    event('event.anonymousId', 'string', 'The anonymous id the event was sent with.', ['anon_4f2a']),
    event('event.timestamp', 'date', 'Event time (corrected for client clock skew).', [timestamp]),
    event('event.receivedAt', 'date', 'When the server received the event.', [timestamp]),
    event('event.properties', 'object', 'Track / page / screen properties.', [{ total: 42.5 }]),
    event('event.properties.order_id', 'string', 'Order id (Order Completed / Order Refunded).', ['A-1042']),
    event('event.properties.total', 'number', 'Order total.', [42.5]),
    event('event.properties.revenue', 'number', 'Order revenue.', [38.2]),
    event('event.properties.currency', 'string', 'ISO 4217 currency code.', ['GBP']),
    event('event.properties.products', 'array', 'Products of the order.', [[{ sku: 'SKU-1', quantity: 2 }]], { items: 'object' }),
    event('event.properties.segment_id', 'string', 'The segment of a "Segment Entered" / "Segment Exited" event.', ['seg_vip']),
    event('event.properties.**', 'any', 'Any other event property; typed by how the condition uses it.', []),
    event('event.traits.**', 'any', 'Identify / group traits sent with the event.', []),
    event('event.context.**', 'any', 'Event context (campaign, device, locale, …).', []),
  ];
}
