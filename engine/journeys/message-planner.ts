import type { Customer, JourneyState, SendState, TaskState, WebhookState } from '../../schemas/types';
import type { ProblemDetail } from '../errors/index';
import type { MessageLinkSettings } from '../runtime/index';
import { renderJsonTemplate, renderMessageTemplate, type RenderedMessage } from '../templates/index';
import { hasConsent } from './channel-consent';
import { findExceededCap, recordSend } from './frequency-cap';
import type { CompiledJourney } from './journey-machine';
import type { JourneyEvent } from './journey-event';
import type { JourneyInstance } from './journey-instance';
import { contactOf, type MessageContact } from './message-contact';
import { messageLinksOf } from './message-links';
import {
  messageKeyOf,
  type FollowUpTask,
  type MessageChannel,
  type MessagePayload,
  type MessageReason,
  type MessageRecord,
  type MessageStatus,
} from './message-record';
import { isQuietChannel, quietHoursEnd } from './quiet-hours';
import { frozenContentOf } from './template-refs';
import { resolveTimeZone } from './time-zone';

type MessageState = SendState | WebhookState | TaskState;

export interface MessagePlanInput {
  workspace: string;
  compiled: CompiledJourney;
  instance: Pick<JourneyInstance, '_id' | 'journeyId' | 'version' | 'variant' | 'holdout' | 'rev'>;
  state: JourneyState;
  visit: number;
  customer: Customer;
  event?: JourneyEvent;
  now: number;
  /** Where message links lead; without it, `links` is empty and emails carry no `List-Unsubscribe`. */
  links?: MessageLinkSettings;
}

/** The channel a message state sends on. */
export function channelOfState(state: MessageState): MessageChannel {
  if (state.kind === 'send') return state.params.channel;
  return state.kind;
}

/** Where the message goes for channels that address a person. */
function recipientOf(contact: MessageContact, channel: MessageChannel): string | string[] | null {
  switch (channel) {
    case 'email':
      return contact.email ?? null;
    case 'sms':
      return contact.phone ?? null;
    case 'push':
      return contact.pushTokens ?? null;
    default:
      return null;
  }
}

/**
 * What the record keeps of the customer besides the address, as they were when the step ran: the name
 * an email is addressed to, and for a message on the webhook channel every address, for the receiver
 * (an SMS or push provider the workspace wires up itself) to choose from.
 */
function contactKeptFor(contact: MessageContact, channel: MessageChannel): MessageContact | undefined {
  if (channel === 'email') return contact.name ? { name: contact.name } : undefined;
  if (channel === 'webhook') return Object.keys(contact).length > 0 ? contact : undefined;
  return undefined;
}

const needsRecipient: ReadonlySet<MessageChannel> = new Set(['email', 'sms', 'push']);

type Rendered<T> = { ok: true; value: T } | { ok: false; details: ProblemDetail[] };

/** Renders what a message state sends for this customer. */
export function renderMessagePayload(input: MessagePlanInput, state: MessageState): Rendered<MessagePayload> {
  const clock = { now: () => input.now };
  const links =
    state.kind === 'send'
      ? messageLinksOf(input.links, {
          workspace: input.workspace,
          channel: state.params.channel,
          customer: input.customer,
          journeyId: input.instance.journeyId,
          messageKey: messageKeyOf(input.workspace, input.instance._id, state.id, input.visit),
        })
      : {};
  const templateInput = {
    customer: input.customer,
    event: (input.event ?? null) as Record<string, unknown> | null,
    journey: { id: input.compiled.document.id, step: state.id, name: input.compiled.document.name },
    links,
  };
  const renderFields = (template: Record<string, string>): Rendered<RenderedMessage> => {
    const result = renderMessageTemplate(template, templateInput, { clock });
    return result.ok ? result : { ok: false, details: result.problem.details };
  };
  const renderText = (source: string, field: 'title' | 'body'): Rendered<string> => {
    const result = renderFields({ [field]: source });
    return result.ok ? { ok: true, value: result.value[field] ?? '' } : result;
  };

  if (state.kind === 'send') {
    // A published version carries its library templates frozen (publishJourney); only a version that
    // bypassed publishing could hold a bare reference.
    const template = frozenContentOf(state.params.template);
    if (template === null) return { ok: false, details: [{ message: `The library template "${(state.params.template as { ref: string }).ref}" was never frozen into this version; publish the version to freeze it.` }] };
    const content = renderFields(template as Record<string, string>);
    if (!content.ok) return content;
    const contact = contactOf(input.customer.attributes);
    const kept = contactKeptFor(contact, state.params.channel);
    // Marketing email carries the one-click unsubscribe headers (RFC 8058); a receipt or a password reset does not.
    const listUnsubscribe = state.params.channel === 'email' && state.params.transactional !== true ? links.unsubscribe : undefined;
    return {
      ok: true,
      value: {
        type: 'message',
        to: recipientOf(contact, state.params.channel),
        content: content.value,
        ...(kept ? { contact: kept } : {}),
        ...(listUnsubscribe ? { unsubscribeUrl: listUnsubscribe } : {}),
      },
    };
  }
  if (state.kind === 'webhook') {
    // A body is data for another program: rendered as JSON, so a lone `{{ event.properties.total }}`
    // stays the number 42.5 (a list a list, a missing value null) instead of becoming text.
    const body = renderJsonTemplate(state.params.body, templateInput, { clock });
    return body.ok ? { ok: true, value: { type: 'webhook', url: state.params.url, body: body.value as Record<string, unknown> } } : { ok: false, details: body.problem.details };
  }
  const details: ProblemDetail[] = [];
  const field = (source: string | undefined, kind: 'title' | 'body'): string | null => {
    if (source === undefined) return null;
    const rendered = renderText(source, kind);
    if (rendered.ok) return rendered.value;
    details.push(...rendered.details);
    return null;
  };
  const params = state.params;
  const task: FollowUpTask = {
    title: field(params.title, 'title') ?? '',
    description: field(params.description, 'body'),
    assignee: field(params.assignee, 'title'),
    dueAt: params.dueInDays === undefined ? null : new Date(input.now + params.dueInDays * 86_400_000).toISOString(),
    priority: params.priority ?? 'normal',
    customer: { id: input.customer._id, userId: input.customer.userId, email: typeof input.customer.attributes.email === 'string' ? input.customer.attributes.email : null },
  };
  return details.length > 0 ? { ok: false, details } : { ok: true, value: { type: 'task', url: params.url, task } };
}

