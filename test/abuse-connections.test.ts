/**
 * Fault and abuse suite, part 2: path-like model names, client disconnects, auth and CORS, and
 * NaN from a backend, against real in-process servers. Every case checks the status, the error
 * body in the route's own dialect shape, and that the server still answers afterwards.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectErrorBody, expectFiniteAnswer, expectStillServing, post, POST_ROUTES, route, shapeOf, type ErrorShape } from "./helpers/dialects.js";
import { writeNanCatalog, type NanCatalog } from "./helpers/nan-model.js";
import { REPO_ROOT, TEST_CACHE_DIR } from "./helpers/paths.js";
import { openConnection, rawRequest, type RawResponse } from "./helpers/raw-http.js";
import { startTestServer, type TestServer } from "./helpers/server.js";
import { expectPrototypesClean, fromRaw, settled, sleep } from "./helpers/abuse.js";

describe("model names that look like paths", () => {
  let server: TestServer;
  let hfHome: string;
  const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir, { recursive: true }).map(String).sort() : []);
  let before: { hf: string[]; cache: string[]; repo: string[] };
  beforeAll(async () => {
    hfHome = mkdtempSync(join(tmpdir(), "embedgate-hf-"));
    server = await startTestServer({ HF_HOME: hfHome, HF_ENDPOINT: "http://127.0.0.1:9" });
    before = { hf: listing(hfHome), cache: listing(TEST_CACHE_DIR), repo: readdirSync(REPO_ROOT).sort() };
  });
  afterAll(async () => {
    await server?.close();
    rmSync(hfHome, { recursive: true, force: true });
  });

  const NAMES = ["../x", "%2e%2e/x", "..%2f..%2fx", "/etc/passwd", "a\u0000b", "x".repeat(10_000), "..\\..\\windows\\win.ini", "file:///etc/passwd", "owner/../../../etc/passwd", "builtin:../../x", "~/x", "./broken-model", "glove-100d/../m2v-f32", "minishlab/potion-base-8M"];
  const bodies = (name: string): Array<[string, Record<string, unknown>]> => [
    ["/v1/embeddings", { model: name, input: "x" }],
    ["/api/embed", { model: name, input: "x" }],
    ["/api/embeddings", { model: name, prompt: "x" }],
    ["/api/show", { model: name }],
    ["/api/rerank", { model: name, query: "q", documents: ["d"] }],
    ["/v1/rerank", { model: name, query: "q", documents: ["d"] }],
    ["/v2/rerank", { model: name, query: "q", documents: ["d"] }],
    ["/rerank", { model: name, query: "q", texts: ["d"] }],
    ["/api/embed/batch", { model: name, inputs: [["x"]] }],
  ];

  it.each(NAMES.map((name) => [JSON.stringify(name.length > 40 ? `${name.slice(0, 20)}…(${name.length})` : name), name] as const))(
    "%s → 404 on every route, nothing touched on disk",
    async (_label, name) => {
      for (const [path, body] of bodies(name)) {
        const res = await post(server.url, path, body);
        expectErrorBody(shapeOf(path), res, [404, 400]);
      }
      const get = await fetch(`${server.url}/v1/models/${encodeURIComponent(name)}`);
      expectErrorBody("openai", { status: get.status, json: await get.json(), text: "", contentType: get.headers.get("content-type") }, [404, 400]);
      expect(listing(hfHome)).toEqual(before.hf);
      expect(listing(TEST_CACHE_DIR)).toEqual(before.cache);
      expect(readdirSync(REPO_ROOT).sort()).toEqual(before.repo);
      expect(server.services.registry.list().filter((s) => s.loaded).map((s) => s.entry.id)).toEqual(["glove-100d"]);
      await expectStillServing(server.url);
    },
  );

  it("raw dot-segment paths under /v1/models are 404, not a file", async () => {
    for (const path of ["/v1/models/../../etc/passwd", "/v1/models/..%2F..%2Fetc%2Fpasswd", "/v1/models/%2e%2e/%2e%2e/etc/passwd", "/v1/models/a%00b"]) {
      const res = await rawRequest(server.port, { method: "GET", path });
      expect(res.text).not.toMatch(/root:/);
      expectErrorBody("openai", fromRaw(res), [404, 400]);
    }
    await expectStillServing(server.url);
  });
});

// ---------------------------------------------------------------------------------------------
describe("client disconnects", () => {
  let server: TestServer;
  beforeAll(async () => {
    // fetch may leave a connection open that never carried a request; the drain waits for such
    // connections until SHUTDOWN_TIMEOUT_MS (see test/shutdown.test.ts), so keep that short here.
    server = await startTestServer({ MAX_CONCURRENT_REQUESTS: "1", MAX_QUEUE_SIZE: "50", BATCH_MAX_SIZE: "128", SHUTDOWN_TIMEOUT_MS: "2000" });
  });
  afterAll(() => server?.close());

  /** 2000 unique texts: under OpenAI's cap of 2048, heavy enough to keep the one slot busy. */
  const heavy = (n: number) => Array.from({ length: 2000 }, (_, i) => `disconnect ${n} text ${i} ${"lorem ipsum dolor sit amet ".repeat(2)}${Math.random()}`);
  const noCache = { "cache-control": "no-cache, no-store" };

  it("requests aborted while computing or queued give back every permit", async () => {
    const controllers: AbortController[] = [];
    const bodies: Array<[string, Record<string, unknown>]> = [
      ["/v1/embeddings", { model: "glove-100d", input: heavy(1) }],
      ["/api/embed", { model: "glove-100d", input: heavy(2) }],
      ["/api/embed/batch", { model: "glove-100d", inputs: [heavy(3), heavy(4)] }],
      ["/v2/rerank", { model: "glove-100d", query: "q", documents: heavy(5).slice(0, 999) }],
      ["/v1/embeddings", { model: "glove-100d", input: heavy(6) }],
    ];
    const outcomes = bodies.map(([path, body]) => {
      const controller = new AbortController();
      controllers.push(controller);
      const headers = { "content-type": "application/json", ...noCache };
      return rawRequest(server.port, { path, headers, body: JSON.stringify(body), signal: controller.signal }).then(
        (res) => `${res.status}:${res.text.slice(0, 80)}`,
        (error: Error) => error.name,
      );
    });
    const { admission } = server.services;
    for (let i = 0; i < 1000 && admission.queued < 2; i++) await sleep(2);
    expect(admission.running).toBe(1); // the work really is in flight,
    expect(admission.queued).toBeGreaterThanOrEqual(2); // and more of it waits
    for (const controller of controllers) controller.abort();
    const results = await Promise.all(outcomes);
    expect(results.filter((r) => r === "AbortError").length, results.join(" | ")).toBeGreaterThanOrEqual(3);
    await settled(server);
    expect(admission.running).toBe(0);
    expect(admission.queued).toBe(0);
    expect(server.services.engine.coalescer.size).toBe(0);
    await expectStillServing(server.url, POST_ROUTES);
  });

  it("a client that disconnects while its body is still being sent leaves nothing behind", async () => {
    const { admission } = server.services;
    // Content-Length promises 200 kB; 20 kB arrive, then the socket closes.
    const sized = await openConnection(server.port);
    sized.socket.write(`POST /v1/embeddings HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 200000\r\n\r\n{"model":"glove-100d","input":["${"z".repeat(20_000)}`);
    // Chunked: a few chunks, then the socket closes without the terminating chunk.
    const chunked = await openConnection(server.port);
    chunked.socket.write(`POST /api/embed HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`);
    for (const part of ['{"model":"glove-100d","input":["', "w".repeat(5000), '","second']) chunked.socket.write(`${Buffer.byteLength(part).toString(16)}\r\n${part}\r\n`);
    // Headers only, never finished.
    const partial = await openConnection(server.port);
    partial.socket.write("POST /v1/rerank HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl");
    await sleep(50);
    for (const connection of [sized, chunked, partial]) connection.socket.destroy();
    await Promise.all([sized.closed, chunked.closed, partial.closed]);
    await sleep(20);
    expect(sized.received()).toBe("");
    expect(chunked.received()).toBe("");
    await settled(server);
    expect(admission.running).toBe(0);
    expect(admission.queued).toBe(0);
    await expectStillServing(server.url, POST_ROUTES);
  });

  it("an aborted upload through fetch (a stream that errors half-way) is survived", async () => {
    let pushed = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (pushed++ < 3) controller.enqueue(new TextEncoder().encode(pushed === 1 ? '{"model":"glove-100d","input":"' : "v".repeat(4000)));
        else controller.error(new Error("upload interrupted"));
      },
    });
    const outcome = await fetch(`${server.url}/v1/embeddings`, { method: "POST", headers: { "content-type": "application/json" }, body: stream, duplex: "half" } as RequestInit).then(
      (res) => `status ${res.status}`,
      (error: Error) => error.name,
    );
    expect(outcome).not.toBe("status 200");
    await settled(server);
    expect(server.services.admission.running).toBe(0);
    await expectStillServing(server.url);
  });
});

