import type { LightMyRequestResponse } from 'fastify';
import type { Customer, Journey, Segment, StoredEvent } from '../../schemas/types';
import type { StoragePort } from '../../engine/store/index';
import { VirtualClock } from '../../engine/time/index';
import { createIngestApp, testAdminKey, type IngestApp } from './ingest-app';

/**
 * The real app on a virtual clock, with helpers for the segments API and for sending events the way a
 * Segment client does. Every call goes through HTTP (`app.inject`).
 */
export interface SegmentApp extends IngestApp {
  clock: VirtualClock;
  admin(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Creates a segment and expects 201. */
  createSegment(body: Record<string, unknown>): Promise<Segment>;
  /** Saves a journey as version 1 and publishes it, through the API. */
  publishJourney(document: Journey): Promise<void>;
  track(userId: string, event: string, properties?: Record<string, unknown>, extra?: Record<string, unknown>): Promise<void>;
  identify(userId: string, traits: Record<string, unknown>, extra?: Record<string, unknown>): Promise<void>;
  /** The stored customer document of a userId (with meta), or null. */
  customer(userId: string): Promise<Customer | null>;
  /** The stored events named `event` of a userId's customer, oldest stored first. */
  eventsNamed(userId: string, event: string): Promise<StoredEvent[]>;
}

export const segmentTestStart = Date.parse('2024-05-01T12:00:00.000Z');

let messageCounter = 0;

export async function createSegmentApp(options: { store?: StoragePort; start?: number } = {}): Promise<SegmentApp> {
  const clock = new VirtualClock(options.start ?? segmentTestStart);
  const base = await createIngestApp({ store: options.store, clock });
  const admin: SegmentApp['admin'] = (method, url, payload) =>
    base.inject({ method, url, headers: { authorization: `Bearer ${testAdminKey}` }, ...(payload === undefined ? {} : { payload: payload as string }) });
  const send = async (type: 'track' | 'identify', body: Record<string, unknown>): Promise<void> => {
    const response = await base.post(`/v1/${type}`, { messageId: `test-${++messageCounter}`, timestamp: new Date(clock.now()).toISOString(), ...body });
    if (response.statusCode !== 200) throw new Error(`/v1/${type} answered ${response.statusCode}: ${response.body}`);
  };
  const customer = (userId: string): Promise<Customer | null> => base.store.collection<Customer>('customers').findOne(base.workspace, { userId });
  return {
    ...base,
    clock,
    admin,
    async createSegment(body) {
      const response = await admin('POST', '/api/segments', body);
      if (response.statusCode !== 201) throw new Error(`POST /api/segments answered ${response.statusCode}: ${response.body}`);
      return response.json() as Segment;
    },
    async publishJourney(document) {
      const saved = await admin('PUT', `/api/journeys/${document.id}/versions/1`, document);
      if (saved.statusCode !== 200) throw new Error(`PUT journey ${document.id} answered ${saved.statusCode}: ${saved.body}`);
      const published = await admin('POST', `/api/journeys/${document.id}/versions/1/publish`);
      if (published.statusCode !== 200) throw new Error(`publishing ${document.id} answered ${published.statusCode}: ${published.body}`);
    },
    track: (userId, event, properties = {}, extra = {}) => send('track', { userId, event, properties, ...extra }),
    identify: (userId, traits, extra = {}) => send('identify', { userId, traits, ...extra }),
    customer,
    async eventsNamed(userId, event) {
      const found = await customer(userId);
      if (!found) return [];
      return base.store.collection<StoredEvent>('events').find(base.workspace, { customerId: found._id, event }, { sort: { receivedAt: 1, messageId: 1 } });
    },
  };
}
