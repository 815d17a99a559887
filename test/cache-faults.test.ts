import { randomUUID } from "node:crypto";
import { createClient } from "@keyv/redis";
import { pino, type Logger } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { encodeEmbedding } from "../src/cache/codec.js";
import { embeddingKey } from "../src/cache/keys.js";
import { createEmbeddingCache, type CacheOptions } from "../src/cache/tiered.js";
import type { CachedEmbedding, EmbeddingCache } from "../src/cache/types.js";
import { freePort, startPrivateRedis, startPrivateRedisWithAdmin, stopPrivateRedisWithAdmin, type AdminClient, type PrivateRedis } from "./helpers/redis-server.js";

// Redis down, killed, frozen and back, on a private redis-server (never the shared one at 6379).

const DEADLINE_MS = 50;
/** Generous for a loaded 2-core CI box; the measured times are printed (about the deadline). */
const ANSWER_BOUND_MS = 500;
const COOLDOWN_MS = 300;

const key = (text: string) => embeddingKey({ modelId: "m", revision: "r1", inputKind: "embed", prompt: "", truncate: true, text });
const entry = (seed: number): CachedEmbedding => ({ vector: Float32Array.from({ length: 32 }, (_, i) => seed + i), tokens: seed });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface LogLine {
  level: number;
  msg: string;
  l2State?: string;
  [field: string]: unknown;
}
function capturingLogger(): { logger: Logger; lines: LogLine[]; transitions: () => string[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: "debug", base: undefined }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  const transitions = () => lines.filter((l) => l.l2State !== undefined && l.level >= 30).map((l) => `${l.from}->${l.l2State}`);
  return { logger, lines, transitions };
}

async function timed<T>(run: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await run();
  return { result, ms: performance.now() - start };
}

let redis: PrivateRedis;
let admin: AdminClient;
let namespace: string;
const caches: EmbeddingCache[] = [];

function cache(logger: Logger, overrides: Partial<CacheOptions> = {}): EmbeddingCache {
  const created = createEmbeddingCache(
    {
      l1MaxBytes: 0, // L1 off unless a test wants it: every lookup below asks Redis
      l1MaxEntries: 0,
      redisUrl: redis.url,
      redisTtlSeconds: 60,
      redisNamespace: namespace,
      redisTimeoutMs: DEADLINE_MS,
      breaker: { failureThreshold: 3, cooldownMs: COOLDOWN_MS },
      ...overrides,
    },
    logger,
  );
  caches.push(created);
  return created;
}

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 5000): Promise<number> {
  const start = performance.now();
  while (!(await condition())) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
  return performance.now() - start;
}

/** Waits until `c` has read a value from Redis (its connection is up and its breaker closed). */
async function connected(c: EmbeddingCache): Promise<void> {
  await admin.set(`${namespace}:${key("ready")}`, encodeEmbedding(entry(1)));
  await waitFor(async () => (await c.getMany([key("ready")])).values[0] !== undefined, "the connection");
}

beforeAll(async () => {
  ({ redis, admin } = await startPrivateRedisWithAdmin());
});
afterAll(() => stopPrivateRedisWithAdmin(redis, admin));
beforeEach(() => {
  namespace = `embedgate-fault-${randomUUID()}`;
});
afterEach(async () => {
  redis.thaw();
  await Promise.all(caches.splice(0).map((c) => c.close()));
});

