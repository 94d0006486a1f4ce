import type { Customer } from '../../schemas/types';
import type { MessageLinkSettings } from '../runtime/index';
import { consentChannels } from './channel-consent';
import { makeUnsubscribeToken } from './unsubscribe-token';

/** What a message's links are made from. */
export interface MessageLinkSubject {
  workspace: string;
  channel: string;
  customer: Pick<Customer, '_id' | 'userId' | 'anonymousIds'>;
  journeyId: string;
  messageKey: string;
}

/** The path of unsubscribe links under the server's public URL (server/routes/unsubscribe.ts answers it). */
export const unsubscribePath = '/unsubscribe';

/**
 * The links a message's template sees as `links`: `unsubscribe`, for messages on a channel that needs
 * consent (email, SMS, push), leading to a page that withdraws it for that channel. None without link
 * settings, or for a customer with no id to name them by.
 */
export function messageLinksOf(settings: MessageLinkSettings | undefined, subject: MessageLinkSubject): Record<string, string> {
  if (!settings || !(consentChannels as readonly string[]).includes(subject.channel)) return {};
  const userId = subject.customer.userId;
  const anonymousId = userId === null ? (subject.customer.anonymousIds[0] ?? null) : null;
  if (userId === null && anonymousId === null) return {};
  const token = makeUnsubscribeToken(settings.secret, {
    workspace: subject.workspace,
    channel: subject.channel,
    customerId: subject.customer._id,
    userId,
    anonymousId,
    journeyId: subject.journeyId,
    messageKey: subject.messageKey,
  });
  return { unsubscribe: `${settings.baseUrl}${unsubscribePath}/${token}` };
}
