import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../engine/errors/index';
import { fireDueTimers, journeyCollectionNames, publishJourney, saveJourneyDraft } from '../../engine/journeys/index';
import { VirtualClock } from '../../engine/time/index';
import { validateAgainstSchema } from '../../engine/validation/index';
import type { Customer, CustomerJourneyHistory, Journey } from '../../schemas/types';
import { action, delay, elapsed, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';
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

const short = (): Journey => journey('short', [entry('in', onEvent('Signed Up')), exit('done')], [go('in', 'done')]);

let t: IngestApp;
let clock: VirtualClock;

beforeEach(async () => {
  clock = new VirtualClock(Date.parse('2024-05-01T12:00:00.000Z'));
  t = await createIngestApp({ clock });
  for (const document of [onboarding(), short()]) {
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

async function history(userId: string, journeyId: string): Promise<{ status: number; body: CustomerJourneyHistory }> {
  const response = await t.inject({ method: 'GET', url: `/api/customers/${userId}/journeys/${journeyId}`, headers: { authorization: `Bearer ${testAdminKey}` } });
  return { status: response.statusCode, body: response.json() };
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
    expect((await history('u-3', 'never-published')).body).toEqual({ journeyId: 'never-published', instances: [] });
    const unknown = await history('nobody', 'onboarding');
    expect(unknown.status).toBe(404);
    const tooLong = await history('u-3', 'j'.repeat(65));
    expect(tooLong.status).toBe(400);
  });
});
