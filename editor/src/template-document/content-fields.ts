/**
 * The content fields of a message template as forms show them: which fields each channel has, their
 * labels, and what a channel needs (read from the engine's own `channelTemplateFields`, so the form
 * says exactly what the server will require).
 */
import { channelTemplateFields, type TemplateChannel } from '../../../engine/templates/index';
import type { MessageTemplate } from '../../../schemas/types';

/** A field of a message template (`schemas/message-template.schema.json`). */
export type ContentKey = keyof MessageTemplate;

export interface ContentField {
  key: ContentKey;
  label: string;
  /** A one-line input, a multi-line one, or a JSON object (push data). */
  input: 'line' | 'text' | 'json';
  help?: string;
}

/** The channels a template can be written for, in the order forms offer them. */
export const templateChannels: ReadonlyArray<{ channel: TemplateChannel; label: string }> = [
  { channel: 'email', label: 'Email' },
  { channel: 'sms', label: 'SMS' },
  { channel: 'push', label: 'Push' },
  { channel: 'webhook', label: 'Webhook channel' },
  { channel: 'log', label: 'Log (testing)' },
];

const subject: ContentField = { key: 'subject', label: 'Subject', input: 'line' };
const text: ContentField = { key: 'text', label: 'Text body', input: 'text' };
const html: ContentField = { key: 'html', label: 'HTML body', input: 'text', help: 'Values are HTML-escaped; end a tag with | raw to insert markup.' };
const title: ContentField = { key: 'title', label: 'Title', input: 'line' };
const data: ContentField = { key: 'data', label: 'Data (optional)', input: 'json', help: 'Sent with the notification; each value is a Liquid template rendered to a string.' };
const body = (label: string): ContentField => ({ key: 'body', label, input: 'text' });

const fieldsByChannel: Readonly<Record<TemplateChannel, readonly ContentField[]>> = {
  email: [subject, text, html],
  sms: [body('Message')],
  push: [title, body('Body'), data],
  webhook: [body('Body')],
  log: [body('Line')],
};

/** Labels of fields no channel lists (a template from a rule pack may still set them). */
const otherLabels: Readonly<Record<ContentKey, string>> = { subject: 'Subject', html: 'HTML body', text: 'Text body', body: 'Body', title: 'Title', data: 'Data' };

/** The fields a message for `channel` has, in the order a form shows them. */
export function listChannelFields(channel: TemplateChannel): readonly ContentField[] {
  return fieldsByChannel[channel];
}

/**
 * Fields `content` sets that `channel` does not list — a template that changed channel, or one written
 * by hand. Forms show them so that nothing is kept (or dropped) out of sight.
 *
 * @example listOtherFields('sms', { body: 'Hi', subject: 'Hello' }) // [{ key: 'subject', label: 'Subject', input: 'line' }]
 */
export function listOtherFields(channel: TemplateChannel, content: MessageTemplate): ContentField[] {
  const listed = new Set(fieldsByChannel[channel].map((field) => field.key));
  return (Object.keys(content) as ContentKey[])
    .filter((key) => !listed.has(key) && content[key] !== undefined)
    .map((key) => ({ key, label: otherLabels[key] ?? key, input: key === 'data' ? 'json' : key === 'subject' || key === 'title' ? 'line' : 'text' }));
}

/** The label a form gives a field of `channel`'s message. */
function labelOf(channel: TemplateChannel, key: string): string {
  return fieldsByChannel[channel].find((field) => field.key === key)?.label ?? otherLabels[key as ContentKey] ?? key;
}

/**
 * What a message for `channel` must have, in the form's words, from the engine's `channelTemplateFields`
 * (the server refuses a template without it).
 *
 * @example describeNeededFields('email') // 'Required: Subject, and Text body or HTML body.'
 */
export function describeNeededFields(channel: TemplateChannel): string {
  // In the order the form shows the fields (the engine lists an email's bodies html first).
  const order = (key: string) => {
    const index = fieldsByChannel[channel].findIndex((field) => field.key === key);
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const groups = channelTemplateFields[channel].map((group) => [...group].sort((a, b) => order(a) - order(b)).map((key) => labelOf(channel, key)).join(' or '));
  return `Required: ${groups.length > 1 ? `${groups.slice(0, -1).join(', ')}, and ${groups[groups.length - 1]}` : groups[0]}.`;
}
