/**
 * embedgate benchmarks (`npm run bench`, `npm run bench -- --quick`). Not run in CI.
 *
 * Boots the real server (a child process, catalog = glove-100d + the 1024-d stand-in) and the
 * ceiling (bare Hono serving the real server's own response bytes), drives both with autocannon
 * on 127.0.0.1 at concurrency 1, 10 and 50, then the indexing and rerank groups on the same
 * server, the overhead group on two servers of its own (logging and auth off / on), and the
 * memory group (bench/memory.ts) on another. Prints Markdown tables and writes
 * bench/results/<timestamp>.json with the machine it ran on. See bench/README.md.
 */
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ensureModel1024, MODEL_1024_DIR } from "./make-model-1024.js";
import { memoryTables, runMemory, type MemoryResult } from "./memory.js";
import { postJson, runBulk } from "./lib/bulk.js";
import { startNodeChild, type NodeChild } from "./lib/child.js";
import { indexTable, runIndex, type IndexResult } from "./lib/indexing.js";
import { runLoad } from "./lib/load.js";
import { machineInfo } from "./lib/machine.js";
import { parseOptions } from "./lib/options.js";
import { overheadTable, runOverhead, type OverheadResult } from "./lib/overhead.js";
import { QuietGate } from "./lib/quiet.js";
import { rerankTable, runRerank, type RerankRow } from "./lib/rerank.js";
import { bulkTable, machineLine, mib, rowsTable, type BulkResult, type Row } from "./lib/report.js";
import { buildScenarios, ceilingKey, FORMATS, hitBody, MODELS } from "./lib/scenarios.js";
import { startEmbedgate, type EmbedgateServer } from "./lib/server.js";

const REPO_ROOT = fileURLToPath(new URL("../", import.meta.url));
const BENCH_CACHE = join(REPO_ROOT, ".cache/bench");
const RESULTS_DIR = join(REPO_ROOT, "bench/results");
const log = (line: string) => process.stderr.write(`[bench] ${line}\n`);
/** Groups that need the main server (and its catalog of both models). */
const MAIN_SERVER_GROUPS = ["ceiling", "hit", "miss", "duplicate", "bulk", "index", "rerank"];
/** The indexing group's corpus and batch size, and the rerank group's document counts. */
const INDEX_TEXTS = 10_000;
const INDEX_BATCH = 100;
const RERANK_DOCUMENTS = [3, 100];
const OVERHEAD_CONNECTIONS = [10, 50];

const children: NodeChild[] = [];
async function stopChildren(): Promise<void> {
  await Promise.all(children.map((child) => child.stop().catch(() => undefined)));
}
const register = (child: NodeChild) => void children.push(child);

function writeCatalog(name: string, withModel1024: boolean): string {
  const path = join(BENCH_CACHE, name);
  const models: object[] = [{ id: "glove-100d", backend: "model2vec", source: "builtin:glove-100d", license: "MIT" }];
  if (withModel1024) models.push({ id: "m2v-1024", backend: "model2vec", source: MODEL_1024_DIR, description: "bench: random 1024-d Model2Vec stand-in" });
  writeFileSync(path, `${JSON.stringify({ default: "glove-100d", models }, null, 2)}\n`);
  return path;
}

/** Asks the real server once per (model, format) for the hit request and keeps the exact bytes. */
async function captureCeilingBodies(origin: string, dir: string): Promise<{ model1024LoadMs: number }> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  let model1024LoadMs = 0;
  for (const model of MODELS) {
    for (const format of FORMATS) {
      const response = await postJson(origin, "/v1/embeddings", hitBody(model.id, format));
      if (response.status !== 200) throw new Error(`${model.id} ${format}: HTTP ${response.status} ${response.bytes.toString().slice(0, 300)}`);
      if (model.key === "1024d" && format === "float") model1024LoadMs = response.ms; // first use loads it
      const embedding = (JSON.parse(response.bytes.toString()) as { data: { embedding: number[] | string }[] }).data[0].embedding;
      const dims = typeof embedding === "string" ? Buffer.from(embedding, "base64").byteLength / 4 : embedding.length;
      if (dims !== model.dimensions) throw new Error(`${model.id}: got ${dims} dimensions, expected ${model.dimensions}`);
      writeFileSync(join(dir, `${ceilingKey(model.key, format)}.json`), response.bytes);
    }
  }
  return { model1024LoadMs };
}

