import { Cohere, CohereClient, CohereClientV2, CohereError } from "cohere-ai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rawOpenAIEmbeddings } from "./helpers/raw.js";
import { cosine, headerRecordingFetch, postRaw, type SentRequestWithHeaders } from "./helpers/rerank.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// cohere-ai 8.1.0 (Fern-generated). Both clients join their base URL with "v1/rerank" / "v2/rerank",
// so `baseUrl` (or `environment`) is the server root. It camel-cases the response (relevance_score →
// relevanceScore, meta.api_version → meta.apiVersion) and parses it with skipValidation and
// passthrough of unknown keys, so our extra `usage` / `model` fields come through untouched.

const TOKEN = "dummy-token";
const MODEL = "glove-100d";
const CAT_QUERY = "my cat loves to play with other cats";
const CAT_DOCS = [
  "Tax law changed the rules for income deductions this year.",
  "The kitten chased a ball of yarn and played with the other kittens.",
  "The car engine needs new spark plugs and an oil change.",
];
const DOCS = [
  "Rivers carry water from the mountains to the sea.",
  "A kitten slept on the warm rug all afternoon.",
  "The stock market fell sharply on Monday.",
  "Dogs and cats are the most common pets.",
  "Quantum computers use qubits instead of bits.",
];

let server: ServerProcess;
let v1: CohereClient;
let v2: CohereClientV2;
let sent: SentRequestWithHeaders[];
let recorder: typeof fetch;

beforeAll(async () => {
  server = await startServerProcess();
  const recording = headerRecordingFetch();
  sent = recording.sent;
  recorder = recording.fetch;
  v1 = new CohereClient({ token: TOKEN, baseUrl: server.url, maxRetries: 0, timeoutInSeconds: 15, fetch: recorder });
  v2 = new CohereClientV2({ token: TOKEN, baseUrl: server.url, maxRetries: 0, timeoutInSeconds: 15, fetch: recorder });
});
afterAll(() => server?.stop());

const lastSent = () => sent[sent.length - 1];

/** The server's own answer with plain fetch, camel-cased the way the client presents it. */
async function rawRerank(path: "/v1/rerank" | "/v2/rerank", body: Record<string, unknown>) {
  const answer = await postRaw(`${server.url}${path}`, body);
  expect(answer.status, JSON.stringify(answer.json)).toBe(200);
  return {
    json: answer.json,
    results: answer.json.results.map((r: any) => ({ index: r.index, relevanceScore: r.relevance_score, ...(r.document ? { document: r.document } : {}) })),
  };
}

/** Runs `call`, expects it to throw the client's error class, and returns the error. */
async function clientError(call: () => Promise<unknown>): Promise<CohereError> {
  const error = await call().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CohereError);
  return error as CohereError;
}

