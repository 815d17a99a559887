import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppError } from "../../errors.js";
import { applyErrorHeaders } from "../../http/dialect-router.js";

/** Cohere's error body: `{"message":"…"}`. */
export function renderCohereError(error: AppError, c: Context): Response {
  applyErrorHeaders(error, c);
  return c.json({ message: error.message }, error.status as ContentfulStatusCode);
}

/** TEI's error body: `{"error":"…","error_type":"…"}`. */
export function renderTeiError(error: AppError, c: Context): Response {
  applyErrorHeaders(error, c);
  const errorType = error.status === 503 ? "Overloaded" : error.status >= 500 ? "Backend" : "Validation";
  return c.json({ error: error.message, error_type: errorType }, error.status as ContentfulStatusCode);
}
