import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ EMBEDDING_MAX_CACHE_LENGTH: "200" });
});
afterAll(() => server.close());

const embed = (body: unknown, headers?: Record<string, string>) => postJson(`${server.url}/v1/embeddings`, body, headers);
const textsEncoded = () => server.services.engine.batchStats().texts;
const unique = (label: string, n: number) => Array.from({ length: n }, (_, i) => `${label} sentence number ${i} about rivers and mountains ${Math.random()}`);

describe("per-input caching", () => {
  it("computes only the misses of a partly cached request and keeps input order", async () => {
    const texts = unique("partial", 100);
    const warm = texts.filter((_, i) => i % 5 < 3); // 60 texts
    await embed({ model: "glove-100d", input: warm, encoding_format: "base64" });
    const before = textsEncoded();
    const res = await embed({ model: "glove-100d", input: texts, encoding_format: "base64" });
    expect(textsEncoded() - before).toBe(40);
    expect(res.headers.get("x-cache-hits")).toBe("60");
    expect(res.headers.get("x-cache-misses")).toBe("40");
    // Every slot holds the vector of its own text: compare with each text embedded alone, uncached.
    const fresh = await Promise.all(texts.map((text) => embed({ model: "glove-100d", input: text, encoding_format: "base64" }, { "cache-control": "no-cache" })));
    texts.forEach((_, i) => expect(res.json.data[i].embedding).toBe(fresh[i].json.data[0].embedding));
    expect(res.json.data.map((d: any) => d.index)).toEqual(texts.map((_, i) => i));
  });

  it("answers a repeat from the cache with byte-identical vectors and the same usage", async () => {
    const body = { model: "glove-100d", input: ["cached and fresh must agree", "down to the last bit"], encoding_format: "base64" };
    const first = await embed(body);
    const second = await embed(body);
    expect(first.headers.get("x-cache-misses")).toBe("2");
    expect(second.headers.get("x-cache-hits")).toBe("2");
    expect(second.json.data).toEqual(first.json.data);
    expect(second.json.usage).toEqual(first.json.usage);
  });

  it("caches the raw vector: other dimensions and the legacy raw route hit the same entry", async () => {
    const text = "dimensions are applied after the cache read";
    await embed({ model: "glove-100d", input: text });
    const cut = await embed({ model: "glove-100d", input: text, dimensions: 8 });
    expect(cut.headers.get("x-cache-hits")).toBe("1");
    expect(Math.hypot(...cut.json.data[0].embedding)).toBeCloseTo(1, 5);
    const ollama = await postJson(`${server.url}/api/embed`, { model: "glove-100d:latest", input: text });
    expect(ollama.headers.get("x-cache-hits")).toBe("1");
  });

  it("does not mix up models or truncation settings", async () => {
    const text = "same text, different model";
    await embed({ model: "m2v-f32", input: text });
    const other = await embed({ model: "m2v-vq", input: text });
    expect(other.headers.get("x-cache-misses")).toBe("1");
    expect(other.json.data[0].embedding).toHaveLength(64);
    const noTruncate = await postJson(`${server.url}/api/embed`, { model: "m2v-f32", input: text, truncate: false });
    expect(noTruncate.headers.get("x-cache-misses")).toBe("1");
  });

  it("honours Cache-Control: no-cache (skip reads) and no-store (skip writes)", async () => {
    const [a, b] = unique("control", 2);
    await embed({ model: "glove-100d", input: a });
    expect((await embed({ model: "glove-100d", input: a }, { "cache-control": "no-cache" })).headers.get("x-cache-misses")).toBe("1");
    await embed({ model: "glove-100d", input: b }, { "cache-control": "no-store" });
    expect((await embed({ model: "glove-100d", input: b })).headers.get("x-cache-misses")).toBe("1");
    expect((await embed({ model: "glove-100d", input: b })).headers.get("x-cache-hits")).toBe("1");
  });

  it("does not cache texts longer than EMBEDDING_MAX_CACHE_LENGTH", async () => {
    const long = `${"long text ".repeat(30)}${Math.random()}`;
    await embed({ model: "glove-100d", input: long });
    expect((await embed({ model: "glove-100d", input: long })).headers.get("x-cache-misses")).toBe("1");
  });
});

describe("coalescing", () => {
  it("encodes 1,000 concurrent identical requests once", async () => {
    const text = `coalesced ${Math.random()}`;
    const before = textsEncoded();
    const responses = await Promise.all(Array.from({ length: 1000 }, () => embed({ model: "glove-100d", input: text, encoding_format: "base64" })));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(new Set(responses.map((r) => r.json.data[0].embedding)).size).toBe(1);
    expect(textsEncoded() - before).toBe(1);
    expect(server.services.engine.coalescer.size).toBe(0);
  });

  it("computes a text repeated inside one request once", async () => {
    const text = `repeated ${Math.random()}`;
    const before = textsEncoded();
    const res = await embed({ model: "glove-100d", input: [text, text, text] });
    expect(textsEncoded() - before).toBe(1);
    expect(res.json.data[2].embedding).toEqual(res.json.data[0].embedding);
  });
});

describe("cache warming", () => {
  it("embeds COMMON_QUERIES_FILE at start so the first request is a hit", async () => {
    const dir = mkdtempSync(join(tmpdir(), "embedgate-warm-"));
    const file = join(dir, "common.json");
    writeFileSync(file, JSON.stringify([{ text: "how do I reset my password", model: "glove-100d" }, { text: "hello world", model: "m2v-f32" }]));
    const warmed = await startTestServer({ COMMON_QUERIES_FILE: file });
    try {
      let hits = "0";
      for (let attempt = 0; attempt < 100 && hits !== "1"; attempt++) {
        const res = await postJson(`${warmed.url}/v1/embeddings`, { model: "m2v-f32", input: "hello world" }, { "cache-control": "no-store" });
        hits = res.headers.get("x-cache-hits") ?? "0";
        if (hits !== "1") await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(hits).toBe("1");
      const res = await postJson(`${warmed.url}/v1/embeddings`, { model: "glove-100d", input: "how do I reset my password" });
      expect(res.headers.get("x-cache-hits")).toBe("1");
    } finally {
      await warmed.close();
    }
  });
});
