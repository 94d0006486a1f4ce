import { afterEach, describe, expect, it } from 'vitest';
import { validateJourney } from '../../engine/journeys/index';
import type { Journey, Template } from '../../schemas/types';
import { createPackApp, type PackApp } from '../support/pack-app';

let app: PackApp;
afterEach(async () => {
  await app?.close();
});

const hello = (subject: string) => ({ id: 'hello', name: 'Hello', channel: 'email', content: { subject, text: 'Hi {{ attributes.first_name | default: "there" }}.' } });

/** Signed Up → an email from the library template "hello" → done. */
function helloJourney(version = 1): Journey {
  return {
    id: 'hello-journey', name: 'Hello', version, status: 'draft',
    states: [
      { id: 'signed-up', kind: 'entry', stage: 'acquire', position: { x: 0, y: 0 }, params: { trigger: { type: 'event', event: 'Signed Up' } } },
      { id: 'hello-email', kind: 'send', stage: 'acquire', position: { x: 240, y: 0 }, params: { channel: 'email', template: { ref: 'hello' } } },
      { id: 'done', kind: 'exit', stage: 'acquire', position: { x: 480, y: 0 } },
    ],
    transitions: [
      { id: 't1', from: 'signed-up', to: 'hello-email', on: { type: 'immediate' } },
      { id: 't2', from: 'hello-email', to: 'done', on: { type: 'immediate' } },
    ],
    settings: {},
  };
}

async function simulatedSubject(version?: number): Promise<string> {
  const response = await app.admin('POST', '/api/journeys/hello-journey/simulate', {
    ...(version === undefined ? {} : { version }),
    customer: { attributes: { email: 'sim@example.com' } },
    timeline: [{ at: '2024-05-02T10:00:00.000Z', event: 'Signed Up' }],
  });
  expect(response.statusCode, response.body).toBe(200);
  return (response.json() as { actions: Array<{ payload: { content: { subject: string } } }> }).actions[0].payload.content.subject;
}

