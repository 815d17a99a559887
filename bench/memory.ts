/**
 * Resident memory of the server as models load and unload (`npx tsx bench/memory.ts`, or
 * `npm run bench -- --only=memory`). Not run in CI.
 *
 * Starts the real server with a catalog of glove-100d (the default: loads at start), m2v-1024
 * (the 1024-d stand-in, 115 MiB of F32 weights), tiny-onnx and tiny-reranker (the generated tiny
 * ONNX models, each run by transformers.js in a worker thread), then reads VmRSS from
 * /proc/<pid>/status at each step:
 *
 *   glove-100d only, idle → baseline: the same after 3 s of traffic → m2v-1024 loaded → tiny-onnx
 *   loaded → both, after 3 s of traffic → tiny-reranker during its request → after it → tiny-onnx
 *   unloaded → m2v-1024 unloaded → 2 s later → after 3 s of traffic
 *
 * "Traffic" is cache-hit requests on glove-100d at concurrency 10: allocation pressure, so V8
 * runs the major GC that an idle server never runs and that frees load-time buffers and the
 * tables of unloaded models.
 *
 * Embedders load with one POST /api/embed and unload with one carrying `"keep_alive": 0`. Rerank
 * requests have no keep_alive, so the catalog gives tiny-reranker `"keep_alive": 0`: it unloads
 * as soon as its request ends, and its "loaded" figure is the peak RSS polled every 5 ms while
 * that request ran (load and scoring included). `/api/ps` confirms each state. Node has no
 * `global.gc` here, so the last sample is simply taken 2 s after the last unload: V8 and glibc do
 * not always hand freed memory back to the OS, so RSS after an unload overstates what is in use.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { makeOnnxModels } from "../scripts/make-onnx-models.js";
import { ensureModel1024, MODEL_1024_DIR } from "./make-model-1024.js";
import { postJson } from "./lib/bulk.js";
import type { NodeChild } from "./lib/child.js";
import { assertLoopback, runLoad } from "./lib/load.js";
import { machineInfo } from "./lib/machine.js";
import { machineLine, mib } from "./lib/report.js";
import { startEmbedgate } from "./lib/server.js";
import { hitBody } from "./lib/scenarios.js";
import { HIT_TEXT, sentence } from "./lib/texts.js";

/** Seconds of cache-hit traffic in the steps that give V8 a reason to collect. */
const TRAFFIC_S = 3;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface LoadedModelInfo {
  name: string;
  sizeBytes: number;
}

export interface MemoryStep {
  step: string;
  rssBytes: number;
  /** What /api/ps listed right after the sample. */
  loaded: LoadedModelInfo[];
}

export interface MemoryModelRow {
  model: string;
  /** Weights size from /api/ps while loaded. */
  sizeBytes?: number;
  /** How "loaded" was sampled. */
  loadedHow: "idle after its request" | "peak during its request";
  rssLoadedBytes: number;
  /** RSS loaded − RSS of the step before it loaded. */
  loadDeltaBytes: number;
  rssAfterUnloadBytes: number;
  /** RSS after unload − RSS of the step before it unloaded. */
  unloadDeltaBytes: number;
  /** RSS after unload − baseline. */
  afterUnloadVsBaselineBytes: number;
}

export interface MemoryResult {
  readyMs: number;
  settleMs: number;
  baselineRssBytes: number;
  steps: MemoryStep[];
  models: MemoryModelRow[];
  /** m2v-1024 and tiny-onnx loaded, after traffic (their load-time garbage collected). */
  settledLoadedRssBytes: number;
  /** glove-100d only again, after traffic, at the end. */
  finalRssBytes: number;
  /** VmHWM at the end: the peak since start. */
  hwmBytes?: number;
  /** Rerank request that loaded tiny-reranker: documents, wall ms, /api/ps saw it loaded mid-request. */
  reranker: { documents: number; ms: number; seenLoadedInFlight: boolean };
}

function writeMemoryCatalog(benchCache: string, onnx: { embedder: string; crossEncoder: string }): string {
  const path = join(benchCache, "memory-models.json");
  const catalog = {
    default: "glove-100d",
    models: [
      { id: "glove-100d", backend: "model2vec", source: "builtin:glove-100d", license: "MIT" },
      { id: "m2v-1024", backend: "model2vec", source: MODEL_1024_DIR, description: "bench: random 1024-d Model2Vec stand-in" },
      { id: "tiny-onnx", backend: "onnx", kind: "embedder", source: onnx.embedder, pooling: "mean", normalize: true },
      // Rerank requests carry no keep_alive: the entry's own 0 unloads it when its request ends.
      { id: "tiny-reranker", backend: "onnx", kind: "cross-encoder", source: onnx.crossEncoder, keep_alive: 0 },
    ],
  };
  writeFileSync(path, `${JSON.stringify(catalog, null, 2)}\n`);
  return path;
}

