import { createProblem, type ErrorCode, type Problem, type ProblemDetail } from '../errors/index';

/** A message of the request that was not stored, and why. */
export interface RejectedMessage {
  /** Position in the request (0 for a single message). */
  index: number;
  problem: Problem;
}

/** What happened to each message of one request. */
export interface IngestReport {
  /** Whether the request was a batch (details then name messages by index). */
  isBatch: boolean;
  received: number;
  /** Messages stored by this request. */
  stored: number;
  /** Messages already stored (same messageId), or repeated within the request: nothing changed for them. */
  duplicates: number;
  rejected: RejectedMessage[];
}

/** At most this many details are answered: a 500 KB batch can hold 100,000 bad messages. */
const maxAnsweredDetails = 100;

/** How a request ends, for the HTTP layer to answer (docs/ingestion.md, "Batches with bad messages"). */
export type IngestOutcome =
  /** Every message is stored or was stored before. */
  | { kind: 'accepted' }
  /** Some messages were rejected; the rest are stored. */
  | { kind: 'partial'; accepted: number; rejected: number; problem: Problem }
  /** Every message was rejected; nothing changed. */
  | { kind: 'refused'; problem: Problem };

/**
 * The outcome of a request from its report. Rejections become one problem whose details name each
 * bad message by index and pointer; its code is the rejections' common code, or `VALIDATION_FAILED`
 * when they differ (each detail then carries its own code).
 */
export function summariseReport(report: IngestReport): IngestOutcome {
  if (report.rejected.length === 0) return { kind: 'accepted' };
  if (!report.isBatch) return { kind: 'refused', problem: report.rejected[0].problem };
  const codes = new Set<ErrorCode>(report.rejected.map((rejection) => rejection.problem.code));
  const code: ErrorCode = codes.size === 1 ? [...codes][0] : 'VALIDATION_FAILED';
  const details: ProblemDetail[] = [];
  let omitted = 0;
  for (const { index, problem } of report.rejected) {
    for (const detail of problem.details) {
      if (details.length < maxAnsweredDetails) details.push({ index, ...detail, code: detail.code ?? problem.code });
      else omitted++;
    }
  }
  if (omitted > 0) details.push({ message: `${omitted} more problems are not listed; fix the ones above and send the batch again to see them.` });
  const accepted = report.received - report.rejected.length;
  if (accepted === 0) {
    const message = `All ${report.received} messages were rejected; nothing was stored. Each entry of details names one message by index.`;
    return { kind: 'refused', problem: createProblem(code, details, message) };
  }
  const message = `${report.rejected.length} of ${report.received} messages were rejected and ${accepted} were stored. Fix the messages named in details (by index) and send only those again.`;
  return { kind: 'partial', accepted, rejected: report.rejected.length, problem: createProblem(code, details, message) };
}
