import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors/index';
import { fireDueTimers, historyChunks, historyChunkSteps, historyInstanceLimit, journeyCollectionNames, publishJourney, readJourneyHistory, saveJourneyDraft } from '../../engine/journeys/index';
import { VirtualClock } from '../../engine/time/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import type { Customer, CustomerJourneyHistory, Journey } from '../../schemas/types';
import { action, delay, elapsed, entry, exit, go, journey, onEvent, timeout, wait, waitFor, when } from '../support/journey-factory';
import { JourneyHarness } from '../support/journey-harness';
import { createIngestApp, testAdminKey, type IngestApp } from '../support/ingest-app';

/** Signed Up → three tags → a day's wait → two tags → done: eight states over two commits. */
const onboarding = (): Journey =>
  journey(
    'onboarding',
    [
      entry('in', onEvent('Signed Up')),
      ...['t1', 't2', 't3'].map((id) => action({ id, kind: 'tags', params: { add: [id] } })),
      delay('a-day', wait('P1D')),
      ...['t4', 't5'].map((id) => action({ id, kind: 'tags', params: { add: [id] } })),
      exit('done'),
    ],
    [go('in', 't1'), go('t1', 't2'), go('t2', 't3'), go('t3', 'a-day'), elapsed('a-day', 't4'), go('t4', 't5'), go('t5', 'done')],
    { reentry: { policy: 'always' } },
  );

const short = (): Journey => journey('short', [entry('in', onEvent('Signed Up')), exit('done')], [go('in', 'done')], { reentry: { policy: 'always' } });

/** Go → wait for Next (a week) → done: an anonymous batch can step it twice before the identify. */
const twoStep = (): Journey => journey('two-step', [entry('in', onEvent('Go')), waitFor('w', 'P7D'), exit('done'), exit('late')], [go('in', 'w'), when('w', 'done', 'Next'), timeout('w', 'late')]);

let t: IngestApp;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
  t = await createIngestApp({ clock });
  for (const document of [onboarding(), short(), twoStep()]) {
    unwrap(await saveJourneyDraft(t.runtime, t.workspace, document));
    unwrap(await publishJourney(t.runtime, t.workspace, document.id, document.version));
  }
});

afterEach(async () => {
  await t.close();
});

async function signUp(userId: string): Promise<void> {
  const response = await t.post('/v1/track', { userId, event: 'Signed Up', timestamp: new Date(clock.now()).toISOString() });
  expect(response.statusCode, response.body).toBe(200);
}

async function history(userId: string, journeyId: string): Promise<{ status: number; body: CustomerJourneyHistory; contentLocation?: string }> {
  const response = await t.inject({ method: 'GET', url: `/api/customers/${userId}/journeys/${journeyId}`, headers: { authorization: `Bearer ${testAdminKey}` } });
  return { status: response.statusCode, body: response.json(), contentLocation: response.headers['content-location'] as string | undefined };
}

const states = (run: CustomerJourneyHistory['instances'][number]): string[] => run.path.map((step) => step.state);