async function loadedModels(origin: string): Promise<LoadedModelInfo[]> {
  assertLoopback(origin);
  const response = await fetch(`${origin}/api/ps`, { signal: AbortSignal.timeout(5000) });
  if (response.status !== 200) throw new Error(`/api/ps: HTTP ${response.status}`);
  const body = (await response.json()) as { models: { name: string; size: number }[] };
  return body.models.map((m) => ({ name: m.name.replace(/:latest$/, ""), sizeBytes: m.size }));
}

/** Polls /api/ps (every 50 ms, at most `timeoutMs`) until `model` is listed or not, as wanted. */
async function waitForLoaded(origin: string, model: string, loaded: boolean, timeoutMs = 15_000): Promise<LoadedModelInfo[]> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const list = await loadedModels(origin);
    if (list.some((m) => m.name === model) === loaded) return list;
    if (performance.now() > deadline) throw new Error(`${model} still ${loaded ? "not loaded" : "loaded"} after ${timeoutMs} ms (/api/ps: ${list.map((m) => m.name).join(", ")})`);
    await sleep(50);
  }
}

export async function runMemory(options: {
  repoRoot: string;
  benchCache: string;
  register: (child: NodeChild) => void;
  log: (line: string) => void;
  /** Wait before each sample, so in-flight allocations settle. */
  settleMs?: number;
}): Promise<MemoryResult> {
  const { log } = options;
  const settleMs = options.settleMs ?? 1000;
  mkdirSync(options.benchCache, { recursive: true });
  ensureModel1024(MODEL_1024_DIR, log);
  const onnx = await makeOnnxModels(join(options.benchCache, "onnx-models"));
  const catalogPath = writeMemoryCatalog(options.benchCache, onnx);
  const server = await startEmbedgate({
    label: "memory server", repoRoot: options.repoRoot, catalogPath, register: options.register,
    env: { LOG_LEVEL: "info", MODEL_KEEP_ALIVE: "-1", MODEL_MEMORY_BUDGET: "0" },
  });
  const { child, origin } = server;
  log(`memory: server pid ${child.pid} ready at ${origin} after ${Math.round(server.readyMs)} ms`);
  try {
    const rss = () => {
      const memory = child.memory();
      if (!memory) throw new Error("memory server: /proc/<pid>/status unreadable (exited?)");
      return memory.rssBytes;
    };
    /** Waits `settleMs`, then the median of five readings 100 ms apart. */
    const sample = async (wait = settleMs) => {
      await sleep(wait);
      const readings: number[] = [];
      for (let i = 0; i < 5; i++) {
        readings.push(rss());
        if (i < 4) await sleep(100);
      }
      return readings.sort((a, b) => a - b)[2];
    };
    const steps: MemoryStep[] = [];
    const record = async (step: string, rssBytes: number, loaded?: LoadedModelInfo[]) => {
      const entry = { step, rssBytes, loaded: loaded ?? (await loadedModels(origin)) };
      steps.push(entry);
      log(`memory: ${step}: ${mib(rssBytes)} (loaded: ${entry.loaded.map((m) => m.name).join(", ")})`);
      return entry;
    };
    const embed = async (model: string, keepAlive?: number) => {
      const body = JSON.stringify({ model, input: HIT_TEXT, ...(keepAlive === undefined ? {} : { keep_alive: keepAlive }) });
      const response = await postJson(origin, "/api/embed", body);
      if (response.status !== 200) throw new Error(`/api/embed ${model}: HTTP ${response.status} ${response.bytes.toString().slice(0, 300)}`);
    };

    /**
     * Not a forced GC (there is no global.gc) but allocation pressure: V8 collects garbage such as
     * a model file's read buffers, or an unloaded table, only when it runs a major GC, which an
     * idle server never does.
     */
    const traffic = async () => {
      const run = await runLoad({ origin, path: "/v1/embeddings", connections: 10, durationS: TRAFFIC_S, body: hitBody("glove-100d", "float") });
      if (run.ok === 0) throw new Error(`memory: the traffic step got no 2xx responses (${run.non2xx} non-2xx, ${run.errors} errors)`);
      return `after ${TRAFFIC_S} s of cache-hit traffic on glove-100d (${run.ok.toLocaleString("en-US")} requests)`;
    };

    await record("glove-100d only, idle after start", await sample(2000));
    const baseline = await record(`baseline: glove-100d only, ${await traffic()}`, await sample());
    const sizeOf = (model: string) => steps.flatMap((s) => s.loaded).find((m) => m.name === model)?.sizeBytes;

    await embed("m2v-1024");
    await waitForLoaded(origin, "m2v-1024", true);
    const m2vLoaded = await record("m2v-1024 loaded (one /api/embed)", await sample());
    await embed("tiny-onnx");
    await waitForLoaded(origin, "tiny-onnx", true);
    const onnxLoaded = await record("tiny-onnx loaded (one /api/embed)", await sample());
    const settled = await record(`m2v-1024 and tiny-onnx loaded, ${await traffic()}`, await sample());

    // tiny-reranker: keep_alive 0 in the catalog, so it is loaded only while its request runs.
    const documents = Array.from({ length: 200 }, (_, i) => sentence("memory-doc", i));
    let peak = rss();
    const poll = setInterval(() => {
      const memory = child.memory();
      if (memory) peak = Math.max(peak, memory.rssBytes);
    }, 5);
    let inFlightList: LoadedModelInfo[] | undefined;
    let done = false;
    const request = postJson(origin, "/v1/rerank", JSON.stringify({ model: "tiny-reranker", query: HIT_TEXT, documents })).finally(() => (done = true));
    while (!done) {
      const list = await loadedModels(origin).catch(() => undefined);
      if (list?.some((m) => m.name === "tiny-reranker")) inFlightList = list;
      await sleep(10);
    }
    const rerank = await request;
    clearInterval(poll);
    if (rerank.status !== 200) throw new Error(`/v1/rerank tiny-reranker: HTTP ${rerank.status} ${rerank.bytes.toString().slice(0, 300)}`);
    const rerankerPeak = await record("tiny-reranker during its /v1/rerank request (peak of 5 ms polls)", Math.max(peak, rss()), inFlightList ?? []);
    await waitForLoaded(origin, "tiny-reranker", false);
    const rerankerGone = await record("after the tiny-reranker request (keep_alive 0: unloaded)", await sample());

    await embed("tiny-onnx", 0);
    await waitForLoaded(origin, "tiny-onnx", false);
    const onnxGone = await record("tiny-onnx unloaded (/api/embed keep_alive 0)", await sample());
    await embed("m2v-1024", 0);
    await waitForLoaded(origin, "m2v-1024", false);
    const m2vGone = await record("m2v-1024 unloaded (/api/embed keep_alive 0)", await sample());
    await record("2 s later (no global.gc)", await sample(2000));
    const final = await record(`glove-100d only again, ${await traffic()}`, await sample());

    const row = (model: string, loadedHow: MemoryModelRow["loadedHow"], before: MemoryStep, loaded: MemoryStep, beforeUnload: MemoryStep, unloaded: MemoryStep): MemoryModelRow => ({
      model, sizeBytes: sizeOf(model), loadedHow,
      rssLoadedBytes: loaded.rssBytes, loadDeltaBytes: loaded.rssBytes - before.rssBytes,
      rssAfterUnloadBytes: unloaded.rssBytes, unloadDeltaBytes: unloaded.rssBytes - beforeUnload.rssBytes,
      afterUnloadVsBaselineBytes: unloaded.rssBytes - baseline.rssBytes,
    });
    return {
      readyMs: server.readyMs,
      settleMs,
      baselineRssBytes: baseline.rssBytes,
      steps,
      models: [
        row("m2v-1024", "idle after its request", baseline, m2vLoaded, onnxGone, m2vGone),
        row("tiny-onnx", "idle after its request", m2vLoaded, onnxLoaded, rerankerGone, onnxGone),
        row("tiny-reranker", "peak during its request", settled, rerankerPeak, rerankerPeak, rerankerGone),
      ],
      settledLoadedRssBytes: settled.rssBytes,
      finalRssBytes: final.rssBytes,
      hwmBytes: child.memory()?.hwmBytes,
      reranker: { documents: documents.length, ms: rerank.ms, seenLoadedInFlight: inFlightList !== undefined },
    };
  } finally {
    await child.stop().catch(() => undefined);
  }
}

