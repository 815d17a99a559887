import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const embeddings = (body: unknown, headers?: Record<string, string>) => postJson(`${server.url}/v1/embeddings`, body, headers);

function expectOpenAIError(res: { status: number; json: any; headers: Headers }, status: number, param?: string | null) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(typeof res.json.error.message).toBe("string");
  expect(res.json.error.message.length).toBeGreaterThan(0);
  expect(typeof res.json.error.type).toBe("string");
  if (param !== undefined) expect(res.json.error.param).toBe(param);
}

describe("POST /v1/embeddings", () => {
  it("embeds one string with floats by default, unit length, with usage", async () => {
    const res = await embeddings({ model: "m2v-f32", input: "hello world" });
    expect(res.status).toBe(200);
    expect(res.json.object).toBe("list");
    expect(res.json.model).toBe("m2v-f32");
    expect(res.json.data).toHaveLength(1);
    expect(res.json.data[0]).toMatchObject({ object: "embedding", index: 0 });
    const [x, y] = res.json.data[0].embedding;
    expect(x).toBeCloseTo(-0.3934547, 6);
    expect(y).toBeCloseTo(-0.919344, 6);
    expect(res.json.usage).toEqual({ prompt_tokens: 2, total_tokens: 2 });
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("keeps input order for arrays and counts tokens over all inputs", async () => {
    const inputs = ["the cat", "a dog barked loudly", "hello world", "the cat"];
    const res = await embeddings({ model: "glove-100d", input: inputs });
    expect(res.status).toBe(200);
    expect(res.json.data.map((d: any) => d.index)).toEqual([0, 1, 2, 3]);
    expect(res.json.data[0].embedding).toEqual(res.json.data[3].embedding);
    expect(res.json.data[0].embedding).not.toEqual(res.json.data[1].embedding);
    expect(res.json.usage.prompt_tokens).toBe(2 + 4 + 2 + 2);
    const single = await embeddings({ model: "glove-100d", input: "a dog barked loudly" });
    expect(single.json.data[0].embedding).toEqual(res.json.data[1].embedding);
  });

  it("writes base64 as little-endian float32 bytes equal to the float answer", async () => {
    const [asFloat, asBase64] = await Promise.all([
      embeddings({ model: "glove-100d", input: "semantic search", encoding_format: "float" }),
      embeddings({ model: "glove-100d", input: "semantic search", encoding_format: "base64" }),
    ]);
    const bytes = Buffer.from(asBase64.json.data[0].embedding, "base64");
    const decoded = Array.from(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
    expect(decoded).toHaveLength(100);
    expect(decoded).toEqual(asFloat.json.data[0].embedding);
  });

  it("truncates to `dimensions` and re-normalises", async () => {
    const full = await embeddings({ model: "glove-100d", input: "vector databases" });
    const cut = await embeddings({ model: "glove-100d", input: "vector databases", dimensions: 16 });
    const v: number[] = cut.json.data[0].embedding;
    expect(v).toHaveLength(16);
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    const head = full.json.data[0].embedding.slice(0, 16);
    const norm = Math.hypot(...head);
    v.forEach((value, i) => expect(value).toBeCloseTo(head[i] / norm, 6));
  });

  it("answers 400 with param for dimensions above the model's size", async () => {
    expectOpenAIError(await embeddings({ model: "glove-100d", input: "x", dimensions: 101 }), 400, "dimensions");
  });

  it("maps OpenAI's default model names to the default model through aliases", async () => {
    const res = await embeddings({ model: "text-embedding-3-small", input: "hello" });
    const direct = await embeddings({ model: "glove-100d", input: "hello" });
    expect(res.status).toBe(200);
    expect(res.json.model).toBe("text-embedding-3-small");
    expect(res.json.data[0].embedding).toEqual(direct.json.data[0].embedding);
  });

  it("answers 404 for an unknown model", async () => {
    expectOpenAIError(await embeddings({ model: "no-such-model", input: "x" }), 404, "model");
  });

  it("serves the /embeddings alias", async () => {
    const res = await postJson(`${server.url}/embeddings`, { model: "m2v-f32", input: ["hello world"] });
    expect(res.status).toBe(200);
    expect(res.json.data[0].embedding[0]).toBeCloseTo(-0.3934547, 6);
  });

  it.each([
    ["empty string", { model: "glove-100d", input: "" }, "input"],
    ["empty array", { model: "glove-100d", input: [] }, "input"],
    ["empty string in array", { model: "glove-100d", input: ["a", ""] }, "input[1]"],
    ["number input", { model: "glove-100d", input: 42 }, "input"],
    ["token arrays", { model: "glove-100d", input: [[1, 2, 3]] }, "input[0]"],
    ["missing model", { input: "x" }, "model"],
    ["missing input", { model: "glove-100d" }, "input"],
    ["bad encoding_format", { model: "glove-100d", input: "x", encoding_format: "hex" }, "encoding_format"],
    ["zero dimensions", { model: "glove-100d", input: "x", dimensions: 0 }, "dimensions"],
    ["fractional dimensions", { model: "glove-100d", input: "x", dimensions: 1.5 }, "dimensions"],
    ["too many inputs", { model: "glove-100d", input: Array(2049).fill("x") }, "input"],
    ["lone surrogate", { model: "glove-100d", input: ["ok", "bad \ud800 text"] }, "input[1]"],
    ["array body", [1, 2], undefined],
    ["null body", null, undefined],
  ])("answers 400 for %s", async (_name, body, param) => {
    const res = await embeddings(body);
    expectOpenAIError(res, 400, param);
    expect(res.json.error.type).toBe("invalid_request_error");
  });

  it("answers 400 invalid_json for malformed JSON, never 500", async () => {
    const res = await embeddings('{"model": "glove-100d", "input": ');
    expectOpenAIError(res, 400);
    expect(res.json.error.code).toBe("invalid_json");
  });

  it("accepts a JSON body sent without a JSON content type (curl -d)", async () => {
    const res = await fetch(`${server.url}/v1/embeddings`, { method: "POST", body: JSON.stringify({ model: "m2v-f32", input: "hello world" }), headers: { "content-type": "application/x-www-form-urlencoded" } });
    expect(res.status).toBe(200);
  });

  it("answers 415 for a multipart body", async () => {
    const form = new FormData();
    form.set("input", "x");
    const res = await fetch(`${server.url}/v1/embeddings`, { method: "POST", body: form });
    expect(res.status).toBe(415);
    expect(((await res.json()) as any).error.type).toBe("invalid_request_error");
  });

  it("answers 503 naming the model when a model fails to load, and keeps serving others", async () => {
    const res = await embeddings({ model: "broken", input: "x" });
    expectOpenAIError(res, 503);
    expect(res.json.error.message).toContain("broken");
    expect(res.headers.get("retry-after")).toBeTruthy();
    expect((await embeddings({ model: "m2v-f32", input: "x" })).status).toBe(200);
  });

  it("echoes a client's x-request-id", async () => {
    const res = await embeddings({ model: "m2v-f32", input: "x" }, { "x-request-id": "client-abc-123" });
    expect(res.headers.get("x-request-id")).toBe("client-abc-123");
  });
});

describe("GET /v1/models", () => {
  it("lists every catalog model", async () => {
    const res = await fetch(`${server.url}/v1/models`);
    const body: any = await res.json();
    expect(body.object).toBe("list");
    expect(body.data.map((m: any) => m.id)).toEqual(expect.arrayContaining(["glove-100d", "m2v-f32", "m2v-vq"]));
    expect(body.data[0]).toMatchObject({ object: "model", owned_by: "embedgate" });
  });

  it("gets one model, including aliases with a percent-encoded slash", async () => {
    expect((await fetch(`${server.url}/v1/models/glove-100d`)).status).toBe(200);
    const res = await fetch(`${server.url}/v1/models/fixture%2Ffloat32`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).id).toBe("fixture/float32");
    expect((await fetch(`${server.url}/v1/models/fixture/float32`)).status).toBe(200);
  });

  it("answers 404 in OpenAI's shape for an unknown model", async () => {
    const res = await fetch(`${server.url}/v1/models/nope`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.param).toBe("model");
  });
});

describe("unknown routes", () => {
  it("answer 404 in JSON", async () => {
    const res = await fetch(`${server.url}/v1/nothing-here`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as any).error.code).toBe("not_found");
  });
});
