import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { JobRun } from '../../engine/runtime/index';
import { VirtualClock } from '../../engine/time/index';
import type { Customer } from '../../schemas/types';
import { createIngestApp, testAdminKey, type IngestApp } from './ingest-app';

/** One Segment track message for the trait tests. */
export interface TrackInput {
  userId: string;
  event: string;
  at: string;
  properties?: Record<string, unknown>;
  messageId?: string;
  anonymousId?: string;
}

/**
 * The real app over a volatile embedded store with a virtual clock, plus what the trait tests do
 * all the time: send events, define traits, read customers, run the scheduler's due jobs at the
 * clock's now.
 */
export class TraitHarness {
  private sequence = 0;

  private constructor(
    readonly app: IngestApp,
    readonly clock: VirtualClock,
  ) {}

  static async create(now = '2024-05-01T12:00:00.000Z'): Promise<TraitHarness> {
    const clock = new VirtualClock(Date.parse(now));
    return new TraitHarness(await createIngestApp({ clock }), clock);
  }

  get workspace(): string {
    return this.app.workspace;
  }

  /** Sends track messages in one batch, in the order given; each gets a unique messageId unless set. */
  async track(...inputs: TrackInput[]): Promise<void> {
    const batch = inputs.map((input) => ({
      type: 'track',
      userId: input.userId,
      ...(input.anonymousId ? { anonymousId: input.anonymousId } : {}),
      event: input.event,
      messageId: input.messageId ?? `m-${++this.sequence}`,
      timestamp: input.at,
      properties: input.properties ?? {},
    }));
    const response = await this.app.post('/v1/batch', { batch });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** Any message(s) through /v1/batch. */
  async send(...messages: Array<Record<string, unknown>>): Promise<void> {
    const response = await this.app.post('/v1/batch', { batch: messages.map((message) => ({ messageId: `m-${++this.sequence}`, ...message })) });
    expect(response.statusCode, response.body).toBe(200);
  }

  /** An admin API call. */
  api(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse> {
    return this.app.inject({ method, url, headers: { authorization: `Bearer ${testAdminKey}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  }

  /** Defines a trait through the API (expects 201) and runs the backfill it asks for. */
  async defineTrait(definition: Record<string, unknown>): Promise<void> {
    const response = await this.api('POST', '/api/traits', definition);
    expect(response.statusCode, response.body).toBe(201);
    await this.runDueJobs();
  }

  /** The stored customer document of a userId (with meta). */
  async customer(userId: string): Promise<Customer> {
    const customer = await this.app.store.collection<Customer>('customers').findOne(this.workspace, { userId });
    expect(customer, `customer ${userId}`).not.toBeNull();
    return customer!;
  }

  async trait(userId: string, id: string): Promise<unknown> {
    return (await this.customer(userId)).traits[id];
  }

  /** Runs every job due at the clock's now (the scheduler a server would poll). */
  runDueJobs(): Promise<JobRun[]> {
    return this.app.app.scheduler.runDueJobs(this.clock.now());
  }

  /** Moves the clock and runs what is due then. */
  async advanceTo(iso: string): Promise<JobRun[]> {
    this.clock.advanceTo(Date.parse(iso));
    return this.runDueJobs();
  }

  close(): Promise<void> {
    return this.app.close();
  }
}
