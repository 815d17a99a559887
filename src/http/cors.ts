import type { MiddlewareHandler } from "hono";

/** Request headers browsers may send: the openai SDK adds its x-stainless-* telemetry headers. */
function allowedHeader(name: string): boolean {
  const lower = name.trim().toLowerCase();
  return ["authorization", "content-type", "x-api-key", "x-request-id", "cache-control"].includes(lower) || lower.startsWith("x-stainless-");
}

const EXPOSED = "x-request-id, x-cache-hits, x-cache-misses, x-queue-time, x-inference-time, x-total-time, retry-after, retry-after-ms";

/**
 * CORS for an allow-list of origins (off when the list is empty). Preflights are answered here,
 * before auth, allowing only the headers clients need.
 */
export function cors(origins: string[]): MiddlewareHandler {
  const allowAny = origins.includes("*");
  const allowed = new Set(origins);
  return async (c, next) => {
    const origin = c.req.header("origin");
    if (origins.length === 0 || !origin || !(allowAny || allowed.has(origin))) return next();
    const preflight = c.req.method === "OPTIONS" && c.req.header("access-control-request-method");
    const headers = new Headers({ "access-control-allow-origin": allowAny ? "*" : origin, vary: "Origin" });
    if (preflight) {
      const requested = (c.req.header("access-control-request-headers") ?? "").split(",").filter((h) => h.trim() && allowedHeader(h));
      headers.set("access-control-allow-methods", "GET, HEAD, POST, OPTIONS");
      headers.set("access-control-allow-headers", requested.map((h) => h.trim()).join(", ") || "authorization, content-type");
      headers.set("access-control-max-age", "600");
      return new Response(null, { status: 204, headers });
    }
    await next();
    for (const [name, value] of headers) c.res.headers.set(name, value);
    c.res.headers.set("access-control-expose-headers", EXPOSED);
  };
}
