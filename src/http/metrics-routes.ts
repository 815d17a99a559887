import { Hono } from "hono";
import type { Metrics } from "../observability/metrics.js";
import type { AppEnv } from "./app-env.js";

/** q-value of `type` in an Accept header: exact match, else `major/*`, else `*\/*`, else 0. */
function quality(accept: string, type: string): number {
  const [major] = type.split("/");
  let exact: number | undefined;
  let group: number | undefined;
  let any: number | undefined;
  for (const part of accept.split(",")) {
    const [range, ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    if (range === type) exact = Math.max(exact ?? 0, q);
    else if (range === `${major}/*`) group = Math.max(group ?? 0, q);
    else if (range === "*/*") any = Math.max(any ?? 0, q);
  }
  return exact ?? group ?? any ?? 0;
}

/**
 * Whether a client prefers the JSON view: it names `application/json` with a higher q than the
 * Prometheus text. Wildcards alone (`*\/*`, Prometheus' own Accept, browsers) get the text.
 */
export function prefersJson(accept: string | undefined): boolean {
  if (!accept) return false;
  const json = quality(accept, "application/json");
  return json > 0 && json > quality(accept, "text/plain");
}

/**
 * `GET /metrics`: Prometheus text (`text/plain; version=0.0.4`), or the JSON view when the client
 * prefers `application/json`; `GET /metrics.json`: the JSON view. Plain hono routes, so they stay
 * out of the OpenAPI document (they are operator endpoints, not part of any dialect).
 */
export function metricsRoutes(metrics: Metrics): Hono<AppEnv> {
  const router = new Hono<AppEnv>();
  router.get("/metrics", async (c) => {
    c.header("cache-control", "no-store");
    c.header("vary", "accept");
    if (prefersJson(c.req.header("accept"))) return c.json(metrics.summary());
    return c.body(await metrics.prometheus(), 200, { "content-type": metrics.prometheusContentType });
  });
  router.get("/metrics.json", (c) => {
    c.header("cache-control", "no-store");
    return c.json(metrics.summary());
  });
  return router;
}
