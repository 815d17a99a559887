import type { MiddlewareHandler } from "hono";
import type { Logger } from "../util/logger.js";
import type { AppEnv } from "./app-env.js";

/** Probe paths, logged at debug so they do not drown the request log. */
const QUIET_PATHS = new Set(["/health", "/livez", "/readyz", "/metrics", "/metrics.json"]);

/**
 * One structured line per request: route, model, inputs, tokens, cache hits, status, latency.
 * Never the prompt text, never a key (the Authorization header is not read here).
 */
export function accessLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    await next();
    const outcome = c.get("outcome");
    const line = {
      reqId: c.get("requestId"),
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 100) / 100,
      ...(outcome ? { model: outcome.model, inputs: outcome.inputs, tokens: outcome.tokens, cacheHits: outcome.cacheHits } : {}),
    };
    if (QUIET_PATHS.has(c.req.path)) logger.debug(line, "request");
    else logger.info(line, "request");
  };
}
