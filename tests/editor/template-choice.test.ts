import { describe, expect, it } from 'vitest';
import { addState, checkJourneyDocument, connectStates, createJourneyDraft, setStateParams } from '../../editor/src/journey-document/index';
import { inlineContentOf, listTemplateOptions } from '../../editor/src/template-document/index';
import { createTemplateLibrary } from '../../engine/templates/index';
import type { Journey, Template } from '../../schemas/types';

const template = (id: string, name: string, channel: Template['channel'], subject = 'Hi {{ attributes.first_name }}'): Template => ({
  id, name, description: '', channel, version: 1, createdAt: '2024-05-01T00:00:00.000Z', updatedAt: '2024-05-01T00:00:00.000Z',
  content: channel === 'email' ? { subject, text: 'Hello.' } : { body: 'Hello.' },
});

const library = [template('vip', 'Welcome to VIP', 'email'), template('ship-sms', 'Shipped', 'sms'), template('anniversary', 'Anniversary', 'email')];

/** entry → email (the given template) → exit */
function journeyWith(templateValue: Journey['states'][number]['params']): Journey {
  let doc = createJourneyDraft('welcome', 'Welcome');
  doc = addState(doc, { paletteKey: 'send-email', id: 'email', position: { x: 0, y: 0 }, stage: 'convert' });
  doc = connectStates(connectStates(doc, { from: 'entry', to: 'email' }), { from: 'email', to: 'exit' });
  return setStateParams(doc, { id: 'email', params: templateValue });
}

describe('a send step picking a library template', () => {
  it('offers the step\'s own message, then the library templates of its channel by name', () => {
    expect(listTemplateOptions(library, 'email', null)).toEqual([
      { value: '', label: 'Written for this step' },
      { value: 'anniversary', label: 'Anniversary (anniversary)' },
      { value: 'vip', label: 'Welcome to VIP (vip)' },
    ]);
    expect(listTemplateOptions(library, 'sms', null).map((option) => option.value)).toEqual(['', 'ship-sms']);
  });

  it('keeps showing a reference the list cannot offer', () => {
    expect(listTemplateOptions(library, 'sms', 'vip').at(-1)).toEqual({ value: 'vip', label: 'Welcome to VIP (vip) — written for email' });
    expect(listTemplateOptions(library, 'email', 'gone').at(-1)).toEqual({ value: 'gone', label: 'gone — not in the library' });
  });

  it('turns a reference into the step\'s own message with the library\'s content, else the frozen copy', () => {
    expect(inlineContentOf({ ref: 'vip' }, library, 'email')).toEqual(library[0].content);
    expect(inlineContentOf({ ref: 'gone', content: { subject: 'Frozen', text: 'x' } }, library, 'email')).toEqual({ subject: 'Frozen', text: 'x' });
    expect(inlineContentOf({ ref: 'gone' }, null, 'sms')).toHaveProperty('body');
    // A copy: editing it never touches the library's.
    const copy = inlineContentOf({ ref: 'vip' }, library, 'email');
    copy.subject = 'changed';
    expect(library[0].content.subject).toBe('Hi {{ attributes.first_name }}');
  });

  it('is judged by the engine against the loaded library: a fitting template is valid, one of another channel or a missing one is a problem at the reference', () => {
    const templates = createTemplateLibrary(library);
    expect(checkJourneyDocument(journeyWith({ channel: 'email', template: { ref: 'vip' } }), { templates })).toMatchObject({ valid: true });

    const otherChannel = checkJourneyDocument(journeyWith({ channel: 'email', template: { ref: 'ship-sms' } }), { templates });
    expect(otherChannel.problems).toMatchObject([{ target: { type: 'state', id: 'email' }, rest: '/params/template/ref', message: expect.stringContaining('written for sms') }]);

    const missing = checkJourneyDocument(journeyWith({ channel: 'email', template: { ref: 'gone' } }), { templates });
    expect(missing.problems[0].message).toContain('No template "gone"');

    // Without the library (it did not load) the reference is only noted.
    const unchecked = checkJourneyDocument(journeyWith({ channel: 'email', template: { ref: 'gone' } }));
    expect(unchecked).toMatchObject({ valid: true, warnings: [{ rest: '/params/template/ref' }] });
  });
});
