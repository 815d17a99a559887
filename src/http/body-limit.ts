import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors.js";

/**
 * Refuses bodies over `maxBytes` with 413 in the dialect's shape: at once from Content-Length,
 * and while streaming for chunked bodies, so an oversized body is never buffered whole.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const limit = bodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError("payload_too_large", `request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)`);
    },
  });
  return (c, next) => (c.req.method === "POST" ? limit(c, next) : next());
}
