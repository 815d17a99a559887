import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOnnxModels } from "../scripts/make-onnx-models.js";
import type { EmbedderBackend } from "../src/backends/backend.js";
import { loadOnnxBackend } from "../src/backends/onnx/onnx-backend.js";
import { OnnxModelRuntime } from "../src/backends/onnx/onnx-runtime.js";
import { REPO_ROOT } from "./helpers/paths.js";

// onnxruntime-node's session.run is synchronous native code behind a setImmediate, so the backend
// runs each model in a worker thread. These tests count event-loop ticks (a 5 ms interval) and
// answers from an HTTP server on 127.0.0.1 while 2,000 texts are embedded: many through the
// backend, next to none when the same work runs on the main thread (the control).

const WORDS = "the cat sat on the mat while a dog barked at the moon and people walked by the river".split(" ");
const TEXTS = Array.from({ length: 2000 }, (_, i) => Array.from({ length: 30 + (i % 30) }, (_, j) => WORDS[(i * 7 + j) % WORDS.length]).join(" "));

let root: string;
let dir: string;
let backend: EmbedderBackend;
let server: Server;
let url: string;

beforeAll(async () => {
  root = mkdtempSync(join(REPO_ROOT, ".cache", "onnx-event-loop-test-"));
  ({ embedder: dir } = await makeOnnxModels(root));
  const loaded = await loadOnnxBackend(dir, { kind: "embedder" });
  if (loaded.kind !== "embedder") throw new Error("expected an embedder");
  backend = loaded;
  server = createServer((_, res) => res.end("ok"));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});

afterAll(async () => {
  await backend?.close();
  await new Promise((resolve) => server?.close(resolve));
  rmSync(root, { recursive: true, force: true });
});

/** Runs `work` while counting interval ticks and HTTP answers; both loops stop when it ends. */
async function whileWatching<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number; answers: number }> {
  let ticks = 0;
  let answers = 0;
  let running = true;
  const timer = setInterval(() => ticks++, 5);
  const pinger = (async () => {
    while (running) {
      const response = await fetch(url);
      await response.text();
      if (running) answers++;
    }
  })();
  // Let the first request and tick get going before the work starts.
  await new Promise((resolve) => setTimeout(resolve, 20));
  const [ticksBefore, answersBefore] = [ticks, answers];
  try {
    const result = await work();
    return { result, ticks: ticks - ticksBefore, answers: answers - answersBefore };
  } finally {
    running = false;
    clearInterval(timer);
    await pinger;
  }
}

describe("ONNX inference and the event loop", () => {
  it("the loop keeps ticking and an HTTP server keeps answering while the backend embeds 2,000 texts", async () => {
    const { result, ticks, answers } = await whileWatching(() => backend.encode(TEXTS, { truncate: true }));
    expect(result.vectors).toHaveLength(2000);
    expect(ticks).toBeGreaterThanOrEqual(10);
    expect(answers).toBeGreaterThanOrEqual(5);
  });

  it("control: the same work on the main thread in one run starves the loop", async () => {
    const runtime = await OnnxModelRuntime.load(dir, { kind: "embedder", batchSize: TEXTS.length });
    try {
      const { result, ticks, answers } = await whileWatching(() => runtime.embed(TEXTS, true, undefined));
      expect(result.tokenCounts).toHaveLength(2000);
      expect(ticks).toBeLessThanOrEqual(3);
      expect(answers).toBeLessThanOrEqual(2);
    } finally {
      await runtime.dispose();
    }
  });
});
