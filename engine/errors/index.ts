export { errorCodes, statusOfErrorCode, type ErrorCode } from './error-codes';
export {
  createProblem,
  escapePointerSegment,
  fail,
  ok,
  ProblemError,
  toPointer,
  unwrap,
  type Problem,
  type ProblemDetail,
  type Result,
} from './problem';
