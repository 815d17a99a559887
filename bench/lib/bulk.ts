import { cpuSnapshot, foreignCpuShare } from "./cpu.js";
import { assertLoopback, runLoad } from "./load.js";
import type { BulkResult } from "./report.js";
import { NO_CACHE, singleBody } from "./scenarios.js";
import { uniqueTexts } from "./texts.js";

/** POSTs a JSON body and reads the whole response; returns status, bytes and wall time. */
export async function postJson(origin: string, path: string, body: string, headers: Record<string, string> = {}) {
  assertLoopback(origin);
  const started = performance.now();
  const response = await fetch(`${origin}${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body,
    signal: AbortSignal.timeout(60_000),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  return { status: response.status, headers: response.headers, bytes, ms: performance.now() - started };
}

/**
 * One request carrying N unique texts against N single-text requests (sequential, then at
 * concurrency 10). Every text is new (run nonce + counter) and every request says no-cache,
 * so all three paths do the same inference work; the difference is per-request overhead.
 */
export async function runBulk(options: {
  origin: string;
  modelId: string;
  texts: number;
  repeats: number;
  sampleRss: () => number | undefined;
  cpuPids: number[];
  serverPid: number;
  /** Called before each timed part (the quiet gate). */
  beforeEach?: (label: string) => Promise<void>;
}): Promise<BulkResult> {
  const gate = options.beforeEach ?? (async () => undefined);
  const { origin, modelId, texts } = options;
  const next = uniqueTexts("bulk-");
  const bulkBody = () => JSON.stringify({ model: modelId, input: Array.from({ length: texts }, next), encoding_format: "float" });

  const timings: number[] = [];
  await gate(`bulk: one request with ${texts} texts`);
  let cpuBefore = cpuSnapshot(options.cpuPids);
  for (let i = 0; i <= options.repeats; i++) {
    if (i === 1) cpuBefore = cpuSnapshot(options.cpuPids);
    const body = bulkBody(); // built before the clock starts
    const response = await postJson(origin, "/v1/embeddings", body, NO_CACHE);
    if (response.status !== 200) throw new Error(`bulk request failed: ${response.status} ${response.bytes.toString().slice(0, 300)}`);
    const parsed = JSON.parse(response.bytes.toString()) as { data: unknown[] };
    if (parsed.data.length !== texts) throw new Error(`bulk request returned ${parsed.data.length} vectors, expected ${texts}`);
    if (i > 0) timings.push(response.ms); // the first is a warm-up
  }
  const oneRequestForeignCpu = foreignCpuShare(cpuBefore, cpuSnapshot(options.cpuPids));
  const sorted = [...timings].sort((a, b) => a - b);
  const oneRequestMs = sorted[Math.floor(sorted.length / 2)];

  const single = { origin, path: "/v1/embeddings", amount: texts, headers: NO_CACHE, sampleRss: options.sampleRss, cpuPids: options.cpuPids, serverPid: options.serverPid };
  await gate(`bulk: ${texts} sequential requests`);
  const sequential = await runLoad({ ...single, connections: 1, nextBody: () => singleBody(modelId, next()) });
  await gate(`bulk: ${texts} requests at concurrency 10`);
  const concurrent = await runLoad({ ...single, connections: 10, nextBody: () => singleBody(modelId, next()) });
  return {
    texts,
    oneRequestMs,
    oneRequestAllMs: timings,
    oneRequestForeignCpu,
    sequential,
    concurrent,
    speedUpVsSequential: (sequential.wallS * 1000) / oneRequestMs,
    speedUpVsConcurrent: (concurrent.wallS * 1000) / oneRequestMs,
  };
}
