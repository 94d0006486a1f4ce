/**
 * The closed set of error codes a client can receive, each with its HTTP status and a message that
 * says how to fix the problem. docs/errors.md documents every code; tests/errors/error-codes.test.ts
 * fails when one is missing there.
 *
 * Adding a code: add it here, document it in docs/errors.md, and use it. Never reuse a code for a
 * different meaning: clients branch on them.
 */
export const errorCodes = {
  INVALID_JSON: { status: 400, message: 'The request body is not valid JSON. Check it with a JSON linter; the position of the first error is in details.' },
  INVALID_ENCODING: { status: 400, message: 'The request body is not valid UTF-8, or not valid gzip / deflate data as its Content-Encoding says. Send JSON encoded as UTF-8, compressed only as labelled.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as JSON with the header Content-Type: application/json (on /v1 optionally with Content-Encoding: gzip or deflate).' },
  MALFORMED_REQUEST: { status: 400, message: 'The request is not valid HTTP/1.1 (request line, URL encoding, a header or Content-Length). Fix the client or proxy that sent it; details says what the server could not read.' },
  PAYLOAD_TOO_LARGE: { status: 413, message: 'The body is larger than allowed: 32 KB per message, 500 KB per batch. Split it into smaller requests.' },
  VALIDATION_FAILED: { status: 400, message: 'The document does not match its schema. Each entry of details points at one offending place.' },
  INVALID_QUERY: { status: 400, message: 'A query-string parameter is invalid. details names the parameter.' },
  UNAUTHORIZED: { status: 401, message: 'Missing or unknown key. Send the write key as the HTTP Basic username (ingestion) or the admin key as a Bearer token (management API).' },
  FORBIDDEN: { status: 403, message: 'This key may not do that: the management API needs the admin key, ingestion the write key.' },
  NOT_FOUND: { status: 404, message: 'No such resource in this workspace. Check the id in the path.' },
  ROUTE_NOT_FOUND: { status: 404, message: 'No such route. The API reference is at /docs.' },
  METHOD_NOT_ALLOWED: { status: 405, message: 'This route does not accept that HTTP method. The API reference is at /docs.' },
  CONFLICT: { status: 409, message: 'The resource changed since you read it, or already exists. Read it again and retry.' },
  IMMUTABLE_VERSION: { status: 409, message: 'A published version cannot change. Create a new draft version instead.' },
  UNKNOWN_FACT: { status: 422, message: 'A condition uses a fact that is not in the fact catalogue (GET /api/facts). Pick one from the catalogue.' },
  UNKNOWN_OPERATOR: { status: 422, message: 'A condition uses an unknown operator. The operators are listed with the fact catalogue (GET /api/facts).' },
  TYPE_MISMATCH: { status: 422, message: 'A condition compares a fact with an operator or value of the wrong type. details names the fact, the operator and the types.' },
  INVALID_CONDITION: { status: 422, message: 'A condition is malformed (not all/any/not/fact nodes, too deep or too large). details points at the place.' },
  INVALID_DEFINITION: { status: 422, message: 'The definition is well-formed JSON but inconsistent (unreachable states, dangling references, templates that do not render). details points at each problem.' },
  INVALID_IMPORT: { status: 422, message: 'The imported file has errors. details gives the line (CSV) or JSON pointer (packs) of each.' },
  MODEL_FIT_FAILED: { status: 422, message: 'The model could not be fitted to this order history (too few customers or repeat buyers, or no maximum of the likelihood was found). details says what is missing; fit again when more orders have been recorded.' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive in time: its headers or body came too slowly. Send the whole request at once and retry.' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The URL and headers together are larger than 16 KB. Shorten the URL or drop headers; put data in the body.' },
  RATE_LIMITED: { status: 429, message: 'Too many requests. Wait for the time in the Retry-After header and retry.' },
  STORE_FULL: { status: 507, message: 'The embedded store has reached its memory limit; nothing was stored. Retry later: an operator must raise the limit, delete data or move to MongoDB.' },
  SERVICE_UNAVAILABLE: { status: 503, message: 'The store is not reachable right now; nothing was changed. Retry with backoff.' },
  INTERNAL_ERROR: { status: 500, message: 'An unexpected error on our side; nothing you sent caused it. It has been logged with the request id.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCodes;

/** The HTTP status for an error code. */
export function statusOfErrorCode(code: ErrorCode): number {
  return errorCodes[code].status;
}
