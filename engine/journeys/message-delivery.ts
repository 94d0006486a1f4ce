import type { Customer, SendRate } from '../../schemas/types';
import type { Update, WriteOp } from '../store/index';
import { customersCollection, journeyCollectionNames } from './journey-collections';
import { recheckBeforeSending } from './delivery-recheck';
import { withdrawSend } from './frequency-cap';
import type { JourneyRuntime } from './journey-runtime';
import { messageHistoryLimit, type MessageChannel, type MessageHistoryEntry, type MessageRecord, type MessageStatus } from './message-record';
import { takeSendToken } from './send-rate-limiter';
import { claimInTurns } from './workspace-turns';

/**
 * The message states the delivery worker moves records through. The worker itself (calling the
 * channels) lives in the server; these are its engine side, all atomic single-document updates:
 *
 *   queued ──claim──▶ sending ──▶ sent
 *     ▲                 │  └────▶ failed            (permanent, or out of retries)
 *     └──── retry ──────┘
 *   sending (lease expired) ──recover──▶ uncertain  (email / sms / push: may have gone out)
 *                                └─────▶ queued     (webhook / task / log: resent with the SAME key)
 *   sending (handed over, answer lost) ─▶ uncertain  (email / sms / push; webhooks retry as above)
 *
 * A message that will then never go out (suppressed when due, failed for good) also gives its send
 * time back to its customer's send log, in a version-checked commit of its own (releaseSendTime).
 */

/**
 * Channels whose delivery cannot be re-checked or de-duplicated by the receiver: when it is unknown
 * whether one went out (its worker's lease expired, or its answer was lost) it becomes `uncertain`
 * instead of being sent again.
 */
export const uncertainOnExpiry: ReadonlySet<MessageChannel> = new Set(['email', 'sms', 'push']);

export interface MessageClaimOptions {
  owner: string;
  now?: number;
  /** Most messages to claim (across workspaces, which take turns: workspace-turns.ts). Default 50. */
  limit?: number;
  /** How long the worker may take to deliver before recovery treats it as crashed. Default 60 s. */
  leaseMs?: number;
  /** Only these channels (a worker per channel kind). */
  channels?: MessageChannel[];
}

function historyPush(entry: MessageHistoryEntry): Update['$push'] {
  return { history: { $each: [entry], $slice: -messageHistoryLimit } };
}

/**
 * Claims due queued messages with a lease and marks them `sending` (attempts + 1) BEFORE the worker
 * delivers them. Workspaces take turns, each with a share of `limit` (claimInTurns), so one tenant's
 * backlog cannot hold up another's messages; within a workspace, earliest `availableAt` first. Each is
 * first checked again (recheckBeforeSending: its instance ended early, consent withdrawn, quiet hours
 * now): such a message is suppressed or held instead. Then a journey's send rate is taken: a message
 * over the rate is queued again with `availableAt` moved to the next window (reason `rate-limit`),
 * where the same checks meet it again. Neither uses up its workspace's share: only a claimed message
 * does.
 *
 * The send-rate token is taken only once the message is ours (claimed), never before: the worker runs
 * several claims at once, they all meet the same earliest message, and only one of them gets it — a
 * token taken before the claim would be spent on a message another claim sends, and the rate would
 * deliver a fraction of itself. A claimed message the rate refuses goes back to the queue as if the
 * claim had never happened (returnToQueueForSendRate).
 */
