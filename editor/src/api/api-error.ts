import type { Problem } from '../../../schemas/types';

/**
 * A refused request: the HTTP status and the server's Problem (`{ code, message, details }` with JSON
 * pointers), or null when the answer was not one (the server is down, a proxy answered).
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** Whether the key was refused: the session is over. */
  get isUnauthorized(): boolean {
    return this.status === 401 || this.status === 403;
  }
}

/** A Problem-shaped body, or null. */
export function readProblem(body: unknown): Problem | null {
  if (body === null || typeof body !== 'object') return null;
  const candidate = body as Partial<Problem>;
  if (typeof candidate.code !== 'string' || typeof candidate.message !== 'string') return null;
  return { code: candidate.code, message: candidate.message, details: Array.isArray(candidate.details) ? candidate.details : [] } as Problem;
}

/** One line for a failed request: the problem's message and its first details. */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiError) {
    if (!error.problem) return error.message;
    const details = error.problem.details.slice(0, 3).map((detail) => (detail.pointer ? `${detail.pointer}: ${detail.message}` : detail.message));
    return [error.problem.message, ...details].join(' — ');
  }
  if (error instanceof Error && error.name === 'AbortError') return 'Cancelled.';
  return error instanceof Error ? error.message : String(error);
}
