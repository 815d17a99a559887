import type { Context, MiddlewareHandler } from "hono";
import { matchedRoutes } from "hono/route";
import type { AppEnv } from "../http/app-env.js";
import { UNMATCHED_ROUTE, type Metrics } from "./metrics.js";

/** hono's method of routes registered by `use` (middleware). */
const MIDDLEWARE_METHOD = "ALL";

/**
 * The route label of a request: the pattern of the route that answered (`/v1/models/:id`), never
 * the raw path, so clients cannot create label values. When middleware answered before the
 * route ran (a body too large, a failed auth), the pattern of the route it would have reached;
 * when no route matched (unknown path, wrong method), {@link UNMATCHED_ROUTE}.
 */
export function routeLabel(c: Context): string {
  const routes = matchedRoutes(c);
  const current = routes[c.req.routeIndex];
  if (current && current.method !== MIDDLEWARE_METHOD) return current.path;
  return routes.find((route) => route.method !== MIDDLEWARE_METHOD)?.path ?? UNMATCHED_ROUTE;
}

/**
 * Records every request: route pattern, status, duration, and what the engine did (the
 * `outcome` the handlers set). Mount it first. hono's error and not-found handlers produce the
 * response inside `next()`, so errors are measured here too, with their real status.
 */
export function metricsMiddleware(metrics: Metrics): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const tracker = metrics.begin();
    let status = 500;
    try {
      await next();
      status = c.res.status;
    } finally {
      tracker.end({ route: routeLabel(c), status, durationMs: performance.now() - started, outcome: c.get("outcome") });
    }
  };
}
