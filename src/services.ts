import { createEmbeddingCache } from "./cache/tiered.js";
import type { EmbeddingCache } from "./cache/types.js";
import type { Config } from "./config/config.js";
import { AdmissionQueue } from "./engine/admission.js";
import { Engine } from "./engine/engine.js";
import { Lifecycle } from "./http/lifecycle.js";
import { ModelRegistry } from "./models/registry.js";
import { createMetrics, type Metrics } from "./observability/metrics.js";
import type { Logger } from "./util/logger.js";

/** Everything the HTTP layer needs, built once from the config. */
export interface Services {
  config: Config;
  logger: Logger;
  registry: ModelRegistry;
  engine: Engine;
  cache: EmbeddingCache;
  admission: AdmissionQueue;
  lifecycle: Lifecycle;
  /** Prometheus metrics and the JSON view of recent traffic. */
  metrics: Metrics;
  /** When the server began serving; OpenAI's `created`, Ollama's `modified_at`. */
  startedAt: Date;
  /** Releases models and connections. */
  close(): Promise<void>;
}

/** Wires the parts together. No module-level singletons: tests build their own. */
export function createServices(config: Config, logger: Logger): Services {
  const registry = new ModelRegistry(config.catalog, { cacheDir: config.cacheDir, hub: config.hub, logger, ...config.models });
  const cache = createEmbeddingCache(config.cache, logger);
  const admission = new AdmissionQueue(config.admission);
  const engine = new Engine({ registry, limits: config.limits, cache, admission, batching: config.batching, maxCacheableChars: config.cache.maxCacheableChars });
  const metrics = createMetrics({ engine, cache, admission, registry }, { retentionSize: config.metrics.retentionSize, maxConcurrent: config.admission.maxConcurrent });
  return {
    config,
    logger,
    registry,
    engine,
    cache,
    admission,
    lifecycle: new Lifecycle(),
    metrics,
    startedAt: new Date(),
    async close() {
      await Promise.all([registry.close(), cache.close()]);
    },
  };
}
