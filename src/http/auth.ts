import { createHash, timingSafeEqual } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import { AppError } from "../errors.js";

/** Who may call what. */
export interface AuthOptions {
  /** Accepted API keys; none = auth off. */
  keys: string[];
  /** Paths answered without a key (health probes, docs, the Ollama root). */
  publicPaths: Set<string>;
}

/** sha256 of a key: compares fixed-length digests, so neither length nor content leaks through timing. */
const digest = (key: string) => createHash("sha256").update(key).digest();

/**
 * Bearer authentication for every API route when keys are configured. Reads
 * `Authorization: Bearer <key>` (OpenAI, Cohere, Jina and Ollama clients) or `x-api-key`, compares
 * against every key in constant time, and answers 401 in the dialect's shape with
 * `WWW-Authenticate`. Preflight requests pass (CORS answers them first).
 */
export function apiKeyAuth(options: AuthOptions): MiddlewareHandler {
  const digests = options.keys.map(digest);
  return async (c, next) => {
    if (digests.length === 0 || c.req.method === "OPTIONS" || options.publicPaths.has(c.req.path)) return next();
    const header = c.req.header("authorization") ?? "";
    const presented = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? c.req.header("x-api-key") ?? "";
    const candidate = digest(presented);
    let match = false;
    for (const known of digests) match = timingSafeEqual(known, candidate) || match; // no early exit
    if (!match || presented === "") {
      c.header("WWW-Authenticate", 'Bearer realm="embedgate"');
      throw new AppError("unauthorized", presented === "" ? "missing API key: send Authorization: Bearer <key>" : "invalid API key");
    }
    return next();
  };
}
