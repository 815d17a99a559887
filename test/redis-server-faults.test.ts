import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServerProcess, type ServerProcess } from "../compat-tests/helpers/server-process.js";
import { freePort, startPrivateRedis, type PrivateRedis } from "./helpers/redis-server.js";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

/** Redis tiers of the servers under test: a short deadline and a quick breaker, so faults show fast. */
const redisEnv = (url: string) => ({ REDIS_URL: url, REDIS_NAMESPACE: `eg-test-${process.pid}-${Math.random().toString(36).slice(2)}`, REDIS_TIMEOUT_MS: "50", REDIS_BREAKER_COOLDOWN_MS: "300" });

const embed = (server: { url: string }, input: string | string[], headers?: Record<string, string>) =>
  postJson(`${server.url}/v1/embeddings`, { model: "glove-100d", input, encoding_format: "base64" }, headers);

let redis: PrivateRedis;
beforeAll(async () => {
  redis = await startPrivateRedis();
});
afterAll(() => redis.stop());

describe("two server processes sharing one Redis", () => {
  let a: ServerProcess;
  let b: ServerProcess;
  beforeAll(async () => {
    const env = redisEnv(redis.url);
    [a, b] = await Promise.all([startServerProcess(env), startServerProcess(env)]);
  });
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
  });

  it("serves a text embedded through one as an L2 hit on the other, byte-identical", async () => {
    const text = `shared across processes ${Math.random()}`;
    const first = await embed(a, text);
    expect(first.headers.get("x-cache-misses")).toBe("1");
    let second = await embed(b, text);
    // The L2 write is fire-and-forget: allow it a moment to land.
    for (let i = 0; i < 20 && second.headers.get("x-cache-hits") !== "1"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 25));
      second = await embed(b, text);
    }
    expect(second.headers.get("x-cache-hits")).toBe("1");
    expect(second.json.data[0].embedding).toBe(first.json.data[0].embedding);
  });
});

describe("Redis faults never fail a request", () => {
  it("starts and serves from L1 when Redis is down at boot", async () => {
    const server = await startTestServer(redisEnv(`redis://127.0.0.1:${await freePort()}`));
    try {
      const text = `redis down at boot ${Math.random()}`;
      expect((await embed(server, text)).status).toBe(200);
      const again = await embed(server, text);
      expect(again.status).toBe(200);
      expect(again.headers.get("x-cache-hits")).toBe("1");
      for (let i = 0; i < 8; i++) expect((await embed(server, `more misses ${i} ${Math.random()}`)).status).toBe(200);
      expect(server.services.cache.stats().l2State).not.toBe("closed");
      expect(server.services.cache.stats().l2Errors).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });

  describe("with Redis killed, frozen and back", () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer(redisEnv(redis.url));
    });
    afterAll(() => server.close());

    it("loses no request when Redis is killed mid-load", async () => {
      const statuses: number[] = [];
      let sent = 0;
      const worker = async (w: number) => {
        for (let i = 0; i < 60; i++) {
          sent++;
          // Half repeats (L1/L2 hits), half new texts (misses written to L2).
          const text = i % 2 ? `repeat ${i % 10}` : `killed mid-load ${w} ${i} ${Math.random()}`;
          statuses.push((await embed(server, text)).status);
        }
      };
      const load = Promise.all(Array.from({ length: 8 }, (_, w) => worker(w)));
      await new Promise((resolve) => setTimeout(resolve, 100));
      await redis.kill();
      await load;
      expect(statuses).toHaveLength(sent);
      expect(statuses.every((status) => status === 200)).toBe(true);
    });

    it("resumes L2 without a restart once Redis is back", async () => {
      await redis.restart();
      const text = `after restart ${Math.random()}`;
      let state = server.services.cache.stats().l2State;
      for (let i = 0; i < 100 && state !== "closed"; i++) {
        await embed(server, `probe ${i} ${Math.random()}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        state = server.services.cache.stats().l2State;
      }
      expect(state).toBe("closed");
      await embed(server, text);
      // A second server on the same namespace finds what the first wrote after Redis came back.
      const other = await startTestServer({ ...redisEnv(redis.url), REDIS_NAMESPACE: server.services.config.cache.redisNamespace });
      try {
        let res = await embed(other, text);
        for (let i = 0; i < 20 && res.headers.get("x-cache-hits") !== "1"; i++) {
          await new Promise((resolve) => setTimeout(resolve, 25));
          res = await embed(other, text);
        }
        expect(res.headers.get("x-cache-hits")).toBe("1");
      } finally {
        await other.close();
      }
    });

    it("answers every request within the deadline plus compute while Redis is frozen", async () => {
      redis.freeze();
      try {
        const slowest = { ms: 0 };
        await Promise.all(
          Array.from({ length: 50 }, async (_, i) => {
            const started = performance.now();
            const res = await embed(server, `frozen ${i % 5 ? Math.random() : "repeat"}`);
            slowest.ms = Math.max(slowest.ms, performance.now() - started);
            expect(res.status).toBe(200);
          }),
        );
        // 50 ms deadline, a few ms of compute; generous for a loaded 2-core CI machine.
        expect(slowest.ms).toBeLessThan(1500);
      } finally {
        redis.thaw();
      }
    });
  });
});
