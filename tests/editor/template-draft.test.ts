import { afterEach, describe, expect, it } from 'vitest';
import { sampleCustomer } from '../../engine/journeys/index';
import { checkTemplateInput, type TemplateChannel } from '../../engine/templates/index';
import { systemClock } from '../../engine/time/index';
import {
  changeTemplateChannel,
  createTemplateDraft,
  isTemplateDraftUnchanged,
  setContentField,
  setMessageField,
  templateChannels,
  templateIdOfName,
  toTemplateDraft,
  toTemplateInput,
} from '../../editor/src/template-document/index';
import type { Template } from '../../schemas/types';
import { createPackApp, type PackApp } from '../support/pack-app';

let app: PackApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const check = (body: unknown, pathId?: string) => checkTemplateInput(body, { sampleCustomer, clock: systemClock, pathId });

describe('a library template as its form edits it', () => {
  it('starts every channel with a message the engine accepts', () => {
    for (const { channel } of templateChannels) {
      const draft = { ...createTemplateDraft(channel), id: `starter-${channel}`, name: `Starter ${channel}` };
      const checked = check(toTemplateInput(draft, null));
      expect(checked.ok, `${channel}: ${JSON.stringify(checked.ok ? null : checked.problem.details)}`).toBe(true);
    }
  });

  it('makes an id the schema accepts from a name', () => {
    expect(templateIdOfName('Welcome to VIP!')).toBe('welcome-to-vip');
    expect(templateIdOfName('  Crème brûlée — 10% off  ')).toBe('creme-brulee-10-off');
    expect(templateIdOfName('__draft_2')).toBe('draft_2');
    expect(templateIdOfName('!!!')).toBe('');
    const long = templateIdOfName(`${'a'.repeat(63)} b`);
    expect(long).toBe('a'.repeat(63));
    expect(/^[a-z0-9][a-z0-9_-]{0,63}$/.test(templateIdOfName('x'.repeat(100)))).toBe(true);
  });

  it('sets and clears content fields without touching the others', () => {
    const draft = createTemplateDraft('push');
    const withData = setContentField(draft, 'data', { url: '/offers/{{ customer.userId }}' });
    expect(withData.content).toEqual({ ...draft.content, data: { url: '/offers/{{ customer.userId }}' } });
    expect(setContentField(withData, 'data', {}).content).toEqual(draft.content);
    expect(setMessageField({ subject: 'Hi', text: 'Body' }, 'text', '')).toEqual({ subject: 'Hi' });
    expect(draft.content).toEqual(createTemplateDraft('push').content);
  });

  it('keeps the content when the channel changes, carrying the body across', () => {
    const email = { ...createTemplateDraft('email'), content: { subject: 'Hi', text: 'Your order shipped.' } };
    const sms = changeTemplateChannel(email, 'sms');
    expect(sms).toMatchObject({ channel: 'sms', content: { subject: 'Hi', text: 'Your order shipped.', body: 'Your order shipped.' } });
    const back = changeTemplateChannel({ ...createTemplateDraft('sms'), content: { body: 'See you soon' } }, 'email');
    expect(back.content).toEqual({ body: 'See you soon', text: 'See you soon' });
    // An email without a subject is what the engine then reports, not something the form hides.
    expect(check(toTemplateInput({ ...back, id: 'x', name: 'X' }, null))).toMatchObject({ ok: false, problem: { details: [{ pointer: '/content' }] } });
  });

  it('sends the id when creating and the edited version when updating', () => {
    const draft = { ...createTemplateDraft('sms'), id: 'ship', name: 'Shipped', description: 'On dispatch' };
    expect(toTemplateInput(draft, null)).toEqual({ id: 'ship', name: 'Shipped', description: 'On dispatch', channel: 'sms', content: draft.content });
    expect(toTemplateInput(draft, 4)).toEqual({ name: 'Shipped', description: 'On dispatch', channel: 'sms', content: draft.content, version: 4 });
  });

  it('round-trips through the real API: what the form sends is saved, read back unchanged, and an unchanged save makes no version', async () => {
    app = await createPackApp();
    const channel: TemplateChannel = 'email';
    const draft = { ...createTemplateDraft(channel), id: 'order-shipped', name: 'Order shipped', description: 'Sent on dispatch' };
    const created = await app.admin('POST', '/api/templates', toTemplateInput(draft, null));
    expect(created.statusCode, created.body).toBe(201);
    const stored = created.json() as Template;
    expect(isTemplateDraftUnchanged(stored, toTemplateDraft(stored))).toBe(true);
    // Key order is not a change.
    const reordered = { ...toTemplateDraft(stored), content: { text: stored.content.text, subject: stored.content.subject } };
    expect(isTemplateDraftUnchanged(stored, reordered)).toBe(true);

    const same = await app.admin('PUT', '/api/templates/order-shipped', toTemplateInput(reordered, stored.version));
    expect((same.json() as Template).version).toBe(1);

    const edited = setContentField(toTemplateDraft(stored), 'subject', 'On its way, {{ attributes.first_name | default: "friend" }}');
    expect(isTemplateDraftUnchanged(stored, edited)).toBe(false);
    const next = await app.admin('PUT', '/api/templates/order-shipped', toTemplateInput(edited, stored.version));
    expect(next.json()).toMatchObject({ version: 2, content: { subject: 'On its way, {{ attributes.first_name | default: "friend" }}' } });
  });
});
