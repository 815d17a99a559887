import { randomUUID } from "node:crypto";
import { createClient } from "@keyv/redis";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeEmbedding } from "../src/cache/codec.js";
import { embeddingKey } from "../src/cache/keys.js";
import { createEmbeddingCache, type CacheOptions } from "../src/cache/tiered.js";
import type { CachedEmbedding, EmbeddingCache } from "../src/cache/types.js";
import { silentLogger } from "../src/util/logger.js";
import { startPrivateRedis, startPrivateRedisWithAdmin, stopPrivateRedisWithAdmin, type AdminClient, type PrivateRedis } from "./helpers/redis-server.js";

// L2 against the shared Redis at 127.0.0.1:6379 (unique namespace per test, keys deleted after),
// and against a private redis-server where a test needs to kill it or read its command stats.

const SHARED_URL = "redis://127.0.0.1:6379";
type RawClient = AdminClient;

const key = (text: string) => embeddingKey({ modelId: "m", revision: "r1", inputKind: "embed", prompt: "", truncate: true, text });
const entry = (seed: number, dims = 32): CachedEmbedding => ({ vector: Float32Array.from({ length: dims }, (_, i) => Math.sin(seed * 1000 + i)), tokens: seed });
const bytesOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

let raw: RawClient;
let namespace: string;
const caches: EmbeddingCache[] = [];