// ---------------------------------------------------------------------------------------------
describe("auth (API_KEYS) and CORS", () => {
  let server: TestServer;
  const KEY = "sk-right-key-0123456789";
  const ORIGIN = "https://app.example";
  beforeAll(async () => {
    server = await startTestServer({ API_KEYS: `${KEY}, other-key`, CORS_ORIGINS: `${ORIGIN},https://second.example` });
  });
  afterAll(() => server?.close());

  const bearer = { authorization: `Bearer ${KEY}` };
  const expectUnauthorized = (shape: ErrorShape, res: Awaited<ReturnType<typeof post>>) => {
    expectErrorBody(shape, res, 401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
    expect(res.text).not.toContain(KEY);
  };

  it.each(POST_ROUTES.map((r) => [r.name, r] as const))("%s: missing or wrong key → 401 + WWW-Authenticate in the dialect shape", async (_name, r) => {
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid));
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid, { authorization: "Bearer wrong-key" }));
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid, { authorization: `Bearer ${KEY}x` }));
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid, { authorization: "Bearer " }));
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid, { authorization: `Basic ${Buffer.from(`user:${KEY}`).toString("base64")}` }));
    expectUnauthorized(r.shape, await post(server.url, r.path, r.valid, { "x-api-key": "wrong-key" }));
    if (r.shape === "openai") {
      const res = await post(server.url, r.path, r.valid);
      expect(res.json.error.type).toBe("authentication_error");
    }
    await expectStillServing(server.url, [r], bearer);
  });

  it("the right key works as Bearer (any case) and as x-api-key; GET API routes need it too", async () => {
    for (const headers of [bearer, { authorization: `bearer ${KEY}` }, { "x-api-key": KEY }, { authorization: "Bearer other-key" }]) {
      await expectStillServing(server.url, POST_ROUTES, headers);
    }
    const models = await fetch(`${server.url}/v1/models`);
    expect(models.status).toBe(401);
    expect(models.headers.get("www-authenticate")).toMatch(/^Bearer /);
    const tags = await fetch(`${server.url}/api/tags`);
    expect(tags.status).toBe(401);
    expect(Object.keys((await tags.json()) as object)).toEqual(["error"]);
    expect((await fetch(`${server.url}/v1/models`, { headers: bearer })).status).toBe(200);
  });

  it("/health, /livez, /readyz and / stay open without a key", async () => {
    for (const path of ["/health", "/livez", "/readyz", "/"]) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
    }
    const head = await fetch(`${server.url}/`, { method: "HEAD" });
    expect(head.status).toBe(200);
  });

  it("/metrics answers without a key unless METRICS_REQUIRE_AUTH=true", async () => {
    const open = await fetch(`${server.url}/metrics`);
    expect(open.status).toBe(200);
    const guarded = await startTestServer({ API_KEYS: KEY, METRICS_REQUIRE_AUTH: "true" });
    try {
      const res = await fetch(`${guarded.url}/metrics`);
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer /);
      expect((await fetch(`${guarded.url}/metrics`, { headers: bearer })).status).toBe(200);
      expect((await fetch(`${guarded.url}/livez`)).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });

  it("a preflight from an allowed origin → 204 with the origin and the requested headers (x-stainless-* included), no key needed", async () => {
    const res = await fetch(`${server.url}/v1/embeddings`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "authorization, content-type, x-stainless-os, x-stainless-lang, x-stainless-retry-count" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    const allowed = (res.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(["authorization", "content-type", "x-stainless-os", "x-stainless-lang", "x-stainless-retry-count"]));
    expect(res.headers.get("access-control-allow-methods")).toMatch(/POST/);
    expect(res.headers.get("vary")).toMatch(/Origin/i);
    await expectStillServing(server.url, [route("openai")], bearer);
  });

  it("a preflight asking for an unknown header does not get it allowed", async () => {
    const res = await fetch(`${server.url}/api/embed`, {
      method: "OPTIONS",
      headers: { origin: ORIGIN, "access-control-request-method": "POST", "access-control-request-headers": "content-type, x-evil-header" },
    });
    expect(res.status).toBe(204);
    expect((res.headers.get("access-control-allow-headers") ?? "").toLowerCase()).not.toContain("x-evil-header");
  });

  it("an origin not on the list gets no CORS headers, on preflight or on a real request", async () => {
    for (const origin of ["https://evil.example", "null", `${ORIGIN}.evil.example`, "http://app.example"]) {
      const preflight = await fetch(`${server.url}/v1/embeddings`, { method: "OPTIONS", headers: { origin, "access-control-request-method": "POST", "access-control-request-headers": "authorization" } });
      await preflight.arrayBuffer();
      expect(preflight.headers.get("access-control-allow-origin"), origin).toBeNull();
      expect(preflight.headers.get("access-control-allow-headers"), origin).toBeNull();
      const real = await post(server.url, "/v1/embeddings", route("openai").valid, { ...bearer, origin });
      expect(real.status).toBe(200);
      expect(real.headers.get("access-control-allow-origin"), origin).toBeNull();
    }
  });

  it("a real request from an allowed origin gets the origin and the exposed headers; a 401 too", async () => {
    const ok = await post(server.url, "/v1/embeddings", route("openai").valid, { ...bearer, origin: ORIGIN });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("access-control-allow-origin")).toBe(ORIGIN);
    expect(ok.headers.get("access-control-expose-headers")).toMatch(/retry-after-ms/);
    const denied = await post(server.url, "/v1/embeddings", route("openai").valid, { origin: ORIGIN });
    expectErrorBody("openai", denied, 401);
    expect(denied.headers.get("access-control-allow-origin")).toBe(ORIGIN); // so the browser can read the 401
  });
});