const signedMib = (bytes: number) => `${bytes >= 0 ? "+" : "−"}${mib(Math.abs(bytes))}`;

export function memoryTables(result: MemoryResult): string {
  const steps = [
    "| step | VmRSS | Δ vs previous step | Δ vs baseline | loaded (/api/ps) |",
    "| --- | ---: | ---: | ---: | --- |",
    ...result.steps.map((step, i) => {
      const previous = i === 0 ? undefined : result.steps[i - 1];
      const isBaseline = step.step.startsWith("baseline");
      const name = isBaseline ? `**${step.step}**` : step.step;
      return `| ${name} | ${mib(step.rssBytes)} | ${previous ? signedMib(step.rssBytes - previous.rssBytes) : ""} | ${isBaseline ? "" : signedMib(step.rssBytes - result.baselineRssBytes)} | ${step.loaded.map((m) => m.name).join(", ") || "—"} |`;
    }),
  ];
  const models = [
    "| model | weights (/api/ps) | RSS loaded | Δ on load | RSS after unload | Δ on unload | after unload − baseline |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.models.map((m) =>
      `| ${m.model}${m.loadedHow === "peak during its request" ? " (loaded = peak during its request)" : ""} | ${m.sizeBytes === undefined ? "—" : mib(m.sizeBytes)} | ${mib(m.rssLoadedBytes)} | ${signedMib(m.loadDeltaBytes)} | ${mib(m.rssAfterUnloadBytes)} | ${signedMib(m.unloadDeltaBytes)} | ${signedMib(m.afterUnloadVsBaselineBytes)} |`,
    ),
  ];
  return [
    `Baseline (glove-100d only, after traffic) ${mib(result.baselineRssBytes)}; m2v-1024 and tiny-onnx loaded, after traffic, ${mib(result.settledLoadedRssBytes)} ` +
      `(${signedMib(result.settledLoadedRssBytes - result.baselineRssBytes)}); glove-100d only again at the end, after traffic, ${mib(result.finalRssBytes)} ` +
      `(${signedMib(result.finalRssBytes - result.baselineRssBytes)}). Each sample is the median of five VmRSS readings taken after ${result.settleMs} ms of quiet; peak since start (VmHWM) ${mib(result.hwmBytes)}. ` +
      `The tiny-reranker request scored ${result.reranker.documents} documents in ${Math.round(result.reranker.ms)} ms (model load included)${result.reranker.seenLoadedInFlight ? "; /api/ps listed it while the request ran" : ""}.`,
    "",
    steps.join("\n"),
    "",
    models.join("\n"),
    "",
    "Freed memory is not always returned to the OS: V8 frees a dropped buffer only at its next major GC (an idle server runs none, and there is no global.gc here), V8 keeps heap pages it may reuse, and glibc keeps freed arenas. So RSS right after an unload overstates what is still in use, and Δ on load includes load-time buffers not yet collected, the request's own allocations and code compiled for the first use of a path; the rows after traffic show what remains once V8 has collected.",
  ].join("\n");
}

