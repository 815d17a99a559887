import { createReadStream, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MODEL2VEC_FIXTURES } from "./helpers/paths.js";
import { postJson, startTestServer } from "./helpers/server.js";

/** A stand-in for the hub: serves the float32 fixture as `fixture-owner/m2v` at /<repo>/resolve/<rev>/<file>. */
let hub: Server;
let hubUrl: string;
const requested: string[] = [];
beforeAll(async () => {
  hub = createServer((req, res) => {
    requested.push(req.url ?? "");
    const match = /^\/fixture-owner\/m2v\/resolve\/main\/([\w.]+)$/.exec(req.url ?? "");
    const file = match && join(MODEL2VEC_FIXTURES, "test-model-float32", match[1]);
    if (!file || !existsSync(file)) {
      res.writeHead(404).end("not found");
      return;
    }
    res.writeHead(200, { "content-type": "application/octet-stream" });
    createReadStream(file).pipe(res);
  });
  await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve));
  hubUrl = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => hub.close(() => resolve())));

describe("a catalog model named by hub repo id", () => {
  it("downloads on first use through HF_ENDPOINT, serves the right vectors, then starts from the cache offline", async () => {
    const dir = mkdtempSync(join(tmpdir(), "embedgate-hub-"));
    const catalog = join(dir, "models.json");
    writeFileSync(catalog, JSON.stringify({ models: [{ id: "hub-m2v", backend: "model2vec", source: "fixture-owner/m2v" }] }));
    const env = { MODELS_FILE: catalog, HF_ENDPOINT: hubUrl, HF_HUB_CACHE: join(dir, "hub") };

    const first = await startTestServer(env);
    try {
      const res = await postJson(`${first.url}/v1/embeddings`, { model: "hub-m2v", input: "hello world" });
      expect(res.status).toBe(200);
      expect(res.json.data[0].embedding[0]).toBeCloseTo(-0.3934547, 6);
      expect(requested.some((url) => url.endsWith("/model.safetensors"))).toBe(true);
    } finally {
      await first.close();
    }

    await new Promise<void>((resolve) => hub.close(() => resolve())); // the hub is gone now
    const second = await startTestServer(env);
    try {
      const res = await postJson(`${second.url}/api/embed`, { model: "hub-m2v", input: "hello world" });
      expect(res.status).toBe(200);
      expect(res.json.embeddings[0][1]).toBeCloseTo(-0.919344, 6);
    } finally {
      await second.close();
      await new Promise<void>((resolve) => hub.listen(0, "127.0.0.1", resolve)); // for afterAll
    }
  });
});
