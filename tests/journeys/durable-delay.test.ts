import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { journeyCollectionNames, type TimerRecord } from '../../engine/journeys';
import { openStore } from '../../engine/store';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';

const directories: string[] = [];
afterEach(() => {
  for (const directory of directories.splice(0)) rmSync(directory, { recursive: true, force: true });
});

describe('durable delays', () => {
  it('a 60-day delay survives closing and reopening a persisted store, and fires once', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wayfarer-journeys-'));
    directories.push(dataDir);
    const start = '2024-01-10T09:00:00.000Z';
    const first = await JourneyHarness.create(start, openStore({ dataDir }));
    await first.publish(journey('slow', [entry('in', onEvent('Signed Up')), email('hello', 'Hello'), delay('sixty', wait('P60D')), email('later', 'Two months on'), exit('done')], [go('in', 'hello'), go('hello', 'sixty'), elapsed('sixty', 'later'), go('later', 'done')]));
    await first.identify('u', { email: 'u@example.com' });
    await first.track('u', 'Signed Up');
    await first.advanceTo('2024-02-20T00:00:00.000Z');
    expect((await first.messages()).map((m) => m.stepId)).toEqual(['hello']);
    await first.close();

    // A new process: nothing in memory, only the data directory. No in-process timer was ever involved.
    const second = await JourneyHarness.create('2024-02-20T00:00:00.000Z', openStore({ dataDir }));
    const [timer] = await second.store.collection<TimerRecord>(journeyCollectionNames.timers).find(second.workspace, {});
    expect(timer.dueAt).toBe('2024-03-10T09:00:00.000Z');
    await second.advanceTo('2024-03-10T08:59:59.999Z');
    expect((await second.messages()).map((m) => m.stepId)).toEqual(['hello']);
    await second.advanceTo('2024-03-11T00:00:00.000Z');
    expect((await second.messages()).map((m) => [m.stepId, m.createdAt])).toEqual([
      ['hello', '2024-01-10T09:00:00.000Z'],
      ['later', '2024-03-10T09:00:00.000Z'],
    ]);
    await second.close();

    // And once more: the fired timer is gone and the instance finished, so reopening fires nothing.
    const third = await JourneyHarness.create('2024-06-01T00:00:00.000Z', openStore({ dataDir }));
    await third.advanceTo('2024-07-01T00:00:00.000Z');
    expect(await third.messages()).toHaveLength(2);
    expect((await third.customer('u')).journeys.slow).toMatchObject({ status: 'completed' });
    await third.close();
  });
});
