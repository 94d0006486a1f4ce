import type { BatchRequest } from '../../schemas/types';
import { createProblem, type Problem } from '../errors/index';
import type { RuntimeContext } from '../runtime/index';
import { validateAgainstSchema } from '../validation/index';
import { ingestLimits, type MessageType } from './ingest-limits';
import type { IngestReport, RejectedMessage } from './ingest-report';
import { storeEvents } from './ingest-pipeline';
import { normaliseMessage, type PendingEvent } from './message-normaliser';
import { findUnstorableContent } from './unstorable-content';

export interface IngestOptions {
  /** Size of the request body in bytes, when known: messages need no measuring when it is within 32 KB. */
  bodyBytes?: number;
}

/**
 * Ingests one message sent to `/v1/<type>`: normalised, de-duplicated, stored with its customer
 * (engine/ingest/ingest-pipeline.ts). Resolves once the message is durable, or reports why it was
 * rejected; nothing is stored for a rejected message.
 *
 * @example await ingestMessage(runtime, 'ws_1', { userId: 'u1', event: 'Signed Up' }, 'track')
 */
export async function ingestMessage(runtime: RuntimeContext, workspace: string, message: unknown, type: MessageType, options: IngestOptions = {}): Promise<IngestReport> {
  const receivedAt = runtime.clock.now();
  const normalised = normaliseMessage(message, {
    workspace,
    receivedAt,
    impliedType: type,
    pointer: '',
    depth: 0,
    measureSize: options.bodyBytes === undefined || options.bodyBytes > ingestLimits.maxMessageBytes,
  });
  if (!normalised.ok) return { isBatch: false, received: 1, stored: 0, duplicates: 0, rejected: [{ index: 0, problem: normalised.problem }] };
  const { stored, duplicates } = await storeEvents(runtime, workspace, [normalised.value], receivedAt);
  return { isBatch: false, received: 1, stored, duplicates, rejected: [] };
}

/**
 * Ingests a `/v1/batch` body. Each message is checked on its own: the good ones are stored together in
 * one commit, and each bad one is reported by index. A body that is not a batch at all is rejected
 * whole (as message 0 of a non-batch report).
 */
export async function ingestBatch(runtime: RuntimeContext, workspace: string, body: unknown, options: IngestOptions = {}): Promise<IngestReport> {
  const envelopeProblem = checkBatchEnvelope(body);
  if (envelopeProblem) return { isBatch: false, received: 1, stored: 0, duplicates: 0, rejected: [{ index: 0, problem: envelopeProblem }] };
  const { batch, sentAt, context, integrations } = body as BatchRequest;
  const receivedAt = runtime.clock.now();
  const measureSize = options.bodyBytes === undefined || options.bodyBytes > ingestLimits.maxMessageBytes;
  const envelope = { sentAt, context, integrations };
  const receivedAtIso = new Date(receivedAt).toISOString();
  const accepted: PendingEvent[] = [];
  const rejected: RejectedMessage[] = [];
  batch.forEach((message, index) => {
    const normalised = normaliseMessage(message, { workspace, receivedAt, receivedAtIso, envelope, pointer: `/batch/${index}`, depth: 2, measureSize });
    if (normalised.ok) accepted.push(normalised.value);
    else rejected.push({ index, problem: normalised.problem });
  });
  const { stored, duplicates } = accepted.length > 0 ? await storeEvents(runtime, workspace, accepted, receivedAt) : { stored: 0, duplicates: 0 };
  return { isBatch: true, received: batch.length, stored, duplicates, rejected };
}

/** Why a body is not a batch at all, or `null`. The messages themselves are checked one by one later. */
function checkBatchEnvelope(body: unknown): Problem | null {
  const valid = validateAgainstSchema('batch', body);
  if (!valid.ok) return valid.problem;
  const { batch: _messages, ...envelope } = body as BatchRequest;
  const unstorable = findUnstorableContent(envelope);
  return unstorable.length > 0 ? createProblem('VALIDATION_FAILED', unstorable) : null;
}
