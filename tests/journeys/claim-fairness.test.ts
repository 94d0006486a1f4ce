import { afterEach, describe, expect, it } from 'vitest';
import { claimDueMessages, claimDueTimers, journeyCollectionNames, journeyCollections, type MessageRecord, type TimerRecord } from '../../engine/journeys';
import { EmbeddedStore, openStore, type StoragePort } from '../../engine/store';
import { VirtualClock } from '../../engine/time';

// One workspace's backlog must not hold up another's: every claim takes turns among the workspaces
// with due work. Records are written straight to the store (no journey behind them: the delivery
// re-check lets a message without a customer or journey through), so a backlog costs no ingestion.

const now = '2024-05-01T12:00:00.000Z';

function message(workspace: string, i: number, availableAt: string): MessageRecord {
  const key = `${workspace}.m${i}`;
  return {
    _id: key, key, workspace, status: 'queued', channel: 'email', availableAt, attempts: 0,
    journeyId: 'campaign', journeyVersion: 1, instanceId: `${workspace}.i${i}`, stepId: 'mail', customerId: `${workspace}.c${i}`, userId: null,
    reason: null, createdAt: availableAt, updatedAt: availableAt, history: [], rateLimit: null,
    payload: { type: 'message', to: 'someone@example.com', content: { subject: 'Hi', text: 'Hi' } },
  } as unknown as MessageRecord;
}

function timer(workspace: string, i: number, dueAt: string): TimerRecord {
  return {
    _id: `${workspace}.t${i}`, workspace, instanceId: `${workspace}.i${i}`, customerId: `${workspace}.c${i}`, dueAt,
    event: { type: 'timer', journeyId: 'campaign', state: 'wait', visit: 1 }, leaseOwner: null, leaseUntil: null,
  };
}

/** Writes `docs` into `collection` of one workspace, a few hundred per commit. */
async function seed(store: StoragePort, collection: string, workspace: string, docs: Array<MessageRecord | TimerRecord>): Promise<void> {
  for (let i = 0; i < docs.length; i += 250) {
    const result = await store.commit(workspace, docs.slice(i, i + 250).map((doc) => ({ collection, op: 'insert' as const, doc })));
    if (!result.ok) throw new Error(JSON.stringify(result.conflict));
  }
}

function countBy(records: Array<{ workspace: string }>): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const record of records) counts[record.workspace] = (counts[record.workspace] ?? 0) + 1;
  return counts;
}

const stores: Array<{ name: string; skip: boolean; open: () => StoragePort }> = [
  { name: 'embedded store', skip: false, open: () => new EmbeddedStore() },
  {
    name: 'MongoDB',
    skip: !process.env.MONGODB_URI,
    open: () => openStore({ mongodbUri: process.env.MONGODB_URI, mongodbDatabase: `wayfarer_claim_fairness_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}` }),
  },
];

for (const { name, skip, open } of stores) {
  describe.skipIf(skip)(`claims take turns among workspaces (${name})`, () => {
    let store: StoragePort | null = null;

    async function runtime() {
      store = open();
      await store.open([...journeyCollections, { name: 'customers', indexes: [] }, { name: 'events', indexes: [] }]);
      return { store, clock: new VirtualClock(Date.parse(now)) };
    }

    afterEach(async () => {
      await store?.close();
      store = null;
    });

    it("a backlog in one workspace does not hold up another workspace's earlier message", async () => {
      const r = await runtime();
      // A campaign of 500 due since 11:30 in the workspace listed first; a password reset due since 11:00.
      await seed(r.store, journeyCollectionNames.messages, 'ws_a_bigco', Array.from({ length: 500 }, (_, i) => message('ws_a_bigco', i, '2024-05-01T11:30:00.000Z')));
      await seed(r.store, journeyCollectionNames.messages, 'ws_b_shop', [message('ws_b_shop', 0, '2024-05-01T11:00:00.000Z')]);
      const claimed = await claimDueMessages(r, { owner: 'w1', limit: 10 });
      expect(claimed.map((m) => m.key)).toContain('ws_b_shop.m0');
      // The rest of the poll still goes to the backlog: a share left unused is not wasted.
      expect(countBy(claimed)).toEqual({ ws_a_bigco: 9, ws_b_shop: 1 });
    });

    it("a backlog in one workspace does not hold up another workspace's earlier timer", async () => {
      const r = await runtime();
      await seed(r.store, journeyCollectionNames.timers, 'ws_a_bigco', Array.from({ length: 500 }, (_, i) => timer('ws_a_bigco', i, '2024-05-01T11:30:00.000Z')));
      await seed(r.store, journeyCollectionNames.timers, 'ws_b_shop', [timer('ws_b_shop', 0, '2024-05-01T11:00:00.000Z')]);
      const claimed = await claimDueTimers(r, { owner: 'w1', limit: 10 });
      expect(claimed.map((t) => t._id)).toContain('ws_b_shop.t0');
      expect(countBy(claimed)).toEqual({ ws_a_bigco: 9, ws_b_shop: 1 });
    });

    it('the workspace served first rotates from one claim to the next, earliest due first within each', async () => {
      const r = await runtime();
      const minute = (m: number) => `2024-05-01T11:${String(m).padStart(2, '0')}:00.000Z`;
      await seed(r.store, journeyCollectionNames.messages, 'ws_a', [message('ws_a', 0, minute(20)), message('ws_a', 1, minute(10)), message('ws_a', 2, minute(30))]);
      await seed(r.store, journeyCollectionNames.messages, 'ws_b', [message('ws_b', 0, minute(25)), message('ws_b', 1, minute(5))]);
      const keys: string[] = [];
      for (let poll = 0; poll < 6; poll++) keys.push(...(await claimDueMessages(r, { owner: 'w1', limit: 1 })).map((m) => m.key));
      expect(keys).toEqual(['ws_a.m1', 'ws_b.m1', 'ws_a.m0', 'ws_b.m0', 'ws_a.m2']);
    });

    it('with more workspaces than a claim can serve, the next claim goes on where the last one stopped', async () => {
      const r = await runtime();
      const workspaces = Array.from({ length: 30 }, (_, i) => `ws_${String(i).padStart(2, '0')}`);
      for (const workspace of workspaces) {
        await seed(r.store, journeyCollectionNames.timers, workspace, [timer(workspace, 0, '2024-05-01T11:00:00.000Z'), timer(workspace, 1, '2024-05-01T11:00:00.000Z')]);
      }
      const served: string[] = [];
      for (let poll = 0; poll < 3; poll++) {
        const claimed = await claimDueTimers(r, { owner: 'w1', limit: 10 });
        expect(claimed).toHaveLength(10);
        served.push(...claimed.map((t) => t.workspace));
      }
      // Thirty claims in three polls: every workspace once, none twice before all had a turn.
      expect(new Set(served).size).toBe(30);
    });
  });
}
