import type { Journey } from '../../schemas/types';
import { action, branch, delay, elapsed, email, entry, exit, go, journey, onEvent, split, wait } from './journey-factory';

/**
 * "Signed Up" → (a share of customers first wait `delay`) → welcome email → CRM webhook → done: every
 * customer who enters gets exactly one email and one webhook, some of them after a durable delay. The
 * webhook body names the customer, so a receiver can tell which customer a repeat belongs to.
 */
export function welcomeAndCrmJourney(webhookUrl: string, options: { delayedPercent?: number; delay?: string; id?: string } = {}): Journey {
  const delayedPercent = options.delayedPercent ?? 30;
  const sends = [
    email('welcome-email', 'Welcome, {{ attributes.first_name | default: "friend" }}!', 'Hi {{ attributes.first_name | default: "there" }}, your code is WELCOME10.'),
    action({ id: 'tell-crm', kind: 'webhook', params: { url: webhookUrl, body: { userId: '{{ customer.userId }}', event: 'signed-up' } } }),
    exit('done'),
  ];
  const tail = [go('welcome-email', 'tell-crm'), go('tell-crm', 'done')];
  if (delayedPercent === 0) return journey(options.id ?? 'welcome-crm', [entry('signed-up', onEvent('Signed Up')), ...sends], [go('signed-up', 'welcome-email'), ...tail]);
  return journey(
    options.id ?? 'welcome-crm',
    [
      entry('signed-up', onEvent('Signed Up')),
      split('who-waits', { mode: 'random', branches: [{ id: 'now', weight: 100 - delayedPercent }, { id: 'later', weight: delayedPercent }] }),
      delay('wait-a-bit', wait(options.delay ?? 'PT3S')),
      ...sends,
    ],
    [
      go('signed-up', 'who-waits'),
      branch('who-waits', 'welcome-email', 'now'),
      branch('who-waits', 'wait-a-bit', 'later'),
      elapsed('wait-a-bit', 'welcome-email'),
      ...tail,
    ],
  );
}
