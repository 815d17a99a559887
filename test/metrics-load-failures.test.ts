import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { postJson, startTestServer, type TestServer } from "./helpers/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const failures = async (model: string): Promise<number> => {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const line = text.split("\n").find((l) => l.startsWith(`embedgate_model_load_failures_total{model="${model}"}`));
  return line ? Number(line.split(" ").pop()) : 0;
};

describe("embedgate_model_load_failures_total", () => {
  it("counts each failed load of a model, and nothing for models that load", async () => {
    expect(await failures("broken")).toBe(0);
    for (let i = 0; i < 2; i++) expect((await postJson(`${server.url}/v1/embeddings`, { model: "broken", input: "x" })).status).toBe(503);
    expect(await failures("broken")).toBe(2);
    expect((await postJson(`${server.url}/v1/embeddings`, { model: "m2v-f32", input: "x" })).status).toBe(200);
    expect(await failures("m2v-f32")).toBe(0);
    expect(await failures("broken")).toBe(2); // scraping again adds nothing
  });
});