describe('the template library (/api/templates)', () => {
  it('creates, reads, versions and deletes named templates, refusing broken ones with pointers into the body', async () => {
    app = await createPackApp();
    const created = await app.admin('POST', '/api/templates', hello('Hello {{ attributes.first_name | default: "you" }}'));
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ id: 'hello', version: 1, channel: 'email', description: '' });
    expect((await app.admin('POST', '/api/templates', hello('again'))).statusCode).toBe(409);

    const broken = await app.admin('POST', '/api/templates', { id: 'broken', name: 'Broken', channel: 'email', content: { subject: 'Hi {{ frist_name }}' } });
    expect(broken.statusCode).toBe(422);
    expect(broken.json()).toMatchObject({
      code: 'INVALID_DEFINITION',
      details: [
        { pointer: '/content', message: 'An email message needs "html" or "text" in its template.' },
        { pointer: '/content/subject', line: 1, message: expect.stringContaining('unknown variable "frist_name"') },
      ],
    });
    expect((await app.admin('POST', '/api/templates', { id: 'Bad Id', name: 'x', channel: 'email', content: { subject: 'x', text: 'x' } })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/id' }] });

    const updated = await app.admin('PUT', '/api/templates/hello', { ...hello('Hello again'), version: 1 });
    expect(updated.json()).toMatchObject({ version: 2, content: { subject: 'Hello again' } });
    expect((await app.admin('PUT', '/api/templates/hello', { ...hello('Stale edit'), version: 1 })).statusCode).toBe(409);
    expect((await app.admin('PUT', '/api/templates/hello', hello('Hello again'))).json()).toMatchObject({ version: 2 });
    expect(((await app.admin('GET', '/api/templates')).json() as { templates: Template[] }).templates.map((t) => [t.id, t.version])).toEqual([['hello', 2]]);

    // A draft using it keeps it in the library; without the draft it can go.
    expect((await app.admin('POST', '/api/journeys', helloJourney())).statusCode).toBe(201);
    const refused = await app.admin('DELETE', '/api/templates/hello');
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ details: [{ message: expect.stringContaining('"hello-journey"') }] });
    expect((await app.admin('DELETE', '/api/journeys/hello-journey/versions/1')).statusCode).toBe(204);
    expect((await app.admin('DELETE', '/api/templates/hello')).statusCode).toBe(204);
    expect((await app.admin('GET', '/api/templates/hello')).statusCode).toBe(404);
  });

  it('drafts render the library template as it is now; publishing freezes it, so a library change never reaches a published version', async () => {
    app = await createPackApp();
    await app.admin('POST', '/api/templates', hello('Version A'));
    await app.admin('POST', '/api/journeys', helloJourney());
    expect(await simulatedSubject()).toBe('Version A');
    await app.admin('PUT', '/api/templates/hello', hello('Version B'));
    expect(await simulatedSubject()).toBe('Version B');

    const published = await app.admin('POST', '/api/journeys/hello-journey/versions/1/publish');
    expect(published.statusCode, published.body).toBe(200);
    expect(published.json()).toMatchObject({ journey: { states: [{}, { params: { template: { ref: 'hello', content: { subject: 'Version B' } } } }, {}] } });

    // The library moves on; the live version does not.
    await app.admin('PUT', '/api/templates/hello', hello('Version C'));
    await app.identify('ada', { email: 'ada@example.com', first_name: 'Ada' });
    await app.track('ada', 'Signed Up');
    const messages = (await app.admin('GET', '/api/messages?userId=ada')).json() as { messages: Array<{ payload: { content: { subject: string; text: string } } }> };
    expect(messages.messages.map((m) => m.payload.content)).toEqual([{ subject: 'Version B', text: 'Hi Ada.' }]);
    expect(await simulatedSubject(1)).toBe('Version B');

    // The next draft sends what the library holds now.
    await app.admin('PUT', '/api/journeys/hello-journey/versions/2', helloJourney(2));
    expect(await simulatedSubject(2)).toBe('Version C');

    // Usage names both versions, and which of them a library change reaches.
    const usage = await app.admin('GET', '/api/templates/hello/usage');
    expect(usage.statusCode, usage.body).toBe(200);
    expect(usage.json()).toEqual({
      templateId: 'hello',
      journeys: [
        { id: 'hello-journey', name: 'Hello', version: 1, status: 'published', frozen: true, steps: ['hello-email'] },
        { id: 'hello-journey', name: 'Hello', version: 2, status: 'draft', frozen: false, steps: ['hello-email'] },
      ],
    });
    await app.admin('POST', '/api/templates', { id: 'unused', name: 'Unused', channel: 'sms', content: { body: 'Hi!' } });
    expect((await app.admin('GET', '/api/templates/unused/usage')).json()).toEqual({ templateId: 'unused', journeys: [] });
    expect((await app.admin('GET', '/api/templates/nope/usage')).json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/id' }] });
  });

  it('validates references against the workspace\'s library: a missing template or one for another channel is a problem at the reference', async () => {
    app = await createPackApp();
    await app.admin('POST', '/api/templates', { id: 'promo-sms', name: 'Promo', channel: 'sms', content: { body: 'Hi!' } });
    await app.admin('POST', '/api/journeys', helloJourney());
    const missing = (await app.admin('POST', '/api/journeys/hello-journey/validate', {})).json();
    expect(missing).toMatchObject({ valid: false, problem: { details: [{ pointer: '/states/1/params/template/ref', message: expect.stringContaining('No template "hello" in the template library (it has promo-sms)') }] } });
    expect((await app.admin('POST', '/api/journeys/hello-journey/versions/1/publish')).statusCode).toBe(422);

    const wrongChannel = helloJourney();
    (wrongChannel.states[1].params as { template: { ref: string } }).template = { ref: 'promo-sms' };
    const checked = (await app.admin('POST', '/api/journeys/hello-journey/validate', { journey: wrongChannel })).json();
    expect(checked).toMatchObject({ valid: false, problem: { details: [{ pointer: '/states/1/params/template/ref', message: expect.stringContaining('written for sms, but this step sends email') }] } });

    // Without a library at hand (the editor checking as you type) a reference is a warning, not an error.
    expect(validateJourney(helloJourney())).toMatchObject({ ok: true, value: { warnings: [{ pointer: '/states/1/params/template/ref' }] } });
  });
});
