import { serve, type ServerType } from "@hono/node-server";
import { Hono } from "hono";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { loadConfig } from "../src/config/config.js";
import { metricsRoutes, prefersJson } from "../src/http/metrics-routes.js";
import { createMetrics, DEFAULT_RETENTION_SIZE, type Metrics, type MetricsSources } from "../src/observability/metrics.js";
import { metricsMiddleware } from "../src/observability/middleware.js";
import { RateCounter, RecentWindow } from "../src/observability/recent-window.js";
import { scalingAdvice } from "../src/observability/scaling-advice.js";
import { createServices } from "../src/services.js";
import { silentLogger } from "../src/util/logger.js";
import { TEST_CACHE_DIR, TEST_CATALOG } from "./helpers/paths.js";
import { postJson, startTestServer } from "./helpers/server.js";

/** A served app with metrics: the real server once metrics are wired into it, else one built here the same way. */
async function startMetricsServer(): Promise<{ url: string; close(): Promise<unknown> }> {
  const wired = await startTestServer();
  if ("metrics" in wired.services) return wired;
  await wired.close();

  const config = loadConfig({ HOST: "127.0.0.1", PORT: "0", MODELS_FILE: TEST_CATALOG, EMBEDGATE_CACHE_DIR: TEST_CACHE_DIR, LOG_LEVEL: "silent" });
  const services = createServices(config, silentLogger());
  const metrics = createMetrics(services, { retentionSize: DEFAULT_RETENTION_SIZE, maxConcurrent: config.admission.maxConcurrent });
  const app = new Hono();
  app.use(metricsMiddleware(metrics));
  app.route("/", metricsRoutes(metrics));
  app.route("/", createApp(services));
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await services.close();
    },
  };
}

/** Prometheus text → `name{labels}` → value (HELP/TYPE lines dropped). */
function parseExposition(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split("\n")) {
    if (!line || line.startsWith("#")) continue;
    const cut = line.lastIndexOf(" ");
    samples.set(line.slice(0, cut), Number(line.slice(cut + 1)));
  }
  return samples;
}

function routeLabels(samples: Map<string, number>): Set<string> {
  const routes = new Set<string>();
  for (const key of samples.keys()) {
    const match = /^embedgate_requests_total\{.*route="([^"]*)"/.exec(key);
    if (match) routes.add(match[1]);
  }
  return routes;
}

