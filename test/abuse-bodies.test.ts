/**
 * Fault and abuse suite, part 1: hostile bodies (malformed JSON, content types, field types,
 * prototype keys, unicode, oversized bodies, request limits) against real in-process servers.
 * Every case checks the status, the error body in the route's own dialect shape, and that the
 * server still answers a valid request afterwards.
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

// ---------------------------------------------------------------------------------------------
describe("malformed bodies, content types and field types (default limits)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  it.each(POST_ROUTES.map((r) => [r.name, r] as const))("%s: malformed JSON, empty and non-object bodies → 400", async (_name, r) => {
    const bodies = ['{"model": "glove-100d", "input": ', "{not json}", "", "null", '"just a string"', "[1, 2, 3]", "42", '{"model":"glove-100d",}'];
    for (const body of bodies) {
      const res = await post(server.url, r.path, body);
      expectErrorBody(r.shape, res, 400);
    }
    await expectStillServing(server.url, [r]);
  });

  it.each(POST_ROUTES.map((r) => [r.name, r] as const))("%s: text/xml and multipart bodies → 415", async (_name, r) => {
    const xml = await post(server.url, r.path, "<input>hello</input>", { "content-type": "text/xml" });
    expectErrorBody(r.shape, xml, 415);
    const multipart = await post(server.url, r.path, '--XyZ\r\nContent-Disposition: form-data; name="input"\r\n\r\nhello\r\n--XyZ--\r\n', {
      "content-type": "multipart/form-data; boundary=XyZ",
    });
    expectErrorBody(r.shape, multipart, 415);
    // A JSON body under a JSON content type with parameters, and Ollama-style curl -d, still work.
    expect((await post(server.url, r.path, r.valid, { "content-type": "application/json; charset=utf-8" })).status).toBe(200);
    expect((await post(server.url, r.path, JSON.stringify(r.valid), { "content-type": "application/x-www-form-urlencoded" })).status).toBe(200);
    await expectStillServing(server.url, [r]);
  });

  const WRONG_TYPES: Array<[string, Record<string, unknown>, string | null]> = [
    // [route name, body, OpenAI `param` expected (openai routes only)]
    ["openai", { model: "glove-100d", input: 123 }, "input"],
    ["openai", { model: "glove-100d", input: ["ok", 2] }, "input[1]"],
    ["openai", { model: "glove-100d", input: { text: "x" } }, "input"],
    ["openai", { model: "glove-100d", input: [] }, "input"],
    ["openai", { model: "glove-100d", input: ["ok", ""] }, "input[1]"],
    ["openai", { model: 7, input: "x" }, "model"],
    ["openai", { input: "x" }, "model"],
    ["openai", { model: "glove-100d", input: "x", encoding_format: "hex" }, "encoding_format"],
    ["openai", { model: "glove-100d", input: "x", dimensions: "10" }, "dimensions"],
    ["openai", { model: "glove-100d", input: "x", dimensions: 0 }, "dimensions"],
    ["openai", { model: "glove-100d", input: "x", dimensions: 1.5 }, "dimensions"],
    ["openai", { model: "glove-100d", input: "x", dimensions: 101 }, "dimensions"],
    ["openai (unversioned)", { model: "glove-100d", input: null }, "input"],
    ["ollama", { model: "glove-100d", input: 5 }, null],
    ["ollama", { model: "glove-100d", input: [["nested"]] }, null],
    ["ollama", { model: "glove-100d", input: "x", truncate: "yes" }, null],
    ["ollama", { model: "glove-100d", input: "x", dimensions: "x" }, null],
    ["ollama", { model: "glove-100d", input: "x", keep_alive: { minutes: 5 } }, null],
    ["ollama", { model: "glove-100d", input: "x", keep_alive: "forever-ish" }, null],
    ["ollama", { model: "glove-100d", input: "x", options: "fast" }, null],
    ["ollama", { model: ["glove-100d"], input: "x" }, null],
    ["ollama legacy", { model: "glove-100d", prompt: 5 }, null],
    ["ollama legacy", { model: "glove-100d", prompt: ["a"] }, null],
    ["api rerank", { model: "glove-100d", query: "q", documents: [1, 2] }, null],
    ["api rerank", { model: "glove-100d", query: "q", documents: "one doc" }, null],
    ["api rerank", { model: "glove-100d", query: "q", documents: ["a"], top_k: "2" }, null],
    ["rerank v1", { model: "glove-100d", query: 5, documents: ["a"] }, null],
    ["rerank v1", { model: "glove-100d", query: "q", documents: [1] }, null],
    ["rerank v1", { model: "glove-100d", query: "q", documents: [{ title: "no text" }] }, null],
    ["rerank v1", { model: "glove-100d", query: "q", documents: ["a"], top_n: "3" }, null],
    ["rerank v1", { model: "glove-100d", query: "q", documents: ["a"], return_documents: "yes" }, null],
    ["rerank v1", { model: "glove-100d", query: "q", documents: ["a"], rank_fields: "text" }, null],
    ["rerank v2", { model: "glove-100d", query: "q", documents: [{ text: "objects are v1 only" }] }, null],
    ["rerank v2", { model: "glove-100d", query: "q", documents: ["a"], top_n: 0 }, null],
    ["rerank v2", { query: "q", documents: ["a"] }, null],
    ["rerank v2", { model: "glove-100d", query: "q", documents: ["a"], max_tokens_per_doc: "many" }, null],
    ["rerank TEI", { query: "q", texts: "one text" }, null],
    ["rerank TEI", { query: "q", texts: [1] }, null],
    ["rerank TEI", { query: "q", texts: ["a"], raw_scores: "true" }, null],
    ["rerank TEI", { query: "q", texts: ["a"], truncation_direction: "Left" }, null],
    ["rerank TEI", { query: ["q"], texts: ["a"] }, null],
    ["batch", { model: "glove-100d", inputs: ["flat", "strings"] }, null],
    ["batch", { model: "glove-100d", inputs: [[1]] }, null],
    ["batch", { model: "glove-100d", inputs: [] }, null],
    ["batch", { model: "glove-100d", inputs: [["a"]], use_cache: "no" }, null],
    ["batch", { model: "glove-100d", inputs: [["a"]], batch_size: -1 }, null],
  ];
  it.each(WRONG_TYPES.map(([name, body, param], i) => [`${name} #${i}`, name, body, param] as const))("%s: wrong field type → 400", async (_label, name, body, param) => {
    const r = route(name);
    const res = await post(server.url, r.path, body);
    expectErrorBody(r.shape, res, 400);
    if (r.shape === "openai") expect(res.json.error.param).toBe(param);
    await expectStillServing(server.url, [r]);
  });
});

// ---------------------------------------------------------------------------------------------
describe("prototype keys in bodies", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const POLLUTE = '{"polluted":"yes"}';
  const CASES: Array<[string, string, number, (json: any) => void]> = [
    // [route name, raw JSON body, expected status, check of the 200 answer]
    ["openai", `{"model":"glove-100d","input":"hello","__proto__":${POLLUTE}}`, 200, (j) => expect(j.data).toHaveLength(1)],
    ["openai", `{"model":"glove-100d","input":"hello","constructor":{"prototype":${POLLUTE}},"prototype":${POLLUTE}}`, 200, (j) => expect(j.data).toHaveLength(1)],
    // Fields must not be inherited from a `__proto__` key: this body has no own model or input.
    ["openai", `{"__proto__":{"model":"glove-100d","input":"hello"}}`, 400, () => {}],
    ["openai", `{"model":"glove-100d","input":{"__proto__":["a","b"]}}`, 400, () => {}],
    ["ollama", `{"model":"glove-100d","input":"hi","options":{"__proto__":${POLLUTE},"constructor":{"prototype":${POLLUTE}}}}`, 200, (j) => expect(j.embeddings).toHaveLength(1)],
    ["ollama", `{"__proto__":{"model":"glove-100d"},"input":"hi"}`, 400, () => {}],
    ["ollama legacy", `{"model":"glove-100d","prompt":"hi","__proto__":{"prompt":"other"},"options":{"__proto__":null}}`, 200, (j) => expect(j.embedding).toHaveLength(100)],
    ["rerank v1", `{"model":"glove-100d","query":"cats","documents":[{"text":"a cat","__proto__":${POLLUTE}},"a car"]}`, 200, (j) => expect(j.results).toHaveLength(2)],
    // A document whose only `text` hides behind `__proto__` has no text of its own.
    ["rerank v1", `{"model":"glove-100d","query":"cats","documents":[{"__proto__":{"text":"inherited"}}]}`, 400, () => {}],
    // rank_fields name fields the document does not have: they read as empty, never as Object.prototype's members.
    ["rerank v1", `{"model":"glove-100d","query":"cats","documents":[{"text":"a cat"}],"rank_fields":["__proto__","constructor","prototype","toString"]}`, 200, (j) => expect(j.results[0].document.text).toBe("__proto__: \nconstructor: \nprototype: \ntoString: ")],
    ["rerank v2", `{"model":"glove-100d","query":"cats","documents":["a cat"],"__proto__":{"return_documents":true}}`, 200, (j) => expect(j.results[0].document).toBeUndefined()],
    ["rerank TEI", `{"query":"cats","texts":["a cat","a car"],"__proto__":{"raw_scores":true,"return_text":true}}`, 200, (j) => expect(j.every((r: any) => r.text === undefined && r.score >= 0)).toBe(true)],
    ["api rerank", `{"model":"glove-100d","query":"cats","documents":["a cat"],"constructor":{"prototype":${POLLUTE}}}`, 200, (j) => expect(j.results).toHaveLength(1)],
    ["batch", `{"model":"glove-100d","inputs":[["a"]],"__proto__":{"use_cache":false},"constructor":{"prototype":${POLLUTE}}}`, 200, (j) => expect(j.batches).toEqual([[expect.any(Array)]])],
  ];
  it.each(CASES.map(([name, body, status, check], i) => [`${name} #${i}`, name, body, status, check] as const))("%s", async (_label, name, body, status, check) => {
    const r = route(name);
    const res = await post(server.url, r.path, body);
    if (status === 200) {
      expectFiniteAnswer(r.path, res);
      check(res.json);
    } else {
      expectErrorBody(r.shape, res, status);
    }
    expectPrototypesClean();
    await expectStillServing(server.url, [r]);
    expectPrototypesClean();
  });

  it("/api/show does not read a model name from __proto__", async () => {
    const res = await post(server.url, "/api/show", '{"__proto__":{"model":"glove-100d"}}');
    expectErrorBody("ollama", res, 400);
    expectPrototypesClean();
  });
});

// ---------------------------------------------------------------------------------------------
describe("unicode edge cases as inputs", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.close());

  const VALID: Record<string, string> = {
    zwjEmoji: "family 👩‍👩‍👧 and 🏳️‍🌈 flags",
    zeroWidth: "zero\u200bwidth\u200c non\u200djoiner \u2060word\u2060joiner",
    bomInside: "\ufeffstarts with a byte order mark",
    bomOnly: "\ufeff",
    rtl: "مرحبا بالعالم \u202eoverride\u202c שלום עולם",
    nul: "nul\u0000inside",
    nulOnly: "\u0000",
    combining: "e\u0301\u0302\u0303\u0304 Z\u0336\u0337a\u0338l\u0335g\u0334o",
    astral: "𝕳𝖊𝖑𝖑𝖔 \ud83d\ude00 𠜎",
    nonCharacters: "\uffff\ufffe\ufffd",
    controls: "tab\tnew\nline\r\u0007\u001b[31m",
    cjk: "日本語のテキストと한국어",
  };
  const texts = Object.values(VALID);

  it.each(["glove-100d", "m2v-f32"])("%s: every valid edge case embeds to finite vectors on every embedding route", async (model) => {
    const openai = await post(server.url, "/v1/embeddings", { model, input: texts, encoding_format: "float" });
    expectFiniteAnswer("/v1/embeddings", openai);
    expect(openai.json.data).toHaveLength(texts.length);
    const ollama = await post(server.url, "/api/embed", { model, input: texts });
    expectFiniteAnswer("/api/embed", ollama);
    for (const prompt of texts) {
      const legacy = await post(server.url, "/api/embeddings", { model, prompt });
      expect(legacy.status).toBe(200);
      expect(legacy.json.embedding.every(Number.isFinite)).toBe(true);
    }
    const batch = await post(server.url, "/api/embed/batch", { model, inputs: [texts.slice(0, 5), texts.slice(5)] });
    expectFiniteAnswer("/api/embed/batch", batch);
  });

  it("reranks edge-case queries and documents to finite scores", async () => {
    for (const query of [VALID.zwjEmoji, VALID.nulOnly, VALID.rtl]) {
      const v2 = await post(server.url, "/v2/rerank", { model: "glove-100d", query, documents: texts });
      expectFiniteAnswer("/v2/rerank", v2);
      const tei = await post(server.url, "/rerank", { query, texts, raw_scores: true });
      expectFiniteAnswer("/rerank", tei);
    }
  });

  it("a body starting with a UTF-8 byte order mark is read as JSON or refused with 400, never a 500", async () => {
    const body = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify({ model: "glove-100d", input: "bom body" }))]);
    const res = await post(server.url, "/v1/embeddings", new Uint8Array(body));
    if (res.status === 200) expectFiniteAnswer("/v1/embeddings", res);
    else expectErrorBody("openai", res, 400);
    await expectStillServing(server.url);
  });

  it("invalid UTF-8 bytes inside a string are decoded as U+FFFD (200) or refused (400), never a 500", async () => {
    const body = Buffer.concat([Buffer.from('{"model":"glove-100d","input":"bad '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(' bytes"}')]);
    const res = await post(server.url, "/v1/embeddings", new Uint8Array(body));
    if (res.status === 200) expectFiniteAnswer("/v1/embeddings", res);
    else expectErrorBody("openai", res, 400);
    await expectStillServing(server.url);
  });

  // Raw JSON, so the lone surrogate escapes reach the server as written.
  const LONE: Array<[string, string, string | null]> = [
    ["openai", '{"model":"glove-100d","input":"a\\ud800b"}', "input[0]"],
    ["openai", '{"model":"glove-100d","input":["fine","\\udc00"]}', "input[1]"],
    ["openai", '{"model":"glove-100d","input":"reversed \\udc00\\ud800 pair"}', "input[0]"],
    ["openai (unversioned)", '{"model":"glove-100d","input":"\\ud800"}', "input[0]"],
    ["ollama", '{"model":"glove-100d","input":["\\ud800"]}', null],
    ["ollama legacy", '{"model":"glove-100d","prompt":"x\\udbff"}', null],
    ["api rerank", '{"model":"glove-100d","query":"q","documents":["ok","\\ud800"]}', null],
    ["rerank v1", '{"model":"glove-100d","query":"\\ud800","documents":["ok"]}', null],
    ["rerank v2", '{"model":"glove-100d","query":"q","documents":["\\udfff"]}', null],
    ["rerank TEI", '{"query":"q","texts":["\\ud800"]}', null],
    ["batch", '{"model":"glove-100d","inputs":[["ok"],["\\ud800"]]}', null],
  ];
  it.each(LONE.map(([name, body, param], i) => [`${name} #${i}`, name, body, param] as const))("%s: a lone surrogate → 400", async (_label, name, body, param) => {
    const r = route(name);
    const res = await post(server.url, r.path, body);
    expectErrorBody(r.shape, res, 400);
    if (r.shape === "openai") expect(res.json.error.param).toBe(param);
    await expectStillServing(server.url, [r]);
  });

  it("an escaped, well-formed surrogate pair is fine", async () => {
    const res = await post(server.url, "/v1/embeddings", '{"model":"glove-100d","input":"smile \\ud83d\\ude00","encoding_format":"float"}');
    expectFiniteAnswer("/v1/embeddings", res);
  });
});

// ---------------------------------------------------------------------------------------------
describe("bodies over MAX_BODY_BYTES (1000)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_BODY_BYTES: "1000" });
  });
  afterAll(() => server?.close());

  /** A route's valid body grown past 1000 bytes by a long text field. */
  const oversized = (path: string) => {
    const r = POST_ROUTES.find((x) => x.path === path)!;
    return JSON.stringify({ ...r.valid, user: "u".repeat(3000), extra: "x".repeat(3000) });
  };

  it.each(POST_ROUTES.map((r) => [r.name, r] as const))("%s: with Content-Length → 413 JSON in the dialect shape", async (_name, r) => {
    const res = await rawRequest(server.port, { path: r.path, headers: { "content-type": "application/json" }, body: oversized(r.path) });
    const message = expectErrorBody(r.shape, fromRaw(res), 413);
    expect(message).toMatch(/1000/);
    await expectStillServing(server.url, [r]);
  });

  it.each(POST_ROUTES.map((r) => [r.name, r] as const))("%s: chunked (no Content-Length) → 413 JSON in the dialect shape", async (_name, r) => {
    const body = Buffer.from(oversized(r.path));
    const chunks = Array.from({ length: Math.ceil(body.length / 250) }, (_, i) => body.subarray(i * 250, (i + 1) * 250));
    const res = await rawRequest(server.port, { path: r.path, headers: { "content-type": "application/json" }, chunks, chunkDelayMs: 2 });
    expectErrorBody(r.shape, fromRaw(res), 413);
    await expectStillServing(server.url, [r]);
  });

  it("chunked and over the limit under a lenient content type (curl -d) → 413 too", async () => {
    const chunks = Array.from({ length: 8 }, (_, i) => (i === 0 ? '{"model":"glove-100d","input":"' : "y".repeat(200)));
    const res = await rawRequest(server.port, { path: "/api/embed", headers: { "content-type": "application/x-www-form-urlencoded" }, chunks });
    expectErrorBody("ollama", fromRaw(res), 413);
    await expectStillServing(server.url, [route("ollama")]);
  });

  it("a chunked body under the limit is read whole and answered", async () => {
    const body = JSON.stringify({ model: "glove-100d", input: "small chunked body ".repeat(20) });
    expect(body.length).toBeLessThan(1000);
    const chunks = [body.slice(0, 100), body.slice(100, 300), body.slice(300)];
    const res = await rawRequest(server.port, { path: "/v1/embeddings", headers: { "content-type": "application/json" }, chunks, chunkDelayMs: 5 });
    expect(res.status).toBe(200);
    expect(res.json.data).toHaveLength(1);
  });
});

