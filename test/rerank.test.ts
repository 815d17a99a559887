import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown) => postJson(`${server.url}${path}`, body);
const QUERY = "my cat loves to play with other cats";
const DOCUMENTS = ["The kitten chased a ball of yarn and played with the other kittens.", "Tax law changed the rules for income deductions this year.", "The car engine needs new spark plugs and an oil change."];

/** Cosine of two unit vectors from the embedding route: the independent reference for every score. */
async function referenceScores(query: string, documents: string[]): Promise<number[]> {
  const res = await post("/v1/embeddings", { model: "glove-100d", input: [query, ...documents] });
  const [q, ...docs] = res.json.data.map((d: any) => d.embedding as number[]);
  return docs.map((d: number[]) => d.reduce((sum, value, i) => sum + value * q[i], 0));
}

describe("rerank relevance on the default model", () => {
  it("ranks the kitten document above tax law and engines", async () => {
    const res = await post("/api/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS });
    expect(res.status).toBe(200);
    expect(res.json.results.map((r: any) => r.index)).toEqual([0, expect.any(Number), expect.any(Number)]);
    expect(res.json.results[0].relevance_score).toBeGreaterThan(res.json.results[1].relevance_score + 0.05);
  });
});

describe("POST /api/rerank (original shape)", () => {
  it("scores every document as (cosine + 1) / 2, best first, with the document text", async () => {
    const cosines = await referenceScores(QUERY, DOCUMENTS);
    const res = await post("/api/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS, top_k: 2 });
    expect(res.json.model).toBe("glove-100d");
    expect(res.json.results).toHaveLength(2);
    for (const result of res.json.results) {
      expect(result.document).toBe(DOCUMENTS[result.index]);
      expect(result.relevance_score).toBeCloseTo((cosines[result.index] + 1) / 2, 6);
    }
  });

  it("breaks ties by index and accepts top_k larger than the list", async () => {
    const res = await post("/api/rerank", { model: "glove-100d", query: "cats", documents: ["same text", "other words entirely", "same text"], top_k: 50 });
    expect(res.json.results).toHaveLength(3);
    const same = res.json.results.filter((r: any) => r.document === "same text").map((r: any) => r.index);
    expect(same).toEqual([0, 2]);
  });

  it.each([
    ["empty documents", { model: "glove-100d", query: "q", documents: [] }, 400],
    ["empty query", { model: "glove-100d", query: "", documents: ["a"] }, 400],
    ["unknown model", { model: "nope", query: "q", documents: ["a"] }, 404],
  ])("answers %s in Ollama's error shape", async (_name, body, status) => {
    const res = await post("/api/rerank", body);
    expect(res.status).toBe(status);
    expect(Object.keys(res.json)).toEqual(["error"]);
  });
});

describe("POST /v1/rerank (Jina / Cohere v1)", () => {
  it("returns documents by default, usage and meta, and honours top_n", async () => {
    const res = await post("/v1/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS, top_n: 1 });
    expect(res.status).toBe(200);
    expect(res.json.id).toBe(res.headers.get("x-request-id"));
    expect(res.json.results).toEqual([{ index: 0, relevance_score: expect.any(Number), document: { text: DOCUMENTS[0] } }]);
    expect(res.json.usage.total_tokens).toBeGreaterThan(10);
    expect(res.json.meta.api_version.version).toBe("1");
  });

  it("scores object documents on text, or on rank_fields", async () => {
    const objects = DOCUMENTS.map((text, i) => ({ text, title: i === 2 ? "kittens and cats" : "misc" }));
    const byText = await post("/v1/rerank", { model: "glove-100d", query: QUERY, documents: objects, return_documents: false });
    expect(byText.json.results[0].index).toBe(0);
    expect(byText.json.results[0].document).toBeUndefined();
    const byTitle = await post("/v1/rerank", { model: "glove-100d", query: QUERY, documents: objects, rank_fields: ["title"] });
    expect(byTitle.json.results[0].index).toBe(2);
    expect(byTitle.json.results[0].document.text).toBe("title: kittens and cats");
  });

  it("uses the default model when none is named, and answers errors in Cohere's shape", async () => {
    expect((await post("/v1/rerank", { query: QUERY, documents: DOCUMENTS })).status).toBe(200);
    const bad = await post("/v1/rerank", { query: QUERY, documents: [] });
    expect(bad.status).toBe(400);
    expect(typeof bad.json.message).toBe("string");
    const noText = await post("/v1/rerank", { query: QUERY, documents: [{ title: "x" }] });
    expect(noText.status).toBe(400);
    expect(noText.json.message).toContain("documents[0]");
  });
});

describe("POST /v2/rerank (Cohere v2)", () => {
  it("leaves documents out unless asked, and reports meta version 2", async () => {
    const res = await post("/v2/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS });
    expect(res.status).toBe(200);
    expect(res.json.results[0].document).toBeUndefined();
    expect(res.json.meta.api_version.version).toBe("2");
    const withDocs = await post("/v2/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS, return_documents: true, top_n: 10 });
    expect(withDocs.json.results).toHaveLength(3);
    expect(withDocs.json.results[0].document.text).toBe(DOCUMENTS[0]);
  });
});

describe("POST /rerank (TEI or Jina by body)", () => {
  it("answers TEI's bare array for `texts`, with raw cosine on request", async () => {
    const cosines = await referenceScores(QUERY, DOCUMENTS);
    const res = await post("/rerank", { query: QUERY, texts: DOCUMENTS, raw_scores: true, return_text: true });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.json)).toBe(true);
    expect(res.json[0]).toEqual({ index: 0, score: expect.any(Number), text: DOCUMENTS[0] });
    for (const r of res.json) expect(r.score).toBeCloseTo(cosines[r.index], 6);
    const plain = await post("/rerank", { query: QUERY, texts: DOCUMENTS });
    expect(plain.json[0].text).toBeUndefined();
    expect(plain.json[0].score).toBeGreaterThanOrEqual(0);
  });

  it("answers the Jina shape for `documents`, and TEI errors for bad bodies", async () => {
    const jina = await post("/rerank", { model: "glove-100d", query: QUERY, documents: DOCUMENTS });
    expect(jina.json.results[0].document.text).toBe(DOCUMENTS[0]);
    const bad = await post("/rerank", { query: QUERY, texts: [] });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ error: expect.stringContaining("texts"), error_type: "Validation" });
  });

  it("goes through the cache: a repeated rerank is all hits", async () => {
    const body = { query: `cached rerank ${Math.random()}`, texts: ["one doc", "two doc"] };
    await post("/rerank", body);
    const again = await post("/rerank", body);
    expect(again.headers.get("x-cache-hits")).toBe("3");
  });
});
