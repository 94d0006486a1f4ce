import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { JourneyList, JourneyValidation, JourneyVersion, JourneyVersionList } from '../../schemas/types';
import { createDeliveryApp, type DeliveryApp } from '../support/delivery-app';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';

/** Signed Up → wait a day → welcome email → done. */
function welcome(version = 1, subject = 'Welcome!') {
  return { ...journey('welcome', [entry('signed-up', onEvent('Signed Up')), delay('one-day', wait('P1D')), email('hello', subject), exit('done')], [go('signed-up', 'one-day'), elapsed('one-day', 'hello'), go('hello', 'done')]), version };
}

describe('the journeys API', () => {
  let app: DeliveryApp;
  beforeEach(async () => {
    app = await createDeliveryApp();
  });
  afterEach(async () => {
    await app.close();
  });

  it('needs the admin key', async () => {
    expect((await app.inject({ method: 'GET', url: '/api/journeys' })).statusCode).toBe(401);
    expect((await app.inject({ method: 'GET', url: '/api/journeys', headers: { authorization: 'Bearer nope' } })).json().code).toBe('UNAUTHORIZED');
  });

  it('creates a draft, updates it, publishes it, and then refuses to change it', async () => {
    const created = await app.admin('POST', '/api/journeys', welcome());
    expect(created.statusCode).toBe(201);
    expect((created.json() as JourneyVersion).journey).toMatchObject({ id: 'welcome', version: 1, status: 'draft' });
    expect((await app.admin('POST', '/api/journeys', welcome())).json()).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/id' }] });

    const updated = await app.admin('PUT', '/api/journeys/welcome/versions/1', welcome(1, 'Welcome aboard!'));
    expect(updated.statusCode).toBe(200);
    expect(JSON.stringify((await app.admin('GET', '/api/journeys/welcome/versions/1')).json())).toContain('Welcome aboard!');
    expect((await app.admin('PUT', '/api/journeys/welcome/versions/2', welcome(1))).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/version' }] });

    const published = await app.admin('POST', '/api/journeys/welcome/versions/1/publish');
    expect(published.statusCode).toBe(200);
    expect(published.json()).toMatchObject({ journey: { status: 'published' }, publishedAt: '2024-05-01T12:00:00.000Z' });
    const edit = await app.admin('PUT', '/api/journeys/welcome/versions/1', welcome(1, 'Sneaky change'));
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'IMMUTABLE_VERSION', details: [{ pointer: '/version' }] });
    expect((await app.admin('DELETE', '/api/journeys/welcome/versions/1')).json().code).toBe('IMMUTABLE_VERSION');

    expect((await app.admin('PUT', '/api/journeys/welcome/versions/2', welcome(2, 'Version two'))).statusCode).toBe(200);
    const versions = (await app.admin('GET', '/api/journeys/welcome/versions')).json() as JourneyVersionList;
    expect(versions.liveVersion).toBe(1);
    expect(versions.versions.map((v) => [v.version, v.status])).toEqual([[1, 'published'], [2, 'draft']]);
    expect(((await app.admin('GET', '/api/journeys/welcome')).json() as JourneyVersion).journey.version).toBe(2);
    expect((await app.admin('GET', '/api/journeys')).json() as JourneyList).toEqual({
      journeys: [{ id: 'welcome', name: 'welcome', latestVersion: 2, latestStatus: 'draft', liveVersion: 1, updatedAt: '2024-05-01T12:00:00.000Z' }],
    });
    expect((await app.admin('DELETE', '/api/journeys/welcome/versions/2')).statusCode).toBe(204);
    expect((await app.admin('GET', '/api/journeys/welcome/versions/2')).statusCode).toBe(404);
    expect((await app.admin('GET', '/api/journeys/nothing')).json()).toMatchObject({ code: 'NOT_FOUND', details: [{ pointer: '/id' }] });
  });

  it('validates a stored version or an unsaved document, pointing at each problem', async () => {
    const broken = welcome();
    broken.states.push(email('orphan', 'Nobody gets here'));
    broken.states[3] = email('hello', '{{ attributes.name | frobnicate }}');
    expect((await app.admin('POST', '/api/journeys', broken)).statusCode).toBe(201);

    const checked = (await app.admin('POST', '/api/journeys/welcome/validate', {})).json() as JourneyValidation;
    expect(checked.valid).toBe(false);
    expect(checked.version).toBe(1);
    expect(checked.problem!.code).toBe('INVALID_DEFINITION');
    const pointers = checked.problem!.details.map((detail) => detail.pointer);
    expect(pointers).toContain('/states/4');
    expect(pointers.some((pointer) => pointer?.startsWith('/states/3/params/template/subject'))).toBe(true);

    // Publishing it fails with the same problems, and changes nothing.
    const refused = await app.admin('POST', '/api/journeys/welcome/versions/1/publish');
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('INVALID_DEFINITION');
    expect(((await app.admin('GET', '/api/journeys/welcome/versions/1')).json() as JourneyVersion).journey.status).toBe('draft');

    const fixed = (await app.admin('POST', '/api/journeys/welcome/validate', { journey: welcome() })).json() as JourneyValidation;
    expect(fixed).toEqual({ valid: true, version: null, problem: null, warnings: [] });
    const schemaProblem = (await app.admin('POST', '/api/journeys/welcome/validate', { journey: { ...welcome(), states: 'none' } })).json() as JourneyValidation;
    expect(schemaProblem.problem).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/states' }] });
    expect((await app.admin('POST', '/api/journeys/welcome/validate', { journey: { ...welcome(), id: 'other' } })).json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/journey/id' }] });
  });

  it('answers a state of an unknown kind with one detail at the kind, not one per kind it could have been', async () => {
    const document = journey('odd', [entry('start', { type: 'segment', segment: 'vip' } as never), exit('done')], [go('start', 'done')]);
    const response = await app.admin('PUT', '/api/journeys/odd/versions/1', document);
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/states/0/params/trigger/type', message: '"segment" is not a known type here' }] });
    expect(response.json().details).toHaveLength(1);
  });

  it('archives a journey: nobody new enters, customers already in it finish', async () => {
    await app.publish(welcome());
    await app.send('identify', { userId: 'early', traits: { email: 'early@example.com' } });
    await app.send('track', { userId: 'early', event: 'Signed Up' });
    const archived = await app.admin('POST', '/api/journeys/welcome/archive');
    expect(archived.statusCode).toBe(200);
    expect((archived.json() as JourneyVersionList)).toMatchObject({ liveVersion: null, versions: [{ version: 1, status: 'archived' }] });

    await app.send('identify', { userId: 'late', traits: { email: 'late@example.com' } });
    await app.send('track', { userId: 'late', event: 'Signed Up' });
    app.clock.advanceBy(24 * 60 * 60 * 1000 + 1);
    await app.createWorker().runUntilIdle();
    const messages = await app.messages();
    expect(messages.map((m) => [m.userId, m.stepId])).toEqual([['early', 'hello']]);
    const early = (await app.admin('GET', '/api/customers/early')).json();
    expect(early.journeys.welcome).toMatchObject({ state: 'done', status: 'completed' });
    expect((await app.admin('GET', '/api/customers/late')).json().journeys.welcome).toBeUndefined();
  });

  it('documents every route in the OpenAPI document', async () => {
    const paths = Object.keys((await app.inject({ method: 'GET', url: '/docs/json' })).json().paths);
    for (const path of ['/api/journeys', '/api/journeys/{id}', '/api/journeys/{id}/versions', '/api/journeys/{id}/versions/{version}', '/api/journeys/{id}/versions/{version}/publish', '/api/journeys/{id}/validate', '/api/journeys/{id}/archive', '/api/journeys/{id}/simulate', '/api/journeys/{id}/analytics', '/api/journeys/{id}/entries', '/api/messages', '/api/messages/{key}', '/api/channels']) {
      expect(paths).toContain(path);
    }
  });
});
