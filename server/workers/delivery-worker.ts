import {
  claimDueMessages,
  claimDueTimers,
  fireTimer,
  recoverExpiredMessages,
  type JourneyRuntime,
  type MessageChannel,
  type MessageRecord,
} from '../../engine/journeys/index';
import { deliverClaimedMessage, type DeliveryOutcome } from './delivery-attempt';
import { RepeatedFailureLog } from './repeated-failure-log';
import { newWorkerId } from './worker-identity';
import type { WorkspaceChannels } from './workspace-channels';

export type WorkerLogLevel = 'info' | 'warn' | 'error';

export interface DeliveryWorkerOptions {
  runtime: JourneyRuntime;
  channels: WorkspaceChannels;
  /** The lease owner id; default host:pid:random. */
  owner?: string;
  /** How long to wait when there was nothing to do. Default 1,000 ms. */
  pollIntervalMs?: number;
  /** Most messages claimed per poll. Default 50. */
  batchSize?: number;
  /** Most deliveries in flight at once; the worker claims no more than it can start. Default 16. */
  concurrency?: number;
  /** Most deliveries in flight on one channel (email, webhook, …), so one slow channel cannot take every slot. Default: `concurrency`. */
  channelConcurrency?: number;
  /**
   * How long a claim holds (timers and messages). A worker that has not recorded a delivery by then is
   * taken for dead, so keep it above the slowest channel's timeout. Default 60,000 ms.
   */
  leaseMs?: number;
  /** Most timers fired per poll. Default 100. */
  timerBatchSize?: number;
  /** Claims (and timer firings) made at once, so their durable writes are shared. Default 8. */
  claimParallelism?: number;
  /** How often expired message leases are recovered. Default 5,000 ms (and at start). */
  recoveryIntervalMs?: number;
  /** How long `stop()` waits for deliveries in flight. Default 30,000 ms. */
  shutdownTimeoutMs?: number;
  log?: (level: WorkerLogLevel, message: string) => void;
}

/** Counters since the worker was created. */
export interface DeliveryWorkerStats {
  timersFired: number;
  /** Timers that no longer mattered (instance moved on) or whose lease another worker took. */
  timersSkipped: number;
  sent: number;
  retried: number;
  failed: number;
  /** Deliveries handed over and never answered on email, SMS or push: left `uncertain` for a person. */
  uncertain: number;
  leaseLost: number;
  abandoned: number;
  /** Expired `sending` records this worker's recovery marked uncertain (email, SMS, push). */
  markedUncertain: number;
  /** Expired `sending` records this worker's recovery queued again with the same key (webhooks, tasks, log). */
  requeued: number;
  errors: number;
}

const allChannels: MessageChannel[] = ['email', 'sms', 'push', 'webhook', 'log', 'task'];

/**
 * The delivery worker loop. Each poll it (a) fires due journey timers through the engine, (b)
 * recovers expired message leases (email / SMS / push become `uncertain`, webhooks and tasks are
 * queued again with the same key), and (c) claims due queued messages — only as many as it has free
 * delivery slots — marks them `sending` under a lease BEFORE calling the channel, and records each
 * outcome durably (sent / retry at the channel's next time / failed / uncertain when an email, SMS or
 * push was handed over and its answer lost).
 *
 * Several workers, in one process or many, share one store: every claim is an atomic
 * `findOneAndUpdate` with a lease, so a record is delivered by one worker at a time, and a crashed
 * worker's claims expire for the others to settle. `stop()` stops claiming and waits for the
 * deliveries in flight, so a clean shutdown leaves nothing to recover.
 */
export class DeliveryWorker {
  readonly owner: string;
  readonly stats: DeliveryWorkerStats = { timersFired: 0, timersSkipped: 0, sent: 0, retried: 0, failed: 0, uncertain: 0, leaseLost: 0, abandoned: 0, markedUncertain: 0, requeued: 0, errors: 0 };
  private readonly inFlight = new Set<Promise<void>>();
  private readonly inFlightByChannel = new Map<MessageChannel, number>();
  private running = false;
  private abandoned = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private lastRecovery = -Infinity;
  private channelTurn = 0;
  private readonly failures: RepeatedFailureLog;
  private readonly uncertainties: RepeatedFailureLog;

  constructor(private readonly options: DeliveryWorkerOptions) {
    this.owner = options.owner ?? newWorkerId();
    this.failures = new RepeatedFailureLog((message) => this.log('warn', message), () => options.runtime.clock.now());
    // A provider that answers too slowly for the channel's timeout leaves every message uncertain the same way.
    this.uncertainties = new RepeatedFailureLog((message) => this.log('warn', message), () => options.runtime.clock.now(), { outcome: 'became uncertain (not resent)' });
  }

  private get concurrency(): number {
    return this.options.concurrency ?? 16;
  }

  /** Starts polling. */
  start(): void {
    if (this.running) return;
    if (this.abandoned) throw new Error('This worker was stopped; create a new one.');
    this.running = true;
    this.loop = this.run();
  }

