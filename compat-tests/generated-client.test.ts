import { readFileSync } from "node:fs";
import createClient from "openapi-fetch";
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from "vitest";
import { CLIENT_TYPES, renderClientTypes } from "./generated/generate.js";
import type { components, paths } from "./generated/openapi.js";
import { rawOllamaEmbed, rawOpenAIEmbeddings } from "./helpers/raw.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

// The client types are committed (compat-tests/generated/openapi.d.ts) rather than generated in a
// beforeAll: `npm test` type-checks before vitest runs, and the typed calls below only compile
// against a file that already exists. The first test keeps the committed file honest.

type OpenAIError = components["schemas"]["OpenAIError"];
type OllamaError = components["schemas"]["OllamaError"];

let server: ServerProcess;
let client: ReturnType<typeof createClient<paths>>;

beforeAll(async () => {
  server = await startServerProcess();
  client = createClient<paths>({ baseUrl: server.url });
});
afterAll(() => server?.stop());

function decodeBase64Float32(text: string): number[] {
  const bytes = Buffer.from(text, "base64");
  const aligned = new Uint8Array(bytes); // a copy, so the Float32Array view starts 4-byte aligned
  return Array.from(new Float32Array(aligned.buffer, 0, aligned.byteLength / 4));
}

describe("the committed client types", () => {
  it("equal what openapi-typescript generates from openapi/openapi.json (regenerate: npx tsx compat-tests/generated/generate.ts)", async () => {
    expect(readFileSync(CLIENT_TYPES, "utf8")).toBe(await renderClientTypes());
  });

  it("type the OpenAI embedding as number[] | string", () => {
    expectTypeOf<components["schemas"]["Embedding"]["embedding"]>().toEqualTypeOf<number[] | string>();
  });
});

describe("openapi-fetch client generated from openapi/openapi.json", () => {
  it("POST /v1/embeddings with encoding_format float: number[] vectors equal to a raw fetch", async () => {
    const input = ["generated clients are typed", "from the committed document"];
    const { data, error, response } = await client.POST("/v1/embeddings", { body: { model: "glove-100d", input, encoding_format: "float" } });
    expect(response.status).toBe(200);
    expect(error).toBeUndefined();
    expectTypeOf(data!.data[0].embedding).toEqualTypeOf<number[] | string>();
    const vectors = data!.data.map((d) => {
      if (typeof d.embedding === "string") throw new Error("asked for floats, got base64");
      return d.embedding;
    });
    expect(vectors).toEqual(await rawOpenAIEmbeddings(server.url, "glove-100d", input));
    expect(data!.data.map((d) => d.index)).toEqual([0, 1]);
    expect(data!.usage.total_tokens).toBe(data!.usage.prompt_tokens);
  });

  it("POST /v1/embeddings with encoding_format base64: a string that decodes to the float vector", async () => {
    const input = "base64 is what the OpenAI SDK asks for";
    const { data } = await client.POST("/v1/embeddings", { body: { model: "glove-100d", input, encoding_format: "base64" } });
    const embedding = data!.data[0].embedding;
    if (typeof embedding !== "string") throw new Error("asked for base64, got an array");
    expect(decodeBase64Float32(embedding)).toEqual((await rawOpenAIEmbeddings(server.url, "glove-100d", input))[0]);
  });

  it("POST /api/embed: vectors equal to a raw fetch", async () => {
    const input = ["Why is the sky blue?", "Why is the grass green?"];
    const { data, response } = await client.POST("/api/embed", { body: { model: "glove-100d", input } });
    expect(response.status).toBe(200);
    expectTypeOf(data!.embeddings).toEqualTypeOf<number[][]>();
    expect(data!.embeddings).toEqual(await rawOllamaEmbed(server.url, "glove-100d", input));
    expect(data!.model).toBe("glove-100d");
  });

  it("an unknown model on /v1/embeddings comes back as the typed OpenAI error body", async () => {
    const { data, error, response } = await client.POST("/v1/embeddings", { body: { model: "no-such-model", input: "x" } });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expectTypeOf(error).toEqualTypeOf<OpenAIError | undefined>();
    expect(error!.error.message).toContain("no-such-model");
    expect(typeof error!.error.type).toBe("string");
    expect(error!.error).toHaveProperty("param");
    expect(error!.error).toHaveProperty("code");
  });

  it("an unknown model on /api/embed comes back as the typed Ollama error body", async () => {
    const { error, response } = await client.POST("/api/embed", { body: { model: "no-such-model", input: "x" } });
    expect(response.status).toBe(404);
    expectTypeOf(error).toEqualTypeOf<OllamaError | undefined>();
    expect(error!.error).toContain("no-such-model");
  });

  it("GET /v1/models/{id} with a path parameter", async () => {
    const { data } = await client.GET("/v1/models/{id}", { params: { path: { id: "glove-100d" } } });
    expect(data).toMatchObject({ id: "glove-100d", object: "model" });
  });
});
