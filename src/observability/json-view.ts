import type { RateCounter, WindowSummary } from "./recent-window.js";
import { scalingAdvice, type ScalingAdvice } from "./scaling-advice.js";
import type { MetricsSources } from "./source-metrics.js";

/**
 * The JSON view of the original service (`GET /metrics.json`). Request counts and the latency
 * window leave out the metrics endpoints themselves, so scrapes do not read as traffic.
 */
export interface MetricsSummary {
  requests: {
    /** Requests finished in the last 60 s. */
    last_1m: number;
    /** Requests finished in the last 300 s. */
    last_5m: number;
    /** Requests finished since start. */
    total: number;
  };
  latency_ms: {
    average: number;
    p95: number;
    p99: number;
    /** Requests the figures cover: the last N (METRICS_RETENTION_SIZE) at most. */
    window: number;
    /** Seconds from the oldest request of the window to now. */
    window_seconds: number;
  };
  cache: {
    /** Share of lookups answered by either tier (0 with no lookups). */
    hit_rate: number;
    l1: { entries: number; bytes: number; hits: number; misses: number; hit_rate: number };
    l2: { state: "closed" | "open" | "half-open" | "disabled"; hits: number; misses: number; errors: number; hit_rate: number };
  };
  queue: {
    /** Units of inference work waiting for a slot. */
    size: number;
    /** Units running. */
    running: number;
    /** MAX_CONCURRENT_REQUESTS. */
    max_concurrent?: number;
  };
  /** Most HTTP requests in flight at once over the window: the "concurrent users" of the scaling advice. */
  max_concurrent_seen: number;
  /** HTTP requests in flight now (this one included). */
  in_flight: number;
  /** Most HTTP requests in flight at once since start. */
  max_concurrent_since_start: number;
  scaling: ScalingAdvice;
}

/** What the summary is computed from. */
export interface SummaryInput {
  window: WindowSummary;
  rate: RateCounter;
  now: number;
  inFlight: number;
  maxInFlightSinceStart: number;
  sources: MetricsSources;
  maxConcurrent?: number;
}

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
const round = (value: number) => Math.round(value * 1000) / 1000;

export function buildMetricsSummary(input: SummaryInput): MetricsSummary {
  const { window, rate, now, sources } = input;
  const stats = sources.cache.stats();
  const lookups = stats.l1Hits + stats.l1Misses;
  return {
    requests: { last_1m: rate.count(60, now), last_5m: rate.count(300, now), total: rate.total },
    latency_ms: { average: round(window.averageMs), p95: round(window.p95Ms), p99: round(window.p99Ms), window: window.samples, window_seconds: round(window.spanSeconds) },
    cache: {
      hit_rate: round(ratio(stats.l1Hits + stats.l2Hits, lookups)),
      l1: { entries: stats.l1Entries, bytes: stats.l1Bytes, hits: stats.l1Hits, misses: stats.l1Misses, hit_rate: round(ratio(stats.l1Hits, lookups)) },
      l2: { state: stats.l2State, hits: stats.l2Hits, misses: stats.l2Misses, errors: stats.l2Errors, hit_rate: round(ratio(stats.l2Hits, stats.l2Hits + stats.l2Misses)) },
    },
    queue: {
      size: sources.admission.queued,
      running: sources.admission.running,
      ...(input.maxConcurrent === undefined ? {} : { max_concurrent: input.maxConcurrent }),
    },
    max_concurrent_seen: window.maxConcurrent,
    in_flight: input.inFlight,
    max_concurrent_since_start: input.maxInFlightSinceStart,
    scaling: scalingAdvice({
      maxConcurrent: window.maxConcurrent,
      averageLatencyMs: window.averageMs,
      maxConcurrentRequests: input.maxConcurrent,
      redisEnabled: stats.l2State !== "disabled",
    }),
  };
}