  /**
   * Stops claiming, finishes the timers already claimed, and waits up to `shutdownTimeoutMs` for the
   * deliveries in flight to be recorded. Deliveries still running after that are abandoned: their
   * records stay `sending` and recovery settles them once the lease expires (an email is then
   * `uncertain`, never resent; a webhook is resent with the same key). The repeats of a failure not yet
   * counted in the log are written out.
   */
  async stop(): Promise<void> {
    if (!this.running && this.loop === null) {
      this.failures.flush();
      this.uncertainties.flush();
      return;
    }
    this.running = false;
    this.wake?.();
    await this.loop;
    this.loop = null;
    const settled = Promise.allSettled([...this.inFlight]).then(() => false);
    const timeout = new Promise<boolean>((resolve) => setTimeout(() => resolve(true), this.options.shutdownTimeoutMs ?? 30_000).unref());
    if (await Promise.race([settled, timeout])) {
      this.abandoned = true;
      this.log('warn', `Stopped with ${this.inFlight.size} deliveries still running; recovery settles them when their leases expire.`);
    }
    this.failures.flush();
    this.uncertainties.flush();
  }

  /** Resolves when every delivery started so far has been recorded. */
  async drain(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /**
   * One poll: fire due timers, recover expired leases when due (always with `recover: true`), claim
   * and start deliveries. Returns what it did; deliveries may still be running (see `drain`).
   */
  async runOnce(options: { recover?: boolean } = {}): Promise<{ timers: number; claimed: number; requested: number }> {
    const timers = await this.fireTimers();
    await this.recoverExpired(options.recover === true);
    const { claimed, requested } = await this.claimMessages();
    return { timers, claimed, requested };
  }

  /** Claims and fires due timers once (a batch of up to `timerBatchSize`); returns how many were claimed. */
  async fireDueTimersOnce(): Promise<number> {
    return this.fireTimers();
  }

  /** Polls until no timer is due, no message can be claimed and nothing is in flight (tests, benchmarks). */
  async runUntilIdle(): Promise<void> {
    for (;;) {
      const round = await this.runOnce({ recover: true });
      await this.drain();
      if (round.timers === 0 && round.claimed === 0) return;
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollIntervalMs ?? 1_000;
    let backoffMs = 0;
    while (this.running) {
      let busy = false;
      try {
        const round = await this.runOnce();
        // Anything claimed: poll again at once, more may be due. Nothing: wait for the poll interval.
        busy = round.timers > 0 || round.claimed > 0;
        backoffMs = 0;
      } catch (error) {
        // The store may be unreachable for a while (MongoDB failover): keep the loop alive, back off.
        this.stats.errors += 1;
        backoffMs = Math.min(30_000, Math.max(pollMs, backoffMs * 2));
        this.log('error', `Delivery poll failed (retrying in ${backoffMs} ms): ${(error as Error).stack ?? String(error)}`);
      }
      this.failures.flushDue();
      this.uncertainties.flushDue();
      if (!this.running) break;
      if (this.inFlight.size >= this.concurrency) await this.waitFor(Promise.race(this.inFlight));
      else if (!busy) await this.waitFor(new Promise((resolve) => setTimeout(resolve, backoffMs || pollMs)));
    }
  }

  /** Waits for `event` or for `stop()`, whichever comes first. */
  private async waitFor(event: Promise<unknown>): Promise<void> {
    const stopped = new Promise<void>((resolve) => (this.wake = resolve));
    await Promise.race([event, stopped]);
    this.wake = null;
  }

  private async fireTimers(): Promise<number> {
    const { runtime } = this.options;
    const claim = { owner: this.owner, leaseMs: this.options.leaseMs ?? 60_000 };
    const claimed = (await Promise.all(this.splitForParallelClaims(this.options.timerBatchSize ?? 100).map((limit) => claimDueTimers(runtime, { ...claim, limit })))).flat();
    // Claimed timers are fired even when stop() came meanwhile: each takes milliseconds, and releasing
    // them would only make another worker wait for the lease. Several at once, so their commits share
    // the store's durable writes; two timers of one customer are settled by fireTimer's version check.
    let next = 0;
    let fired = 0;
    const fireNext = async (): Promise<void> => {
      while (next < claimed.length) {
        const timer = claimed[next++];
        try {
          const result = await fireTimer(runtime, timer, { owner: this.owner });
          if (result.outcome === 'fired') fired += 1;
          else this.stats.timersSkipped += 1;
        } catch (error) {
          this.stats.errors += 1;
          this.log('error', `Timer ${timer._id} failed to fire (its lease expires and it is tried again): ${(error as Error).stack ?? String(error)}`);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.claimParallelism ?? 8, claimed.length) }, fireNext));
    this.stats.timersFired += fired;
    return claimed.length;
  }

  private async recoverExpired(force: boolean): Promise<void> {
    if (!force && performance.now() - this.lastRecovery < (this.options.recoveryIntervalMs ?? 5_000)) return;
    this.lastRecovery = performance.now();
    const recovered = await recoverExpiredMessages(this.options.runtime);
    this.stats.markedUncertain += recovered.uncertain;
    this.stats.requeued += recovered.requeued;
    if (recovered.uncertain > 0 || recovered.requeued > 0) {
      this.log('warn', `Recovered expired leases: ${recovered.uncertain} marked uncertain (may have been sent; never resent), ${recovered.requeued} queued again with the same idempotency key.`);
    }
  }

  private async claimMessages(): Promise<{ claimed: number; requested: number }> {
    const requested = Math.min(this.options.batchSize ?? 50, this.concurrency - this.inFlight.size);
    if (requested <= 0 || (!this.running && this.loop !== null)) return { claimed: 0, requested: 0 };
    const perChannel = this.options.channelConcurrency ?? this.concurrency;
    const parts: Array<{ limit: number; channels?: MessageChannel[] }> = [];
    if (perChannel >= this.concurrency) {
      // No channel can outgrow its share: earliest due first across channels.
      parts.push({ limit: requested });
    } else {
      // Each channel gets at most its free share; the first channel served rotates so none always goes last.
      let allotted = 0;
      this.channelTurn = (this.channelTurn + 1) % allChannels.length;
      for (let i = 0; i < allChannels.length && allotted < requested; i++) {
        const channel = allChannels[(this.channelTurn + i) % allChannels.length];
        const free = Math.min(perChannel - (this.inFlightByChannel.get(channel) ?? 0), requested - allotted);
        if (free <= 0) continue;
        parts.push({ limit: free, channels: [channel] });
        allotted += free;
      }
    }
    const claim = { owner: this.owner, leaseMs: this.options.leaseMs ?? 60_000 };
    const calls = parts.flatMap((part) => this.splitForParallelClaims(part.limit).map((limit) => ({ ...part, limit })));
    const claimed = (await Promise.all(calls.map((call) => claimDueMessages(this.options.runtime, { ...claim, ...call })))).flat();
    for (const record of claimed) this.track(record);
    return { claimed: claimed.length, requested: parts.reduce((sum, part) => sum + part.limit, 0) };
  }

  /**
   * Splits one claim into up to `claimParallelism` concurrent ones. Each claim of a message is an atomic
   * `findOneAndUpdate` that must be durable before delivery, so claiming one after another would wait
   * for the store (an fsync, a MongoDB majority write) once per message; concurrent claims share one.
   * They never take the same message: the update is conditional on `status: 'queued'`.
   */
  private splitForParallelClaims(limit: number): number[] {
    const ways = Math.max(1, Math.min(this.options.claimParallelism ?? 8, limit));
    return Array.from({ length: ways }, (_, i) => Math.floor(limit / ways) + (i < limit % ways ? 1 : 0));
  }

  private track(record: MessageRecord): void {
    const channel = record.channel;
    this.inFlightByChannel.set(channel, (this.inFlightByChannel.get(channel) ?? 0) + 1);
    const delivery = deliverClaimedMessage(
      {
        runtime: this.options.runtime,
        channels: this.options.channels,
        owner: this.owner,
        isAbandoned: () => this.abandoned,
        onError: (error) => this.log('error', `Channel ${record.channel} threw delivering ${record.key}: ${(error as Error).stack ?? String(error)}`),
      },
      record,
    )
      .then((outcome) => this.count(outcome))
      .catch((error: unknown) => {
        // Recording failed (the store went away): the record stays `sending` and recovery settles it.
        this.stats.errors += 1;
        this.log('error', `Could not record the delivery of ${record.key}: ${(error as Error).stack ?? String(error)}`);
      })
      .finally(() => {
        this.inFlight.delete(delivery);
        this.inFlightByChannel.set(channel, (this.inFlightByChannel.get(channel) ?? 1) - 1);
      });
    this.inFlight.add(delivery);
  }

  private count(outcome: DeliveryOutcome): void {
    switch (outcome.outcome) {
      case 'sent':
        this.stats.sent += 1;
        break;
      case 'retry':
        this.stats.retried += 1;
        break;
      case 'failed':
        this.stats.failed += 1;
        this.failures.failed(outcome.key, outcome.channel, outcome.error);
        break;
      case 'uncertain':
        this.stats.uncertain += 1;
        this.uncertainties.failed(outcome.key, outcome.channel, outcome.error);
        break;
      case 'lease-lost':
        this.stats.leaseLost += 1;
        this.log('warn', `Message ${outcome.key} on ${outcome.channel}: the lease expired before the outcome was recorded; recovery had already settled it.`);
        break;
      case 'abandoned':
        this.stats.abandoned += 1;
        break;
    }
  }

  private log(level: WorkerLogLevel, message: string): void {
    this.options.log?.(level, message);
  }
}
