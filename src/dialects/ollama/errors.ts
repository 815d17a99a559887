import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppError } from "../../errors.js";
import { applyErrorHeaders } from "../../http/dialect-router.js";

/** Renders `{"error":"…"}` with application/json, as Ollama does. */
export function renderOllamaError(error: AppError, c: Context): Response {
  applyErrorHeaders(error, c);
  return c.json({ error: error.message }, error.status as ContentfulStatusCode);
}