function cache(overrides: Partial<CacheOptions> = {}): EmbeddingCache {
  const created = createEmbeddingCache(
    {
      l1MaxBytes: 1 << 20,
      l1MaxEntries: 1000,
      redisUrl: SHARED_URL,
      redisTtlSeconds: 3600,
      redisNamespace: namespace,
      redisTimeoutMs: 200, // generous: these tests are about values, not deadlines
      breaker: { failureThreshold: 5, cooldownMs: 1000 },
      ...overrides,
    },
    silentLogger(),
  );
  caches.push(created);
  return created;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const stored = (client: RawClient, ns: string, k: string) => waitFor(async () => (await client.exists(`${ns}:${k}`)) === 1, "the L2 write");

beforeAll(async () => {
  raw = createClient({ url: SHARED_URL });
  raw.on("error", () => {});
  await raw.connect();
});
beforeEach(() => {
  namespace = `embedgate-test-${randomUUID()}`;
});
afterEach(async () => {
  await Promise.all(caches.splice(0).map((c) => c.close()));
  const keys: string[] = [];
  for await (const batch of raw.scanIterator({ MATCH: `${namespace}:*`, COUNT: 1000 })) keys.push(...batch);
  if (keys.length > 0) await raw.del(keys);
});
afterAll(() => raw.destroy());

describe("L2 (shared Redis)", () => {
  it("round-trips through Redis byte-identically, tokens included", async () => {
    const writer = cache();
    const reader = cache({ l1MaxBytes: 0 }); // L1 off: every hit below comes from Redis
    const values = [entry(1, 384), { vector: new Float32Array([-0, 1.4e-45, 3.4e38, -1 / 3]), tokens: 0 }, entry(4_000_000, 1)];
    const keys = ["a", "b", "c"].map(key);
    writer.setMany(keys.map((k, i) => [k, values[i]]));
    await stored(raw, namespace, keys[2]);
    const lookup = await reader.getMany(keys);
    expect(lookup).toMatchObject({ l1Hits: 0, l2Hits: 3 });
    lookup.values.forEach((got, i) => {
      expect(got!.tokens).toBe(values[i].tokens);
      expect(got!.vector).toBeInstanceOf(Float32Array);
      expect(bytesOf(got!.vector).equals(bytesOf(values[i].vector))).toBe(true);
    });
  });

  it("stores a compact base64 string (no JSON) under `namespace:key`, with the TTL set", async () => {
    const writer = cache({ redisTtlSeconds: 120 });
    const k = key("ttl");
    writer.setMany([[k, entry(7, 16)]]);
    await stored(raw, namespace, k);
    const value = await raw.get(`${namespace}:${k}`);
    expect(value).toBe(encodeEmbedding(entry(7, 16)));
    expect(value).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(value!.length).toBe(Math.ceil((8 + 16 * 4) / 3) * 4);
    const ttl = await raw.pTTL(`${namespace}:${k}`);
    expect(ttl).toBeGreaterThan(110_000);
    expect(ttl).toBeLessThanOrEqual(120_000);
  });

  it("lets two cache instances share entries through one Redis", async () => {
    const [a, b] = [cache(), cache()];
    a.setMany([[key("from-a"), entry(1)]]);
    b.setMany([[key("from-b"), entry(2)]]);
    await stored(raw, namespace, key("from-a"));
    await stored(raw, namespace, key("from-b"));
    expect(await b.getMany([key("from-a"), key("from-b")])).toMatchObject({ l1Hits: 1, l2Hits: 1 });
    expect(await a.getMany([key("from-a"), key("from-b")])).toMatchObject({ l1Hits: 1, l2Hits: 1 });
    expect(a.stats()).toMatchObject({ l2Hits: 1, l2Misses: 0, l2Errors: 0, l2State: "closed" });
  });

  it("keeps namespaces apart", async () => {
    const other = createEmbeddingCache(
      { l1MaxBytes: 0, l1MaxEntries: 0, redisUrl: SHARED_URL, redisTtlSeconds: 60, redisNamespace: `${namespace}-other`, redisTimeoutMs: 200, breaker: { failureThreshold: 5, cooldownMs: 1000 } },
      silentLogger(),
    );
    caches.push(other);
    cache().setMany([[key("mine"), entry(1)]]);
    await stored(raw, namespace, key("mine"));
    expect((await other.getMany([key("mine")])).values).toEqual([undefined]);
  });

  it("treats a foreign or corrupt value under our key as a miss, and the next set overwrites it", async () => {
    const nan = Buffer.from(encodeEmbedding(entry(1, 4)), "base64");
    nan.writeFloatLE(Number.NaN, 12);
    const inf = Buffer.from(nan);
    inf.writeFloatLE(Number.POSITIVE_INFINITY, 12);
    const good = Buffer.from(encodeEmbedding(entry(1, 4)), "base64");
    const corrupt: Record<string, string> = {
      text: "hello",
      json: JSON.stringify({ value: encodeEmbedding(entry(1)), expires: null }),
      magic: Buffer.concat([Buffer.from([0x00]), good.subarray(1)]).toString("base64"),
      truncated: good.subarray(0, good.length - 2).toString("base64"),
      headerOnly: good.subarray(0, 8).toString("base64"),
      nan: nan.toString("base64"),
      infinity: inf.toString("base64"),
    };
    const names = Object.keys(corrupt);
    for (const name of names) await raw.set(`${namespace}:${key(name)}`, corrupt[name]);
    await raw.hSet(`${namespace}:${key("hash")}`, "field", "value"); // not even a string
    const keys = [...names, "hash"].map(key);
    const reader = cache({ l1MaxBytes: 0 });
    expect(await reader.getMany(keys)).toEqual({ values: keys.map(() => undefined), l1Hits: 0, l2Hits: 0 });
    expect(reader.stats()).toMatchObject({ l2Misses: keys.length, l2Errors: 0, l2State: "closed" });

    cache().setMany(keys.map((k, i) => [k, entry(i + 1)]));
    await waitFor(async () => (await raw.type(`${namespace}:${key("hash")}`)) === "string", "the overwrite");
    await stored(raw, namespace, keys.at(-1)!);
    const again = await reader.getMany(keys);
    expect(again.l2Hits).toBe(keys.length);
    again.values.forEach((v, i) => expect(v!.tokens).toBe(i + 1));
  });
});

describe("L2 (private Redis)", () => {
  let redis: PrivateRedis;
  let admin: AdminClient;
  beforeAll(async () => {
    ({ redis, admin } = await startPrivateRedisWithAdmin());
  });
  afterAll(() => stopPrivateRedisWithAdmin(redis, admin));

  const commandCalls = async () => {
    const info = await admin.info("commandstats");
    return Object.fromEntries([...info.matchAll(/^cmdstat_(\w+):calls=(\d+)/gm)].map((m) => [m[1], Number(m[2])]));
  };

  it("looks all L1 misses up in one MGET, writes in one MULTI/EXEC, with PX on every SET", async () => {
    const c = cache({ redisUrl: redis.url });
    await c.getMany([key("warm-up")]); // the connection is ready
    c.setMany([[key("a"), entry(1)], [key("b"), entry(2)]]);
    await stored(admin, namespace, key("b"));
    await admin.configResetStat();
    c.setMany([[key("c"), entry(3)], [key("d"), entry(4)], [key("e"), entry(5)]]);
    await stored(admin, namespace, key("e"));
    const fresh = cache({ redisUrl: redis.url, l1MaxBytes: 0 });
    await fresh.getMany([key("a")]); // connects
    await admin.configResetStat();
    const lookup = await fresh.getMany([key("a"), key("x"), key("b"), key("y"), key("a")]);
    expect(lookup).toMatchObject({ l1Hits: 0, l2Hits: 3 });
    const calls = await commandCalls();
    expect(calls.mget).toBe(1);
    expect(calls.get).toBeUndefined();
    for (const k of ["c", "d", "e"]) expect(await admin.pTTL(`${namespace}:${key(k)}`)).toBeGreaterThan(3_500_000);
  });

  it("splits a big setMany into MULTI/EXEC batches of 256, still reads it back in one MGET, and keeps unstorable values in L1 only", async () => {
    const c = cache({ redisUrl: redis.url, l1MaxBytes: 0 });
    await c.getMany([key("warm-up")]);
    await admin.configResetStat();
    const keys = Array.from({ length: 600 }, (_, i) => key(`bulk-${i}`));
    c.setMany(keys.map((k, i) => [k, entry(i + 1, 8)]));
    await waitFor(async () => (await admin.exists(keys.map((k) => `${namespace}:${k}`))) === keys.length, "all writes");
    const lookup = await c.getMany(keys);
    expect(lookup.l2Hits).toBe(600);
    expect(lookup.values.map((v) => v!.tokens)).toEqual(keys.map((_, i) => i + 1));
    const calls = await commandCalls();
    expect(calls).toMatchObject({ exec: 3, set: 600, mget: 1 });

    const withL1 = cache({ redisUrl: redis.url });
    const nan = { vector: new Float32Array([1, Number.NaN]), tokens: 1 };
    withL1.setMany([[key("nan"), nan]]);
    expect((await withL1.getMany([key("nan")])).values[0]).toBe(nan);
    expect(await admin.exists(`${namespace}:${key("nan")}`)).toBe(0);
    expect(withL1.stats()).toMatchObject({ l2Errors: 0, l2State: "closed" });
  });

  it("back-fills L1 from an L2 hit: the next lookup is an L1 hit, even with Redis gone", async () => {
    cache({ redisUrl: redis.url }).setMany([[key("shared"), entry(9)]]);
    await stored(admin, namespace, key("shared"));
    const reader = cache({ redisUrl: redis.url });
    expect(await reader.getMany([key("shared")])).toMatchObject({ l1Hits: 0, l2Hits: 1 });
    await redis.kill();
    try {
      const lookup = await reader.getMany([key("shared")]);
      expect(lookup).toMatchObject({ l1Hits: 1, l2Hits: 0 });
      expect(lookup.values[0]!.tokens).toBe(9);
    } finally {
      await redis.restart();
    }
  });
});