describe("cohere-ai CohereClient (v1) → POST /v1/rerank", () => {
  it("string documents, no options: the wire body, the headers, and every result with its text, as a raw fetch returns them", async () => {
    const response = await v1.rerank({ model: MODEL, query: "pets at home", documents: DOCS });

    expect(lastSent().method).toBe("POST");
    expect(lastSent().url).toBe(`${server.url}/v1/rerank`);
    // Only what was given: no top_n, no return_documents (the server's default, true, applies).
    expect(lastSent().body).toEqual({ model: MODEL, query: "pets at home", documents: DOCS });
    expect(lastSent().headers).toMatchObject({
      authorization: `Bearer ${TOKEN}`,
      "content-type": "application/json",
      accept: "*/*",
      "user-agent": "cohere-ai/8.1.0",
      "x-fern-language": "JavaScript",
      "x-fern-sdk-name": "cohere-ai",
      "x-fern-sdk-version": "8.1.0",
      "x-fern-runtime": "node",
      "x-fern-runtime-version": process.versions.node,
    });

    const raw = await rawRerank("/v1/rerank", { model: MODEL, query: "pets at home", documents: DOCS });
    expect(response.results).toEqual(raw.results);
    expect(response.results.map((r) => r.index).sort()).toEqual([0, 1, 2, 3, 4]);
    for (const result of response.results) expect(result.document).toEqual({ text: DOCS[result.index] });
    const scores = response.results.map((r) => r.relevanceScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const score of scores) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }

    expect(typeof response.id).toBe("string");
    expect(response.meta?.apiVersion?.version).toBe("1");
    expect(response.meta?.billedUnits?.searchUnits).toBe(1);
  });

  it("topN and returnDocuments: false go out as top_n / return_documents and give N results without documents", async () => {
    const response = await v1.rerank({ model: MODEL, query: "animals", documents: DOCS, topN: 2, returnDocuments: false });
    expect(lastSent().body).toEqual({ model: MODEL, query: "animals", documents: DOCS, top_n: 2, return_documents: false });
    const raw = await rawRerank("/v1/rerank", { model: MODEL, query: "animals", documents: DOCS, top_n: 2, return_documents: false });
    expect(response.results).toHaveLength(2);
    expect(response.results).toEqual(raw.results);
    for (const result of response.results) expect(result).not.toHaveProperty("document");
  });

  it("returnDocuments: true with a topN larger than the list returns every document with its text", async () => {
    const response = await v1.rerank({ model: MODEL, query: "money", documents: DOCS, topN: 50, returnDocuments: true });
    expect(lastSent().body).toMatchObject({ top_n: 50, return_documents: true });
    const raw = await rawRerank("/v1/rerank", { model: MODEL, query: "money", documents: DOCS, top_n: 50, return_documents: true });
    expect(response.results).toHaveLength(DOCS.length);
    expect(response.results).toEqual(raw.results);
    for (const result of response.results) expect(result.document?.text).toBe(DOCS[result.index]);
  });

  it("without a model the server's default model answers, and the top result matches a raw fetch", async () => {
    const response = await v1.rerank({ query: "pets at home", documents: DOCS, topN: 1 });
    expect(lastSent().body).toEqual({ query: "pets at home", documents: DOCS, top_n: 1 });
    const raw = await rawRerank("/v1/rerank", { model: MODEL, query: "pets at home", documents: DOCS, top_n: 1 });
    expect(response.results).toEqual(raw.results);
  });

  it("object documents with rankFields are sent as given (rank_fields) and scored on those fields", async () => {
    const documents = [
      { title: "Engines", body: "Spark plugs and oil changes keep a car running.", text: "ignored" },
      { title: "Kittens", body: "Young cats play with yarn.", text: "ignored" },
    ];
    const response = await v1.rerank({ model: MODEL, query: "cats playing", documents, rankFields: ["title", "body"], returnDocuments: true });
    expect(lastSent().body).toEqual({ model: MODEL, query: "cats playing", documents, rank_fields: ["title", "body"], return_documents: true });
    const raw = await rawRerank("/v1/rerank", { model: MODEL, query: "cats playing", documents, rank_fields: ["title", "body"], return_documents: true });
    expect(response.results).toEqual(raw.results);
    expect(response.results[0].index).toBe(1);
    expect(response.results[0].document?.text).toBe("title: Kittens\nbody: Young cats play with yarn.");
  });

  it("the response id is the request id header, and `environment` with a trailing /v1 still reaches /v1/rerank", async () => {
    const { data, rawResponse } = await v1.rerank({ model: MODEL, query: "rivers", documents: DOCS.slice(0, 2) }).withRawResponse();
    expect(data.id).toBe(rawResponse.headers.get("x-request-id"));

    const legacy = new CohereClient({ token: TOKEN, environment: `${server.url}/v1`, maxRetries: 0, fetch: recorder });
    const response = await legacy.rerank({ model: MODEL, query: "rivers", documents: DOCS.slice(0, 2) });
    expect(lastSent().url).toBe(`${server.url}/v1/rerank`);
    expect(response.results).toEqual(data.results);
  });
});