/**
 * Decides and builds the outbox record of one message step, and the customer with its send time
 * recorded when it will go out. The checks run in this order, the first that applies decides:
 * template renders (else `failed`, template-error) → holdout → consent → recipient → frequency cap →
 * quiet hours (queued with `availableAt` when the window opens). Transactional sends skip caps and
 * quiet hours, and consent only as far as a marketing opt-out goes (hasConsent). The send rate is
 * enforced later, when the delivery worker claims it.
 */
export function planMessage(input: MessagePlanInput): { message: MessageRecord; customer: Customer } {
  const state = input.state as MessageState;
  const settings = input.compiled.document.settings;
  const channel = channelOfState(state);
  const nowIso = new Date(input.now).toISOString();
  const transactional = state.kind === 'send' && state.params.transactional === true;
  const zone = resolveTimeZone(input.customer, settings.timezone);
  const rendered = renderMessagePayload(input, state);

  let status: MessageStatus = 'queued';
  let reason: MessageReason | null = null;
  let availableAt = input.now;
  let detail: string | undefined;
  const payload: MessagePayload = rendered.ok ? rendered.value : { type: 'message', to: null, content: {} };
  if (!rendered.ok) {
    status = 'failed';
    reason = 'template-error';
    detail = rendered.details.map((d) => d.message).join('; ');
  } else if (input.instance.holdout) {
    status = 'suppressed';
    reason = 'holdout';
  } else if (!hasConsent(input.customer, channel, settings.consent, { transactional })) {
    status = 'suppressed';
    reason = 'consent';
  } else if (needsRecipient.has(channel) && payload.type === 'message' && payload.to === null) {
    status = 'suppressed';
    reason = 'no-recipient';
  } else if (!transactional && findExceededCap(input.customer, channel, settings.frequencyCaps, input.now)) {
    const cap = findExceededCap(input.customer, channel, settings.frequencyCaps, input.now)!;
    status = 'suppressed';
    reason = 'frequency-cap';
    detail = `${cap.limit} per ${cap.window} on ${channel}`;
  } else if (!transactional && settings.quietHours && isQuietChannel(settings.quietHours, channel)) {
    const opens = quietHoursEnd(settings.quietHours, input.now, zone);
    if (opens !== null) {
      availableAt = opens;
      reason = 'quiet-hours';
      detail = `quiet ${settings.quietHours.start}–${settings.quietHours.end} ${zone}`;
    }
  }

  const key = messageKeyOf(input.workspace, input.instance._id, state.id, input.visit);
  const message: MessageRecord = {
    _id: key,
    workspace: input.workspace,
    key,
    customerId: input.customer._id,
    userId: input.customer.userId,
    journeyId: input.instance.journeyId,
    journeyVersion: input.instance.version,
    instanceId: input.instance._id,
    stepId: state.id,
    channel,
    payload,
    status,
    reason,
    availableAt: new Date(availableAt).toISOString(),
    attempts: 0,
    leaseOwner: null,
    leaseUntil: null,
    createdAt: nowIso,
    updatedAt: nowIso,
    sentAt: null,
    providerMessageId: null,
    variant: input.instance.variant ?? null,
    holdout: input.instance.holdout === true,
    rateLimit: settings.sendRate ?? null,
    instanceRev: input.instance.rev,
    countedAt: status === 'queued' ? new Date(availableAt).toISOString() : null,
    lastError: status === 'failed' ? (detail ?? null) : null,
    history: [{ at: nowIso, status, ...(reason ? { reason } : {}), ...(detail ? { detail } : {}) }],
  };
  const customer = status === 'queued' ? recordSend(input.customer, channel, availableAt, input.now) : input.customer;
  return { message, customer };
}
