import { describe, expect, it } from 'vitest';
import type { ReentryPolicy } from '../../schemas/types';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';

/** Enters on "Go", sends, waits a day, sends again, ends. */
const reentrant = (reentry: ReentryPolicy) =>
  journey('promo', [entry('in', onEvent('Go')), email('first', 'First'), delay('day', wait('P1D')), email('second', 'Second'), exit('done')], [go('in', 'first'), go('first', 'day'), elapsed('day', 'second'), go('second', 'done')], { reentry });

async function run(reentry: ReentryPolicy, times: string[]): Promise<{ instances: Array<[string, string, string | undefined]>; sends: string[] }> {
  const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
  await h.publish(reentrant(reentry));
  await h.identify('u', { email: 'u@example.com' });
  for (const at of times) await h.track('u', 'Go', {}, at);
  await h.advanceTo('2024-07-01T00:00:00.000Z');
  const result = {
    instances: (await h.instances()).map((i): [string, string, string | undefined] => [i.enteredAt.slice(0, 16), i.status, i.endReason]),
    sends: (await h.messages()).map((m) => `${m.stepId}@${m.createdAt.slice(0, 16)}`),
  };
  await h.close();
  return result;
}

// 10:00 enters; 12:00 the same day (still running); 3 days later (finished 2 days ago); 20 days later.
const triggers = ['2024-05-01T10:00:00.000Z', '2024-05-01T12:00:00.000Z', '2024-05-04T10:00:00.000Z', '2024-05-24T10:00:00.000Z'];

describe('re-entry policy', () => {
  it('never: a customer goes through once', async () => {
    const { instances } = await run({ policy: 'never' }, triggers);
    expect(instances).toEqual([['2024-05-01T10:00', 'completed', 'reached:done']]);
  });

  it('after-exit: again once the previous run ended, never two at a time', async () => {
    const { instances } = await run({ policy: 'after-exit' }, triggers);
    expect(instances.map((i) => i[0])).toEqual(['2024-05-01T10:00', '2024-05-04T10:00', '2024-05-24T10:00']);
  });

  it('after-cooldown: again once the previous run ended at least the cooldown ago', async () => {
    const { instances } = await run({ policy: 'after-cooldown', cooldown: 'P7D' }, triggers);
    // Ended 2024-05-02T10:00; 05-04 is within 7 days of it, 05-24 is not.
    expect(instances.map((i) => i[0])).toEqual(['2024-05-01T10:00', '2024-05-24T10:00']);
  });

  it('always: every trigger starts afresh, ending a running instance and its pending timer', async () => {
    const { instances, sends } = await run({ policy: 'always' }, triggers);
    expect(instances).toEqual([
      ['2024-05-01T10:00', 'exited', 're-entered'],
      ['2024-05-01T12:00', 'completed', 'reached:done'],
      ['2024-05-04T10:00', 'completed', 'reached:done'],
      ['2024-05-24T10:00', 'completed', 'reached:done'],
    ]);
    // The first run's "second" never went out: its timer went with it.
    expect(sends).toEqual([
      'first@2024-05-01T10:00', 'first@2024-05-01T12:00', 'second@2024-05-02T12:00',
      'first@2024-05-04T10:00', 'second@2024-05-05T10:00', 'first@2024-05-24T10:00', 'second@2024-05-25T10:00',
    ]);
  });
});