async function main(): Promise<void> {
  const runStarted = performance.now();
  const options = parseOptions(process.argv.slice(2), process.env);
  const wants = (group: string) => options.only.length === 0 || options.only.includes(group);
  const scenarios = buildScenarios(options.connections, 50).filter((s) => wants(s.group));
  const needMain = MAIN_SERVER_GROUPS.some(wants);
  const needCeiling = scenarios.some((s) => s.target === "ceiling");
  const timedRuns = scenarios.reduce((n, s) => n + s.connections.length, 0);
  const overheadRuns = wants("overhead") ? FORMATS.length * OVERHEAD_CONNECTIONS.length * 4 : 0;
  const estimateS =
    timedRuns * (options.durationS + 0.5) + (wants("bulk") ? 20 : 0) + (wants("index") ? 40 : 0) + (wants("rerank") ? (options.quick ? 30 : 90) : 0) +
    (overheadRuns > 0 ? overheadRuns * (options.durationS + 0.5) + 30 : 0) + (wants("memory") ? 40 : 0) + 30;
  const budgetS = options.budgetS || estimateS * 3 + options.quietWaitS + 120;
  const watchdog = setTimeout(() => {
    log(`time budget of ${Math.round(budgetS)} s exceeded; stopping`);
    void stopChildren().finally(() => process.exit(1));
  }, budgetS * 1000);
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.once(signal, () => void stopChildren().finally(() => process.exit(130)));
  log(
    `${options.quick ? "quick" : "full"} run: ${timedRuns + overheadRuns} timed runs of ${options.durationS} s and ` +
      `${["bulk", "index", "rerank", "memory"].filter(wants).join(", ") || "no other groups"} (about ${Math.round(estimateS)} s), budget ${Math.round(budgetS)} s`,
  );

  const startedAt = new Date();
  mkdirSync(BENCH_CACHE, { recursive: true });
  const gate = new QuietGate(options.quietWaitS, log);

  const rows: Row[] = [];
  let bulk: BulkResult | undefined;
  let index: IndexResult | undefined;
  let rerank: RerankRow[] | undefined;
  let mainServer: { server: EmbedgateServer; model1024LoadMs: number; memory: { rssBytes: number; hwmBytes: number } | undefined } | undefined;
  if (needMain) {
    ensureModel1024(MODEL_1024_DIR, log);
    const server = await startEmbedgate({ label: "server", repoRoot: REPO_ROOT, catalogPath: writeCatalog("models.json", true), env: { LOG_LEVEL: "info" }, register });
    log(`server pid ${server.child.pid} ready at ${server.origin} after ${Math.round(server.readyMs)} ms`);
    const { model1024LoadMs } = await captureCeilingBodies(server.origin, join(BENCH_CACHE, "ceiling"));
    let ceilingChild: NodeChild | undefined;
    let ceilingOrigin = "";
    if (needCeiling) {
      ceilingChild = startNodeChild("ceiling", ["--import", "tsx", "bench/ceiling.ts", join(BENCH_CACHE, "ceiling")], { cwd: REPO_ROOT, env: {} });
      register(ceilingChild);
      ceilingOrigin = `http://127.0.0.1:${String((await ceilingChild.waitFor((line) => line.msg === "listening", 30_000)).port)}`;
    }
    const sampleRss = () => server.child.memory()?.rssBytes;
    const cpuPids = [process.pid, server.child.pid, ...(ceilingChild ? [ceilingChild.pid] : [])];

    // Warm-up (not recorded): let both processes JIT the paths they are about to be measured on.
    const warmS = options.quick ? 1 : 2;
    for (const model of MODELS) {
      await runLoad({ origin: server.origin, path: "/v1/embeddings", connections: 10, durationS: warmS, body: hitBody(model.id, "base64") });
      if (ceilingChild) await runLoad({ origin: ceilingOrigin, path: `/ceiling/${ceilingKey(model.key, "float")}`, connections: 10, durationS: warmS, body: hitBody(model.id, "float") });
    }

    for (const scenario of scenarios) {
      const origin = scenario.target === "ceiling" ? ceilingOrigin : server.origin;
      const processPid = scenario.target === "server" ? server.child.pid : ceilingChild!.pid;
      for (const connections of scenario.connections) {
        const { result, remeasured } = await gate.measure(`${scenario.name} c=${connections}`, cpuPids, () =>
          runLoad({
            origin, path: scenario.path, connections, durationS: options.durationS, body: scenario.body, nextBody: scenario.nextBody,
            headers: scenario.headers, sampleRss: scenario.target === "server" ? sampleRss : undefined, cpuPids, serverPid: processPid,
          }),
        );
        const ceiling = rows.find((r) => r.target === "ceiling" && r.ceilingKey === scenario.ceilingKey && r.connections === connections);
        const row: Row = {
          ...result, scenario: scenario.name, target: scenario.target, model: scenario.model, format: scenario.format,
          ceilingKey: scenario.ceilingKey, ofCeiling: scenario.target === "server" && ceiling ? result.reqPerSec / ceiling.reqPerSec : undefined,
          remeasured,
        };
        rows.push(row);
        log(`${scenario.name} c=${connections}: ${Math.round(row.reqPerSec)} req/s, p50 ${row.p50Ms.toFixed(2)} ms, p99 ${row.p99Ms.toFixed(2)} ms, failures ${row.errors + row.timeouts}/${row.non2xx}`);
      }
    }
    // The ceiling is done: it must not hold a core's worth of anything during the groups below.
    if (ceilingChild) await ceilingChild.stop();
    const serverPids = [process.pid, server.child.pid];

    if (wants("bulk")) {
      bulk = await runBulk({
        origin: server.origin, modelId: MODELS[0].id, texts: options.bulkTexts, repeats: options.quick ? 3 : 5, sampleRss, cpuPids: serverPids,
        serverPid: server.child.pid, beforeEach: (label) => gate.wait(label, serverPids),
      });
      log(`bulk: one request ${bulk.oneRequestMs.toFixed(1)} ms; sequential ${(bulk.sequential.wallS * 1000).toFixed(0)} ms; c=10 ${(bulk.concurrent.wallS * 1000).toFixed(0)} ms`);
    }
    if (wants("index")) {
      index = await runIndex({
        origin: server.origin, modelId: MODELS[0].id, texts: INDEX_TEXTS, batchSize: INDEX_BATCH, repeats: options.quick ? 3 : 5,
        gate, cpuPids: serverPids, serverPid: server.child.pid, sampleRss, log,
      });
    }
    if (wants("rerank")) {
      rerank = await runRerank({
        origin: server.origin, modelId: MODELS[0].id, documentCounts: RERANK_DOCUMENTS, requests: options.quick ? 1000 : 3000,
        gate, cpuPids: serverPids, serverPid: server.child.pid, sampleRss, log,
      });
    }
    mainServer = { server, model1024LoadMs, memory: server.child.memory() };
    await server.child.stop();
  }

  let overhead: OverheadResult | undefined;
  if (wants("overhead")) {
    overhead = await runOverhead({
      repoRoot: REPO_ROOT, catalogPath: writeCatalog("models-100d.json", false), modelId: MODELS[0].id, connections: OVERHEAD_CONNECTIONS,
      durationS: options.durationS, warmS: options.quick ? 1 : 2, gate, register, log,
    });
  }
  let memory: MemoryResult | undefined;
  if (wants("memory")) memory = await runMemory({ repoRoot: REPO_ROOT, benchCache: BENCH_CACHE, register, log });

  await stopChildren();
  clearTimeout(watchdog);
  const wallS = (performance.now() - runStarted) / 1000;

  const machine = machineInfo(REPO_ROOT);
  const cacheHeadersSeen = rows.some((r) => r.cacheHits !== undefined || r.cacheMisses !== undefined);
  const hitRows = rows.filter((r) => r.scenario.startsWith("hit "));
  const hitScenarioHits = hitRows.reduce((n, r) => n + (r.cacheHits ?? 0), 0);
  const hitScenarioInputs = hitRows.reduce((n, r) => n + (r.cacheHits ?? 0) + (r.cacheMisses ?? 0), 0);
  const engineState =
    hitRows.length === 0
      ? undefined
      : !cacheHeadersSeen
        ? "no x-cache-* headers: before the engine cache; the hit scenarios measure the uncached path"
        : hitScenarioHits === 0
          ? "x-cache-* headers present but the hit scenarios got no cache hits: the cache is not serving yet (or is disabled); they measure the uncached path"
          : `cache serving: the hit scenarios got ${hitScenarioHits} hits of ${hitScenarioInputs} inputs`;
  const foreign = [
    ...rows.map((r) => r.foreignCpu),
    bulk?.oneRequestForeignCpu, bulk?.sequential.foreignCpu, bulk?.concurrent.foreignCpu,
    index?.oneRequestForeignCpu, index?.singles.foreignCpu, index?.batches.foreignCpu, index?.batchesSequential.foreignCpu,
    ...(rerank ?? []).map((r) => r.foreignCpu),
    ...(overhead?.rows ?? []).flatMap((r) => r.runs.map((run) => run.foreignCpu)),
  ];
  const busiest = Math.max(0, ...foreign.map((f) => f ?? 0));
  const remeasuredRows = rows.filter((r) => r.remeasured).length;
  const output = {
    schema: "embedgate-bench/2",
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    wallS,
    mode: options.quick ? "quick" : "full",
    groups: options.only.length > 0 ? options.only : "all",
    durationPerScenarioS: options.durationS,
    connections: options.connections,
    machine,
    engine: engineState === undefined ? undefined : { cacheHeadersSeen, hitScenarioHits, hitScenarioInputs, state: engineState },
    maxForeignCpu: busiest,
    quietWaits: gate.waits,
    server: mainServer && {
      readyMs: mainServer.server.readyMs, model1024FirstRequestMs: mainServer.model1024LoadMs,
      peakRssBytes: mainServer.memory?.hwmBytes, rssAtEndBytes: mainServer.memory?.rssBytes,
    },
    rows,
    bulk,
    index,
    rerank,
    overhead,
    memory,
  };
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${startedAt.toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(file, `${JSON.stringify(output, null, 2)}\n`);

  const section = (title: string, body: string | undefined) => (body === undefined ? [] : ["", `### ${title}`, "", body]);
  const out = [
    `## embedgate bench — ${output.mode} run, ${options.durationS} s per scenario, ${output.startedAt}`,
    "",
    `Machine: ${machineLine(machine)}`,
    ...(engineState ? [`Engine: ${engineState}`] : []),
    ...(mainServer
      ? [`Server: ready in ${Math.round(mainServer.server.readyMs)} ms; first m2v-1024 request (loads the model) ${Math.round(mainServer.model1024LoadMs)} ms; ` +
          `peak RSS (VmHWM) ${mib(mainServer.memory?.hwmBytes)}, RSS at end ${mib(mainServer.memory?.rssBytes)}`]
      : []),
    ...(gate.waits.length > 0
      ? [`Waited ${(gate.waits.reduce((n, w) => n + w.waitedMs, 0) / 1000).toFixed(0)} s in all, before ${gate.waits.length} measurements, for other processes to stop using the CPU` +
          `${remeasuredRows > 0 ? `; ${remeasuredRows} scenario row${remeasuredRows === 1 ? " was" : "s were"} measured twice (the less disturbed measurement is kept)` : ""}.`]
      : []),
    `Wall time of the run: ${Math.round(wallS)} s.`,
    ...(busiest > 0.1
      ? ["", `**Warning:** other processes used up to ${(busiest * 100).toFixed(0)} % of the machine during a measurement (column "other CPU"); those rows understate the server.`]
      : []),
    ...section("Scenarios", rows.length > 0 ? rowsTable(rows) : undefined),
    ...section("Bulk", bulk && bulkTable(bulk)),
    ...section("Indexing", index && indexTable(index)),
    ...section("Rerank", rerank && rerankTable(rerank)),
    ...section(
      "Overhead of auth + per-request logging (cache hits)",
      overhead && `${overhead.configs.map((c) => `${c.name}: ${c.description}`).join("; ")}. Metrics on in both.\n\n${overheadTable(overhead)}`,
    ),
    ...section("Memory", memory && memoryTables(memory)),
    "",
    `Results: ${file}`,
  ];
  process.stdout.write(`${out.join("\n")}\n`);
}

main().catch(async (error) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  await stopChildren();
  process.exit(1);
});