// ---------------------------------------------------------------------------------------------
describe("NaN from a backend", () => {
  let server: TestServer;
  let nan: NanCatalog;
  beforeAll(async () => {
    nan = writeNanCatalog(["hello"]);
    server = await startTestServer({ MODELS_FILE: nan.catalogFile });
  });
  afterAll(async () => {
    await server?.close();
    rmSync(nan.dir, { recursive: true, force: true });
  });

  const m = "nan-model";
  const POISONED: Array<[string, string, Record<string, unknown>]> = [
    ["openai", "/v1/embeddings", { model: m, input: "hello world", encoding_format: "float" }],
    ["openai base64", "/v1/embeddings", { model: m, input: ["fine text", "say hello"] }],
    ["ollama", "/api/embed", { model: m, input: "hello world" }],
    ["ollama legacy", "/api/embeddings", { model: m, prompt: "hello world" }],
    ["api rerank", "/api/rerank", { model: m, query: "hello", documents: ["world"] }],
    ["rerank v1", "/v1/rerank", { model: m, query: "world", documents: ["hello there"] }],
    ["rerank v2", "/v2/rerank", { model: m, query: "hello", documents: ["world"] }],
    ["rerank TEI", "/rerank", { query: "hello", texts: ["world"] }],
    ["batch", "/api/embed/batch", { model: m, inputs: [["world"], ["hello"]] }],
  ];
  it.each(POISONED)("%s: a text with the NaN token → 500 in the dialect shape, twice (never cached)", async (_name, path, body) => {
    for (let attempt = 0; attempt < 2; attempt++) {
      const res = await post(server.url, path, body);
      expectErrorBody(shapeOf(path), res, 500);
      expect(res.text).not.toMatch(/NaN|Infinity/);
    }
    if (path === "/rerank") {
      expect((await post(server.url, path, body)).json.error_type).toBe("Backend");
    }
    if (path === "/v1/embeddings") expect((await post(server.url, path, body)).json.error).toMatchObject({ type: "server_error", code: "internal" });
    await expectStillServing(server.url, [{ name: "clean", path: "/v1/embeddings", shape: "openai", valid: { model: m, input: "clean text" } }]);
  });

  it("the failure is not cached: the same request is a miss again, while clean texts are cached as usual", async () => {
    const body = { model: m, input: "hello from the other side", encoding_format: "float" };
    const first = await post(server.url, "/v1/embeddings", body);
    expect(first.status).toBe(500);
    const entries = server.services.cache.stats().l1Entries;
    const second = await post(server.url, "/v1/embeddings", body);
    expect(second.status).toBe(500); // not a 200 served from the cache
    expect(server.services.cache.stats().l1Entries).toBe(entries);
    expect(server.services.engine.coalescer.size).toBe(0);
    // Clean texts: a miss, then a hit, with finite vectors.
    const clean = { model: m, input: "the other side", encoding_format: "float" };
    const miss = await post(server.url, "/v1/embeddings", clean);
    expectFiniteAnswer("/v1/embeddings", miss);
    expect(miss.headers.get("x-cache-misses")).toBe("1");
    const hit = await post(server.url, "/v1/embeddings", clean);
    expect(hit.headers.get("x-cache-hits")).toBe("1");
    expect(hit.json.data[0].embedding).toEqual(miss.json.data[0].embedding);
    // With the cache bypassed the poisoned text is computed, and fails, every time.
    const third = await post(server.url, "/v1/embeddings", body, { "cache-control": "no-cache" });
    expect(third.status).toBe(500);
  });

  it("texts without the poisoned token get 200 with finite vectors on every route", async () => {
    const texts = ["world", "the cat sat", "good morning"];
    expectFiniteAnswer("/v1/embeddings", await post(server.url, "/v1/embeddings", { model: m, input: texts, encoding_format: "float" }));
    expectFiniteAnswer("/api/embed", await post(server.url, "/api/embed", { model: m, input: texts }));
    expectFiniteAnswer("/api/embeddings", await post(server.url, "/api/embeddings", { model: m, prompt: texts[0] }));
    expectFiniteAnswer("/v2/rerank", await post(server.url, "/v2/rerank", { model: m, query: "world", documents: texts }));
    expectFiniteAnswer("/rerank", await post(server.url, "/rerank", { query: "world", texts }));
    expectFiniteAnswer("/api/embed/batch", await post(server.url, "/api/embed/batch", { model: m, inputs: [texts] }));
  });
});
