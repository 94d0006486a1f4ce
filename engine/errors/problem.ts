import { type ErrorCode, errorCodes } from './error-codes';

/** One offending place in a client's input. */
export interface ProblemDetail {
  /** JSON pointer into the offending document (`/batch/3/userId`, `/conditions/all/0/operator`). */
  pointer?: string;
  /** Index in a batch, when the problem belongs to one message of it. */
  index?: number;
  /** Line number in an imported file (1-based, the header is line 1). */
  line?: number;
  /** The code of this detail when it differs from the problem's own (a batch mixing kinds of error). */
  code?: ErrorCode;
  message: string;
}

/** What a client receives for any 4xx: `{ code, message, details }`. */
export interface Problem {
  code: ErrorCode;
  message: string;
  details: ProblemDetail[];
}

/** Builds a problem; the message defaults to the code's how-to-fix text. */
export function createProblem(code: ErrorCode, details: ProblemDetail[] = [], message?: string): Problem {
  return { code, message: message ?? errorCodes[code].message, details };
}

/** Expected failures are values: engine functions that can refuse input return a `Result`. */
export type Result<T> = { ok: true; value: T } | { ok: false; problem: Problem };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function fail<T = never>(problem: Problem): Result<T> {
  return { ok: false, problem };
}

/**
 * A problem carried as an exception, for code paths that cannot return a `Result` (deep inside a
 * request). The server's error handler turns it into the 4xx answer.
 */
export class ProblemError extends Error {
  constructor(readonly problem: Problem) {
    super(`${problem.code}: ${problem.message}`);
  }
}

/** The value of a `Result`, or a thrown `ProblemError`. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new ProblemError(result.problem);
  return result.value;
}

/** Escapes one JSON-pointer segment (RFC 6901). */
export function escapePointerSegment(segment: string | number): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Joins segments into a JSON pointer: `toPointer(['batch', 3, 'userId'])` → `/batch/3/userId`. */
export function toPointer(segments: Array<string | number>): string {
  return segments.map((segment) => '/' + escapePointerSegment(segment)).join('');
}
