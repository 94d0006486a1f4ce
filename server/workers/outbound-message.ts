import type { MessageRecord } from '../../engine/journeys/index';
import { buildRecipient, type ChannelRegistry, type OutboundMessage } from '../channels/index';

/**
 * The configured channel an outbox record goes through. Records name `email`, `sms`, `push`,
 * `webhook`, `log` or `task`; task steps use a channel named `task` when the workspace has one and
 * the `webhook` channel otherwise (docs/channels.md).
 */
export function channelNameOf(record: Pick<MessageRecord, 'channel'>, registry: Pick<ChannelRegistry, 'get'>): string {
  if (record.channel === 'task' && !registry.get('task')) return 'webhook';
  return record.channel;
}

/**
 * The message a channel delivers for an outbox record: rendered content and recipient for sends,
 * the step's own URL and rendered body for webhook and task steps. Everything comes from the record,
 * rendered when the step ran, so every attempt — on any worker — sends the same bytes.
 */
export function toOutboundMessage(record: MessageRecord, channel: string): OutboundMessage {
  const metadata = {
    workspace: record.workspace,
    journeyId: record.journeyId,
    stepId: record.stepId,
    customerId: record.customerId,
    createdAt: record.createdAt,
    attempt: record.attempts,
  };
  const { payload } = record;
  if (payload.type === 'message') {
    return {
      channel,
      recipient: buildRecipient(record.channel, payload.to, record.userId, payload.contact),
      content: payload.content,
      ...(payload.unsubscribeUrl ? { unsubscribeUrl: payload.unsubscribeUrl } : {}),
      metadata,
    };
  }
  return {
    channel,
    recipient: { userId: record.userId },
    content: {},
    metadata,
    endpoint: payload.url,
    payload: payload.type === 'webhook' ? payload.body : payload.task,
  };
}
