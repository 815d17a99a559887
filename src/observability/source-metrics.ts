import { Counter, Gauge, type Registry } from "prom-client";
import type { EmbeddingCache } from "../cache/types.js";
import type { AdmissionQueue } from "../engine/admission.js";
import type { Engine } from "../engine/engine.js";
import type { ModelRegistry } from "../models/registry.js";

/** The parts the metrics read at scrape time (narrow, so tests can pass fakes). */
export interface MetricsSources {
  engine: Pick<Engine, "batchStats"> & { coalescer: Pick<Engine["coalescer"], "joinedCount" | "size"> };
  cache: Pick<EmbeddingCache, "stats">;
  admission: Pick<AdmissionQueue, "running" | "queued">;
  registry: Pick<ModelRegistry, "list">;
}

/** embedgate_redis_breaker_state values. */
export const BREAKER_STATE = { closed: 0, "half-open": 1, open: 2, disabled: -1 } as const;

/**
 * The increase of a running total since the last read. A total that goes down (the engine drops
 * a model's batcher, and its counts, when the model unloads) adds nothing, so the exported
 * counter stays monotonic; only the work between the last scrape and the unload is lost.
 */
function deltas(): (key: string, current: number) => number {
  const last = new Map<string, number>();
  return (key, current) => {
    const delta = Math.max(0, current - (last.get(key) ?? 0));
    last.set(key, current);
    return delta;
  };
}

/**
 * Registers the metrics read from the engine, cache, queue and registry when Prometheus
 * scrapes (prom-client `collect` callbacks): nothing is counted twice on the hot path.
 */
export function registerSourceMetrics(register: Registry, sources: MetricsSources): void {
  const registers = [register];
  const delta = deltas();
  const { engine, cache, admission, registry } = sources;

  new Counter({
    name: "embedgate_cache_hits_total",
    help: "Cache lookups answered, by tier (l1 in-process, l2 Redis)",
    labelNames: ["tier"],
    registers,
    collect() {
      const stats = cache.stats();
      this.inc({ tier: "l1" }, delta("l1Hits", stats.l1Hits));
      this.inc({ tier: "l2" }, delta("l2Hits", stats.l2Hits));
    },
  });
  new Counter({
    name: "embedgate_cache_misses_total",
    help: "Cache lookups not answered, by tier (l2 counts only while Redis is configured)",
    labelNames: ["tier"],
    registers,
    collect() {
      const stats = cache.stats();
      this.inc({ tier: "l1" }, delta("l1Misses", stats.l1Misses));
      this.inc({ tier: "l2" }, delta("l2Misses", stats.l2Misses));
    },
  });
  new Gauge({ name: "embedgate_cache_l1_entries", help: "Entries in the in-process cache", registers, collect() { this.set(cache.stats().l1Entries); } });
  new Gauge({ name: "embedgate_cache_l1_bytes", help: "Bytes held by the in-process cache", registers, collect() { this.set(cache.stats().l1Bytes); } });
  new Gauge({
    name: "embedgate_redis_breaker_state",
    help: "Redis circuit breaker: 0 closed, 1 half-open, 2 open, -1 Redis disabled",
    registers,
    collect() {
      this.set(BREAKER_STATE[cache.stats().l2State]);
    },
  });
  new Counter({ name: "embedgate_redis_errors_total", help: "Redis calls that failed or passed their deadline", registers, collect() { this.inc(delta("l2Errors", cache.stats().l2Errors)); } });

  new Counter({
    name: "embedgate_coalesced_requests_total",
    help: "Texts that joined an identical in-flight computation instead of starting their own",
    registers,
    collect() {
      this.inc(delta("joined", engine.coalescer.joinedCount));
    },
  });
  new Gauge({ name: "embedgate_coalescer_inflight_keys", help: "Distinct texts being computed now", registers, collect() { this.set(engine.coalescer.size); } });
  new Counter({ name: "embedgate_batch_calls_total", help: "Backend calls made by the micro-batcher", registers, collect() { this.inc(delta("calls", engine.batchStats().calls)); } });
  new Counter({ name: "embedgate_batch_texts_total", help: "Texts sent to backends by the micro-batcher", registers, collect() { this.inc(delta("texts", engine.batchStats().texts)); } });
  new Gauge({
    name: "embedgate_batch_size_mean",
    help: "Mean texts per backend call since start, over the models loaded (rate(texts)/rate(calls) gives a recent mean)",
    registers,
    collect() {
      const { calls, texts } = engine.batchStats();
      this.set(calls === 0 ? 0 : texts / calls);
    },
  });

  new Gauge({ name: "embedgate_queue_depth", help: "Units of inference work waiting for a slot", registers, collect() { this.set(admission.queued); } });
  new Gauge({ name: "embedgate_inflight_units", help: "Units of inference work running (at most MAX_CONCURRENT_REQUESTS)", registers, collect() { this.set(admission.running); } });

  new Counter({
    name: "embedgate_model_load_failures_total",
    help: "Failed model loads (the model answers 503 meanwhile; a failed preloaded model keeps /readyz at 503)",
    labelNames: ["model"],
    registers,
    collect() {
      for (const { entry, loadFailures } of registry.list()) {
        const added = delta(`load-failures:${entry.id}`, loadFailures);
        if (added > 0) this.inc({ model: entry.id }, added);
      }
    },
  });
  new Gauge({ name: "embedgate_models_loaded", help: "Models in memory", registers, collect() { this.set(registry.list().filter((s) => s.loaded).length); } });
  new Gauge({
    name: "embedgate_model_bytes",
    help: "Bytes of weights of each loaded model",
    labelNames: ["model"],
    registers,
    collect() {
      this.reset(); // unloaded models leave the output
      for (const { entry, loaded } of registry.list()) if (loaded) this.set({ model: entry.id }, loaded.backend.info.sizeBytes);
    },
  });
}