export async function claimDueMessages(runtime: JourneyRuntime, options: MessageClaimOptions): Promise<MessageRecord[]> {
  const now = options.now ?? runtime.clock.now();
  const nowIso = new Date(now).toISOString();
  const leaseUntil = new Date(now + (options.leaseMs ?? 60_000)).toISOString();
  const limit = options.limit ?? 50;
  const messages = runtime.store.collection<MessageRecord>(journeyCollectionNames.messages);
  const due = { status: 'queued', availableAt: { $lte: nowIso }, ...(options.channels ? { channel: { $in: options.channels } } : {}) };
  // Send-rate windows this claim found used up, with when the next one opens. A window's count only
  // grows until it ends, so the journey's other due messages are held without claiming each first.
  const spentWindows = new Map<string, number>();
  return claimInTurns(runtime.store, journeyCollectionNames.messages, limit, async (workspace, most) => {
    const claimed: MessageRecord[] = [];
    while (claimed.length < most) {
      const candidate = await messages.findOne(workspace, due, { sort: { availableAt: 1 } });
      if (!candidate) break;
      if (!(await passesRecheck(runtime, candidate, now))) continue;
      const rate = candidate.rateLimit;
      const rateKey = rate ? sendRateKeyOf(workspace, candidate.journeyId, rate) : '';
      const spentUntil = rate ? spentWindows.get(rateKey) : undefined;
      if (spentUntil !== undefined) {
        await holdForSendRate(runtime, candidate, spentUntil, nowIso);
        continue;
      }
      // Guarded by `availableAt` too: a message another claim held meanwhile (quiet hours, the rate) is not due any more.
      const taken = await messages.findOneAndUpdate(
        workspace,
        { _id: candidate._id, status: 'queued', availableAt: candidate.availableAt },
        {
          $set: { status: 'sending', leaseOwner: options.owner, leaseUntil, updatedAt: nowIso },
          $inc: { attempts: 1 },
          $push: historyPush({ at: nowIso, status: 'sending', detail: `attempt ${candidate.attempts + 1} by ${options.owner}` }),
        },
      );
      if (!taken) continue;
      if (rate) {
        const token = await takeSendToken(runtime, workspace, taken.journeyId, rate, now);
        if (!token.ok) {
          spentWindows.set(rateKey, token.retryAt);
          await returnToQueueForSendRate(runtime, taken, token.retryAt, nowIso);
          continue;
        }
      }
      claimed.push(taken);
    }
    return claimed;
  });
}

/** Which send-rate counter a message takes from (takeSendToken keeps one per journey; the rate is its version's). */
function sendRateKeyOf(workspace: string, journeyId: string, rate: SendRate): string {
  return `${workspace}/${journeyId}/${rate.limit}/${rate.per}`;
}

function sendRateHold(retryAtIso: string, nowIso: string): MessageHistoryEntry {
  return { at: nowIso, status: 'queued', reason: 'rate-limit', detail: `until ${retryAtIso}` };
}

/** Holds a due queued message until its journey's next send-rate window (unless another claim changed it meanwhile). */
async function holdForSendRate(runtime: JourneyRuntime, message: MessageRecord, retryAt: number, nowIso: string): Promise<void> {
  const retryAtIso = new Date(retryAt).toISOString();
  await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).updateOne(
    message.workspace,
    { _id: message._id, status: 'queued', availableAt: message.availableAt },
    { $set: { availableAt: retryAtIso, reason: 'rate-limit', updatedAt: nowIso }, $push: historyPush(sendRateHold(retryAtIso, nowIso)) },
  );
}

/**
 * Puts a message this claim marked `sending` back in the queue until the send rate's next window. No
 * attempt was made, so the claim is taken back: its attempt count, its lease, and its history entry
 * (the last one, replaced by the hold — exactly what pushing the hold onto the history before the claim
 * would have left, even when the claim's push dropped the oldest entry). Guarded by our lease: no other
 * writer changes a `sending` record its owner holds, so the history read with the claim is current.
 * A worker that dies before this leaves the message `sending`, and recovery settles it as it settles any
 * claim its worker did not finish.
 */
async function returnToQueueForSendRate(runtime: JourneyRuntime, claimed: MessageRecord, retryAt: number, nowIso: string): Promise<void> {
  const retryAtIso = new Date(retryAt).toISOString();
  const history = [...claimed.history.slice(0, -1), sendRateHold(retryAtIso, nowIso)].slice(-messageHistoryLimit);
  await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).updateOne(
    claimed.workspace,
    { _id: claimed._id, status: 'sending', leaseOwner: claimed.leaseOwner, leaseUntil: claimed.leaseUntil },
    { $set: { status: 'queued', availableAt: retryAtIso, reason: 'rate-limit', leaseOwner: null, leaseUntil: null, updatedAt: nowIso, history }, $inc: { attempts: -1 } },
  );
}

