import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { MODEL2VEC_FIXTURES } from "./helpers/paths.js";

const servers: TestServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
});

async function readyz(server: TestServer): Promise<{ status: number; body: any }> {
  for (let i = 0; i < 200; i++) {
    const res = await fetch(`${server.url}/readyz`);
    const body: any = await res.json();
    if (body.status !== "starting") return { status: res.status, body };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("still starting after 4 s");
}

describe("/readyz", () => {
  it("turns 200 once the preloaded models are in", async () => {
    const server = await startTestServer();
    servers.push(server);
    expect(await readyz(server)).toEqual({ status: 200, body: { status: "ok" } });
  });

  it("stays 503 'failed' when a preloaded model cannot load, while other models still serve", async () => {
    const dir = mkdtempSync(join(tmpdir(), "embedgate-ready-"));
    const catalog = join(dir, "models.json");
    writeFileSync(
      catalog,
      JSON.stringify({
        default: "missing",
        models: [
          { id: "missing", backend: "model2vec", source: join(dir, "no-such-folder") },
          { id: "m2v-f32", backend: "model2vec", source: join(MODEL2VEC_FIXTURES, "test-model-float32") },
        ],
      }),
    );
    const server = await startTestServer({ MODELS_FILE: catalog });
    servers.push(server);
    expect(await readyz(server)).toEqual({ status: 503, body: { status: "failed" } });
    const res = await fetch(`${server.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ model: "m2v-f32", input: "hello world" }) });
    expect(res.status).toBe(200);
  });
});
