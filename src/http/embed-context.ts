import type { HttpBindings } from "@hono/node-server";
import type { Context } from "hono";
import type { CachePolicy, EmbedResult } from "../engine/jobs.js";
import type { AppEnv } from "./app-env.js";

/** What every dialect passes the engine from the HTTP request besides the body. */
export interface JobContext {
  signal: AbortSignal;
  cache: CachePolicy;
}

/**
 * Reads the per-request cache controls: `Cache-Control: no-cache` skips cache reads,
 * `no-store` skips writes (both may be given).
 */
export function jobContext(c: Context): JobContext {
  const directives = (c.req.header("cache-control") ?? "").toLowerCase();
  return {
    signal: clientGoneSignal(c),
    cache: { read: !/\bno-cache\b/.test(directives), write: !/\bno-store\b/.test(directives) },
  };
}

/**
 * Aborts when the client goes away before its response is written. Built on Node's own
 * response object: reading `c.req.raw.signal` would make @hono/node-server build a full fetch
 * Request for every call, which costs more than a whole cache hit.
 */
function clientGoneSignal(c: Context): AbortSignal {
  const outgoing = (c.env as Partial<HttpBindings> | undefined)?.outgoing;
  if (!outgoing) return c.req.raw.signal;
  const controller = new AbortController();
  outgoing.once("close", () => {
    if (!outgoing.writableFinished) controller.abort();
  });
  return controller.signal;
}

/** What every engine result offers the HTTP layer. */
type ResultSummary = Pick<EmbedResult, "model" | "cacheHits" | "cacheMisses" | "timings"> & ({ promptTokens: number } | { totalTokens: number });

/**
 * Headers every embedding and rerank response carries (cache outcome, TEI-style timings in ms),
 * and the request's outcome for the access log and metrics.
 */
export function setEmbedHeaders(c: Context<AppEnv>, result: ResultSummary): void {
  const tokens = "promptTokens" in result ? result.promptTokens : result.totalTokens;
  c.set("outcome", { model: result.model, inputs: result.cacheHits + result.cacheMisses, tokens, cacheHits: result.cacheHits, cacheMisses: result.cacheMisses, timings: result.timings });
  c.header("x-cache-hits", String(result.cacheHits));
  c.header("x-cache-misses", String(result.cacheMisses));
  c.header("x-queue-time", result.timings.queueMs.toFixed(2));
  c.header("x-inference-time", result.timings.inferenceMs.toFixed(2));
  c.header("x-total-time", result.timings.totalMs.toFixed(2));
}

/**
 * A 200 JSON response from text already serialised. Typed loosely on purpose: route handlers
 * declare zod response types, which pre-serialised text cannot carry; the compat and schema tests
 * check the shape instead.
 */
export function jsonText(c: Context, text: string): any {
  return c.body(text, 200, { "content-type": "application/json" });
}
