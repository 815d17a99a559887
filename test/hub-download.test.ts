import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { pino } from "pino";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { downloadFromHub, isHubRepoId, type HubDownloadOptions } from "../src/models/hub-download.js";
import { MODEL2VEC_FIXTURES } from "./helpers/paths.js";

const FIXTURE = join(MODEL2VEC_FIXTURES, "test-model-float32");
const REPO = "test-owner/test-model";
const FILES = ["config.json", "tokenizer.json", "model.safetensors"];
const OPTIONAL = ["modules.json", "README.md", "0_StaticEmbedding/model.safetensors"];
const SNAPSHOT = (cacheDir: string, revision = "main") => join(cacheDir, "models--test-owner--test-model", "snapshots", revision);

/** What the fake hub saw, and how it should misbehave. Reset before each test. */
interface HubControl {
  requests: { file: string; revision: string; range?: string; authorization?: string }[];
  /** Send only the first `after` bytes of `file` (headers announce all), then drop the connection. Once. */
  cut?: { file: string; after: number };
  /** Answer 401 unless this Bearer token is sent. */
  requireToken?: string;
  /** Answer 200 with the whole file even when asked for a range. */
  ignoreRange?: boolean;
}

/**
 * A local stand-in for the hub: serves the fixture folder at /<owner>/<name>/resolve/<rev>/<file>,
 * and, as the hub does for LFS files, redirects *.safetensors to another path first.
 */
function hubHandler(control: HubControl) {
  return (request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://hub");
    const match = /^\/(?:cdn\/)?[^/]+\/[^/]+\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (!match) return void response.writeHead(400).end();
    const [revision, file] = [decodeURIComponent(match[1]), match[2].split("/").map(decodeURIComponent).join("/")];
    control.requests.push({ file, revision, range: request.headers.range, authorization: request.headers.authorization });
    if (control.requireToken && request.headers.authorization !== `Bearer ${control.requireToken}`) {
      return void response.writeHead(401, { "x-error-code": "GatedRepo" }).end("gated");
    }
    if (file.endsWith(".safetensors") && !url.pathname.startsWith("/cdn/")) {
      return void response.writeHead(302, { location: `/cdn${url.pathname}` }).end();
    }
    const path = resolve(FIXTURE, file);
    if (relative(FIXTURE, path).startsWith("..") || !existsSync(path)) {
      return void response.writeHead(404, { "x-error-code": "EntryNotFound" }).end("Entry not found");
    }
    const bytes = readFileSync(path);
    const range = /^bytes=(\d+)-$/.exec(request.headers.range ?? "");
    let start = 0;
    if (range && !control.ignoreRange) {
      start = Number(range[1]);
      if (start >= bytes.length) return void response.writeHead(416, { "content-range": `bytes */${bytes.length}` }).end();
      response.writeHead(206, { "content-length": bytes.length - start, "content-range": `bytes ${start}-${bytes.length - 1}/${bytes.length}` });
    } else {
      response.writeHead(200, { "content-length": bytes.length });
    }
    const body = bytes.subarray(start);
    if (control.cut?.file === file) {
      const after = control.cut.after;
      control.cut = undefined;
      // Flush what we send, then drop the socket mid-body: a dropped connection.
      return void response.write(body.subarray(0, after), () => response.socket?.destroy());
    }
    response.end(body);
  };
}

let server: Server;
let endpoint: string;
const control: HubControl = { requests: [] };
const tempDirs: string[] = [];