describe('GET /api/customers/{userId}/journeys/{journeyId}', () => {
  it('shows every state a run entered, in order, though the customer document keeps only the last five', async () => {
    await signUp('u-1');
    clock.advanceBy(25 * 3600_000);
    await fireDueTimers(t.runtime, { owner: 'test-worker' });

    const { status, body } = await history('u-1', 'onboarding');
    expect(status).toBe(200);
    expect(validateAgainstSchema('customer-journey-history', body).ok).toBe(true);
    expect(body.instances).toHaveLength(1);
    const [run] = body.instances;
    expect(states(run)).toEqual(['in', 't1', 't2', 't3', 'a-day', 't4', 't5', 'done']);
    expect(run).toMatchObject({ status: 'completed', state: 'done', steps: 8, pathComplete: true, version: 1 });
    expect(run.path[0].at).toBe('2024-05-01T12:00:00.000Z');
    // When the worker moved it: the timer fired an hour after it was due.
    expect(run.path[5].at).toBe('2024-05-02T13:00:00.000Z');

    const customer = await t.store.collection<Customer>('customers').findOne(t.workspace, { userId: 'u-1' });
    expect(customer?.journeys?.onboarding?.path?.map((step) => step.state)).toEqual(['t3', 'a-day', 't4', 't5', 'done']);
  });

  it('lists each run newest first, a re-entered one with its own path', async () => {
    await signUp('u-1');
    clock.advanceBy(25 * 3600_000);
    await fireDueTimers(t.runtime, { owner: 'test-worker' });
    clock.advanceBy(3600_000);
    await signUp('u-1');

    const { body } = await history('u-1', 'onboarding');
    expect(body.instances.map((run) => [run.status, states(run).length])).toEqual([
      ['active', 5],
      ['completed', 8],
    ]);
    expect(body.instances.every((run) => run.pathComplete)).toBe(true);
  });

  it('writes no history for a run whose whole path fits the customer document', async () => {
    await signUp('u-2');
    expect((await history('u-2', 'short')).body.instances.map(states)).toEqual([['in', 'done']]);
    // The onboarding run entered five states in its first commit: still nothing to keep apart.
    expect(await t.store.collection(journeyCollectionNames.paths).count(t.workspace, {})).toBe(0);
  });

  it('answers an empty list for a journey the customer never entered, 404 for an unknown customer, 400 for a bad id', async () => {
    await signUp('u-3');
    expect((await history('u-3', 'never-published')).body).toEqual({ journeyId: 'never-published', instances: [], more: false });
    const unknown = await history('nobody', 'onboarding');
    expect(unknown.status).toBe(404);
    const tooLong = await history('u-3', 'j'.repeat(65));
    expect(tooLong.status).toBe(400);
  });

  it('says where the customer lives now when asked under a former userId', async () => {
    await signUp('bob');
    expect((await t.post('/v1/alias', { userId: 'robert', previousId: 'bob' })).statusCode).toBe(200);
    const { status, body, contentLocation } = await history('bob', 'short');
    expect(status).toBe(200);
    expect(body.instances).toHaveLength(1);
    expect(contentLocation).toBe('/api/customers/robert/journeys/short');
  });

  it('lists a run an anonymous batch stepped twice before the identify that merged the visitor', async () => {
    await signUp('bea');
    const at = new Date(clock.now()).toISOString();
    const batch = [
      { type: 'track', anonymousId: 'anon-bea', event: 'Go', messageId: 'b-1', timestamp: at },
      { type: 'track', anonymousId: 'anon-bea', event: 'Next', messageId: 'b-2', timestamp: at },
      { type: 'identify', userId: 'bea', anonymousId: 'anon-bea', messageId: 'b-3', timestamp: at },
    ];
    expect((await t.post('/v1/batch', { batch })).statusCode).toBe(200);
    const { body } = await history('bea', 'two-step');
    expect(body.instances.map((run) => [run.status, states(run)])).toEqual([['completed', ['in', 'w', 'done']]]);
  });

  it('lists runs one request started newest first, in the order they began', async () => {
    // Each Pick event enters through the entry its `n` names: the path tells the runs apart.
    const exits = ['one', 'two', 'three', 'four', 'five'];
    const pick = journey(
      'pick',
      [...exits.map((id, i) => entry(`in-${id}`, onEvent('Pick', { all: [{ fact: 'event.properties.n', operator: 'equal', value: i + 1 }] }))), ...exits.map((id) => exit(id))],
      exits.map((id) => go(`in-${id}`, id)),
      { reentry: { policy: 'always' } },
    );
    unwrap(await saveJourneyDraft(t.runtime, t.workspace, pick));
    unwrap(await publishJourney(t.runtime, t.workspace, pick.id, pick.version));
    await signUp('picky');
    const at = new Date(clock.now()).toISOString();
    const batch = exits.map((_, i) => ({ type: 'track', userId: 'picky', event: 'Pick', properties: { n: i + 1 }, messageId: `pick-${i}`, timestamp: at }));
    expect((await t.post('/v1/batch', { batch })).statusCode).toBe(200);
    const { body } = await history('picky', 'pick');
    expect(new Set(body.instances.map((run) => run.enteredAt)).size).toBe(1);
    expect(body.instances.map((run) => states(run).at(-1))).toEqual([...exits].reverse());
  });

  it('shows the 50 newest runs and says there are more', async () => {
    for (let run = 0; run <= historyInstanceLimit; run++) {
      await signUp('busy');
      clock.advanceBy(1000);
    }
    const { body } = await history('busy', 'short');
    expect(body.instances).toHaveLength(historyInstanceLimit);
    expect(body.more).toBe(true);
    expect(Date.parse(body.instances[0].enteredAt)).toBeGreaterThan(Date.parse(body.instances[1].enteredAt));
  });

  it('reads instance documents written before paths were pairs', async () => {
    await signUp('old');
    const instances = t.store.collection(journeyCollectionNames.instances);
    const [instance] = await instances.find(t.workspace, { journeyId: 'short' });
    expect(await instances.replaceOne(t.workspace, { _id: instance._id }, { ...instance, path: [{ state: 'in', at: '2024-05-01T12:00:00.000Z' }, { state: 'done', at: '2024-05-01T12:00:00.000Z' }] })).toMatchObject({ matched: 1 });
    const { status, body } = await history('old', 'short');
    expect(status).toBe(200);
    expect(body.instances.map(states)).toEqual([['in', 'done']]);
  });
});

describe('the history of a run that loops for months', () => {
  it('keeps the newest steps in small documents, in order, and says the oldest are gone', async () => {
    const h = await JourneyHarness.create('2024-01-01T00:00:00.000Z');
    await h.publish(journey('drip', [entry('in', onEvent('Go')), delay('tick', wait('P1D')), action({ id: 'tag', kind: 'tags', params: { add: ['x'] } })], [go('in', 'tick'), elapsed('tick', 'tag'), go('tag', 'tick')]));
    await h.track('u', 'Go');
    await h.advanceBy(150 * 86_400_000 + 1000);
    const customer = await h.customer('u');
    const [run] = (await readJourneyHistory(h.store, h.workspace, customer._id, 'drip')).instances;
    expect(run.steps).toBe(1 + 2 * 150 + 1);
    // 297 older steps fill documents 0–14 (the last holds 17); the newest 10 of them stay: 9 × 20 + 17, then the 5 recent.
    const kept = (historyChunks - 1) * historyChunkSteps + 17 + 5;
    expect(run.path).toHaveLength(kept);
    expect(run.pathComplete).toBe(false);
    // The newest steps, oldest first, each once.
    expect(run.path.at(-1)).toEqual({ state: 'tick', at: '2024-05-30T00:00:00.000Z' });
    expect(run.path.map((step) => step.at)).toEqual(run.path.map((step) => step.at).sort());
    expect(new Set(run.path.map((step) => `${step.state}@${step.at}`)).size).toBe(kept);
    const chunks = await h.store.collection(journeyCollectionNames.paths).find(h.workspace, {});
    expect(chunks.length).toBeLessThanOrEqual(historyChunks);
    expect(Math.max(...chunks.map((chunk) => (chunk.steps as unknown[]).length))).toBeLessThanOrEqual(historyChunkSteps);
    await h.close();
  });
});