/**
 * Checks a due queued message again at the moment it would go out (recheckBeforeSending) and records
 * the outcome when it may not: suppressed (its send time taken back from the customer's send log), or
 * held with a later `availableAt` (still counting), each with its reason in the history. True when it
 * may go out now. The claim runs it; so does a simulation, which sends nothing but must show what the
 * claim would decide.
 */
export async function passesRecheck(runtime: JourneyRuntime, message: MessageRecord, now: number): Promise<boolean> {
  const recheck = await recheckBeforeSending(runtime, message, now);
  if (recheck.kind === 'send') return true;
  const nowIso = new Date(now).toISOString();
  const entry = { at: nowIso, reason: recheck.reason, detail: recheck.detail };
  const done = await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).updateOne(
    message.workspace,
    { _id: message._id, status: 'queued', availableAt: message.availableAt },
    recheck.kind === 'suppress'
      ? { $set: { status: 'suppressed', reason: recheck.reason, updatedAt: nowIso }, $push: historyPush({ ...entry, status: 'suppressed' }) }
      : { $set: { availableAt: new Date(recheck.until).toISOString(), reason: recheck.reason, updatedAt: nowIso }, $push: historyPush({ ...entry, status: 'queued' }) },
  );
  if (recheck.kind === 'suppress' && done.modified > 0) await releaseSendTime(runtime, message.workspace, message._id, now);
  return false;
}

/**
 * Records a delivery. Also accepted from `uncertain` (the worker finished after recovery gave up on
 * it: now we know). Returns false when the message is no longer this worker's.
 */
export async function markMessageSent(runtime: JourneyRuntime, message: Pick<MessageRecord, '_id' | 'workspace'>, result: { owner: string; providerMessageId: string | null; now?: number }): Promise<boolean> {
  const nowIso = new Date(result.now ?? runtime.clock.now()).toISOString();
  const updated = await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).findOneAndUpdate(
    message.workspace,
    { _id: message._id, status: { $in: ['sending', 'uncertain'] }, leaseOwner: result.owner },
    {
      $set: { status: 'sent', sentAt: nowIso, providerMessageId: result.providerMessageId, reason: null, leaseOwner: null, leaseUntil: null, updatedAt: nowIso },
      $push: historyPush({ at: nowIso, status: 'sent', ...(result.providerMessageId ? { detail: result.providerMessageId } : {}) }),
    },
  );
  return updated !== null;
}

/**
 * Records a failed delivery: with `retryAt` (and not permanent) the message is queued again for then,
 * keeping its key and still counting toward frequency caps; otherwise it is `failed` for good and its
 * send time is taken back from the customer's send log. Returns false when it is no longer this worker's.
 */
export async function markMessageFailed(
  runtime: JourneyRuntime,
  message: Pick<MessageRecord, '_id' | 'workspace'>,
  result: { owner: string; error: string; permanent: boolean; retryAt?: number | null; now?: number },
): Promise<boolean> {
  const nowIso = new Date(result.now ?? runtime.clock.now()).toISOString();
  const retry = !result.permanent && result.retryAt !== undefined && result.retryAt !== null;
  const set: Record<string, unknown> = retry
    ? { status: 'queued', availableAt: new Date(result.retryAt!).toISOString(), reason: 'delivery-error', lastError: result.error, leaseOwner: null, leaseUntil: null, updatedAt: nowIso }
    : { status: 'failed', reason: 'delivery-error', lastError: result.error, leaseOwner: null, leaseUntil: null, updatedAt: nowIso };
  const updated = await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).findOneAndUpdate(
    message.workspace,
    { _id: message._id, status: 'sending', leaseOwner: result.owner },
    { $set: set, $push: historyPush({ at: nowIso, status: retry ? 'queued' : 'failed', reason: 'delivery-error', detail: result.error.slice(0, 500) }) },
  );
  if (updated !== null && !retry) await releaseSendTime(runtime, message.workspace, message._id, Date.parse(nowIso));
  return updated !== null;
}

