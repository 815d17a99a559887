import { OpenAIEmbedding } from "@llamaindex/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVectorsClose, rawOpenAIEmbeddings, recordingFetch } from "./helpers/raw.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(() => server?.stop());

const TEXTS = ["LlamaIndex builds indexes over documents.", "Embeddings map text\nto vectors.", "A third, unrelated sentence about trains."];

const rawVectors = (texts: string[]) => Promise.all(texts.map(async (text) => (await rawOpenAIEmbeddings(server.url, "glove-100d", text))[0]));

function embedding(recorder: ReturnType<typeof recordingFetch>, model = "glove-100d") {
  return new OpenAIEmbedding({
    model,
    apiKey: "sk-unused",
    baseURL: `${server.url}/v1`,
    maxRetries: 0, // LlamaIndex's default is 10
    additionalSessionOptions: { fetch: recorder.fetch },
  });
}

describe("@llamaindex/openai OpenAIEmbedding", () => {
  it("getTextEmbedding sends a one-element array (base64 by the SDK's default) and equals the raw vector", async () => {
    const recorder = recordingFetch();
    const vector = await embedding(recorder).getTextEmbedding(TEXTS[1]);
    // Unlike LangChain, LlamaIndex keeps newlines and always sends an array.
    expect(recorder.sent.map((r) => [r.url, r.body])).toEqual([[`${server.url}/v1/embeddings`, { model: "glove-100d", input: [TEXTS[1]], encoding_format: "base64" }]]);
    expectVectorsClose([vector], await rawVectors([TEXTS[1]]));
  });

  it("getTextEmbeddings sends all texts in one request, in order", async () => {
    const recorder = recordingFetch();
    const vectors = await embedding(recorder).getTextEmbeddings(TEXTS);
    expect(recorder.sent.map((r) => r.body)).toEqual([{ model: "glove-100d", input: TEXTS, encoding_format: "base64" }]);
    expectVectorsClose(vectors, await rawVectors(TEXTS));
  });

  it("getTextEmbeddingsBatch splits by embedBatchSize and keeps the order", async () => {
    const recorder = recordingFetch();
    const model = embedding(recorder);
    model.embedBatchSize = 2;
    const vectors = await model.getTextEmbeddingsBatch(TEXTS);
    expect(recorder.sent.map((r) => r.body.input)).toEqual([TEXTS.slice(0, 2), TEXTS.slice(2)]);
    expectVectorsClose(vectors, await rawVectors(TEXTS));
  });

  it("getQueryEmbedding equals the raw vector", async () => {
    const recorder = recordingFetch();
    const query = "What do embeddings do?";
    const vector = await embedding(recorder).getQueryEmbedding({ type: "text", text: query });
    expect(vector).not.toBeNull();
    expect(recorder.sent.map((r) => r.body.input)).toEqual([[query]]);
    expectVectorsClose([vector!], await rawVectors([query]));
  });

  it("an unknown model rejects with the server's 404", async () => {
    const recorder = recordingFetch();
    await expect(embedding(recorder, "no-such-model").getTextEmbedding("x")).rejects.toMatchObject({ status: 404 });
    expect(recorder.sent).toHaveLength(1);
  });
});
