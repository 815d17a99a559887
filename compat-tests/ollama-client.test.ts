import { Ollama } from "ollama";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectVectorsClose, norm, rawOllamaEmbed, recordingFetch, type SentRequest } from "./helpers/raw.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

/** m2v-f32's vector for "hello world", from the Python reference implementation. */
const HELLO_WORLD_F32 = [-0.3934547007083893, -0.9193440079689026];

let server: ServerProcess;
let ollama: Ollama;
let sent: SentRequest[];

beforeAll(async () => {
  server = await startServerProcess();
  const recorder = recordingFetch();
  sent = recorder.sent;
  ollama = new Ollama({ host: server.url, fetch: recorder.fetch });
});
afterAll(() => server?.stop());

const lastSent = () => sent[sent.length - 1];

describe("ollama client → POST /api/embed", () => {
  it("embeds one string: one unit vector, equal to a raw /api/embed", async () => {
    const text = "Why is the sky blue?";
    const response = await ollama.embed({ model: "glove-100d", input: text });
    expect(lastSent()).toMatchObject({ method: "POST", url: `${server.url}/api/embed`, body: { model: "glove-100d", input: text } });
    expect(response.model).toBe("glove-100d");
    expect(response.embeddings).toHaveLength(1);
    expect(response.embeddings[0]).toHaveLength(100);
    expect(norm(response.embeddings[0])).toBeCloseTo(1, 5);
    expect(response.embeddings).toEqual(await rawOllamaEmbed(server.url, "glove-100d", text));
    expect(response.prompt_eval_count).toBeGreaterThan(0);
    expect(Number.isInteger(response.total_duration)).toBe(true);
    expect(Number.isInteger(response.load_duration)).toBe(true);
  });

  it("embeds an array in input order, each vector unit length", async () => {
    const inputs = ["Why is the sky blue?", "Why is the grass green?", "Llamas are members of the camelid family"];
    const response = await ollama.embed({ model: "glove-100d", input: inputs });
    expect(response.embeddings).toHaveLength(3);
    response.embeddings.forEach((vector) => expect(norm(vector)).toBeCloseTo(1, 5));
    expect(response.embeddings).toEqual(await rawOllamaEmbed(server.url, "glove-100d", inputs));
    const singles = await Promise.all(inputs.map(async (text) => (await rawOllamaEmbed(server.url, "glove-100d", text))[0]));
    expect(response.embeddings).toEqual(singles);
  });

  it("accepts the `:latest` tag the way Ollama names models", async () => {
    const response = await ollama.embed({ model: "glove-100d:latest", input: "tagged name" });
    expect(response.embeddings).toEqual(await rawOllamaEmbed(server.url, "glove-100d", "tagged name"));
  });

  it("an unknown model throws ResponseError with status 404", async () => {
    const error = await ollama.embed({ model: "no-such-model", input: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: "ResponseError", status_code: 404 });
    expect((error as Error).message).toContain("no-such-model");
  });
});

describe("ollama client → POST /api/embeddings (legacy)", () => {
  it("returns m2v-f32's raw vector for 'hello world'", async () => {
    const response = await ollama.embeddings({ model: "m2v-f32", prompt: "hello world" });
    expect(lastSent().body).toEqual({ model: "m2v-f32", prompt: "hello world" });
    expectVectorsClose([response.embedding], [HELLO_WORLD_F32], 1e-6);
  });
});

describe("ollama client → model routes", () => {
  it("list() names every catalog model with a tag", async () => {
    const { models } = await ollama.list();
    const names = models.map((m) => m.name);
    expect(names).toEqual(expect.arrayContaining(["glove-100d:latest", "m2v-f32:latest", "m2v-vq:latest"]));
    const glove = models.find((m) => m.name === "glove-100d:latest")!;
    expect(glove.model).toBe("glove-100d:latest");
    expect(glove.details.family).toBe("model2vec");
    expect(Number.isNaN(Date.parse(String(glove.modified_at)))).toBe(false);
  });

  it("show() reports the embedding length in model_info", async () => {
    const shown = await ollama.show({ model: "glove-100d" });
    // The client types model_info as a Map, but on the wire (and after JSON.parse) it is a plain object.
    const info = shown.model_info as unknown as Record<string, unknown>;
    expect(info["general.architecture"]).toBe("model2vec");
    expect(info["model2vec.embedding_length"]).toBe(100);
    expect(shown.capabilities).toContain("embedding");
    expect(shown.details.family).toBe("model2vec");
  });

  it("show() of an unknown model throws ResponseError with status 404", async () => {
    await expect(ollama.show({ model: "no-such-model" })).rejects.toMatchObject({ name: "ResponseError", status_code: 404 });
  });

  it("ps() lists the loaded default model", async () => {
    await ollama.embed({ model: "glove-100d", input: "load it" });
    const { models } = await ollama.ps();
    const glove = models.find((m) => m.name === "glove-100d:latest");
    expect(glove).toBeDefined();
    expect(glove!.size).toBeGreaterThan(0);
    expect(glove!.size_vram).toBe(0);
  });

  it("version() answers a version string", async () => {
    const { version } = await ollama.version();
    expect(typeof version).toBe("string");
    expect(version.length).toBeGreaterThan(0);
  });
});
