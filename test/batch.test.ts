import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ MAX_CONCURRENT_REQUESTS: "1", MAX_QUEUE_SIZE: "50" });
});
afterAll(() => server.close());

const post = (path: string, body: unknown, headers?: Record<string, string>) => postJson(`${server.url}${path}`, body, headers);
const texts = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} document ${i} about gardens rivers and ${Math.random()}`);

describe("POST /api/embed/batch", () => {
  it("keeps the nested structure exactly and matches /api/embed vectors", async () => {
    const inputs = [["a cat sat"], [], ["dogs bark", "birds sing", "a cat sat"]];
    const res = await post("/api/embed/batch", { model: "glove-100d", inputs, batch_size: 2 });
    expect(res.status).toBe(200);
    expect(res.json.batches.map((b: unknown[]) => b.length)).toEqual([1, 0, 3]);
    const flat = await post("/api/embed", { model: "glove-100d", input: ["a cat sat", "dogs bark", "birds sing"] });
    expect(res.json.batches[0][0]).toEqual(flat.json.embeddings[0]);
    expect(res.json.batches[2]).toEqual([flat.json.embeddings[1], flat.json.embeddings[2], flat.json.embeddings[0]]);
  });

  it("reports cache stats and honours use_cache", async () => {
    const inputs = [texts("stats", 3), texts("stats2", 1)];
    const first = await post("/api/embed/batch", { model: "glove-100d", inputs });
    expect(first.json.cache_stats).toEqual({ hits: 0, misses: 4, hit_rate: 0 });
    const second = await post("/api/embed/batch", { model: "glove-100d", inputs });
    expect(second.json.cache_stats).toEqual({ hits: 4, misses: 0, hit_rate: 1 });
    const skipped = await post("/api/embed/batch", { model: "glove-100d", inputs, use_cache: false });
    expect(skipped.json.cache_stats.hits).toBe(0);
    expect(skipped.json.batches).toEqual(second.json.batches);
  });

  it("answers bad bodies in Ollama's error shape", async () => {
    for (const body of [{ model: "glove-100d", inputs: [] }, { model: "glove-100d", inputs: ["flat"] }, { model: "nope", inputs: [["x"]] }]) {
      const res = await post("/api/embed/batch", body);
      expect([400, 404]).toContain(res.status);
      expect(typeof res.json.error).toBe("string");
    }
  });
});

describe("large requests", () => {
  it("serves a 2,048-text /v1/embeddings call and a 10,000-text /api/embed call", async () => {
    const openai = await post("/v1/embeddings", { model: "glove-100d", input: texts("openai bulk", 2048), encoding_format: "base64" });
    expect(openai.status).toBe(200);
    expect(openai.json.data).toHaveLength(2048);
    const ollama = await post("/api/embed", { model: "glove-100d", input: texts("ollama bulk", 10_000) });
    expect(ollama.status).toBe(200);
    expect(ollama.json.embeddings).toHaveLength(10_000);
  });

  it("lets single requests through while a huge request runs (one queue unit per backend batch)", async () => {
    const encodedBefore = server.services.engine.batchStats().texts;
    const bulk = post("/api/embed", { model: "glove-100d", input: texts("starve", 10_000) }, { "cache-control": "no-cache" });
    // Wait until the bulk request is really computing (some of its batches are done).
    while (server.services.engine.batchStats().texts - encodedBefore < 300) await new Promise((resolve) => setTimeout(resolve, 1));
    let bulkDone = false;
    void bulk.then(() => (bulkDone = true));
    const single = await post("/v1/embeddings", { model: "glove-100d", input: `single while bulk ${Math.random()}` }, { "cache-control": "no-cache" });
    expect(single.status).toBe(200);
    // With one slot, a FIFO of whole requests would answer the single only after the bulk.
    expect(bulkDone).toBe(false);
    expect((await bulk).status).toBe(200);
  });
});
