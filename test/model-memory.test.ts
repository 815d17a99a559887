import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadCatalog } from "../src/config/catalog.js";
import { parseKeepAlive } from "../src/models/keep-alive.js";
import { getJson, postJson, startTestServer, type TestServer } from "./helpers/server.js";

const FIXTURE_BYTES = 236_224; // each 2-d fixture model: 29,528 × 2 float32 in memory

let server: TestServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const loadedIds = async (s: TestServer) => (await getJson(`${s.url}/api/ps`)).models.map((m: any) => m.name);
const embed = (s: TestServer, model: string, extra: Record<string, unknown> = {}) => postJson(`${s.url}/api/embed`, { model, input: "hello world", ...extra });
async function eventually(check: () => Promise<boolean>): Promise<boolean> {
  for (let i = 0; i < 100; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe("keep_alive parsing (Ollama semantics)", () => {
  it.each([
    ["5m", 300_000], ["1h30m", 5_400_000], ["300ms", 300], ["10s", 10_000], [0, 0], ["0", 0], [30, 30_000], ["-1", Infinity], [-1, Infinity], ["-5m", Infinity],
  ])("%s → %s ms", (value, ms) => expect(parseKeepAlive(value as string | number)).toBe(ms));

  it.each(["soon", "5 minutes", "", "1d"])("rejects %s", (value) => expect(() => parseKeepAlive(value)).toThrow(/keep_alive/));

  it("rejects a bad keep_alive in the catalog when the catalog loads, naming the entry", () => {
    const dir = mkdtempSync(join(tmpdir(), "embedgate-keepalive-"));
    const file = join(dir, "models.json");
    writeFileSync(file, JSON.stringify({ models: [{ id: "m", backend: "model2vec", source: "./m", keep_alive: "whenever" }] }));
    expect(() => loadCatalog(file)).toThrow(/models\[0\][\s\S]*keep_alive/);
  });
});

describe("lazy loading and keep-alive", () => {
  it("loads a model on first use, once for concurrent first requests", async () => {
    server = await startTestServer();
    expect(await loadedIds(server)).not.toContain("m2v-f16:latest");
    const health = await getJson(`${server.url}/health`);
    expect(health.models.find((m: any) => m.id === "m2v-f16").loaded).toBe(false);
    const responses = await Promise.all(Array.from({ length: 20 }, () => embed(server!, "m2v-f16")));
    expect(responses.every((r) => r.status === 200)).toBe(true);
    // Exactly one request paid for the load (Ollama's load_duration); the others waited on it.
    expect(responses.filter((r) => r.json.load_duration > 0).length).toBeGreaterThanOrEqual(1);
    expect(new Set(responses.map((r) => JSON.stringify(r.json.embeddings))).size).toBe(1);
    expect(await loadedIds(server)).toContain("m2v-f16:latest");
  });

  it("unloads after use with keep_alive 0, and honours a duration in expires_at", async () => {
    server = await startTestServer();
    expect((await embed(server, "m2v-i8", { keep_alive: 0 })).status).toBe(200);
    expect(await eventually(async () => !(await loadedIds(server!)).includes("m2v-i8:latest"))).toBe(true);

    expect((await embed(server, "m2v-f32", { keep_alive: "2s" })).status).toBe(200);
    const entry = (await getJson(`${server.url}/api/ps`)).models.find((m: any) => m.name === "m2v-f32:latest");
    const expires = Date.parse(entry.expires_at) - Date.now();
    expect(expires).toBeGreaterThan(0);
    expect(expires).toBeLessThanOrEqual(2_000);
    expect(await eventually(async () => !(await loadedIds(server!)).includes("m2v-f32:latest"))).toBe(true);
    // It loads again on the next use.
    expect((await embed(server, "m2v-f32")).json.embeddings[0][0]).toBeCloseTo(-0.3934547, 6);
  });

  it("rejects a bad keep_alive with 400", async () => {
    server = await startTestServer();
    const res = await embed(server, "m2v-f32", { keep_alive: "whenever" });
    expect(res.status).toBe(400);
    expect(res.json.error).toContain("keep_alive");
  });
});

describe("MODEL_MEMORY_BUDGET", () => {
  it("unloads the least recently used idle model to fit, and refuses a model larger than the budget", async () => {
    server = await startTestServer({ MODEL_MEMORY_BUDGET: String(FIXTURE_BYTES * 2 + 1000) });
    const tooBig = await postJson(`${server.url}/v1/embeddings`, { model: "glove-100d", input: "x" });
    expect(tooBig.status).toBe(507);
    expect(tooBig.json.error.message).toMatch(/glove-100d.*MODEL_MEMORY_BUDGET/);

    await embed(server, "m2v-f32");
    await embed(server, "m2v-f16");
    await embed(server, "m2v-f32"); // f16 is now the least recently used
    await embed(server, "m2v-i8");
    const loaded = await loadedIds(server);
    expect(loaded).toEqual(expect.arrayContaining(["m2v-f32:latest", "m2v-i8:latest"]));
    expect(loaded).not.toContain("m2v-f16:latest");
    expect(server.services.registry.loadedBytes).toBeLessThanOrEqual(FIXTURE_BYTES * 2 + 1000);
    // Other models keep working throughout.
    expect((await embed(server, "m2v-f16")).status).toBe(200);
  });
});