describe("cohere-ai CohereClientV2 → POST /v2/rerank", () => {
  it("default call: only model/query/documents on the wire, no documents in the results, same as a raw fetch", async () => {
    const response = await v2.rerank({ model: MODEL, query: "pets at home", documents: DOCS });
    expect(lastSent().method).toBe("POST");
    expect(lastSent().url).toBe(`${server.url}/v2/rerank`);
    expect(lastSent().body).toEqual({ model: MODEL, query: "pets at home", documents: DOCS });
    expect(lastSent().headers).toMatchObject({ authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "x-fern-sdk-name": "cohere-ai" });

    const raw = await rawRerank("/v2/rerank", { model: MODEL, query: "pets at home", documents: DOCS });
    expect(response.results).toEqual(raw.results);
    expect(response.results).toHaveLength(DOCS.length);
    for (const result of response.results) expect(result).not.toHaveProperty("document");
    expect(response.meta?.apiVersion?.version).toBe("2");
    expect(response.meta?.billedUnits?.searchUnits).toBe(1);
    // v1 and v2 score identically.
    expect(response.results).toEqual((await v1.rerank({ model: MODEL, query: "pets at home", documents: DOCS, returnDocuments: false })).results);
  });

  it("topN goes out as top_n", async () => {
    const response = await v2.rerank({ model: MODEL, query: "animals", documents: DOCS, topN: 3 });
    expect(lastSent().body).toEqual({ model: MODEL, query: "animals", documents: DOCS, top_n: 3 });
    const raw = await rawRerank("/v2/rerank", { model: MODEL, query: "animals", documents: DOCS, top_n: 3 });
    expect(response.results).toHaveLength(3);
    expect(response.results).toEqual(raw.results);
  });

  it("return_documents (not in 8.x's V2RerankRequest type) passes through unchanged and the documents come back", async () => {
    // The 8.x typings dropped returnDocuments from v2; unknown keys are sent verbatim (no camel→snake
    // mapping), so the wire name must be used. The response's extra `document` is passed through.
    const request = { model: MODEL, query: "animals", documents: DOCS, topN: 2, return_documents: true } as Cohere.V2RerankRequest;
    const response = await v2.rerank(request);
    expect(lastSent().body).toEqual({ model: MODEL, query: "animals", documents: DOCS, top_n: 2, return_documents: true });
    const raw = await rawRerank("/v2/rerank", { model: MODEL, query: "animals", documents: DOCS, top_n: 2, return_documents: true });
    expect(response.results).toEqual(raw.results);
    for (const result of response.results as Array<Cohere.V2RerankResponseResultsItem & { document?: { text: string } }>) {
      expect(result.document).toEqual({ text: DOCS[result.index] });
    }
  });
});

describe("relevance through both clients", () => {
  it("for a query about cats the kitten document ranks first, above tax law and car engines", async () => {
    const viaV1 = await v1.rerank({ model: MODEL, query: CAT_QUERY, documents: CAT_DOCS });
    const viaV2 = await v2.rerank({ model: MODEL, query: CAT_QUERY, documents: CAT_DOCS });
    for (const response of [viaV1, viaV2]) {
      expect(response.results[0].index).toBe(1);
      expect(response.results.map((r) => r.index).sort()).toEqual([0, 1, 2]);
      expect(response.results[0].relevanceScore).toBeGreaterThan(response.results[1].relevanceScore + 0.05);
    }
    expect(viaV1.results[0].document?.text).toBe(CAT_DOCS[1]);
    expect(viaV2.results.map((r) => [r.index, r.relevanceScore])).toEqual(viaV1.results.map((r) => [r.index, r.relevanceScore]));
  });
});

