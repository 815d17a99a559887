import { describe, expect, it } from "vitest";
import { embeddingKey } from "../src/cache/keys.js";
import { ENTRY_OVERHEAD_BYTES, entryBytes } from "../src/cache/memory-store.js";
import { createEmbeddingCache, type CacheOptions } from "../src/cache/tiered.js";
import type { CachedEmbedding } from "../src/cache/types.js";
import { silentLogger } from "../src/util/logger.js";

const key = (text: string) => embeddingKey({ modelId: "m", revision: "r1", inputKind: "embed", prompt: "", truncate: true, text });
const entry = (seed: number, dims = 64): CachedEmbedding => ({ vector: Float32Array.from({ length: dims }, (_, i) => seed + i / dims), tokens: seed });
const options = (l1MaxBytes: number, l1MaxEntries: number): CacheOptions => ({
  l1MaxBytes,
  l1MaxEntries,
  redisTtlSeconds: 3600,
  redisNamespace: "unused",
  redisTimeoutMs: 50,
  breaker: { failureThreshold: 5, cooldownMs: 1000 },
});
const hits = async (cache: ReturnType<typeof createEmbeddingCache>, keys: string[]) => (await cache.getMany(keys)).values.map((v) => v !== undefined);

describe("L1 (in-process LRU)", () => {
  it("charges vector bytes + key + overhead per entry", () => {
    const k = key("a");
    expect(entryBytes(k, entry(1, 64))).toBe(64 * 4 + k.length * 2 + ENTRY_OVERHEAD_BYTES);
  });

  it("is bounded in bytes and evicts the least recently used entry first", async () => {
    const [a, b, c, d] = ["a", "b", "c", "d"].map(key);
    const size = entryBytes(a, entry(1));
    const cache = createEmbeddingCache(options(3 * size, 1000), silentLogger());
    cache.setMany([[a, entry(1)], [b, entry(2)], [c, entry(3)]]);
    expect(cache.stats()).toMatchObject({ l1Entries: 3, l1Bytes: 3 * size });
    await cache.getMany([a]); // a is now the most recently used; b the least
    cache.setMany([[d, entry(4)]]);
    expect(await hits(cache, [a, b, c, d])).toEqual([true, false, true, true]);
    expect(cache.stats().l1Bytes).toBeLessThanOrEqual(3 * size);
    // a bigger entry pushes out as many as it needs
    cache.setMany([[b, entry(5, 64 * 2 + 8)]]);
    expect(cache.stats().l1Bytes).toBeLessThanOrEqual(3 * size);
    expect(await hits(cache, [b])).toEqual([true]);
    expect(cache.stats().l1Entries).toBe(2);
  });

  it("never keeps an entry larger than the whole byte bound", async () => {
    const cache = createEmbeddingCache(options(1024, 10), silentLogger());
    cache.setMany([[key("huge"), entry(1, 1024)]]);
    expect(await hits(cache, [key("huge")])).toEqual([false]);
    expect(cache.stats().l1Entries).toBe(0);
  });

  it("is bounded in entries too", async () => {
    const cache = createEmbeddingCache(options(1 << 30, 2), silentLogger());
    cache.setMany([[key("a"), entry(1)], [key("b"), entry(2)], [key("c"), entry(3)]]);
    expect(cache.stats().l1Entries).toBe(2);
    expect(await hits(cache, [key("a"), key("b"), key("c")])).toEqual([false, true, true]);
  });

  it.each([
    [0, 1000],
    [1 << 20, 0],
  ])("is disabled when bytes=%i or entries=%i: everything misses", async (bytes, entries) => {
    const cache = createEmbeddingCache(options(bytes, entries), silentLogger());
    cache.setMany([[key("a"), entry(1)]]);
    const lookup = await cache.getMany([key("a")]);
    expect(lookup).toEqual({ values: [undefined], l1Hits: 0, l2Hits: 0 });
    expect(cache.stats()).toEqual({ l1Entries: 0, l1Bytes: 0, l1Hits: 0, l1Misses: 1, l2Hits: 0, l2Misses: 0, l2Errors: 0, l2State: "disabled" });
    await cache.close();
  });

  it("answers in key order, repeated keys included, and counts per key", async () => {
    const cache = createEmbeddingCache(options(1 << 20, 100), silentLogger());
    const one = entry(1);
    cache.setMany([[key("one"), one]]);
    const lookup = await cache.getMany([key("x"), key("one"), key("x"), key("one")]);
    expect(lookup.values).toEqual([undefined, one, undefined, one]);
    expect(lookup.values[1]).toBe(one);
    expect(lookup).toMatchObject({ l1Hits: 2, l2Hits: 0 });
    expect(cache.stats()).toMatchObject({ l1Hits: 2, l1Misses: 2, l2State: "disabled" });
    expect(await cache.getMany([])).toEqual({ values: [], l1Hits: 0, l2Hits: 0 });
    await cache.close();
    await cache.close(); // idempotent
  });
});
