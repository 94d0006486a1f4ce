import { describe, expect, it } from 'vitest';
import { channelTemplateFields, listMissingChannelFields } from '../../engine/templates/index';
import { describeNeededFields, listChannelFields, listOtherFields, templateChannels } from '../../editor/src/template-document/index';

describe('the content fields each channel shows', () => {
  it('offers every field the engine requires of a channel', () => {
    for (const { channel } of templateChannels) {
      const shown = new Set(listChannelFields(channel).map((field) => field.key));
      for (const group of channelTemplateFields[channel]) expect(group.some((key) => shown.has(key as never)), `${channel} needs ${group.join(' or ')}`).toBe(true);
      // Filling every shown text field satisfies the engine's channel check.
      const filled = Object.fromEntries(listChannelFields(channel).filter((field) => field.input !== 'json').map((field) => [field.key, 'x']));
      expect(listMissingChannelFields(channel, filled, '/content'), channel).toEqual([]);
    }
  });

  it('says what a channel requires in the form\'s own labels', () => {
    expect(describeNeededFields('email')).toBe('Required: Subject, and Text body or HTML body.');
    expect(describeNeededFields('push')).toBe('Required: Title, and Body.');
    expect(describeNeededFields('sms')).toBe('Required: Message.');
  });

  it('lists fields the content sets beyond the channel\'s, so none is kept out of sight', () => {
    expect(listOtherFields('sms', { body: 'Hi', subject: 'Hello', data: { a: 'b' } }).map((field) => [field.key, field.input])).toEqual([
      ['subject', 'line'],
      ['data', 'json'],
    ]);
    expect(listOtherFields('email', { subject: 'Hi', text: 'x', html: '<p>x</p>' })).toEqual([]);
  });
});
