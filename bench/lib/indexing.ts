import { cpus } from "node:os";
import { cpuSnapshot, foreignCpuShare } from "./cpu.js";
import { postJson } from "./bulk.js";
import { runLoad, type LoadResult } from "./load.js";
import type { QuietGate } from "./quiet.js";
import { cores, fmt, percent } from "./report.js";
import { NO_CACHE } from "./scenarios.js";
import { uniqueTexts } from "./texts.js";

/**
 * Indexing a corpus: N short unique documents embedded through POST /api/embed (Ollama dialect)
 * in three shapes: (a) one request carrying all N, (b) N single-text requests at concurrency 10,
 * (c) N/100 requests of 100 texts, at concurrency 10 and sequentially. Every text is new (run
 * nonce + counter) and every request says `Cache-Control: no-cache`, so each shape does the same
 * inference work; the wall times differ by per-request overhead and by how well the engine packs
 * and overlaps the work.
 */
export interface IndexResult {
  texts: number;
  batchSize: number;
  /** (a): wall time of the one N-text request, ms (median of the timed repeats, each with fresh texts). */
  oneRequestMs: number;
  oneRequestAllMs: number[];
  oneRequestForeignCpu?: number;
  oneRequestServerCpuCores?: number;
  /** (b) N single-text requests at concurrency 10. */
  singles: LoadResult;
  /** (c) N / batchSize requests of batchSize texts at concurrency 10. */
  batches: LoadResult;
  /** (c') the same, one at a time. */
  batchesSequential: LoadResult;
  /** Wall-time ratios against (a). */
  singlesVsOne: number;
  batchesVsOne: number;
  batchesSequentialVsOne: number;
}

const embedBody = (model: string, input: string | string[]) => JSON.stringify({ model, input });

export async function runIndex(options: {
  origin: string;
  modelId: string;
  texts: number;
  batchSize: number;
  repeats: number;
  gate: QuietGate;
  cpuPids: number[];
  serverPid: number;
  sampleRss: () => number | undefined;
  log: (line: string) => void;
}): Promise<IndexResult> {
  const { origin, modelId, texts, batchSize, gate, cpuPids, serverPid } = options;
  const path = "/api/embed";
  const common = { origin, path, headers: NO_CACHE, sampleRss: options.sampleRss, cpuPids, serverPid };

  /** One request with `texts` new texts; the body is built before the clock starts. */
  const next = uniqueTexts("index-a-");
  const oneRequest = async () => {
    const body = embedBody(modelId, Array.from({ length: texts }, next));
    const before = cpuSnapshot(cpuPids);
    const serverBefore = cpuSnapshot([serverPid]);
    const response = await postJson(origin, path, body, NO_CACHE);
    const after = cpuSnapshot(cpuPids);
    const serverAfter = cpuSnapshot([serverPid]);
    if (response.status !== 200) throw new Error(`index (a): HTTP ${response.status} ${response.bytes.toString().slice(0, 300)}`);
    const parsed = JSON.parse(response.bytes.toString()) as { embeddings: unknown[] };
    if (parsed.embeddings.length !== texts) throw new Error(`index (a): ${parsed.embeddings.length} vectors, expected ${texts}`);
    const misses = Number(response.headers.get("x-cache-misses"));
    if (misses !== texts) throw new Error(`index (a): x-cache-misses ${misses}, expected ${texts} (no-cache, unique texts)`);
    const serverCpuCores =
      serverBefore && serverAfter && serverAfter.total > serverBefore.total
        ? ((serverAfter.ours - serverBefore.ours) / (serverAfter.total - serverBefore.total)) * cpus().length
        : undefined;
    return { ms: response.ms, foreignCpu: foreignCpuShare(before, after), serverCpuCores };
  };

  // Warm-up (not recorded): the /api/embed route in all three shapes.
  await oneRequest();
  const warmNext = uniqueTexts("index-warm-");
  await runLoad({ ...common, connections: 10, amount: 1000, nextBody: () => embedBody(modelId, warmNext()) });
  await runLoad({ ...common, connections: 10, amount: 20, nextBody: () => embedBody(modelId, Array.from({ length: batchSize }, warmNext)) });

  const timings: { ms: number; foreignCpu?: number; serverCpuCores?: number }[] = [];
  for (let i = 0; i < options.repeats; i++) {
    const { result } = await options.gate.measure(`index (a) one request with ${texts} texts, #${i + 1}`, cpuPids, oneRequest);
    timings.push(result);
    options.log(`index (a) #${i + 1}: ${result.ms.toFixed(0)} ms`);
  }
  const sorted = [...timings].sort((a, b) => a.ms - b.ms);
  const median = sorted[Math.floor(sorted.length / 2)];

  const nextSingle = uniqueTexts("index-b-");
  const { result: singles } = await gate.measure(`index (b) ${texts} single requests, c=10`, cpuPids, () =>
    runLoad({ ...common, connections: 10, amount: texts, nextBody: () => embedBody(modelId, nextSingle()) }),
  );
  options.log(`index (b): ${(singles.wallS * 1000).toFixed(0)} ms`);
  const nextBatch = uniqueTexts("index-c-");
  const batchBody = () => embedBody(modelId, Array.from({ length: batchSize }, nextBatch));
  const { result: batches } = await gate.measure(`index (c) ${texts / batchSize} requests of ${batchSize}, c=10`, cpuPids, () =>
    runLoad({ ...common, connections: 10, amount: texts / batchSize, nextBody: batchBody }),
  );
  options.log(`index (c): ${(batches.wallS * 1000).toFixed(0)} ms`);
  const { result: batchesSequential } = await gate.measure(`index (c') ${texts / batchSize} requests of ${batchSize}, sequential`, cpuPids, () =>
    runLoad({ ...common, connections: 1, amount: texts / batchSize, nextBody: batchBody }),
  );
  options.log(`index (c'): ${(batchesSequential.wallS * 1000).toFixed(0)} ms`);

  for (const [name, run, expected] of [["b", singles, texts], ["c", batches, texts / batchSize], ["c'", batchesSequential, texts / batchSize]] as const) {
    if (run.ok !== expected) throw new Error(`index (${name}): ${run.ok} of ${expected} requests succeeded (${run.errors} errors, ${run.non2xx} non-2xx)`);
    if ((run.cacheHits ?? 0) !== 0 || run.cacheMisses !== texts) throw new Error(`index (${name}): cache hits/misses ${run.cacheHits}/${run.cacheMisses}, expected 0/${texts}`);
  }
  return {
    texts,
    batchSize,
    oneRequestMs: median.ms,
    oneRequestAllMs: timings.map((t) => t.ms),
    oneRequestForeignCpu: Math.max(...timings.map((t) => t.foreignCpu ?? 0)),
    oneRequestServerCpuCores: median.serverCpuCores,
    singles,
    batches,
    batchesSequential,
    singlesVsOne: (singles.wallS * 1000) / median.ms,
    batchesVsOne: (batches.wallS * 1000) / median.ms,
    batchesSequentialVsOne: (batchesSequential.wallS * 1000) / median.ms,
  };
}

