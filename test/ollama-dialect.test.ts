import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getJson, postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const post = (path: string, body: unknown) => postJson(`${server.url}${path}`, body);

function expectOllamaError(res: { status: number; json: any; headers: Headers }, status: number) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toMatch(/application\/json/);
  expect(Object.keys(res.json)).toEqual(["error"]);
  expect(typeof res.json.error).toBe("string");
}

describe("POST /api/embed", () => {
  it("returns normalised vectors in input order with Ollama's fields", async () => {
    const res = await post("/api/embed", { model: "glove-100d", input: ["Why is the sky blue?", "Why is the grass green?"] });
    expect(res.status).toBe(200);
    expect(res.json.model).toBe("glove-100d");
    expect(res.json.embeddings).toHaveLength(2);
    for (const vector of res.json.embeddings) {
      expect(vector).toHaveLength(100);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 5);
    }
    expect(Number.isInteger(res.json.total_duration)).toBe(true);
    expect(res.json.total_duration).toBeGreaterThan(0);
    expect(Number.isInteger(res.json.load_duration)).toBe(true);
    expect(res.json.prompt_eval_count).toBeGreaterThan(4);
  });

  it("takes a name with :latest as the same model", async () => {
    const [tagged, plain] = await Promise.all([post("/api/embed", { model: "m2v-f32:latest", input: "hello world" }), post("/api/embed", { model: "m2v-f32", input: "hello world" })]);
    expect(tagged.status).toBe(200);
    expect(tagged.json.embeddings).toEqual(plain.json.embeddings);
    expect(tagged.json.model).toBe("m2v-f32:latest");
  });

  it("answers 200 with no embeddings for an empty string or list", async () => {
    for (const input of ["", []]) {
      const res = await post("/api/embed", { model: "glove-100d", input });
      expect(res.status).toBe(200);
      expect(res.json.embeddings).toEqual([]);
      expect(res.json.prompt_eval_count).toBe(0);
    }
  });

  it("truncates to dimensions and re-normalises", async () => {
    const res = await post("/api/embed", { model: "glove-100d", input: "hello there", dimensions: 8 });
    expect(res.json.embeddings[0]).toHaveLength(8);
    expect(Math.hypot(...res.json.embeddings[0])).toBeCloseTo(1, 5);
  });

  it("rejects over-long input with truncate:false, and cuts it otherwise", async () => {
    const long = Array(600).fill("word").join(" ");
    expectOllamaError(await post("/api/embed", { model: "glove-100d", input: long, truncate: false }), 400);
    const cut = await post("/api/embed", { model: "glove-100d", input: long });
    expect(cut.status).toBe(200);
    expect(cut.json.prompt_eval_count).toBe(512);
  });

  it("accepts keep_alive and options", async () => {
    const res = await post("/api/embed", { model: "glove-100d", input: "x y", keep_alive: "5m", options: { temperature: 0 } });
    expect(res.status).toBe(200);
  });

  it.each([
    ["unknown model", { model: "nope", input: "x" }, 404],
    ["missing model", { input: "x" }, 400],
    ["numeric input", { model: "glove-100d", input: 3 }, 400],
    ["bad truncate", { model: "glove-100d", input: "x", truncate: "no" }, 400],
    ["dimensions too large", { model: "glove-100d", input: "x", dimensions: 1000 }, 400],
    ["malformed JSON", "{not json", 400],
  ])("answers %s in Ollama's error shape", async (_name, body, status) => {
    expectOllamaError(await post("/api/embed", body), status);
  });
});

describe("POST /api/embeddings (legacy)", () => {
  it("returns the model's own vector, not re-normalised", async () => {
    const res = await post("/api/embeddings", { model: "m2v-f32", prompt: "hello world" });
    expect(res.status).toBe(200);
    expect(res.json.embedding[0]).toBeCloseTo(-0.3934547, 6);
    expect(res.json.embedding).toHaveLength(2);
  });

  it("answers an empty prompt with an empty embedding", async () => {
    const res = await post("/api/embeddings", { model: "glove-100d", prompt: "" });
    expect(res.status).toBe(200);
    expect(res.json.embedding).toEqual([]);
  });

  it("answers 404 in Ollama's shape for an unknown model", async () => {
    expectOllamaError(await post("/api/embeddings", { model: "nope", prompt: "x" }), 404);
  });
});

describe("model listing", () => {
  it("GET /api/tags lists every model with a tag", async () => {
    const body = await getJson(`${server.url}/api/tags`);
    const names = body.models.map((m: any) => m.name);
    expect(names).toEqual(expect.arrayContaining(["glove-100d:latest", "m2v-f32:latest"]));
    expect(body.models[0].details).toHaveProperty("family");
  });

  it("POST /api/show gives embedding length and capabilities", async () => {
    const res = await post("/api/show", { model: "glove-100d" });
    expect(res.status).toBe(200);
    expect(res.json.capabilities).toEqual(["embedding"]);
    expect(res.json.model_info["model2vec.embedding_length"]).toBe(100);
    expect(res.json.model_info["general.architecture"]).toBe("model2vec");
    expect(res.json.details.quantization_level).toBe("F16");
    const legacy = await post("/api/show", { name: "m2v-f32:latest" });
    expect(legacy.json.model_info["model2vec.embedding_length"]).toBe(2);
    expectOllamaError(await post("/api/show", { model: "nope" }), 404);
    expectOllamaError(await post("/api/show", {}), 400);
  });

  it("GET /api/ps lists loaded models with size and expiry", async () => {
    await post("/api/embed", { model: "m2v-f32", input: "x" });
    const body = await getJson(`${server.url}/api/ps`);
    const entry = body.models.find((m: any) => m.name === "m2v-f32:latest");
    expect(entry.size).toBeGreaterThan(0);
    expect(Date.parse(entry.expires_at)).toBeGreaterThan(Date.now());
  });

  it("GET /api/version, GET / and HEAD / answer like Ollama", async () => {
    expect((await getJson(`${server.url}/api/version`)).version).toMatch(/^\d+\.\d+\.\d+/);
    expect(await (await fetch(`${server.url}/`)).text()).toBe("Ollama is running");
    expect((await fetch(`${server.url}/`, { method: "HEAD" })).status).toBe(200);
  });

  it("GET /health lists the models and which are loaded", async () => {
    const body = await getJson(`${server.url}/health`);
    expect(body.status).toBe("ok");
    expect(body.models.find((m: any) => m.id === "m2v-f32")).toMatchObject({ loaded: true, dimensions: 2 });
  });

  it("answers unknown /api routes with a JSON 404", async () => {
    expectOllamaError(await post("/api/generate", { model: "glove-100d", prompt: "x" }), 404);
  });
});