describe("Redis faults", () => {
  it("Redis down at boot: creation neither throws nor waits, lookups miss within the deadline, the breaker opens", async () => {
    const { logger, lines, transitions } = capturingLogger();
    const url = `redis://127.0.0.1:${await freePort()}`; // nothing listens there
    const created = await timed(async () => cache(logger, { redisUrl: url })); // synchronous: cannot wait for Redis
    expect(created.ms).toBeLessThan(ANSWER_BOUND_MS);
    const c = created.result;
    const times: number[] = [];
    for (let i = 0; i < 6; i++) {
      const { result, ms } = await timed(() => c.getMany([key("a"), key("b")]));
      expect(result).toEqual({ values: [undefined, undefined], l1Hits: 0, l2Hits: 0 });
      times.push(ms);
    }
    expect(Math.max(...times)).toBeLessThan(ANSWER_BOUND_MS);
    expect(c.stats()).toMatchObject({ l2State: "open", l2Errors: 3, l2Misses: 12, l2Hits: 0 });
    expect(() => c.setMany([[key("a"), entry(1)]])).not.toThrow();
    expect(transitions()).toEqual(["closed->open"]);
    // The one warning says why: the deadline passed while connecting, and the connection's last error.
    expect(lines.find((l) => l.l2State === "open")?.reason).toMatch(/deadline while not connected .*ECONNREFUSED/);
    const closed = await timed(() => c.close());
    expect(closed.ms).toBeLessThan(ANSWER_BOUND_MS);
    console.info(`down at boot: getMany took ${times.map((t) => t.toFixed(1)).join(", ")} ms; close ${closed.ms.toFixed(1)} ms`);
  });

  it("Redis frozen (SIGSTOP): lookups answer within deadline + slack, the breaker opens; after SIGCONT a probe closes it and L2 hits resume", async () => {
    const { logger, lines, transitions } = capturingLogger();
    const c = cache(logger);
    c.setMany([[key("kept"), entry(7)]]);
    await waitFor(async () => (await c.getMany([key("kept")])).l2Hits === 1, "the write");
    // A success just happened, so the breaker is closed with no failures counted; a starved CI box
    // may have timed a call out before that, so errors are counted from here.
    const errorsBefore = c.stats().l2Errors;
    const changesBefore = transitions().length;
    redis.freeze();
    // Concurrent lookups while the breaker is still closed: each one waits for its deadline only.
    const concurrent = await Promise.all(Array.from({ length: 5 }, (_, i) => timed(() => c.getMany([key("kept"), key(`other-${i}`)]))));
    for (const { result } of concurrent) expect(result.values).toEqual([undefined, undefined]);
    expect(c.stats()).toMatchObject({ l2State: "open", l2Errors: errorsBefore + 5 });
    // Open: Redis is skipped entirely.
    const skipped = [];
    for (let i = 0; i < 5; i++) skipped.push(await timed(() => c.getMany([key("kept")])));
    expect(c.stats().l2Errors).toBe(errorsBefore + 5);
    expect(() => c.setMany([[key("later"), entry(8)]])).not.toThrow();
    const frozenTimes = [...concurrent, ...skipped].map((t) => t.ms);
    expect(Math.max(...frozenTimes)).toBeLessThan(ANSWER_BOUND_MS);

    redis.thaw();
    await sleep(COOLDOWN_MS + 20);
    const probe = await timed(() => c.getMany([key("kept")]));
    // On a starved CI box a probe may still miss its deadline; then the next cooldown's probe closes it.
    if (probe.result.l2Hits === 0) await waitFor(async () => (await c.getMany([key("kept")])).l2Hits === 1, "a successful probe");
    else expect(probe.result.values[0]!.tokens).toBe(7);
    expect(c.stats().l2State).toBe("closed");
    const changes = transitions().slice(changesBefore);
    expect(changes.slice(0, 2)).toEqual(["closed->open", "open->half-open"]);
    expect(changes.at(-1)).toBe("half-open->closed");
    // No key and no text in any log line.
    const logged = JSON.stringify(lines);
    expect(logged).not.toContain(key("kept").split(":").at(-1));
    expect(logged).not.toContain("kept");
    console.info(
      `frozen: concurrent getMany ${concurrent.map((t) => t.ms.toFixed(1)).join(", ")} ms; while open ${skipped.map((t) => t.ms.toFixed(2)).join(", ")} ms; probe after thaw ${probe.ms.toFixed(1)} ms`,
    );
  });

  it("Redis killed mid-way: no throw, misses, the breaker opens; restarted: the same cache recovers without being recreated", async () => {
    const { logger, transitions } = capturingLogger();
    const c = cache(logger);
    c.setMany([[key("before"), entry(1)]]);
    await waitFor(async () => (await c.getMany([key("before")])).l2Hits === 1, "the write");
    await redis.kill();
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { result, ms } = await timed(() => c.getMany([key("before")]));
      expect(result.values).toEqual([undefined]);
      times.push(ms);
      expect(() => c.setMany([[key(`during-${i}`), entry(i)]])).not.toThrow();
    }
    expect(Math.max(...times)).toBeLessThan(ANSWER_BOUND_MS);
    expect(c.stats().l2State).toBe("open");

    await redis.restart(); // empty server, same port
    await admin.set(`${namespace}:${key("after")}`, encodeEmbedding(entry(42)));
    const recovery = await waitFor(async () => (await c.getMany([key("after")])).l2Hits === 1, "L2 hits to resume");
    expect(c.stats().l2State).toBe("closed");
    expect(transitions().at(-1)).toBe("half-open->closed");
    console.info(`killed: getMany took ${times.map((t) => t.toFixed(1)).join(", ")} ms; L2 hits resumed ${recovery.toFixed(0)} ms after the restart`);
  });

  it("a failed probe re-opens the breaker for another cooldown", async () => {
    const { logger, transitions } = capturingLogger();
    const c = cache(logger, { breaker: { failureThreshold: 1, cooldownMs: 100 } });
    await connected(c);
    const errorsBefore = c.stats().l2Errors;
    await redis.kill();
    try {
      await c.getMany([key("x")]);
      expect(c.stats().l2State).toBe("open");
      await sleep(120);
      await c.getMany([key("x")]); // the probe: Redis is still down
      expect(c.stats().l2State).toBe("open");
      await c.getMany([key("x")]); // within the new cooldown: skipped
      expect(c.stats().l2Errors).toBe(errorsBefore + 2);
      expect(transitions().slice(-3)).toEqual(["closed->open", "open->half-open", "half-open->open"]);
    } finally {
      await redis.restart();
    }
  });

  it("close() does not hang while Redis is frozen, and drops its connection", async () => {
    const { logger } = capturingLogger();
    const c = cache(logger, { l1MaxBytes: 1 << 20, l1MaxEntries: 100 });
    await connected(c);
    const clients = async () => (await admin.clientList()).length;
    await waitFor(async () => (await clients()) === 2, "only this cache and the admin to be connected");
    redis.freeze();
    c.setMany([[key("pending"), entry(3)]]); // a write Redis will not answer
    const closed = await timed(() => c.close());
    expect(closed.ms).toBeLessThan(ANSWER_BOUND_MS);
    redis.thaw();
    await waitFor(async () => (await clients()) === 1, "the cache's connection to go");
    console.info(`close() with Redis frozen and a write pending: ${closed.ms.toFixed(1)} ms`);
  });
});
