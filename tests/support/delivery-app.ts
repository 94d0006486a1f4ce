import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { profileStage } from '../../engine/ingest/index';
import { journeyCollectionNames, journeysStage, type MessageRecord } from '../../engine/journeys/index';
import type { Filter, StoragePort } from '../../engine/store/index';
import { VirtualClock } from '../../engine/time/index';
import type { ChannelConfig, Journey } from '../../schemas/types';
import { DeliveryWorker, WorkspaceChannels, type DeliveryWorkerOptions } from '../../server/workers/index';
import { createIngestApp, testAdminKey, type IngestApp, type IngestAppOptions } from './ingest-app';

export const testWebhookSecret = 'whsec_test_0123456789abcdef';

/** A channel config for loopback test servers: SMTP `email`, signed `webhook`, `log` to a stream. */
export function loopbackChannels(workspace: string, ports: { smtp?: number; webhookUrl?: string }): ChannelConfig {
  const channels: ChannelConfig['channels'] = {};
  if (ports.smtp !== undefined) channels.email = { kind: 'smtp', host: '127.0.0.1', port: ports.smtp, from: 'Tea & Mugs <news@teaandmugs.example>', pool: { maxConnections: 4, maxMessages: 1000 } };
  channels.webhook = { kind: 'webhook', secret: testWebhookSecret, ...(ports.webhookUrl ? { url: ports.webhookUrl } : {}), retry: { maxAttempts: 3, baseDelayMs: 1_000 } };
  return { workspace, channels, egress: { allow: ['127.0.0.1'] } };
}

export interface DeliveryApp extends IngestApp {
  clock: VirtualClock;
  /** A worker on this app's store and clock (not started: call `runUntilIdle`, or `start`). */
  createWorker(options?: Partial<DeliveryWorkerOptions>): DeliveryWorker;
  /** An admin-key request with a JSON body. */
  admin(method: InjectOptions['method'], url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Saves and publishes a journey through the API (its version as given). */
  publish(document: Journey): Promise<void>;
  /** Sends a Segment message through /v1/<type>. */
  send(type: 'identify' | 'track' | 'alias', message: Record<string, unknown>): Promise<void>;
  messages(filter?: Filter): Promise<MessageRecord[]>;
}

/**
 * The real app with the profile and journeys stages over a volatile embedded store (or the one given),
 * a virtual clock at 2024-05-01T12:00:00Z, and workers built on the same store and clock. Workers made
 * here are stopped and their channels closed by `close()`.
 */
export async function createDeliveryApp(options: { store?: StoragePort; start?: string; links?: IngestAppOptions['links'] } = {}): Promise<DeliveryApp> {
  const clock = new VirtualClock(Date.parse(options.start ?? '2024-05-01T12:00:00.000Z'));
  const base = await createIngestApp({ clock, stages: [profileStage, journeysStage], ...(options.store ? { store: options.store } : {}), ...(options.links ? { links: options.links } : {}) });
  const workers: Array<{ worker: DeliveryWorker; channels: WorkspaceChannels }> = [];
  const admin = (method: InjectOptions['method'], url: string, payload?: unknown) =>
    base.inject({ method, url, headers: { authorization: `Bearer ${testAdminKey}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return {
    ...base,
    clock,
    admin,
    createWorker(workerOptions = {}) {
      const channels = workerOptions.channels ?? new WorkspaceChannels({ store: base.store, clock, refreshMs: 0 });
      const worker = new DeliveryWorker({ runtime: base.runtime, channels, leaseMs: 30_000, pollIntervalMs: 5, ...workerOptions });
      workers.push({ worker, channels });
      return worker;
    },
    async publish(document) {
      const saved = await admin('PUT', `/api/journeys/${document.id}/versions/${document.version}`, { ...document, status: 'draft' });
      if (saved.statusCode !== 200) throw new Error(`Saving ${document.id} failed: ${saved.body}`);
      const published = await admin('POST', `/api/journeys/${document.id}/versions/${document.version}/publish`);
      if (published.statusCode !== 200) throw new Error(`Publishing ${document.id} failed: ${published.body}`);
    },
    async send(type, message) {
      const response = await base.post(`/v1/${type}`, { timestamp: new Date(clock.now()).toISOString(), ...message });
      if (response.statusCode !== 200) throw new Error(`/v1/${type} answered ${response.statusCode}: ${response.body}`);
    },
    messages: (filter = {}) => base.store.collection<MessageRecord>(journeyCollectionNames.messages).find(base.workspace, filter, { sort: { createdAt: 1, _id: 1 } }),
    async close() {
      for (const { worker, channels } of workers) {
        await worker.stop();
        await channels.close();
      }
      await base.close();
    },
  };
}