beforeAll(async () => {
  server = createServer(hubHandler(control));
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((done) => server.close(done));
  await Promise.all(tempDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

// The host's HF_* variables must not leak into the tests, nor the tests' into each other.
const HF_VARS = ["HF_ENDPOINT", "HF_TOKEN", "HF_HOME", "HF_HUB_CACHE"] as const;
let savedEnv: Record<string, string | undefined> = {};
beforeEach(() => {
  for (const key of Object.keys(control) as (keyof HubControl)[]) delete control[key];
  control.requests = [];
  savedEnv = Object.fromEntries(HF_VARS.map((key) => [key, process.env[key]]));
  for (const key of HF_VARS) delete process.env[key];
});
afterEach(() => {
  for (const key of HF_VARS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
});

async function newCacheDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "embedgate-hub-test-"));
  tempDirs.push(dir);
  return dir;
}

function download(cacheDir: string, extra: Partial<HubDownloadOptions> = {}): Promise<string> {
  return downloadFromHub({ repoId: REPO, files: FILES, optionalFiles: OPTIONAL, cacheDir, endpoint, progressBar: false, ...extra });
}

/** A logger whose lines the test can read. */
function memoryLogger() {
  const lines: string[] = [];
  return { lines, logger: pino({ level: "debug" }, { write: (line: string) => void lines.push(line) }) };
}

function expectSameAsFixture(folder: string, file: string) {
  // equals() rather than toEqual: a mismatch should not print two 200 KB buffers.
  expect(readFileSync(join(folder, file)).equals(readFileSync(join(FIXTURE, file))), file).toBe(true);
}

describe("downloadFromHub", () => {
  it("downloads every file byte-identical to the repo, into the snapshot folder", async () => {
    const cacheDir = await newCacheDir();
    const folder = await download(cacheDir);
    expect(folder).toBe(SNAPSHOT(cacheDir));
    for (const file of [...FILES, "modules.json", "README.md"]) expectSameAsFixture(folder, file);
    // The optional file the repo lacks is simply not there; no partial files are left behind.
    expect(existsSync(join(folder, "0_StaticEmbedding"))).toBe(false);
    expect(control.requests.every((request) => request.range === undefined && request.authorization === undefined)).toBe(true);
  });

  it("makes no request at all the second time, and says it reused the cache", async () => {
    const cacheDir = await newCacheDir();
    await download(cacheDir);
    control.requests = [];
    const { logger, lines } = memoryLogger();
    await download(cacheDir, { logger });
    expect(control.requests).toEqual([]);
    expect(lines.filter((line) => line.includes("found in cache"))).toHaveLength(FILES.length + 2);
  });

  it("keeps only the .incomplete file when the connection drops, and resumes it with a Range request", async () => {
    const cacheDir = await newCacheDir();
    const target = join(SNAPSHOT(cacheDir), "model.safetensors");
    control.cut = { file: "model.safetensors", after: 100_000 };
    await expect(download(cacheDir)).rejects.toThrow(/model\.safetensors.*test-owner\/test-model/);
    expect(existsSync(target)).toBe(false);
    const partial = statSync(`${target}.incomplete`).size;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThanOrEqual(100_000);

    control.requests = [];
    const folder = await download(cacheDir);
    const weights = control.requests.filter((request) => request.file === "model.safetensors");
    expect(weights.map((request) => request.range)).toContain(`bytes=${partial}-`);
    // Files finished before the drop are not fetched again.
    expect(control.requests.map((request) => request.file)).not.toContain("config.json");
    expectSameAsFixture(folder, "model.safetensors");
    expect(existsSync(`${target}.incomplete`)).toBe(false);
  });

  it("starts over when the server ignores the Range, or the partial file is longer than the file", async () => {
    for (const [ignoreRange, junk] of [[true, 1000], [false, 999_999]] as const) {
      const cacheDir = await newCacheDir();
      const target = join(SNAPSHOT(cacheDir), "config.json");
      await mkdir(dirname(target), { recursive: true });
      writeFileSync(`${target}.incomplete`, Buffer.alloc(junk, 0xff));
      control.ignoreRange = ignoreRange;
      const folder = await download(cacheDir);
      expectSameAsFixture(folder, "config.json");
      expect(existsSync(`${target}.incomplete`)).toBe(false);
    }
  });

  it("is fine with missing optional files, and remembers they are missing", async () => {
    const cacheDir = await newCacheDir();
    await download(cacheDir, { optionalFiles: ["nope.json", "0_StaticEmbedding/model.safetensors"] });
    control.requests = [];
    await download(cacheDir, { optionalFiles: ["nope.json", "0_StaticEmbedding/model.safetensors"] });
    expect(control.requests).toEqual([]);
  });

  it("fails on a missing required file, naming the file and the repo", async () => {
    const cacheDir = await newCacheDir();
    const attempt = download(cacheDir, { files: ["config.json", "pytorch_model.bin"] });
    await expect(attempt).rejects.toThrow(/file not found in repo.*pytorch_model\.bin.*test-owner\/test-model.*HTTP 404/);
  });

  it("mentions the token on 401, sends a given token as Bearer, and never logs it", async () => {
    control.requireToken = "hf_secret_value";
    const cacheDir = await newCacheDir();
    await expect(download(cacheDir)).rejects.toThrow(/HTTP 401.*HF_TOKEN/);
    await expect(download(cacheDir, { token: "hf_wrong" })).rejects.toThrow(/HTTP 401.*token was refused/);

    const { logger, lines } = memoryLogger();
    process.env.HF_TOKEN = "hf_secret_value";
    const folder = await download(cacheDir, { logger });
    expectSameAsFixture(folder, "tokenizer.json");
    expect(control.requests.at(-1)?.authorization).toBe("Bearer hf_secret_value");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join("\n")).not.toContain("hf_secret_value");
  });

  it("rejects repo ids, file paths and revisions that could leave the cache folder, before any request", async () => {
    const cacheDir = await newCacheDir();
    const badFiles = ["../evil", "/etc/passwd", "a/../../b", "a\\..\\b", "./config.json", "", "C:/x", "dir//x"];
    for (const file of badFiles) {
      await expect(download(cacheDir, { files: [file] }), file).rejects.toThrow(/invalid file path/);
      await expect(download(cacheDir, { optionalFiles: [file] }), file).rejects.toThrow(/invalid file path/);
    }
    for (const repoId of ["../x", "owner/..", "owner/name/extra", "/abs/x", "owner/.hidden", "..", "a--b/c", "owner"]) {
      await expect(download(cacheDir, { repoId }), repoId).rejects.toThrow(/invalid hub repo id/);
    }
    await expect(download(cacheDir, { revision: ".." })).rejects.toThrow(/invalid revision/);
    expect(control.requests).toEqual([]);
  });

  it("encodes a revision with a slash into one folder and one URL segment", async () => {
    const cacheDir = await newCacheDir();
    const folder = await download(cacheDir, { revision: "refs/pr/1", files: ["config.json"], optionalFiles: [] });
    expect(folder).toBe(SNAPSHOT(cacheDir, "refs%2Fpr%2F1"));
    expect(control.requests.map((request) => request.revision)).toEqual(["refs/pr/1"]);
    expectSameAsFixture(folder, "config.json");
  });

  it("uses HF_ENDPOINT when no endpoint is given, and HF_HUB_CACHE / HF_HOME when no cacheDir is", async () => {
    const cacheDir = await newCacheDir();
    process.env.HF_ENDPOINT = `${endpoint}/`;
    process.env.HF_HUB_CACHE = join(cacheDir, "hub-cache");
    const options = { repoId: REPO, files: ["config.json"], progressBar: false };
    expect(await downloadFromHub(options)).toBe(SNAPSHOT(join(cacheDir, "hub-cache")));
    expect(control.requests).toHaveLength(1);

    delete process.env.HF_HUB_CACHE;
    process.env.HF_HOME = join(cacheDir, "hf-home");
    expect(await downloadFromHub(options)).toBe(SNAPSHOT(join(cacheDir, "hf-home", "hub")));
    expect(control.requests).toHaveLength(2);
  });

  it("names the hub address when it cannot be reached", async () => {
    const cacheDir = await newCacheDir();
    const refused = download(cacheDir, { endpoint: "http://127.0.0.1:1" });
    await expect(refused).rejects.toThrow(/could not reach the hub at http:\/\/127\.0\.0\.1:1.*config\.json/);
  });
});

describe("isHubRepoId", () => {
  it("accepts owner/name and refuses paths and existing folders", () => {
    expect(isHubRepoId("minishlab/potion-base-8M")).toBe(true);
    expect(isHubRepoId("sentence-transformers/all-MiniLM-L6-v2")).toBe(true);
    for (const source of ["./models/x", "../x", "/abs/x", "potion-base-8M", "a/b/c", "owner/..", "", "builtin:glove-100d"]) {
      expect(isHubRepoId(source), source).toBe(false);
    }
    // "test/helpers" looks like a repo id, but the local folder by that name wins (cwd is the repo root).
    expect(existsSync("test/helpers")).toBe(true);
    expect(isHubRepoId("test/helpers")).toBe(false);
  });
});
