import { describe, expect, it } from 'vitest';
import { claimDueTimers, fireDueTimers, fireTimer, type TimerFireResult } from '../../engine/journeys';
import { openStore } from '../../engine/store';
import { JourneyHarness } from '../support/journey-harness';
import { delay, elapsed, email, entry, exit, go, journey, onEvent, wait } from '../support/journey-factory';

const drip = journey(
  'drip',
  [entry('in', onEvent('Go')), delay('one', wait('PT1H')), email('a', 'A'), delay('two', wait('PT1H')), email('b', 'B'), exit('done')],
  [go('in', 'one'), elapsed('one', 'a'), go('a', 'two'), elapsed('two', 'b'), go('b', 'done')],
);

async function benchWithCustomers(count: number): Promise<JourneyHarness> {
  const h = await JourneyHarness.create('2024-05-01T00:00:00.000Z');
  await h.publish(drip);
  const { ingestBatch } = await import('../../engine/ingest');
  const at = '2024-05-01T00:00:00.000Z';
  await ingestBatch(h.runtime, h.workspace, {
    batch: Array.from({ length: count }, (_, i) => [
      { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` }, timestamp: at },
      { type: 'track', userId: `u${i}`, event: 'Go', timestamp: at },
    ]).flat(),
  });
  return h;
}

describe('timer workers', () => {
  it('two workers polling one store never fire a timer twice', async () => {
    const h = await benchWithCustomers(120);
    h.clock.advanceTo(Date.parse('2024-05-01T01:00:00.000Z'));
    const worker = (owner: string) => fireDueTimers(h.runtime, { owner, limit: 1000, leaseMs: 30_000 });
    const [first, second] = await Promise.all([worker('worker-1'), worker('worker-2')]);
    const fired = [...first, ...second].filter((r) => r.outcome === 'fired');
    expect(fired).toHaveLength(120);
    expect(new Set(fired.map((r) => r.timerId)).size).toBe(120);
    // Both took part, and every customer got exactly one "a" (the unique key would have refused a second).
    expect(first.length).toBeGreaterThan(0);
    expect(second.length).toBeGreaterThan(0);
    const messages = await h.messages({ stepId: 'a' });
    expect(messages).toHaveLength(120);
    expect(new Set(messages.map((m) => m.customerId)).size).toBe(120);
    // The next hop's timers exist once each.
    expect(await h.timers()).toHaveLength(120);
    await h.close();
  });

  it('a claim expires: a second worker takes the timer over, and the first one can no longer commit', async () => {
    const h = await benchWithCustomers(1);
    h.clock.advanceTo(Date.parse('2024-05-01T01:00:00.000Z'));
    const [claimedBySlow] = await claimDueTimers(h.runtime, { owner: 'slow', leaseMs: 10_000 });
    expect(await claimDueTimers(h.runtime, { owner: 'fast', leaseMs: 10_000 })).toEqual([]); // held
    h.clock.advanceBy(10_001); // the slow worker stalls past its lease
    const [claimedByFast] = await claimDueTimers(h.runtime, { owner: 'fast', leaseMs: 10_000 });
    expect(claimedByFast._id).toBe(claimedBySlow._id);
    const fast = await fireTimer(h.runtime, claimedByFast, { owner: 'fast' });
    const slow: TimerFireResult = await fireTimer(h.runtime, claimedBySlow, { owner: 'slow' });
    expect(fast.outcome).toBe('fired');
    expect(slow.outcome).toBe('lease-lost'); // the timer is gone: handled by the worker that held it
    expect(await h.messages({ stepId: 'a' })).toHaveLength(1);
    await h.close();
  });

  it('a worker that lost its lease mid-fire writes nothing', async () => {
    const h = await benchWithCustomers(1);
    h.clock.advanceTo(Date.parse('2024-05-01T01:00:00.000Z'));
    const [claimed] = await claimDueTimers(h.runtime, { owner: 'w1', leaseMs: 5_000 });
    h.clock.advanceBy(6_000);
    const [stolen] = await claimDueTimers(h.runtime, { owner: 'w2', leaseMs: 5_000 });
    expect(stolen._id).toBe(claimed._id);
    // w1 fires first this time: the customer and instance still match, only the lease does not.
    expect(await fireTimer(h.runtime, claimed, { owner: 'w1' })).toEqual({ outcome: 'lease-lost', timerId: claimed._id });
    expect(await h.messages()).toHaveLength(0);
    expect(await fireTimer(h.runtime, stolen, { owner: 'w2' })).toMatchObject({ outcome: 'fired' });
    expect(await h.messages()).toHaveLength(1);
    await h.close();
  });

  it('leaves timers that are not due alone', async () => {
    const h = await benchWithCustomers(3);
    h.clock.advanceTo(Date.parse('2024-05-01T00:59:59.999Z'));
    expect(await fireDueTimers(h.runtime, { owner: 'w' })).toEqual([]);
    expect(await h.timers({ leaseOwner: null })).toHaveLength(3);
    await h.close();
  });
});

// Two processes sharing one store is what MongoDB is for (the embedded store belongs to one process):
// two separately connected stores stand in for two worker processes.
describe.skipIf(!process.env.MONGODB_URI)('timer workers on MongoDB', () => {
  it('two workers with their own connections never fire a timer twice', async () => {
    const database = `wayfarer_journeys_${Date.now().toString(36)}`;
    const connect = () => openStore({ mongodbUri: process.env.MONGODB_URI, mongodbDatabase: database });
    const first = await JourneyHarness.create('2024-05-01T00:00:00.000Z', connect());
    await first.publish(drip);
    const { ingestBatch } = await import('../../engine/ingest');
    await ingestBatch(first.runtime, first.workspace, {
      batch: Array.from({ length: 40 }, (_, i) => [
        { type: 'identify', userId: `u${i}`, traits: { email: `u${i}@example.com` }, timestamp: '2024-05-01T00:00:00.000Z' },
        { type: 'track', userId: `u${i}`, event: 'Go', timestamp: '2024-05-01T00:00:00.000Z' },
      ]).flat(),
    });
    const second = await JourneyHarness.create('2024-05-01T01:00:00.000Z', connect());
    first.clock.advanceTo(Date.parse('2024-05-01T01:00:00.000Z'));
    const [one, two] = await Promise.all([
      fireDueTimers(first.runtime, { owner: 'process-1', limit: 1000 }),
      fireDueTimers(second.runtime, { owner: 'process-2', limit: 1000 }),
    ]);
    const fired = [...one, ...two].filter((r) => r.outcome === 'fired');
    expect(fired).toHaveLength(40);
    expect(new Set(fired.map((r) => r.timerId)).size).toBe(40);
    expect(await first.messages({ stepId: 'a' })).toHaveLength(40);
    await first.close();
    await second.close();
  });
});