describe("errors surface as the client's error classes", () => {
  it("empty documents → BadRequestError, status 400, the server's {message} as body, one request (v1 and v2)", async () => {
    const before = sent.length;
    const e1 = await clientError(() => v1.rerank({ model: MODEL, query: "anything", documents: [] }));
    expect(e1).toBeInstanceOf(Cohere.BadRequestError);
    expect(e1.statusCode).toBe(400);
    expect(e1.body).toEqual({ message: expect.stringContaining("documents") });

    const e2 = await clientError(() => v2.rerank({ model: MODEL, query: "anything", documents: [] }));
    expect(e2).toBeInstanceOf(Cohere.BadRequestError);
    expect(e2.statusCode).toBe(400);
    expect(e2.body).toEqual({ message: expect.stringContaining("documents") });
    expect(sent.length - before).toBe(2);
    expect(sent.slice(before).map((r) => r.url)).toEqual([`${server.url}/v1/rerank`, `${server.url}/v2/rerank`]);
  });

  it("unknown model → NotFoundError, status 404 (v1 and v2)", async () => {
    const e1 = await clientError(() => v1.rerank({ model: "no-such-model", query: "q", documents: ["a"] }));
    expect(e1).toBeInstanceOf(Cohere.NotFoundError);
    expect(e1.statusCode).toBe(404);
    expect(e1.body).toEqual({ message: expect.stringContaining("no-such-model") });

    const e2 = await clientError(() => v2.rerank({ model: "no-such-model", query: "q", documents: ["a"] }));
    expect(e2).toBeInstanceOf(Cohere.NotFoundError);
    expect(e2.statusCode).toBe(404);
    expect(e2.body).toEqual({ message: expect.stringContaining("no-such-model") });
  });
});

describe("TEI-shaped POST /rerank (hand-written fetch)", () => {
  const texts = ["Deep learning models need a lot of data.", ...CAT_DOCS, "Neural networks learn representations."];
  const query = "training neural networks on data";

  it("raw_scores + return_text: a bare array, best first, raw scores equal to cosines of /v1/embeddings vectors", async () => {
    const answer = await postRaw(`${server.url}/rerank`, { query, texts, raw_scores: true, return_text: true });
    expect(answer.status).toBe(200);
    expect(Array.isArray(answer.json)).toBe(true);
    const results = answer.json as { index: number; score: number; text?: string }[];
    expect(results).toHaveLength(texts.length);
    for (const result of results) expect(Object.keys(result).sort()).toEqual(["index", "score", "text"]);
    expect(results.map((r) => r.index).sort()).toEqual(texts.map((_, i) => i));
    for (const result of results) expect(result.text).toBe(texts[result.index]);
    const scores = results.map((r) => r.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    const [q, ...docs] = await rawOpenAIEmbeddings(server.url, MODEL, [query, ...texts]);
    for (const result of results) {
      expect(result.score).toBeCloseTo(cosine(q, docs[result.index]), 6);
    }
    expect(Math.min(...scores)).toBeGreaterThanOrEqual(-1);
  });

  it("without raw_scores the score is (cosine + 1) / 2 and no text unless asked", async () => {
    const answer = await postRaw(`${server.url}/rerank`, { query, texts });
    expect(answer.status).toBe(200);
    const results = answer.json as { index: number; score: number }[];
    for (const result of results) expect(Object.keys(result).sort()).toEqual(["index", "score"]);
    const [q, ...docs] = await rawOpenAIEmbeddings(server.url, MODEL, [query, ...texts]);
    for (const result of results) expect(result.score).toBeCloseTo((cosine(q, docs[result.index]) + 1) / 2, 6);
  });

  it("empty texts → 400 with TEI's {error, error_type: \"Validation\"}", async () => {
    const answer = await postRaw(`${server.url}/rerank`, { query, texts: [] });
    expect(answer.status).toBe(400);
    expect(answer.json).toEqual({ error: expect.any(String), error_type: "Validation" });
  });
});
