import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppError, ErrorCode } from "../../errors.js";
import { applyErrorHeaders } from "../../http/dialect-router.js";

/** OpenAI's error `type` for each of our codes (what the SDK's error classes key on is the status). */
const TYPE_BY_CODE: Partial<Record<ErrorCode, string>> = {
  unauthorized: "authentication_error",
  overloaded: "server_error",
  queue_timeout: "server_error",
  model_load_failed: "server_error",
  internal: "server_error",
};

/** Renders `{"error":{"message","type","param","code"}}`, as the OpenAI API does. */
export function renderOpenAIError(error: AppError, c: Context): Response {
  applyErrorHeaders(error, c);
  const type = TYPE_BY_CODE[error.code] ?? "invalid_request_error";
  return c.json(
    { error: { message: error.message, type, param: error.extra.param ?? null, code: error.code } },
    error.status as ContentfulStatusCode,
  );
}
