import { STATUS_CODES, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { ConnectionError, FastifyInstance } from 'fastify';
import { createProblem, errorCodes, type ErrorCode, type Problem } from '../../engine/errors/index';

/** What Node's HTTP parser (llhttp) and server report, by code; anything else is `MALFORMED_REQUEST`. */
const connectionCodes: Record<string, ErrorCode> = {
  // The request line counts towards the header limit (16 KB), so a huge URL lands here too.
  HPE_HEADER_OVERFLOW: 'HEADERS_TOO_LARGE',
  HPE_CHUNK_EXTENSIONS_OVERFLOW: 'PAYLOAD_TOO_LARGE',
  ERR_HTTP_REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
};

/** The connection errors Node reports with the parser's own `reason` text. */
interface ParserError extends ConnectionError {
  reason?: string;
}

/**
 * The problem to answer a request Node's HTTP parser could not read with: its status and code from
 * the closed set, and where the parser stopped.
 */
export function problemOfConnectionError(error: ParserError): Problem {
  const code = connectionCodes[error.code] ?? 'MALFORMED_REQUEST';
  if (code === 'REQUEST_TIMEOUT') return createProblem(code, [{ message: 'The headers or the body were not complete before the server stopped waiting.' }]);
  const where = typeof error.bytesParsed === 'number' ? ` at byte offset ${error.bytesParsed} of the connection` : '';
  const reason = error.reason ?? error.message;
  return createProblem(code, [{ message: `The HTTP parser stopped${where}: ${reason}${reason.endsWith('.') ? '' : '.'}` }]);
}

/**
 * Fastify's `clientErrorHandler` option (server/app.ts): Node's HTTP parser refuses a request before
 * Fastify sees it (a wrong Content-Length, an invalid header, headers over 16 KB, a slow sender), so
 * the answer is written to the raw socket: a complete HTTP/1.1 response with the problem as JSON, and
 * `Connection: close`, because after a parse error nothing more on the connection can be trusted.
 *
 * A reset connection gets nothing. When the bytes that fail to parse follow a complete request on the
 * same connection (a Content-Length shorter than the body sent), that request is still running: its
 * answer goes out first and the problem after it, so a 4xx never stands in for the answer of a
 * request that may have been stored (Fastify's default handler answers 400 in its place). If the
 * connection is gone by then, it is just closed.
 */
export function answerClientError(this: FastifyInstance, error: ConnectionError, socket: Socket): void {
  if (error.code === 'ECONNRESET') {
    socket.destroy();
    return;
  }
  this.log.debug({ err: error }, 'client error');
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished) {
    inFlight.once('close', () => writeProblem(socket, problemOfConnectionError(error)));
    return;
  }
  writeProblem(socket, problemOfConnectionError(error));
}

function writeProblem(socket: Socket, problem: Problem): void {
  if (!socket.writable) {
    socket.destroy();
    return;
  }
  const status = errorCodes[problem.code].status;
  const body = JSON.stringify(problem);
  socket.end(
    [
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}`,
      'Content-Type: application/json; charset=utf-8',
      `Content-Length: ${Buffer.byteLength(body)}`,
      'Connection: close',
      '',
      body,
    ].join('\r\n'),
  );
}