/**
 * Records a delivery whose outcome is unknown: the channel handed the message over and the answer
 * never came (a timeout, a dropped connection), on a channel whose receivers cannot drop a second
 * copy (`uncertainOnExpiry`). It becomes `uncertain` (reason `delivery-error`, the error kept) for a
 * person to settle, like one whose worker died mid-delivery, and keeps counting toward frequency
 * caps. Returns false when it is no longer this worker's.
 */
export async function markMessageUncertain(runtime: JourneyRuntime, message: Pick<MessageRecord, '_id' | 'workspace'>, result: { owner: string; error: string; now?: number }): Promise<boolean> {
  const nowIso = new Date(result.now ?? runtime.clock.now()).toISOString();
  // leaseOwner stays, naming the worker whose log has the attempt (as recovery leaves the dead worker's).
  const updated = await runtime.store.collection<MessageRecord>(journeyCollectionNames.messages).findOneAndUpdate(
    message.workspace,
    { _id: message._id, status: 'sending', leaseOwner: result.owner },
    {
      $set: { status: 'uncertain', reason: 'delivery-error', lastError: result.error, leaseUntil: null, updatedAt: nowIso },
      $push: historyPush({ at: nowIso, status: 'uncertain', reason: 'delivery-error', detail: result.error.slice(0, 500) }),
    },
  );
  return updated !== null;
}

/** Statuses a message never leaves, none of them sent: its send time should not count. */
const neverSent: ReadonlySet<MessageStatus> = new Set(['suppressed', 'failed']);
const maxReleaseAttempts = 8;

/**
 * Takes back the send time a message put in its customer's send log (`countedAt`, one entry) once it
 * will never go out (suppressed when due, failed for good), so frequency caps stop counting it. One
 * commit clears `countedAt`, guarded by the value read so that only one caller ever takes it back, and
 * replaces the customer on the `version` read, as every writer of customers does (ingestion, timers,
 * rewrites): a stale copy of either side conflicts instead of overwriting, and is re-read and tried
 * again. The message goes first: a store without transactions applies a commit's ops in order, and one
 * that cleared the mark but lost the race for the customer leaves the time counted. So does a customer
 * written continuously through every attempt. Either errs as before this existed: a cap may hold back
 * a send it need not have, never let one through over the limit.
 */
async function releaseSendTime(runtime: JourneyRuntime, workspace: string, messageId: string, now: number): Promise<void> {
  const messages = runtime.store.collection<MessageRecord>(journeyCollectionNames.messages);
  const customers = runtime.store.collection<Customer>(customersCollection);
  const nowIso = new Date(now).toISOString();
  for (let attempt = 0; attempt < maxReleaseAttempts; attempt++) {
    const message = await messages.findOne(workspace, { _id: messageId });
    // Records made before `countedAt` was kept have none to take back.
    const countedAt = message?.countedAt;
    if (!message || !countedAt || !neverSent.has(message.status)) return;
    const customer = await customers.findOne(workspace, { _id: message.customerId });
    const next = customer ? withdrawSend(customer, message.channel, countedAt) : null;
    // The customer is part of the guard: an identity merge re-points messages to the one who remains.
    const writes: WriteOp[] = [
      { collection: journeyCollectionNames.messages, op: 'update', filter: { _id: messageId, status: message.status, customerId: message.customerId, countedAt }, update: { $set: { countedAt: null } }, mustMatch: true },
    ];
    if (customer && next !== null && next !== customer) {
      writes.push({ collection: customersCollection, op: 'replace', filter: { _id: customer._id, version: customer.version }, doc: { ...next, version: customer.version + 1, updatedAt: nowIso }, mustMatch: true });
    }
    if ((await runtime.store.commit(workspace, writes)).ok) return;
  }
}

/**
 * Recovers messages whose worker crashed mid-delivery (`sending` with an expired lease). Email, SMS
 * and push may have gone out, and resending could duplicate them, so they become `uncertain` for a
 * person to decide; webhooks, tasks and log lines are queued again with the SAME idempotency key,
 * which the receiver uses to drop a duplicate.
 */
