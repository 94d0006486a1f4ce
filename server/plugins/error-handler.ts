import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createProblem, errorCodes, ProblemError, type ErrorCode, type Problem } from '../../engine/errors/index';
import { StoreFullError } from '../../engine/store/index';
import { toProblemDetails } from '../../engine/validation/index';

/** Fastify's own client errors, by code. */
const fastifyCodes: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_JSON',
  FST_ERR_BAD_URL: 'MALFORMED_REQUEST',
  // Only past server/app.ts's maxParamLength, far beyond the longest id the API accepts.
  FST_ERR_MAX_PARAM_LENGTH: 'NOT_FOUND',
};

/** Other 4xx errors (from plugins), by status. */
const statusCodes: Record<number, ErrorCode> = {
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
};

/** Errors that mean the store cannot be reached right now: the client should retry. */
const unavailableStoreErrors = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'StoreUnavailableError',
]);

/**
 * The problem to answer an error with. Client mistakes — a thrown `ProblemError`, schema validation,
 * Fastify's body, media-type and URL errors, any other 4xx — keep their 4xx and get a closed code;
 * only what is really ours becomes `INTERNAL_ERROR` (or `SERVICE_UNAVAILABLE` when the store is
 * unreachable, `STORE_FULL` when the embedded store refuses new documents), with no stack trace and no
 * internal message.
 */
export function problemOfError(error: FastifyError | Error, request: FastifyRequest): Problem {
  if (error instanceof ProblemError) return error.problem;
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    const code: ErrorCode = fastifyError.validationContext === 'querystring' ? 'INVALID_QUERY' : 'VALIDATION_FAILED';
    return createProblem(code, toProblemDetails(fastifyError.validation as never));
  }
  const mapped = fastifyError.code ? fastifyCodes[fastifyError.code] : undefined;
  if (mapped) return createProblem(mapped, [describeFastifyError(mapped, fastifyError, request)]);
  const status = fastifyError.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    return createProblem(statusCodes[status] ?? 'VALIDATION_FAILED', [{ message: fastifyError.message }]);
  }
  if (unavailableStoreErrors.has(error.name)) return createProblem('SERVICE_UNAVAILABLE');
  if (error instanceof StoreFullError) return createProblem('STORE_FULL', [{ message: error.message }]);
  return createProblem('INTERNAL_ERROR', [{ message: `Request id ${request.id}.` }]);
}

function describeFastifyError(code: ErrorCode, error: FastifyError, request: FastifyRequest): { message: string } {
  switch (code) {
    case 'PAYLOAD_TOO_LARGE':
      return { message: `The body is larger than the ${request.routeOptions.bodyLimit ?? 'configured'} bytes this endpoint accepts.` };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { message: `Content-Type "${request.headers['content-type'] ?? ''}" is not accepted here.` };
    case 'MALFORMED_REQUEST':
      return { message: `The URL ${JSON.stringify(request.raw.url ?? '')} holds a malformed percent-escape; encode each byte as % and two hex digits.` };
    case 'NOT_FOUND':
      return { message: 'A segment of the path is longer than any id this API stores (ids have at most 256 characters).' };
    default:
      return { message: error.message };
  }
}

/**
 * Answers every error with `{ code, message, details }` and the code's HTTP status; 5xx are logged
 * with the request id, which the answer repeats so a report can be matched to the log.
 */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(answerError);
}

/**
 * The same answer, for Fastify's `frameworkErrors` option (server/app.ts): the errors Fastify meets
 * before a route is chosen (a malformed percent-escape in the URL, a path parameter past
 * `maxParamLength`) never reach `setErrorHandler`, and would otherwise be answered in Fastify's own
 * `{ error, code: 'FST_…', statusCode }` shape.
 */
export function answerError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const problem = problemOfError(error, request);
  const status = errorCodes[problem.code].status;
  // A full store refuses every new document until an operator acts: one line each, not a stack trace each.
  if (problem.code === 'STORE_FULL') request.log.warn({ requestId: request.id }, (error as Error).message);
  else if (status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
  if (problem.code === 'RATE_LIMITED' && !reply.getHeader('retry-after')) reply.header('retry-after', '1');
  if (problem.code === 'SERVICE_UNAVAILABLE') reply.header('retry-after', '1');
  if (problem.code === 'STORE_FULL') reply.header('retry-after', '60');
  return reply.code(status).send(status >= 500 ? { ...problem, requestId: request.id } : problem);
}
