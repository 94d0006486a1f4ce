import type { JourneyState } from '../../../schemas/types';

export type StateKind = JourneyState['kind'];
export type LifecycleStage = JourneyState['stage'];

/** The lifecycle stages in the order a customer's life runs through them, with the colour nodes wear. */
export const lifecycleStages: ReadonlyArray<{ stage: LifecycleStage; label: string; color: string }> = [
  { stage: 'acquire', label: 'Acquire', color: '#2563eb' },
  { stage: 'convert', label: 'Convert', color: '#16a34a' },
  { stage: 'retain', label: 'Retain', color: '#7c3aed' },
  { stage: 'win-back', label: 'Win-back', color: '#ea580c' },
  { stage: 'remarket', label: 'Remarket', color: '#db2777' },
];

/** The colour of a lifecycle stage. */
export function colorOfStage(stage: LifecycleStage): string {
  return lifecycleStages.find((entry) => entry.stage === stage)?.color ?? '#64748b';
}

/** One entry of the canvas palette: a state kind, pre-filled so the new state is close to valid. */
export interface PaletteItem {
  /** Unique key (`send-email` and `send-sms` are both `send` states). */
  key: string;
  kind: StateKind;
  label: string;
  description: string;
  group: 'flow' | 'message' | 'customer' | 'outcome';
  /** The prefix of new state ids. */
  idPrefix: string;
  createParams(): JourneyState['params'];
}

/**
 * Every state kind the canvas offers, with the parameters a new state starts with. Each is valid
 * against the schema, so the document always is; what is left to decide (an event name, a branch
 * target) shows up as a validation problem next to the node.
 */
export const paletteItems: readonly PaletteItem[] = [
  {
    key: 'entry', kind: 'entry', label: 'Entry', group: 'flow', idPrefix: 'entry',
    description: 'Where customers come in: an event, entering or leaving a segment, a schedule or the API.',
    createParams: () => ({ trigger: { type: 'event', event: 'Signed Up' } }),
  },
  {
    key: 'delay', kind: 'delay', label: 'Delay', group: 'flow', idPrefix: 'delay',
    description: 'Wait a fixed time, until a time of day, or until a date such as a birthday.',
    createParams: () => ({ mode: 'duration', duration: 'P1D' }),
  },
  {
    key: 'wait', kind: 'wait', label: 'Wait for event', group: 'flow', idPrefix: 'wait',
    description: 'Wait for an event, up to a timeout; each outcome leads somewhere else.',
    createParams: () => ({ timeout: 'P3D' }),
  },
  {
    key: 'split', kind: 'split', label: 'Split', group: 'flow', idPrefix: 'split',
    description: 'Branch on conditions, at random, or as an A/B test with a holdout.',
    createParams: () => ({
      mode: 'conditions',
      branches: [{ id: 'yes', label: 'Has ordered', condition: { all: [{ fact: 'traits.orders_count', operator: 'greaterThan', value: 0 }] } }],
    }),
  },
  {
    key: 'send-email', kind: 'send', label: 'Send email', group: 'message', idPrefix: 'email',
    description: 'An email rendered from Liquid templates.',
    createParams: () => ({
      channel: 'email',
      template: { subject: 'Hello {{ attributes.first_name | default: "there" }}', text: 'Hi {{ attributes.first_name | default: "there" }},\n\nThanks for being with us.' },
    }),
  },
  {
    key: 'send-sms', kind: 'send', label: 'Send SMS', group: 'message', idPrefix: 'sms',
    description: 'A text message.',
    createParams: () => ({ channel: 'sms', template: { body: 'Hi {{ attributes.first_name | default: "there" }}! Reply STOP to opt out.' } }),
  },
  {
    key: 'send-push', kind: 'send', label: 'Send push', group: 'message', idPrefix: 'push',
    description: 'A push notification.',
    createParams: () => ({ channel: 'push', template: { title: 'Something new for you', body: 'Take a look, {{ attributes.first_name | default: "friend" }}.' } }),
  },
  {
    key: 'webhook', kind: 'webhook', label: 'Webhook', group: 'message', idPrefix: 'webhook',
    description: 'POST a JSON body (Liquid in every string) to a URL.',
    createParams: () => ({ url: 'https://example.com/hooks/wayfarer', body: { userId: '{{ customer.userId }}' } }),
  },
  {
    key: 'update-attributes', kind: 'update-attributes', label: 'Update attributes', group: 'customer', idPrefix: 'update',
    description: 'Set or clear attributes on the customer.',
    createParams: () => ({ set: { welcomed: true } }),
  },
  {
    key: 'tags', kind: 'tags', label: 'Tags', group: 'customer', idPrefix: 'tags',
    description: 'Add or remove tags.',
    createParams: () => ({ add: ['engaged'] }),
  },
  {
    key: 'loyalty', kind: 'loyalty', label: 'Loyalty points', group: 'customer', idPrefix: 'points',
    description: 'Award or redeem loyalty points.',
    createParams: () => ({ operation: 'award', points: 100 }),
  },
  {
    key: 'lifecycle-stage', kind: 'lifecycle-stage', label: 'Lifecycle stage', group: 'customer', idPrefix: 'stage',
    description: 'Move the customer to a lifecycle stage.',
    createParams: () => ({ stage: 'retain' }),
  },
  {
    key: 'task', kind: 'task', label: 'Task', group: 'customer', idPrefix: 'task',
    description: 'Create a task in a CRM (posted to its URL).',
    createParams: () => ({ url: 'https://crm.example.com/api/tasks', title: 'Call {{ attributes.first_name }}', priority: 'normal' }),
  },
  {
    key: 'goal', kind: 'goal', label: 'Goal', group: 'outcome', idPrefix: 'goal',
    description: 'A conversion: the event that counts as success within a window.',
    createParams: () => ({ event: 'Order Completed', window: 'P30D', endsJourney: false }),
  },
  {
    key: 'exit', kind: 'exit', label: 'Exit', group: 'outcome', idPrefix: 'exit',
    description: 'The customer leaves the journey.',
    createParams: () => ({}),
  },
];

/** The palette item for a key, or undefined. */
export function findPaletteItem(key: string): PaletteItem | undefined {
  return paletteItems.find((item) => item.key === key);
}

/** The palette item a state was made from (send states by channel). */
export function paletteItemOfState(state: JourneyState): PaletteItem {
  if (state.kind === 'send') {
    const channel = state.params.channel;
    const found = paletteItems.find((item) => item.key === `send-${channel}`);
    if (found) return found;
  }
  return paletteItems.find((item) => item.kind === state.kind) ?? paletteItems[0];
}
