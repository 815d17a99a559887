/**
 * The one error type the server throws. Code decides the HTTP status (STATUS_BY_CODE);
 * each dialect renders the error in its own wire shape.
 */

/** Every error code the server can produce. */
export type ErrorCode =
  | "invalid_request"
  | "invalid_json"
  | "unsupported_media_type"
  | "model_not_found"
  | "model_cannot_embed"
  | "model_cannot_rerank"
  | "context_length_exceeded"
  | "payload_too_large"
  | "unauthorized"
  | "not_found"
  | "overloaded"
  | "queue_timeout"
  | "model_load_failed"
  | "model_too_large"
  | "client_closed"
  | "internal";

/** HTTP status for each code. Validation is 400, never 422: clients retry 422. */
export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  invalid_request: 400,
  invalid_json: 400,
  unsupported_media_type: 415,
  model_not_found: 404,
  model_cannot_embed: 400,
  model_cannot_rerank: 400,
  context_length_exceeded: 400,
  payload_too_large: 413,
  unauthorized: 401,
  not_found: 404,
  overloaded: 503,
  queue_timeout: 503,
  model_load_failed: 503,
  model_too_large: 507,
  client_closed: 499,
  internal: 500,
};

/** Extra facts an error may carry for its renderer. */
export interface AppErrorExtra {
  /** The request field at fault (OpenAI's `param`), e.g. "input" or "input[3]". */
  param?: string;
  /** Seconds a client should wait before retrying (503s). */
  retryAfterSeconds?: number;
  /** The underlying error, for logs only; never sent to the client. */
  cause?: unknown;
}

/** An error with a code, a client-safe message and optional extra facts. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly extra: AppErrorExtra;

  constructor(code: ErrorCode, message: string, extra: AppErrorExtra = {}) {
    super(message, extra.cause === undefined ? undefined : { cause: extra.cause });
    this.name = "AppError";
    this.code = code;
    this.extra = extra;
  }

  /** The HTTP status this error maps to. */
  get status(): number {
    return STATUS_BY_CODE[this.code];
  }
}

/** Wraps anything thrown into an AppError; unknown errors become a generic 500. */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error;
  return new AppError("internal", "internal server error", { cause: error });
}
