import type { Customer, Journey } from '../../schemas/types';
import { profileStage } from '../../engine/ingest';
import { ingestMessage } from '../../engine/ingest';
import {
  fireDueTimers,
  journeyCollectionNames,
  journeysStage,
  publishJourney,
  saveJourneyDraft,
  type JourneyInstance,
  type MessageRecord,
  type StoredJourney,
  type TimerRecord,
} from '../../engine/journeys';
import { createRuntime, type Runtime } from '../../engine/runtime';
import { EmbeddedStore, type Filter, type StoragePort } from '../../engine/store';
import { VirtualClock } from '../../engine/time';
import { unwrap } from '../../engine/errors';

/**
 * A journey test bench on the real pipeline (profile + journeys stages through ingestMessage), the
 * real timer worker, and a store (volatile unless given) — all on a virtual clock.
 */
export class JourneyHarness {
  readonly workspace = 'ws_6650f1c2a9e4b3d2c1f0e9d8';

  private constructor(
    readonly runtime: Runtime,
    readonly clock: VirtualClock,
  ) {}

  static async create(start: string | number, store: StoragePort = new EmbeddedStore()): Promise<JourneyHarness> {
    const clock = new VirtualClock(typeof start === 'number' ? start : Date.parse(start));
    const runtime = await createRuntime({ store, clock, stages: [profileStage, journeysStage] });
    return new JourneyHarness(runtime, clock);
  }

  get store(): StoragePort {
    return this.runtime.store;
  }

  /** Saves and publishes a document (its version as given). */
  async publish(document: Journey): Promise<StoredJourney> {
    unwrap(await saveJourneyDraft(this.runtime, this.workspace, { ...document, status: 'draft' }));
    return unwrap(await publishJourney(this.runtime, this.workspace, document.id, document.version));
  }

  /** Moves the clock to `time`, firing every timer due on the way, in due order. */
  async advanceTo(time: string | number): Promise<void> {
    const target = typeof time === 'number' ? time : Date.parse(time);
    const timers = this.store.collection<TimerRecord>(journeyCollectionNames.timers);
    for (;;) {
      const next = await timers.findOne(this.workspace, {}, { sort: { dueAt: 1 } });
      const due = next ? Date.parse(next.dueAt) : Infinity;
      if (due > target) break;
      if (due > this.clock.now()) this.clock.advanceTo(due);
      await fireDueTimers(this.runtime, { owner: 'test-worker' });
    }
    if (target > this.clock.now()) this.clock.advanceTo(target);
  }

  async advanceBy(milliseconds: number): Promise<void> {
    await this.advanceTo(this.clock.now() + milliseconds);
  }

  /** Sends a track event now (or at `at`, firing timers before it), with the Segment `context` if given. */
  async track(userId: string, event: string, properties: Record<string, unknown> = {}, at?: string, context?: Record<string, unknown>): Promise<void> {
    if (at) await this.advanceTo(at);
    const message = { userId, event, properties, timestamp: new Date(this.clock.now()).toISOString(), ...(context ? { context } : {}) };
    const report = await ingestMessage(this.runtime, this.workspace, message, 'track');
    if (report.rejected.length > 0) throw new Error(JSON.stringify(report.rejected));
  }

  async identify(userId: string, traits: Record<string, unknown>, at?: string): Promise<void> {
    if (at) await this.advanceTo(at);
    const report = await ingestMessage(this.runtime, this.workspace, { userId, traits, timestamp: new Date(this.clock.now()).toISOString() }, 'identify');
    if (report.rejected.length > 0) throw new Error(JSON.stringify(report.rejected));
  }

  async customer(userId: string): Promise<Customer> {
    const found = await this.store.collection<Customer>('customers').findOne(this.workspace, { userId });
    if (!found) throw new Error(`No customer ${userId}`);
    return found;
  }

  async messages(filter: Filter = {}): Promise<MessageRecord[]> {
    return this.store.collection<MessageRecord>(journeyCollectionNames.messages).find(this.workspace, filter, { sort: { createdAt: 1, customerId: 1, journeyId: 1, stepId: 1 } });
  }

  async instances(filter: Filter = {}): Promise<JourneyInstance[]> {
    return this.store.collection<JourneyInstance>(journeyCollectionNames.instances).find(this.workspace, filter, { sort: { enteredAt: 1, _id: 1 } });
  }

  async timers(filter: Filter = {}): Promise<TimerRecord[]> {
    return this.store.collection<TimerRecord>(journeyCollectionNames.timers).find(this.workspace, filter, { sort: { dueAt: 1 } });
  }

  /** The states an instance went through, from its path. */
  async pathOf(userId: string, journeyId: string): Promise<string[]> {
    const customer = await this.customer(userId);
    const instance = (await this.instances({ customerId: customer._id, journeyId })).at(-1);
    return instance ? instance.path.map(([state]) => state) : [];
  }

  async close(): Promise<void> {
    await this.runtime.close();
  }
}