// ---------------------------------------------------------------------------------------------
describe("request limits (MAX_INPUTS_PER_REQUEST 8, MAX_INPUT_CHARS 500, MAX_RERANK_DOCUMENTS 5, MAX_TOKENS_PER_REQUEST 200)", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ MAX_INPUTS_PER_REQUEST: "8", MAX_INPUT_CHARS: "500", MAX_RERANK_DOCUMENTS: "5", MAX_TOKENS_PER_REQUEST: "200" });
  });
  afterAll(() => server?.close());

  const nine = Array.from({ length: 9 }, (_, i) => `text ${i}`);
  const long = "a".repeat(501);
  const wordy = Array.from({ length: 8 }, (_, i) => `${"cat dog bird fish ".repeat(10)}${i}`); // 8 × 41 words
  const six = Array.from({ length: 6 }, (_, i) => `doc ${i}`);
  const CASES: Array<[string, string, Record<string, unknown>]> = [
    ["too many inputs", "openai", { model: "glove-100d", input: nine }],
    ["too many inputs", "ollama", { model: "glove-100d", input: nine }],
    ["too many inputs", "batch", { model: "glove-100d", inputs: [nine.slice(0, 4), nine.slice(4)] }],
    ["too long an input", "openai", { model: "glove-100d", input: ["ok", long] }],
    ["too long an input", "ollama", { model: "glove-100d", input: long }],
    ["too long an input", "ollama legacy", { model: "glove-100d", prompt: long }],
    ["too long an input", "rerank v2", { model: "glove-100d", query: "q", documents: [long] }],
    ["too long an input", "rerank TEI", { query: long, texts: ["a"] }],
    ["too many documents", "api rerank", { model: "glove-100d", query: "q", documents: six }],
    ["too many documents", "rerank v1", { model: "glove-100d", query: "q", documents: six }],
    ["too many documents", "rerank v2", { model: "glove-100d", query: "q", documents: six }],
    ["too many documents", "rerank TEI", { query: "q", texts: six }],
    ["too many tokens", "openai", { model: "glove-100d", input: wordy }],
    ["too many tokens", "ollama", { model: "glove-100d", input: wordy }],
    ["too many tokens", "rerank v2", { model: "glove-100d", query: "q", documents: wordy.slice(0, 5) }],
    ["too many tokens", "batch", { model: "glove-100d", inputs: [wordy] }],
  ];
  it.each(CASES.map(([what, name, body], i) => [`${what} on ${name} #${i}`, name, body] as const))("%s → 400", async (_label, name, body) => {
    const r = route(name);
    const res = await post(server.url, r.path, body);
    expectErrorBody(r.shape, res, 400);
    await expectStillServing(server.url, [r]);
  });

  it("OpenAI's own cap of 2048 inputs holds even when MAX_INPUTS_PER_REQUEST is higher", async () => {
    const big = await startTestServer({ MAX_INPUTS_PER_REQUEST: "5000" });
    try {
      const res = await post(big.url, "/v1/embeddings", { model: "glove-100d", input: Array.from({ length: 2049 }, (_, i) => `t${i}`) });
      expectErrorBody("openai", res, 400);
      expect(res.json.error.param).toBe("input");
      await expectStillServing(big.url);
    } finally {
      await big.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------