describe("metrics over real HTTP", () => {
  let server: { url: string; close(): Promise<unknown> };
  let requestsMade = 0;
  let gloveTokens = 0;
  let cacheHits = 0;
  const post = async (path: string, body: unknown) => {
    requestsMade++;
    const res = await postJson(`${server.url}${path}`, body);
    cacheHits += Number(res.headers.get("x-cache-hits") ?? 0);
    return res;
  };
  const get = async (path: string, headers: Record<string, string> = {}) => {
    requestsMade++;
    return fetch(`${server.url}${path}`, { headers });
  };
  const scrape = async () => {
    const res = await fetch(`${server.url}/metrics`);
    expect(res.status).toBe(200);
    return { contentType: res.headers.get("content-type"), samples: parseExposition(await res.text()) };
  };
  const summary = async (): Promise<any> => {
    const res = await fetch(`${server.url}/metrics.json`);
    expect(res.status).toBe(200);
    return res.json();
  };

  beforeAll(async () => {
    server = await startMetricsServer();
    const inputs = ["the cat sat on the mat", "a dog barked loudly"];
    for (let i = 0; i < 2; i++) {
      const res = await post("/v1/embeddings", { model: "glove-100d", input: inputs }); // misses, then hits
      expect(res.status).toBe(200);
      gloveTokens += res.json.usage.prompt_tokens;
    }
    const aliased = await post("/v1/embeddings", { model: "text-embedding-3-small", input: "semantic search" });
    expect(aliased.status).toBe(200);
    gloveTokens += aliased.json.usage.prompt_tokens;
    expect((await post("/v1/embeddings", { model: "m2v-f32", input: "hello world" })).status).toBe(200);
    const ollama = await post("/api/embed", { model: "glove-100d", input: "why is the sky blue" });
    expect(ollama.status).toBe(200);
    gloveTokens += ollama.json.prompt_eval_count;
    expect((await post("/v1/embeddings", { model: "no-such-model", input: "x" })).status).toBe(404);
    expect((await post("/v1/embeddings", { model: "glove-100d" })).status).toBe(400);
    expect((await get("/v1/models/glove-100d")).status).toBe(200);
    expect((await get("/no/such/path")).status).toBe(404);
  });
  afterAll(() => server?.close());

  it("serves the Prometheus text format with the request counters by route, model and status", async () => {
    const { contentType, samples } = await scrape();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(samples.get('embedgate_requests_total{route="/v1/embeddings",model="glove-100d",status="200"}')).toBe(3);
    expect(samples.get('embedgate_requests_total{route="/v1/embeddings",model="m2v-f32",status="200"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/api/embed",model="glove-100d",status="200"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/v1/embeddings",model="",status="404"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/v1/embeddings",model="",status="400"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/v1/models/:id",model="",status="200"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="unmatched",model="",status="404"}')).toBe(1);
    expect(samples.get('embedgate_request_duration_seconds_count{route="/v1/embeddings"}')).toBe(6);
    expect(samples.get('process_cpu_user_seconds_total')).toBeGreaterThan(0);
  });

  it("counts inputs and tokens per model (aliases under the catalog id) as the responses reported them", async () => {
    const { samples } = await scrape();
    expect(gloveTokens).toBeGreaterThan(0);
    expect(samples.get('embedgate_tokens_total{model="glove-100d"}')).toBe(gloveTokens); // usage.prompt_tokens + prompt_eval_count
    expect(samples.get('embedgate_inputs_total{model="glove-100d"}')).toBe(2 + 2 + 1 + 1);
    expect(samples.get('embedgate_inputs_total{model="m2v-f32"}')).toBe(1);
    // Only requests with cache misses queue and infer: the repeated request was all hits.
    expect(samples.get('embedgate_queue_wait_seconds_count{model="glove-100d"}')).toBe(3);
    expect(samples.get('embedgate_inference_seconds_count{model="glove-100d"}')).toBe(3);
  });

  it("reads cache, coalescing, batching, queue and model gauges from the engine at scrape time", async () => {
    const { samples } = await scrape();
    expect(cacheHits).toBeGreaterThan(0);
    expect(samples.get('embedgate_cache_hits_total{tier="l1"}')).toBe(cacheHits);
    expect(samples.get('embedgate_cache_misses_total{tier="l1"}')).toBeGreaterThan(0);
    expect(samples.get('embedgate_cache_hits_total{tier="l2"}')).toBe(0);
    expect(samples.get("embedgate_cache_l1_entries")).toBeGreaterThan(0);
    expect(samples.get("embedgate_cache_l1_bytes")).toBeGreaterThan(0);
    expect(samples.get("embedgate_redis_breaker_state")).toBe(-1); // no REDIS_URL
    expect(samples.get("embedgate_redis_errors_total")).toBe(0);
    expect(samples.get("embedgate_coalesced_requests_total")).toBe(0);
    expect(samples.get("embedgate_batch_calls_total")).toBeGreaterThan(0);
    expect(samples.get("embedgate_batch_texts_total")).toBeGreaterThanOrEqual(samples.get("embedgate_batch_calls_total")!);
    expect(samples.get("embedgate_queue_depth")).toBe(0);
    expect(samples.get("embedgate_inflight_units")).toBe(0);
    expect(samples.get("embedgate_models_loaded")).toBeGreaterThanOrEqual(2);
    expect(samples.get('embedgate_model_bytes{model="glove-100d"}')).toBeGreaterThan(0);
    expect(samples.get('embedgate_model_bytes{model="m2v-f32"}')).toBeGreaterThan(0);
  });

  it("labels routes by pattern, never by raw path or client-sent model name", async () => {
    const before = routeLabels((await scrape()).samples);
    expect(before).toContain("/v1/models/:id");
    for (const path of ["/another/unknown", "/v1/embeddings/x", "/metrics/nope"]) expect((await get(path)).status).toBe(404);
    expect((await get("/v1/embeddings")).status).toBe(404); // wrong method: no route matched
    const { samples } = await scrape();
    const after = routeLabels(samples);
    for (const route of after) expect(route === "unmatched" || route === "/metrics" || route === "/metrics.json" || before.has(route)).toBe(true);
    expect(samples.get('embedgate_requests_total{route="unmatched",model="",status="404"}')).toBe(5);
    const keys = [...samples.keys()].join("\n");
    expect(keys).not.toContain("no-such-model");
    expect(keys).not.toContain("text-embedding-3-small");
    expect(keys).not.toContain("/no/such/path");
    expect(keys).not.toContain("/v1/models/glove-100d");
  });

  it("gives the JSON view with request counts, latency percentiles, cache and scaling advice", async () => {
    const view: any = await summary();
    expect(view.requests.last_1m).toBe(requestsMade); // scrapes of /metrics are not counted
    expect(view.requests.last_5m).toBe(requestsMade);
    expect(view.requests.total).toBe(requestsMade);
    expect(view.latency_ms.window).toBe(requestsMade);
    for (const field of ["average", "p95", "p99"]) {
      expect(typeof view.latency_ms[field]).toBe("number");
      expect(view.latency_ms[field]).toBeGreaterThan(0);
    }
    expect(view.latency_ms.p99).toBeGreaterThanOrEqual(view.latency_ms.p95);
    expect(view.cache.hit_rate).toBeGreaterThan(0);
    expect(view.cache.l1.hits).toBe(cacheHits);
    expect(view.cache.l2.state).toBe("disabled");
    expect(view.queue).toMatchObject({ size: 0, running: 0 });
    expect(view.max_concurrent_seen).toBeGreaterThanOrEqual(1);
    expect(view.in_flight).toBe(1); // this request
    expect(view.scaling).toMatchObject({ phase: 1, reasons: [] });
    expect(typeof view.scaling.advice).toBe("string");
  });

  it("answers GET /metrics with the JSON view when the client prefers application/json", async () => {
    const json = await fetch(`${server.url}/metrics`, { headers: { accept: "application/json" } });
    expect(json.headers.get("content-type")).toMatch(/application\/json/);
    expect(((await json.json()) as any).requests.total).toBe(requestsMade);
    const prometheusAccept = "application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1";
    const text = await fetch(`${server.url}/metrics`, { headers: { accept: prometheusAccept } });
    expect(text.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    await text.text();
  });
});

describe("scaling advice", () => {
  it("stays in phase 1 at the phase 2 thresholds (10 concurrent, 100 ms)", () => {
    expect(scalingAdvice({ maxConcurrent: 10, averageLatencyMs: 100 })).toMatchObject({ phase: 1, reasons: [] });
    expect(scalingAdvice({ maxConcurrent: 0, averageLatencyMs: 0 }).phase).toBe(1);
  });

  it("moves to phase 2 above 10 concurrent or above 100 ms, naming the trigger", () => {
    const busy = scalingAdvice({ maxConcurrent: 11, averageLatencyMs: 5, maxConcurrentRequests: 4 });
    expect(busy.phase).toBe(2);
    expect(busy.reasons).toHaveLength(1);
    expect(busy.reasons[0]).toMatch(/11 concurrent.*> 10/);
    expect(busy.advice).toMatch(/MAX_CONCURRENT_REQUESTS \(now 4\)/);
    expect(busy.advice).toMatch(/REDIS_URL/);
    const slow = scalingAdvice({ maxConcurrent: 1, averageLatencyMs: 100.5 });
    expect(slow.phase).toBe(2);
    expect(slow.reasons).toEqual([expect.stringMatching(/average latency 100\.5 ms > 100 ms/)]);
  });

  it("stays in phase 2 at the phase 3 thresholds (50 concurrent, 200 ms)", () => {
    const result = scalingAdvice({ maxConcurrent: 50, averageLatencyMs: 200 });
    expect(result.phase).toBe(2);
    expect(result.reasons).toHaveLength(2);
  });

  it("moves to phase 3 above 50 concurrent or above 200 ms", () => {
    const crowd = scalingAdvice({ maxConcurrent: 51, averageLatencyMs: 10, redisEnabled: true });
    expect(crowd.phase).toBe(3);
    expect(crowd.reasons).toEqual([expect.stringMatching(/51 concurrent.*> 50/)]);
    expect(crowd.advice).toMatch(/replicas behind a load balancer/);
    const slow = scalingAdvice({ maxConcurrent: 3, averageLatencyMs: 201 });
    expect(slow.phase).toBe(3);
    expect(slow.reasons).toEqual([expect.stringMatching(/> 200 ms/)]);
    const both = scalingAdvice({ maxConcurrent: 60, averageLatencyMs: 150 });
    expect(both.phase).toBe(3);
    expect(both.reasons).toEqual([expect.stringMatching(/60 concurrent.*> 50/), expect.stringMatching(/150 ms > 100 ms/)]);
  });
});

describe("recent window", () => {
  it("keeps the last N samples: average, nearest-rank p95/p99 and max concurrency", () => {
    const window = new RecentWindow(100);
    for (let i = 1; i <= 150; i++) window.push({ startedAt: 1_000 + i, latencyMs: i, concurrency: i <= 50 ? 99 : i % 7 });
    const summary = window.summary(1_000 + 150 + 1000);
    expect(summary.samples).toBe(100);
    expect(summary.averageMs).toBe(100.5); // 51..150
    expect(summary.p95Ms).toBe(145);
    expect(summary.p99Ms).toBe(149);
    expect(summary.maxConcurrent).toBe(6); // the 99s were overwritten
    expect(summary.spanSeconds).toBeCloseTo(1.099, 3);
    expect(new RecentWindow(5).summary()).toMatchObject({ samples: 0, averageMs: 0, p95Ms: 0, p99Ms: 0, maxConcurrent: 0 });
  });

  it("counts requests per second over the last minute and five minutes", () => {
    const rate = new RateCounter(300);
    const now = 10_000_000;
    rate.add(now - 400_000); // too old for either
    rate.add(now - 200_000);
    rate.add(now - 30_000);
    rate.add(now - 1);
    rate.add(now);
    expect(rate.count(60, now)).toBe(3);
    expect(rate.count(300, now)).toBe(4);
    expect(rate.total).toBe(5);
  });
});

describe("content negotiation of GET /metrics", () => {
  it("prefers JSON only when the client ranks application/json above text/plain", () => {
    expect(prefersJson("application/json")).toBe(true);
    expect(prefersJson("application/json, text/plain;q=0.5")).toBe(true);
    expect(prefersJson(undefined)).toBe(false);
    expect(prefersJson("*/*")).toBe(false);
    expect(prefersJson("text/plain, application/json")).toBe(false);
    expect(prefersJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")).toBe(false);
  });
});

describe("metrics read from the sources", () => {
  function fakeSources(batch: { calls: number; texts: number }): MetricsSources {
    return {
      engine: { coalescer: { joinedCount: 3, size: 1 }, batchStats: () => batch },
      cache: { stats: () => ({ l1Entries: 1, l1Bytes: 400, l1Hits: 5, l1Misses: 2, l2Hits: 1, l2Misses: 1, l2Errors: 7, l2State: "half-open" }) },
      admission: { running: 2, queued: 9 },
      registry: { list: () => [] },
    };
  }

  it("maps the breaker state and keeps source counters monotonic when a batcher is dropped", async () => {
    const batch = { calls: 10, texts: 40 };
    const metrics: Metrics = createMetrics(fakeSources(batch), { retentionSize: 10 });
    let samples = parseExposition(await metrics.prometheus());
    expect(samples.get("embedgate_redis_breaker_state")).toBe(1);
    expect(samples.get("embedgate_redis_errors_total")).toBe(7);
    expect(samples.get("embedgate_coalesced_requests_total")).toBe(3);
    expect(samples.get("embedgate_queue_depth")).toBe(9);
    expect(samples.get("embedgate_inflight_units")).toBe(2);
    expect(samples.get("embedgate_batch_size_mean")).toBe(4);
    Object.assign(batch, { calls: 4, texts: 8 }); // a model unloaded with its batcher
    samples = parseExposition(await metrics.prometheus());
    expect(samples.get("embedgate_batch_calls_total")).toBe(10);
    Object.assign(batch, { calls: 6, texts: 12 });
    samples = parseExposition(await metrics.prometheus());
    expect(samples.get("embedgate_batch_calls_total")).toBe(12);
    expect(samples.get("embedgate_batch_texts_total")).toBe(44);
  });
});

describe("the metrics middleware", () => {
  const idle: MetricsSources = {
    engine: { coalescer: { joinedCount: 0, size: 0 }, batchStats: () => ({ calls: 0, texts: 0 }) },
    cache: { stats: () => ({ l1Entries: 0, l1Bytes: 0, l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0, l2Errors: 0, l2State: "disabled" }) },
    admission: { running: 0, queued: 0 },
    registry: { list: () => [] },
  };

  function appWith(metrics: Metrics, gate?: Promise<void>) {
    const app = new Hono();
    app.use(metricsMiddleware(metrics));
    app.use("/guarded/*", async (c, next) => (c.req.header("x-key") === "ok" ? next() : c.text("no", 401)));
    app.route("/", metricsRoutes(metrics));
    app.get("/slow/:n", async (c) => {
      await gate;
      return c.text("done");
    });
    app.get("/guarded/:id", (c) => c.text("in"));
    app.get("/boom", () => {
      throw new Error("boom");
    });
    app.onError((_error, c) => c.text("failed", 500));
    return app;
  }

  it("labels middleware answers by the route they guard, and handler errors by their route with status 500", async () => {
    const metrics = createMetrics(idle, { retentionSize: 10 });
    const app = appWith(metrics);
    expect((await app.request("/guarded/42")).status).toBe(401);
    expect((await app.request("/guarded/42", { headers: { "x-key": "ok" } })).status).toBe(200);
    expect((await app.request("/boom")).status).toBe(500);
    expect((await app.request("/nothing/here")).status).toBe(404);
    const samples = parseExposition(await metrics.prometheus());
    expect(samples.get('embedgate_requests_total{route="/guarded/:id",model="",status="401"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/guarded/:id",model="",status="200"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="/boom",model="",status="500"}')).toBe(1);
    expect(samples.get('embedgate_requests_total{route="unmatched",model="",status="404"}')).toBe(1);
  });

  it("tracks requests in flight: the window's maximum drives the scaling phase", async () => {
    const metrics = createMetrics(idle, { retentionSize: 100, maxConcurrent: 4 });
    let open!: () => void;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const app = appWith(metrics, gate);
    const pending = Array.from({ length: 12 }, (_, i) => app.request(`/slow/${i}`));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(metrics.inFlight).toBe(12);
    open();
    await Promise.all(pending);
    expect(metrics.inFlight).toBe(0);
    const view: any = await (await app.request("/metrics.json")).json();
    expect(view.requests.total).toBe(12);
    expect(view.max_concurrent_seen).toBe(12);
    expect(view.queue.max_concurrent).toBe(4);
    expect(view.scaling.phase).toBe(2);
    expect(view.scaling.reasons).toEqual([expect.stringMatching(/12 concurrent/)]);
    const samples = parseExposition(await metrics.prometheus());
    expect(samples.get('embedgate_requests_total{route="/slow/:n",model="",status="200"}')).toBe(12);
    expect(samples.get('embedgate_requests_total{route="/metrics.json",model="",status="200"}')).toBe(1);
  });
});
