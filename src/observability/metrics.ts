import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";
import type { RequestOutcome } from "../http/app-env.js";
import { buildMetricsSummary, type MetricsSummary } from "./json-view.js";
import { RateCounter, RecentWindow } from "./recent-window.js";
import { registerSourceMetrics, type MetricsSources } from "./source-metrics.js";

export type { MetricsSources };

/** METRICS_RETENTION_SIZE's default: requests the JSON view's latency window holds. */
export const DEFAULT_RETENTION_SIZE = 1000;

/** The metrics endpoints: counted in Prometheus, left out of the JSON view's window (scrapes are not traffic). */
export const METRICS_PATHS: readonly string[] = ["/metrics", "/metrics.json"];

/** Route label of a request no route matched (404s of unknown paths, wrong methods). */
export const UNMATCHED_ROUTE = "unmatched";

/** How the metrics are bounded and what the JSON view reports. */
export interface MetricsOptions {
  /** Requests the JSON view's latency and concurrency window holds (METRICS_RETENTION_SIZE). */
  retentionSize: number;
  /** MAX_CONCURRENT_REQUESTS, shown in the JSON view and named in the scaling advice. */
  maxConcurrent?: number;
}

/** One finished HTTP request, as the middleware reports it. */
export interface FinishedRequest {
  /** The matched route pattern (e.g. `/v1/models/:id`) or {@link UNMATCHED_ROUTE}; never the raw path. */
  route: string;
  status: number;
  durationMs: number;
  /** What the engine did, when the handler called it (its model is a catalog id). */
  outcome?: RequestOutcome;
}

/** A request being served; `end` records it (once). */
export interface RequestTracker {
  end(request: FinishedRequest): void;
}

/** Every metric of one server; each instance has its own registry, so tests can build several. */
export interface Metrics {
  readonly register: Registry;
  /** HTTP requests being served now. */
  readonly inFlight: number;
  /** Marks a request's start (for concurrency); call `end` when its response is ready. */
  begin(): RequestTracker;
  /** The Prometheus text exposition. */
  prometheus(): Promise<string>;
  /** Content type of {@link prometheus}'s text (`text/plain; version=0.0.4`). */
  readonly prometheusContentType: string;
  /** The JSON view (`GET /metrics.json`). */
  summary(now?: number): MetricsSummary;
}

const DURATION_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Builds the metrics over the server's parts. */
export function createMetrics(sources: MetricsSources, options: MetricsOptions): Metrics {
  const register = new Registry();
  const registers = [register];
  collectDefaultMetrics({ register });
  registerSourceMetrics(register, sources);

  const requests = new Counter({ name: "embedgate_requests_total", help: "HTTP requests by route pattern, model (catalog id; empty when no model ran) and status", labelNames: ["route", "model", "status"], registers });
  const duration = new Histogram({ name: "embedgate_request_duration_seconds", help: "HTTP request duration until the response was ready", labelNames: ["route"], buckets: DURATION_BUCKETS, registers });
  const queueWait = new Histogram({ name: "embedgate_queue_wait_seconds", help: "Time a request's inference work waited in the admission queue (requests with cache misses)", labelNames: ["model"], buckets: DURATION_BUCKETS, registers });
  const inference = new Histogram({ name: "embedgate_inference_seconds", help: "Time a request spent in backend inference (requests with cache misses)", labelNames: ["model"], buckets: DURATION_BUCKETS, registers });
  const modelLoad = new Histogram({ name: "embedgate_model_load_seconds", help: "Time requests spent waiting for their model to load (only requests that waited)", labelNames: ["model"], buckets: [0.01, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300], registers });
  const inputs = new Counter({ name: "embedgate_inputs_total", help: "Texts embedded (documents and query for rerank), by model", labelNames: ["model"], registers });
  const tokens = new Counter({ name: "embedgate_tokens_total", help: "Tokens counted (usage), by model", labelNames: ["model"], registers });

  const window = new RecentWindow(options.retentionSize);
  const rate = new RateCounter(300);
  let inFlight = 0;
  let maxInFlight = 0;

  const record = (request: FinishedRequest) => {
    const model = request.outcome?.model ?? "";
    requests.inc({ route: request.route, model, status: String(request.status) });
    duration.observe({ route: request.route }, request.durationMs / 1000);
    const outcome = request.outcome;
    if (!outcome) return;
    inputs.inc({ model }, outcome.inputs);
    tokens.inc({ model }, outcome.tokens);
    if (outcome.cacheMisses > 0) {
      // Requests answered wholly from the cache neither queue nor infer: leave them out rather than pile up zeros.
      queueWait.observe({ model }, outcome.timings.queueMs / 1000);
      inference.observe({ model }, outcome.timings.inferenceMs / 1000);
    }
    if (outcome.timings.loadMs > 0) modelLoad.observe({ model }, outcome.timings.loadMs / 1000);
  };

  return {
    register,
    get inFlight() {
      return inFlight;
    },
    begin() {
      const startedAt = Date.now();
      const concurrency = ++inFlight;
      maxInFlight = Math.max(maxInFlight, concurrency);
      let ended = false;
      return {
        end(request) {
          if (ended) return;
          ended = true;
          inFlight--;
          record(request);
          if (METRICS_PATHS.includes(request.route)) return;
          window.push({ startedAt, latencyMs: request.durationMs, concurrency });
          rate.add(Date.now());
        },
      };
    },
    prometheus: () => register.metrics(),
    prometheusContentType: register.contentType,
    summary: (now = Date.now()) =>
      buildMetricsSummary({ window: window.summary(now), rate, now, inFlight, maxInFlightSinceStart: maxInFlight, sources, maxConcurrent: options.maxConcurrent }),
  };
}
