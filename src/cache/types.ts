/** The cache's contract with the engine. Implementations live beside this file. */

/** What the cache keeps per text: the raw, full-dimension vector and the tokens it counted. */
export interface CachedEmbedding {
  /** Raw model output; never truncated to `dimensions` nor re-normalised. Treat as immutable. */
  vector: Float32Array;
  /** Tokens the text counted as, so hits can report usage without tokenizing again. */
  tokens: number;
}

/** Which tier answered each key of a lookup. */
export interface CacheLookup {
  /** One slot per key, in key order: the entry, or undefined on a miss. */
  values: (CachedEmbedding | undefined)[];
  l1Hits: number;
  l2Hits: number;
}

/** Counters of one cache, for metrics and tests. */
export interface CacheStats {
  l1Entries: number;
  l1Bytes: number;
  l1Hits: number;
  l1Misses: number;
  l2Hits: number;
  l2Misses: number;
  l2Errors: number;
  /** "closed" (Redis in use), "open" (skipped after failures), "half-open" (probing), or "disabled" (no REDIS_URL). */
  l2State: "closed" | "open" | "half-open" | "disabled";
}

/**
 * Two tiers: an in-process LRU, then (optionally) Redis shared by every process and replica.
 * Never throws and never waits long: a slow or dead Redis degrades to L1 and a counter.
 */
export interface EmbeddingCache {
  /** Looks keys up in L1, then the L1 misses in L2 (L2 hits back-fill L1). */
  getMany(keys: string[]): Promise<CacheLookup>;
  /** Stores entries in L1 and, without waiting, in L2. */
  setMany(entries: Array<[key: string, value: CachedEmbedding]>): void;
  stats(): CacheStats;
  /** Waits for pending L2 writes (bounded) and disconnects. */
  close(): Promise<void>;
}

/** How the two tiers are bounded and how Redis is reached (from the config). */
export interface CacheOptions {
  /** L1 bound in bytes (EMBEDDING_CACHE_BYTES); 0 disables L1. */
  l1MaxBytes: number;
  /** L1 bound in entries (EMBEDDING_CACHE_SIZE); 0 disables L1. */
  l1MaxEntries: number;
  /** REDIS_URL; absent disables L2. */
  redisUrl?: string;
  redisTtlSeconds: number;
  redisNamespace: string;
  /** Deadline of every Redis call. */
  redisTimeoutMs: number;
  breaker: { failureThreshold: number; cooldownMs: number };
}
