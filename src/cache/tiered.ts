import type { Logger } from "../util/logger.js";
import { L2Tier } from "./l2-tier.js";
import { createMemoryStore, type MemoryStore } from "./memory-store.js";
import type { CachedEmbedding, CacheLookup, CacheOptions, CacheStats, EmbeddingCache } from "./types.js";

export type { CacheOptions };

/**
 * The two-tier cache: L1 (in-process LRU), then L2 (Redis, optional, never fatal).
 * Creation never waits for Redis (it connects, and reconnects, in the background) and does not
 * throw when Redis is down; it throws only on a malformed `redisUrl` (a configuration error).
 */
export function createEmbeddingCache(options: CacheOptions, logger: Logger): EmbeddingCache {
  return new TieredEmbeddingCache(options, logger);
}

class TieredEmbeddingCache implements EmbeddingCache {
  readonly #l1: MemoryStore;
  readonly #l2: L2Tier | undefined;
  readonly #counts = { l1Hits: 0, l1Misses: 0, l2Hits: 0, l2Misses: 0 };

  constructor(options: CacheOptions, logger: Logger) {
    this.#l1 = createMemoryStore(options.l1MaxBytes, options.l1MaxEntries);
    if (!this.#l1.enabled) logger.info("embedding cache: L1 disabled (EMBEDDING_CACHE_BYTES or EMBEDDING_CACHE_SIZE is 0)");
    if (options.redisUrl) {
      this.#l2 = new L2Tier(
        {
          url: options.redisUrl,
          namespace: options.redisNamespace,
          ttlSeconds: options.redisTtlSeconds,
          timeoutMs: options.redisTimeoutMs,
          breaker: options.breaker,
        },
        logger,
      );
    }
  }

  /**
   * L1 first; the L1 misses (deduplicated) go to L2 in one MGET; L2 hits back-fill L1.
   * l2Misses counts every L1 miss that L2 did not answer while L2 is configured, whether Redis
   * said "absent", held a corrupt value, failed, timed out or was skipped by the open breaker.
   */
  async getMany(keys: string[]): Promise<CacheLookup> {
    const values: (CachedEmbedding | undefined)[] = new Array(keys.length).fill(undefined);
    const missing = new Map<string, number[]>(); // L1-missed key → its slots (a key may repeat)
    let l1Misses = 0;
    for (let i = 0; i < keys.length; i++) {
      const hit = this.#l1.get(keys[i]);
      if (hit) {
        values[i] = hit;
        continue;
      }
      l1Misses++;
      const slots = missing.get(keys[i]);
      if (slots) slots.push(i);
      else missing.set(keys[i], [i]);
    }
    const l1Hits = keys.length - l1Misses;
    this.#counts.l1Hits += l1Hits;
    this.#counts.l1Misses += l1Misses;
    let l2Hits = 0;
    if (this.#l2 && missing.size > 0) {
      const found = await this.#l2.read([...missing.keys()]);
      let j = 0;
      for (const [key, slots] of missing) {
        const value = found?.[j++];
        if (!value) continue;
        this.#l1.set(key, value);
        for (const slot of slots) values[slot] = value;
        l2Hits += slots.length;
      }
      this.#counts.l2Hits += l2Hits;
      this.#counts.l2Misses += l1Misses - l2Hits;
    }
    return { values, l1Hits, l2Hits };
  }

  /** L1 now; L2 in the background (errors counted, never thrown). */
  setMany(entries: Array<[key: string, value: CachedEmbedding]>): void {
    for (const [key, value] of entries) this.#l1.set(key, value);
    if (entries.length > 0) this.#l2?.write(entries);
  }

  stats(): CacheStats {
    return {
      l1Entries: this.#l1.entries,
      l1Bytes: this.#l1.bytes,
      ...this.#counts,
      l2Errors: this.#l2?.errors ?? 0,
      l2State: this.#l2?.state ?? "disabled",
    };
  }

  async close(): Promise<void> {
    await this.#l2?.close();
  }
}
