import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.js";

/** Content types that curl and Ollama-style clients send with a JSON body. */
const LENIENT_TYPES = new Set(["", "text/plain", "application/x-www-form-urlencoded"]);

/**
 * Lets POST bodies without a JSON Content-Type through as JSON. Ollama accepts any type, and its
 * documented `curl -d '{...}'` calls send application/x-www-form-urlencoded; other types
 * (multipart, XML, …) are refused with 415 in the dialect's shape.
 */
export function jsonBody(): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== "POST") return next();
    const contentType = c.req.header("content-type") ?? "";
    const mediaType = contentType.split(";")[0].trim().toLowerCase();
    if (/^application\/([\w.-]+\+)?json$/.test(mediaType)) return next();
    if (!LENIENT_TYPES.has(mediaType)) throw new AppError("unsupported_media_type", `Content-Type ${mediaType} is not supported; send application/json`);
    const headers = new Headers(c.req.raw.headers);
    headers.set("content-type", "application/json");
    const body = await c.req.raw.arrayBuffer();
    c.req.raw = new Request(c.req.raw.url, { method: "POST", headers, body, signal: c.req.raw.signal });
    return next();
  };
}
