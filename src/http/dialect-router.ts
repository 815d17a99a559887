import { OpenAPIHono } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppError } from "../errors.js";
import type { AppEnv } from "./app-env.js";
import { zodErrorToAppError } from "./error-mapping.js";

/** Renders an AppError as a response body in one dialect's wire shape. */
export type ErrorRenderer = (error: AppError, c: Context) => Response;

/**
 * A router for one API dialect. Validation failures are thrown as AppErrors (400 with the
 * field named), so the app's error handler renders them in the dialect's own error shape.
 */
export function createDialectRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success) throw zodErrorToAppError(result.error);
    },
  });
}

/** Sets the headers every error response carries (Retry-After on 503s, as OpenAI clients read it). */
export function applyErrorHeaders(error: AppError, c: Context): void {
  const seconds = error.extra.retryAfterSeconds ?? (error.status === 503 ? 1 : undefined);
  if (seconds !== undefined) {
    c.header("Retry-After", String(Math.max(1, Math.ceil(seconds))));
    c.header("retry-after-ms", String(Math.round(seconds * 1000)));
  }
}
