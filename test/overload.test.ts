import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_CONCURRENT_REQUESTS: "1", MAX_QUEUE_SIZE: "2", QUEUE_TIMEOUT_MS: "20000", BATCH_MAX_SIZE: "64" });
});
afterAll(() => server.close());

/** A request heavy enough (256 unique texts, cache bypassed) to keep the one slot busy. */
const heavyBody = (n: number) => ({ model: "glove-100d", input: Array.from({ length: 256 }, (_, i) => `request ${n} text ${i} ${"lorem ipsum dolor sit amet ".repeat(4)} ${Math.random()}`) });
const noCache = { "cache-control": "no-cache, no-store" };

async function drained(): Promise<void> {
  for (let i = 0; i < 200 && (server.services.admission.running > 0 || server.services.admission.queued > 0); i++) await new Promise((r) => setTimeout(r, 10));
}

describe("overload", () => {
  it("answers only 200s and 503s, all of them, and sheds in each dialect's shape", async () => {
    const sent = 40;
    const responses = await Promise.all(
      Array.from({ length: sent }, (_, n) =>
        n % 2 ? postJson(`${server.url}/v1/embeddings`, heavyBody(n), noCache) : postJson(`${server.url}/api/embed`, heavyBody(n), noCache),
      ),
    );
    const statuses = responses.map((r) => r.status);
    const ok = statuses.filter((s) => s === 200).length;
    const shed = statuses.filter((s) => s === 503).length;
    expect(ok + shed).toBe(sent);
    expect(ok).toBeGreaterThan(0);
    expect(shed).toBeGreaterThan(0);
    for (const [n, res] of responses.entries()) {
      if (res.status === 200) {
        expect(n % 2 ? res.json.data : res.json.embeddings).toHaveLength(256);
        continue;
      }
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
      expect(Number(res.headers.get("retry-after-ms"))).toBeGreaterThan(0);
      if (n % 2) expect(res.json.error).toMatchObject({ type: "server_error", code: "overloaded" });
      else expect(typeof res.json.error).toBe("string");
    }
    await drained();
    expect(server.services.admission.running).toBe(0);
  });

  it("returns every permit after thousands of requests with aborts and errors", async () => {
    const outcomes = new Map<string, number>();
    const count = (key: string) => outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    const requests = Array.from({ length: 2000 }, async (_, n) => {
      const controller = new AbortController();
      if (n % 5 === 0) setTimeout(() => controller.abort(), n % 20);
      const body =
        n % 13 === 0
          ? { model: "glove-100d", input: "x".repeat(10), dimensions: 999 } // an error after the model loads
          : { model: "glove-100d", input: Array.from({ length: 8 }, (_, i) => `abort test ${n} ${i} ${Math.random()}`) };
      try {
        const res = await fetch(`${server.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json", ...noCache }, body: JSON.stringify(body), signal: controller.signal });
        await res.arrayBuffer();
        count(String(res.status));
      } catch {
        count("aborted");
      }
    });
    await Promise.all(requests);
    expect([...outcomes.keys()].every((key) => ["200", "400", "503", "aborted"].includes(key))).toBe(true);
    expect(outcomes.get("200")).toBeGreaterThan(0);
    await drained();
    expect(server.services.admission.running).toBe(0);
    expect(server.services.admission.queued).toBe(0);
    expect(server.services.engine.coalescer.size).toBe(0);
    const after = await postJson(`${server.url}/v1/embeddings`, { model: "glove-100d", input: "still answering" });
    expect(after.status).toBe(200);
  });
});
