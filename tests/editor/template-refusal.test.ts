import { afterEach, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ApiError, readProblem } from '../../editor/src/api/index';
import { readTemplateRefusal } from '../../editor/src/template-document/index';
import type { Journey } from '../../schemas/types';
import { createPackApp, type PackApp } from '../support/pack-app';

let app: PackApp;
afterEach(async () => {
  await app?.close();
});

/** What the editor's API client throws for a refused answer. */
function toApiError(response: LightMyRequestResponse): ApiError {
  const problem = readProblem(response.json());
  return new ApiError(response.statusCode, problem, problem?.message ?? String(response.statusCode));
}

const hello = { id: 'hello', name: 'Hello', channel: 'email', content: { subject: 'Hi', text: 'Hello {{ attributes.first_name | default: "there" }}' } };

const draftUsing = (ref: string): Journey => ({
  id: 'welcome', name: 'Welcome', version: 1, status: 'draft',
  states: [
    { id: 'entry', kind: 'entry', stage: 'acquire', position: { x: 0, y: 0 }, params: { trigger: { type: 'event', event: 'Signed Up' } } },
    { id: 'email', kind: 'send', stage: 'acquire', position: { x: 200, y: 0 }, params: { channel: 'email', template: { ref } } },
    { id: 'exit', kind: 'exit', stage: 'acquire', position: { x: 400, y: 0 } },
  ],
  transitions: [
    { id: 't1', from: 'entry', to: 'email', on: { type: 'immediate' } },
    { id: 't2', from: 'email', to: 'exit', on: { type: 'immediate' } },
  ],
  settings: {},
});

describe('a refused save or delete of a library template, as the form explains it', () => {
  it('puts a taken id next to the id field', async () => {
    app = await createPackApp();
    await app.admin('POST', '/api/templates', hello);
    const refusal = readTemplateRefusal('create', toApiError(await app.admin('POST', '/api/templates', hello)), 'hello');
    expect(refusal).toMatchObject({ kind: 'invalid', details: [{ pointer: '/id', message: expect.stringContaining('"hello" is taken') }] });
  });

  it('says plainly that someone else changed it, when the edited version is behind', async () => {
    app = await createPackApp();
    await app.admin('POST', '/api/templates', hello);
    await app.admin('PUT', '/api/templates/hello', { ...hello, name: 'Hello (theirs)', version: 1 });
    const stale = await app.admin('PUT', '/api/templates/hello', { ...hello, name: 'Hello (mine)', version: 1 });
    expect(stale.statusCode).toBe(409);
    const refusal = readTemplateRefusal('update', toApiError(stale), 'hello');
    expect(refusal.kind).toBe('stale');
    expect(refusal.message).toMatch(/changed this template since you opened it.*Reload/);
  });

  it('gives the API\'s reasons when a draft journey still uses the template', async () => {
    app = await createPackApp();
    await app.admin('POST', '/api/templates', hello);
    expect((await app.admin('POST', '/api/journeys', draftUsing('hello'))).statusCode).toBe(201);
    const refusal = readTemplateRefusal('delete', toApiError(await app.admin('DELETE', '/api/templates/hello')), 'hello');
    expect(refusal).toMatchObject({ kind: 'in-use', reasons: [expect.stringContaining('journey "welcome"')] });
  });

  it('tells a template that is gone, field problems of a broken body, and anything else as the API said it', async () => {
    app = await createPackApp();
    expect(readTemplateRefusal('update', toApiError(await app.admin('PUT', '/api/templates/ghost', hello)), 'ghost')).toMatchObject({ kind: 'gone' });
    const broken = await app.admin('POST', '/api/templates', { ...hello, content: { subject: '{% if %}' } });
    expect(readTemplateRefusal('create', toApiError(broken), 'hello')).toMatchObject({ kind: 'invalid', details: expect.arrayContaining([expect.objectContaining({ pointer: '/content/subject' })]) });
    expect(readTemplateRefusal('update', new ApiError(0, null, 'The server did not answer. Is it running?'), 'x')).toEqual({ kind: 'other', message: 'The server did not answer. Is it running?' });
  });
});
