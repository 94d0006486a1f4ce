import type { IngestionStage } from '../ingest/index';
import type { CollectionSpec, StoragePort } from '../store/index';
import { systemClock, type Clock } from '../time/index';
import { reevaluateChangedCustomers } from '../segments/index';
import { ensureLinkSecret } from '../workspaces/index';
import { allCollections } from './collections';
import { KeyedLock } from './keyed-lock';
import { defaultStages } from './stages';

/**
 * What engine code running in a process shares: the store, the clock, the ingestion stages and the
 * in-process locks. Simulations make one over a volatile store and a virtual clock and run the same
 * code as the server.
 */
export interface RuntimeContext {
  readonly store: StoragePort;
  readonly clock: Clock;
  /** The ingestion stages, in order (profile first). */
  readonly stages: readonly IngestionStage[];
  /** Serialises ingestion per customer identity inside this process. */
  readonly locks: KeyedLock;
  /**
   * What follows a change to customer facts that the segments stage did not see — a journey action
   * fired by a timer, a scheduled or API entry, or a journey step of an ingested event (the journeys
   * stage runs after the segments stage): their segment memberships are re-evaluated at once (with the
   * Segment Entered / Exited events and the journeys reacting to them). Optional: simulations leave it out.
   */
  readonly afterCustomersChanged?: (workspace: string, customerIds: readonly string[]) => Promise<void>;
  /**
   * Where the links Wayfarer puts in messages lead (`links.unsubscribe`, the `List-Unsubscribe`
   * header): the server's public URL and the secret their tokens are sealed with. Without it messages
   * carry no such links (simulations of a bare engine, tests).
   */
  readonly links?: MessageLinkSettings;
}

/** How message links are made: `<baseUrl>/unsubscribe/<token>`, each token sealed with keys derived from `secret`. */
export interface MessageLinkSettings {
  /** The server's public URL, as recipients reach it (`https://wayfarer.example.com`), without a trailing slash. */
  baseUrl: string;
  secret: string;
}

export interface Runtime extends RuntimeContext {
  /** Closes the store. */
  close(): Promise<void>;
}

export interface RuntimeOptions {
  store: StoragePort;
  /** Default: the system clock. */
  clock?: Clock;
  /** Default: `defaultStages` (engine/runtime/stages.ts). */
  stages?: readonly IngestionStage[];
  /** Default: every collection (engine/runtime/collections.ts). */
  collections?: CollectionSpec[];
  /**
   * Message links: the public URL, and the secret when the environment names one (else the store's
   * own, made on first start: engine/workspaces/link-secret.ts). Default: none.
   */
  links?: { baseUrl: string; secret?: string };
}

/**
 * Opens the store with every collection and index, and returns the runtime context over it.
 *
 * @example const runtime = await createRuntime({ store: new EmbeddedStore(), clock: new VirtualClock(0) });
 */
export async function createRuntime(options: RuntimeOptions): Promise<Runtime> {
  const { store } = options;
  await store.open(options.collections ?? allCollections);
  const clock = options.clock ?? systemClock;
  const links = options.links ? { baseUrl: options.links.baseUrl, secret: options.links.secret ?? (await ensureLinkSecret(store, clock)) } : undefined;
  const runtime: Runtime = {
    store,
    clock,
    stages: options.stages ?? defaultStages,
    locks: new KeyedLock(),
    ...(links ? { links } : {}),
    afterCustomersChanged: async (workspace, customerIds) => {
      await reevaluateChangedCustomers(runtime, workspace, customerIds);
    },
    close: () => store.close(),
  };
  return runtime;
}
