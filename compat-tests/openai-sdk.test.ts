import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { norm, rawOpenAIEmbeddings, recordingFetch, type SentRequest } from "./helpers/raw.js";
import { startServerProcess, type ServerProcess } from "./helpers/server-process.js";

let server: ServerProcess;
let client: OpenAI;
let sent: SentRequest[];

beforeAll(async () => {
  server = await startServerProcess();
  const recorder = recordingFetch();
  sent = recorder.sent;
  client = new OpenAI({ baseURL: `${server.url}/v1`, apiKey: "sk-unused", maxRetries: 0, fetch: recorder.fetch });
});
afterAll(() => server?.stop());

const lastSent = () => sent[sent.length - 1];

describe("openai SDK → POST /v1/embeddings", () => {
  it("default call: the SDK asks for base64, decodes it, and gets exactly the float answer", async () => {
    const text = "The cat sat on the mat";
    const response = await client.embeddings.create({ model: "glove-100d", input: text });
    expect(lastSent().url).toBe(`${server.url}/v1/embeddings`);
    expect(lastSent().body).toEqual({ model: "glove-100d", input: text, encoding_format: "base64" });
    expect(response.object).toBe("list");
    expect(response.model).toBe("glove-100d");
    expect(response.data).toHaveLength(1);
    expect(response.data[0].index).toBe(0);
    const [raw] = await rawOpenAIEmbeddings(server.url, "glove-100d", text);
    expect(response.data[0].embedding).toHaveLength(100);
    expect(response.data[0].embedding).toEqual(raw);
    expect(response.usage.prompt_tokens).toBeGreaterThan(0);
    expect(response.usage.total_tokens).toBe(response.usage.prompt_tokens);
  });

  it("explicit encoding_format float comes back as a number array, untouched", async () => {
    const text = "A kitten slept on the rug";
    const response = await client.embeddings.create({ model: "glove-100d", input: text, encoding_format: "float" });
    expect(lastSent().body.encoding_format).toBe("float");
    expect(Array.isArray(response.data[0].embedding)).toBe(true);
    expect(response.data[0].embedding).toEqual((await rawOpenAIEmbeddings(server.url, "glove-100d", text))[0]);
    expect(norm(response.data[0].embedding)).toBeCloseTo(1, 5);
  });

  it("dimensions: 16 gives a 16-long unit vector", async () => {
    const text = "vector databases";
    const response = await client.embeddings.create({ model: "glove-100d", input: text, dimensions: 16 });
    expect(lastSent().body).toMatchObject({ dimensions: 16, encoding_format: "base64" });
    const vector = response.data[0].embedding;
    expect(vector).toHaveLength(16);
    expect(norm(vector)).toBeCloseTo(1, 5);
    expect(vector).toEqual((await rawOpenAIEmbeddings(server.url, "glove-100d", text, { dimensions: 16 }))[0]);
  });

  it("array input keeps order and index fields", async () => {
    const inputs = ["first text about cats", "second text about dogs", "third about the weather", "first text about cats"];
    const response = await client.embeddings.create({ model: "glove-100d", input: inputs });
    expect(response.data.map((d) => d.index)).toEqual([0, 1, 2, 3]);
    const singles = await Promise.all(inputs.map(async (text) => (await rawOpenAIEmbeddings(server.url, "glove-100d", text))[0]));
    expect(response.data.map((d) => d.embedding)).toEqual(singles);
    expect(response.data[0].embedding).toEqual(response.data[3].embedding);
    expect(response.data[0].embedding).not.toEqual(response.data[1].embedding);
  });

  it("an OpenAI model name aliased in the catalog gives glove-100d's vector", async () => {
    const text = "hello there";
    const response = await client.embeddings.create({ model: "text-embedding-3-small", input: text });
    expect(response.model).toBe("text-embedding-3-small");
    expect(response.data[0].embedding).toEqual((await rawOpenAIEmbeddings(server.url, "glove-100d", text))[0]);
  });

  it("concurrent calls with mixed models, aliases, dimensions and repeated texts each get their own answer", async () => {
    const topics = ["cats", "dogs", "trains", "rivers", "cats"]; // repeats on purpose: identical in-flight work
    const calls = Array.from({ length: 40 }, (_, i) => ({
      model: ["glove-100d", "text-embedding-ada-002", "m2v-f32", "m2v-vq"][i % 4],
      input: `a sentence about ${topics[i % topics.length]} number ${i % 10}`,
      ...(i % 3 === 0 ? { dimensions: 2 } : {}),
    }));
    const responses = await Promise.all(calls.map((call) => client.embeddings.create(call)));
    for (const [i, call] of calls.entries()) {
      const { model, input, ...extra } = call;
      expect(responses[i].model).toBe(model);
      expect(responses[i].data[0].embedding, `call ${i}`).toEqual((await rawOpenAIEmbeddings(server.url, model, input, extra))[0]);
    }
  });

  it("an unknown model throws OpenAI.NotFoundError with the error body", async () => {
    const error = await client.embeddings.create({ model: "no-such-model", input: "x" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    const notFound = error as InstanceType<typeof OpenAI.NotFoundError>;
    expect(notFound.status).toBe(404);
    expect(notFound.message).toContain("no-such-model");
    expect(typeof notFound.type).toBe("string");
    expect(notFound.requestID).toBeTruthy();
  });

  it("an empty string input throws OpenAI.BadRequestError", async () => {
    const error = await client.embeddings.create({ model: "glove-100d", input: "" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const badRequest = error as InstanceType<typeof OpenAI.BadRequestError>;
    expect(badRequest.status).toBe(400);
    expect(badRequest.type).toBe("invalid_request_error");
    expect(badRequest.param).toBe("input");
  });
});

describe("openai SDK → /v1/models", () => {
  it("models.list() contains glove-100d", async () => {
    const ids: string[] = [];
    for await (const model of client.models.list()) ids.push(model.id);
    expect(ids).toContain("glove-100d");
    expect(ids).toContain("m2v-f32");
  });

  it("models.retrieve('glove-100d')", async () => {
    const model = await client.models.retrieve("glove-100d");
    expect(model).toMatchObject({ id: "glove-100d", object: "model", owned_by: "embedgate" });
    expect(typeof model.created).toBe("number");
  });

  it("models.retrieve of an unknown id throws OpenAI.NotFoundError", async () => {
    await expect(client.models.retrieve("no-such-model")).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