async function main(): Promise<void> {
  const repoRoot = fileURLToPath(new URL("../", import.meta.url));
  const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
  const children: NodeChild[] = [];
  const stopAll = () => Promise.all(children.map((c) => c.stop().catch(() => undefined)));
  const watchdog = setTimeout(() => {
    log("memory: time budget of 300 s exceeded; stopping");
    void stopAll().finally(() => process.exit(1));
  }, 300_000);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopAll().finally(() => process.exit(130)));
  const startedAt = new Date();
  try {
    const result = await runMemory({ repoRoot, benchCache: join(repoRoot, ".cache/bench"), register: (c) => children.push(c), log });
    const machine = machineInfo(repoRoot);
    const resultsDir = join(repoRoot, "bench/results");
    mkdirSync(resultsDir, { recursive: true });
    const file = join(resultsDir, `${startedAt.toISOString().replace(/[:.]/g, "-")}-memory.json`);
    writeFileSync(file, `${JSON.stringify({ schema: "embedgate-bench-memory/1", startedAt: startedAt.toISOString(), machine, memory: result }, null, 2)}\n`);
    process.stdout.write(`## embedgate bench — memory, ${startedAt.toISOString()}\n\nMachine: ${machineLine(machine)}\n\n${memoryTables(result)}\n\nResults: ${file}\n`);
  } finally {
    clearTimeout(watchdog);
    await stopAll();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error) => {
    process.stderr.write(`bench memory: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
    process.exit(1);
  });
}
