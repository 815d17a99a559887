import type { HttpBindings } from "@hono/node-server";
import type { MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { AppError } from "../errors.js";

/**
 * Refuses bodies over `maxBytes` with 413 in the dialect's shape: at once from Content-Length,
 * and while streaming for chunked bodies, so an oversized body is never buffered whole.
 */
export function limitBody(maxBytes: number): MiddlewareHandler {
  const tooLarge = () => {
    throw new AppError("payload_too_large", `request body is larger than ${maxBytes} bytes (MAX_BODY_BYTES)`);
  };
  const streamingLimit = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return (c, next) => {
    if (c.req.method !== "POST") return next();
    // Read Node's own headers: touching c.req.raw.body or .headers would make @hono/node-server
    // build a full fetch Request, which costs more than a whole cache hit.
    const incoming = (c.env as Partial<HttpBindings> | undefined)?.incoming;
    if (incoming && incoming.headers["transfer-encoding"] === undefined) {
      return Number(incoming.headers["content-length"] ?? 0) > maxBytes ? tooLarge() : next();
    }
    return streamingLimit(c, next); // chunked: count bytes as they arrive
  };
}
