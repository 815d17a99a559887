import { OllamaEmbeddings } from "@langchain/ollama";
import { OpenAIEmbeddings } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVectorsClose, rawOpenAIEmbeddings, recordingFetch } from "./helpers/raw.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
beforeAll(async () => {
  server = await startServerProcess();
});
afterAll(() => server?.stop());

/** Texts with newlines on purpose: LangChain's OpenAIEmbeddings rewrites them before sending. */
const DOCS = [
  "The cat sat on the mat.",
  "Dogs are loyal\nand friendly animals.",
  "Paris is the capital of France.",
  "Vector search finds\nsimilar documents\nquickly.",
  "The cat sat on the mat.",
];
const QUERY = "Which animal sat\non the mat?";
const withoutNewlines = (text: string) => text.replace(/\n/g, " ");

/** The server's float answer for each text, one raw request per text. */
const rawVectors = (texts: string[]) => Promise.all(texts.map(async (text) => (await rawOpenAIEmbeddings(server.url, "glove-100d", text))[0]));

describe("@langchain/openai OpenAIEmbeddings", () => {
  const embeddings = (recorder: ReturnType<typeof recordingFetch>, extra: Partial<ConstructorParameters<typeof OpenAIEmbeddings>[0]> = {}) =>
    new OpenAIEmbeddings({
      apiKey: "sk-unused",
      model: "glove-100d",
      maxRetries: 0,
      configuration: { baseURL: `${server.url}/v1`, fetch: recorder.fetch },
      ...extra,
    });

  it("embedDocuments sends one batch, newlines replaced by spaces, base64 (the SDK's default), no dimensions", async () => {
    const recorder = recordingFetch();
    const vectors = await embeddings(recorder).embedDocuments(DOCS);
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0].url).toBe(`${server.url}/v1/embeddings`);
    // LangChain itself sets neither encoding_format nor dimensions; its bundled openai SDK adds base64.
    expect(recorder.sent[0].body).toEqual({ model: "glove-100d", input: DOCS.map(withoutNewlines), encoding_format: "base64" });
    expectVectorsClose(vectors, await rawVectors(DOCS.map(withoutNewlines)));
    expect(vectors[0]).toEqual(vectors[4]);
  });

  it("embedQuery sends a single string (not an array), newlines replaced", async () => {
    const recorder = recordingFetch();
    const vector = await embeddings(recorder).embedQuery(QUERY);
    expect(recorder.sent.map((r) => r.body)).toEqual([{ model: "glove-100d", input: withoutNewlines(QUERY), encoding_format: "base64" }]);
    expectVectorsClose([vector], await rawVectors([withoutNewlines(QUERY)]));
  });

  it("splits documents into batchSize requests and keeps their order", async () => {
    const recorder = recordingFetch();
    const vectors = await embeddings(recorder, { batchSize: 2 }).embedDocuments(DOCS);
    expect(recorder.sent.map((r) => r.body.input)).toEqual([DOCS.slice(0, 2), DOCS.slice(2, 4), DOCS.slice(4)].map((batch) => batch.map(withoutNewlines)));
    expectVectorsClose(vectors, await rawVectors(DOCS.map(withoutNewlines)));
  });

  it("with stripNewLines: false and dimensions set, sends the text untouched and the dimensions", async () => {
    const recorder = recordingFetch();
    const [vector] = await embeddings(recorder, { stripNewLines: false, dimensions: 16 }).embedDocuments([DOCS[1]]);
    expect(recorder.sent[0].body).toEqual({ model: "glove-100d", input: [DOCS[1]], dimensions: 16, encoding_format: "base64" });
    expect(vector).toHaveLength(16);
    expectVectorsClose([vector], await rawOpenAIEmbeddings(server.url, "glove-100d", DOCS[1], { dimensions: 16 }));
  });

  it("an unknown model rejects with the server's 404", async () => {
    const recorder = recordingFetch();
    await expect(embeddings(recorder, { model: "no-such-model" }).embedQuery("x")).rejects.toMatchObject({ status: 404 });
    expect(recorder.sent).toHaveLength(1); // no retries on a 404
  });
});

describe("@langchain/ollama OllamaEmbeddings", () => {
  const embeddings = (recorder: ReturnType<typeof recordingFetch>) =>
    new OllamaEmbeddings({ baseUrl: server.url, model: "glove-100d", maxRetries: 0, fetch: recorder.fetch });

  it("embedDocuments posts every text in one /api/embed call, with truncate: false", async () => {
    const recorder = recordingFetch();
    const vectors = await embeddings(recorder).embedDocuments(DOCS);
    expect(recorder.sent).toHaveLength(1);
    expect(recorder.sent[0].url).toBe(`${server.url}/api/embed`);
    // keep_alive and options are undefined and so left out of the JSON; truncate defaults to false.
    expect(recorder.sent[0].body).toEqual({ model: "glove-100d", input: DOCS, truncate: false });
    expectVectorsClose(vectors, await rawVectors(DOCS));
  });

  it("embedQuery posts a one-element array", async () => {
    const recorder = recordingFetch();
    const vector = await embeddings(recorder).embedQuery(QUERY);
    expect(recorder.sent.map((r) => r.body)).toEqual([{ model: "glove-100d", input: [QUERY], truncate: false }]);
    expectVectorsClose([vector], await rawVectors([QUERY]));
  });

  it("a document longer than the model's context fails (LangChain sends truncate: false) unless truncate: true", async () => {
    const long = Array.from({ length: 600 }, () => "cat").join(" "); // glove-100d reads at most 512 tokens
    const strict = new OllamaEmbeddings({ baseUrl: server.url, model: "glove-100d", maxRetries: 0 });
    await expect(strict.embedDocuments([long])).rejects.toMatchObject({ status_code: 400 });
    const lenient = new OllamaEmbeddings({ baseUrl: server.url, model: "glove-100d", maxRetries: 0, truncate: true });
    // The OpenAI dialect always truncates, so the raw /v1/embeddings vector is the truncated one.
    expectVectorsClose(await lenient.embedDocuments([long]), await rawVectors([long]));
  });

  it("an unknown model rejects with status 404", async () => {
    const recorder = recordingFetch();
    await expect(new OllamaEmbeddings({ baseUrl: server.url, model: "no-such-model", maxRetries: 0, fetch: recorder.fetch }).embedQuery("x")).rejects.toMatchObject({ status_code: 404 });
  });
});
