import type { MessageTemplate } from '../../schemas/types';
import type { ProblemDetail } from '../errors/index';

/** The channels a message template can be written for (a journey send step's channels). */
export type TemplateChannel = 'email' | 'sms' | 'push' | 'webhook' | 'log';

/** Which template fields each channel needs (any one of a group suffices). */
export const channelTemplateFields: Readonly<Record<TemplateChannel, string[][]>> = {
  email: [['subject'], ['html', 'text']],
  sms: [['body']],
  push: [['title'], ['body']],
  webhook: [['body']],
  log: [['body', 'text']],
};

/**
 * The fields a message for `channel` needs and `template` lacks, one detail each, pointing at
 * `pointer` (the template in the document being checked).
 *
 * @example listMissingChannelFields('email', { subject: 'Hi' }, '/content') // [{ pointer: '/content', message: 'An email message needs "html" or "text" in its template.' }]
 */
export function listMissingChannelFields(channel: string, template: MessageTemplate, pointer: string): ProblemDetail[] {
  const details: ProblemDetail[] = [];
  for (const group of channelTemplateFields[channel as TemplateChannel] ?? []) {
    if (group.some((field) => typeof (template as Record<string, unknown>)[field] === 'string')) continue;
    details.push({ pointer, message: `${channel === 'email' ? 'An' : 'A'} ${channel} message needs ${group.map((field) => `"${field}"`).join(' or ')} in its template.` });
  }
  return details;
}
