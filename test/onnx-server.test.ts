import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown) => postJson(`${server.url}${path}`, body);
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

describe("ONNX models through every dialect", () => {
  it("embeds with an ONNX embedder on the OpenAI and Ollama routes alike", async () => {
    const openai = await post("/v1/embeddings", { model: "tiny-onnx", input: ["hello world", "another text"] });
    expect(openai.status).toBe(200);
    expect(openai.json.data[0].embedding).toHaveLength(16);
    expect(Math.hypot(...openai.json.data[0].embedding)).toBeCloseTo(1, 5);
    const ollama = await post("/api/embed", { model: "tiny-onnx", input: ["hello world", "another text"] });
    ollama.json.embeddings[0].forEach((value: number, i: number) => expect(value).toBeCloseTo(openai.json.data[0].embedding[i], 6));
  });

  it("applies the query and document prompts by input_type, each cached apart", async () => {
    const [plain, query, document] = await Promise.all(
      [undefined, "query", "document"].map((inputType) => post("/v1/embeddings", { model: "tiny-onnx", input: "what is a kitten", input_type: inputType })),
    );
    expect(query.json.data[0].embedding).not.toEqual(document.json.data[0].embedding);
    // No input_type means a document (the convention for stored texts).
    expect(plain.json.data[0].embedding).toEqual(document.json.data[0].embedding);
    expect(query.json.usage.prompt_tokens).toBeGreaterThan(plain.json.usage.prompt_tokens - 2);
    const shared = await post("/v1/embeddings", { model: "tiny-onnx", input: "what is a kitten" });
    expect(shared.headers.get("x-cache-hits")).toBe("1"); // no input_type and "document" share entries
    const again = await post("/v1/embeddings", { model: "tiny-onnx", input: "what is a kitten", input_type: "query" });
    expect(again.headers.get("x-cache-hits")).toBe("1");
    expect(again.json.data[0].embedding).toEqual(query.json.data[0].embedding);
  });

  it("rejects over-long input with truncate:false and cuts it otherwise", async () => {
    const long = Array(200).fill("hello").join(" ");
    const refused = await post("/api/embed", { model: "tiny-onnx", input: long, truncate: false });
    expect(refused.status).toBe(400);
    expect(refused.json.error).toContain("context length");
    const cut = await post("/api/embed", { model: "tiny-onnx", input: long });
    expect(cut.status).toBe(200);
    expect(cut.json.prompt_eval_count).toBe(64);
  });

  it("reranks with a cross-encoder in every rerank dialect: sigmoid relevance, raw logits for TEI", async () => {
    const documents = ["a cat sat on the mat", "stock markets fell today", "kittens are small cats"];
    const v1 = await post("/v1/rerank", { model: "tiny-reranker", query: "cats", documents });
    expect(v1.status).toBe(200);
    const tei = await post("/rerank", { model: "tiny-reranker", query: "cats", texts: documents, raw_scores: true });
    expect(tei.json.map((r: any) => r.index)).toEqual(v1.json.results.map((r: any) => r.index));
    for (const result of v1.json.results) {
      const logit = tei.json.find((r: any) => r.index === result.index).score;
      expect(result.relevance_score).toBeCloseTo(sigmoid(logit), 6);
    }
    const scores = v1.json.results.map((r: any) => r.relevance_score);
    expect([...scores].sort((a, b) => b - a)).toEqual(scores);
    const v2 = await post("/v2/rerank", { model: "tiny-reranker", query: "cats", documents, top_n: 1 });
    expect(v2.json.results).toHaveLength(1);
    const api = await post("/api/rerank", { model: "tiny-reranker", query: "cats", documents });
    expect(api.json.results[0].index).toBe(v1.json.results[0].index);
  });

  it("refuses to embed with a cross-encoder, saying why", async () => {
    const res = await post("/v1/embeddings", { model: "tiny-reranker", input: "x" });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain("cross-encoder");
  });

  it("shows ONNX models in /api/show and /api/ps", async () => {
    const show = await post("/api/show", { model: "tiny-onnx" });
    expect(show.json.model_info["bert.embedding_length"]).toBe(16);
    const ps = await getJson(`${server.url}/api/ps`);
    expect(ps.models.map((m: any) => m.name)).toEqual(expect.arrayContaining(["tiny-onnx:latest", "tiny-reranker:latest"]));
  });

  it("answers health probes while a long ONNX batch runs", async () => {
    const texts = Array.from({ length: 2000 }, (_, i) => `long batch text number ${i} with a few more words in it`);
    let done = false;
    const big = post("/v1/embeddings", { model: "tiny-onnx", input: texts.slice(0, 2048) }).then((r) => {
      done = true;
      return r;
    });
    let answeredDuring = 0;
    while (!done && answeredDuring < 20) {
      const res = await fetch(`${server.url}/livez`);
      if (res.ok && !done) answeredDuring++;
    }
    expect((await big).status).toBe(200);
    expect(answeredDuring).toBeGreaterThan(0);
  });
});