export async function recoverExpiredMessages(runtime: JourneyRuntime, options: { now?: number } = {}): Promise<{ uncertain: number; requeued: number }> {
  const now = options.now ?? runtime.clock.now();
  const nowIso = new Date(now).toISOString();
  const messages = runtime.store.collection<MessageRecord>(journeyCollectionNames.messages);
  let uncertain = 0;
  let requeued = 0;
  for (const workspace of await runtime.store.listWorkspaces(journeyCollectionNames.messages)) {
    const expired = await messages.find(workspace, { status: 'sending', leaseUntil: { $lt: nowIso } }, { sort: { leaseUntil: 1 }, limit: 1000 });
    for (const message of expired) {
      const guard = { _id: message._id, status: 'sending', leaseUntil: message.leaseUntil };
      if (uncertainOnExpiry.has(message.channel)) {
        // leaseOwner stays: if that worker did deliver and reports it late, markMessageSent still applies.
        const done = await messages.updateOne(workspace, guard, {
          $set: { status: 'uncertain', reason: 'lease-expired', leaseUntil: null, updatedAt: nowIso },
          $push: historyPush({ at: nowIso, status: 'uncertain', reason: 'lease-expired', detail: `lease of ${message.leaseOwner} expired ${message.leaseUntil}` }),
        });
        uncertain += done.modified;
      } else {
        const done = await messages.updateOne(workspace, guard, {
          $set: { status: 'queued', availableAt: nowIso, reason: 'lease-expired', leaseOwner: null, leaseUntil: null, updatedAt: nowIso },
          $push: historyPush({ at: nowIso, status: 'queued', reason: 'lease-expired', detail: 'resent with the same idempotency key' }),
        });
        requeued += done.modified;
      }
    }
  }
  return { uncertain, requeued };
}

/** What a person decided about an `uncertain` message after checking the provider's own logs. */
export type UncertainResolution = 'sent' | 'failed' | 'resend';

/**
 * Settles an `uncertain` message: `sent` (the provider has it), `failed` (it does not, and it should
 * not go out any more: frequency caps stop counting it) or `resend` (queue it again with the SAME key,
 * so the SMTP Message-ID is the one the first attempt may have used and receivers that de-duplicate on
 * it show it once). Returns the updated record, or `null` when the message is not (or no longer)
 * `uncertain`.
 */
export async function resolveUncertainMessage(
  runtime: JourneyRuntime,
  workspace: string,
  key: string,
  resolution: UncertainResolution,
  note: string | null,
): Promise<MessageRecord | null> {
  const nowIso = new Date(runtime.clock.now()).toISOString();
  const detail = `resolved by an operator as ${resolution}${note ? `: ${note.slice(0, 400)}` : ''}`;
  const set: Record<string, unknown> =
    resolution === 'sent' ? { status: 'sent', sentAt: nowIso, reason: null, leaseOwner: null, leaseUntil: null, updatedAt: nowIso }
    : resolution === 'failed' ? { status: 'failed', leaseOwner: null, leaseUntil: null, updatedAt: nowIso }
    : { status: 'queued', availableAt: nowIso, leaseOwner: null, leaseUntil: null, updatedAt: nowIso };
  const status: MessageStatus = resolution === 'resend' ? 'queued' : resolution;
  const messages = runtime.store.collection<MessageRecord>(journeyCollectionNames.messages);
  // The history names why it was uncertain (its worker's lease expired, or the answer was lost).
  const uncertain = await messages.findOne(workspace, { _id: key, status: 'uncertain' });
  if (!uncertain) return null;
  const reason = uncertain.reason ?? 'lease-expired';
  const updated = await messages.findOneAndUpdate(workspace, { _id: key, status: 'uncertain' }, { $set: set, $push: historyPush({ at: nowIso, status, reason, detail }) });
  if (updated !== null && resolution === 'failed') await releaseSendTime(runtime, workspace, key, Date.parse(nowIso));
  return updated;
}