export function indexTable(result: IndexResult): string {
  const n = result.texts;
  const perText = (ms: number) => fmt((n / ms) * 1000, 0);
  const failures = (r: LoadResult) => `${r.errors + r.timeouts} / ${r.non2xx}`;
  const row = (label: string, r: LoadResult, ratio: number) =>
    `| ${label} | ${fmt(r.wallS * 1000, 0)} | ${perText(r.wallS * 1000)} | ${fmt(ratio, 2)}× | ${fmt(r.p50Ms, 2)} / ${fmt(r.p99Ms, 2)} | ${failures(r)} | ${cores(r.serverCpuCores)} / ${cores(r.clientCpuCores)} | ${percent(r.foreignCpu)} |`;
  const batches = n / result.batchSize;
  return [
    `| index ${n.toLocaleString("en-US")} unique texts, /api/embed, no-cache | wall ms | texts/s | wall / (a) | request p50 / p99 ms | errors / non-2xx | CPU cores server / client | other CPU |`,
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    `| (a) one request with ${n.toLocaleString("en-US")} texts (median of ${result.oneRequestAllMs.length}) | ${fmt(result.oneRequestMs, 0)} | ${perText(result.oneRequestMs)} | 1× | — | 0 / 0 | ${cores(result.oneRequestServerCpuCores)} / — | ${percent(result.oneRequestForeignCpu)} |`,
    row(`(b) ${n.toLocaleString("en-US")} single-text requests, concurrency 10`, result.singles, result.singlesVsOne),
    row(`(c) ${batches} requests of ${result.batchSize} texts, concurrency 10`, result.batches, result.batchesVsOne),
    row(`(c') ${batches} requests of ${result.batchSize} texts, sequential`, result.batchesSequential, result.batchesSequentialVsOne),
  ].join("\n");
}
