import type { Problem } from '../../engine/errors/index';

/** A failure talking to the server that the operator can fix; its message says how. */
export class ServerUnreachableError extends Error {}

/** An answer of the management API: the status and the parsed JSON body. */
export interface ApiAnswer<T = unknown> {
  status: number;
  body: T;
}

/**
 * A small client of Wayfarer's management API for the command line (`wayfarer pack`, `wayfarer demo`):
 * the admin key as a Bearer token, JSON in and out, and an error naming the URL and what to check when
 * the server cannot be reached.
 */
export class PackApiClient {
  constructor(
    readonly url: string,
    private readonly adminKey: string,
  ) {}

  async request<T = unknown>(method: 'GET' | 'POST' | 'PUT', path: string, body?: string | object): Promise<ApiAnswer<T>> {
    const target = new URL(path, this.url).toString();
    let response: Response;
    try {
      response = await fetch(target, {
        method,
        headers: { authorization: `Bearer ${this.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
    } catch (error) {
      const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
      throw new ServerUnreachableError(`Cannot reach the server at ${this.url} (${reason}). Is it running (npm start)? Set --url or WAYFARER_URL.`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text === '' ? null : JSON.parse(text);
    } catch {
      throw new ServerUnreachableError(`${target} answered ${response.status} with something that is not JSON; is --url a Wayfarer server?`);
    }
    if (response.status === 401 || response.status === 403) {
      throw new ServerUnreachableError(`The server refused the admin key (${response.status}). Pass the workspace's admin key with --admin-key or WAYFARER_ADMIN_KEY (printed by the first npm start).`);
    }
    return { status: response.status, body: parsed as T };
  }
}

/** Whether an answer body is a Wayfarer problem (`{ code, message, details }`). */
export function isProblem(body: unknown): body is Problem {
  return body !== null && typeof body === 'object' && typeof (body as Problem).code === 'string' && Array.isArray((body as Problem).details);
}

/** A problem as the command line prints it: the message, then one `pointer: message` line per detail. */
export function formatProblem(problem: Problem): string {
  const lines = [`${problem.code}: ${problem.message}`];
  for (const detail of problem.details) lines.push(`${detail.pointer || (detail.line !== undefined ? `line ${detail.line}` : '(the whole document)')}: ${detail.message}`);
  return lines.join('\n');
}
