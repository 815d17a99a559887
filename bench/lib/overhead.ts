import type { NodeChild } from "./child.js";
import { postJson } from "./bulk.js";
import { runLoad, type LoadResult } from "./load.js";
import type { QuietGate } from "./quiet.js";
import { cores, fmt, percent } from "./report.js";
import { FORMATS, hitBody, type Format } from "./scenarios.js";
import { startEmbedgate, type EmbedgateServer } from "./server.js";

/**
 * The cost of API-key auth and per-request logging on the cache-hit path. Two servers run side by
 * side on the same catalog (glove-100d only):
 *
 *   A: LOG_LEVEL=warn, no API_KEYS                      (no request log lines, no auth check)
 *   B: LOG_LEVEL=info, API_KEYS=bench-key + Bearer header (one JSON log line per request, drained
 *                                                        and discarded by the runner; auth checked)
 *
 * Metrics (/metrics) are always on, so both pay for them. Each (format, concurrency) pair is
 * measured A, B, then B, A (ABBA, so drift on a shared machine falls on both), and B/A is the
 * ratio of the two configurations' mean req/s.
 */
export const OVERHEAD_KEY = "bench-key";

export interface OverheadConfig {
  name: "A" | "B";
  description: string;
  env: Record<string, string>;
  headers: Record<string, string>;
}

export const OVERHEAD_CONFIGS: OverheadConfig[] = [
  { name: "A", description: "LOG_LEVEL=warn, no API_KEYS", env: { LOG_LEVEL: "warn", API_KEYS: "", API_KEYS_FILE: "" }, headers: {} },
  {
    name: "B",
    description: `LOG_LEVEL=info (stderr drained and discarded), API_KEYS=${OVERHEAD_KEY}, Bearer header sent`,
    env: { LOG_LEVEL: "info", API_KEYS: OVERHEAD_KEY, API_KEYS_FILE: "" },
    headers: { authorization: `Bearer ${OVERHEAD_KEY}` },
  },
];

export interface OverheadMeasurement extends LoadResult {
  config: "A" | "B";
  round: number;
  /** Lines the server wrote to stdout/stderr during the run, per 2xx response. */
  logLinesPerResponse: number;
}

export interface OverheadRow {
  format: Format;
  connections: number;
  runs: OverheadMeasurement[];
  aReqPerSec: number;
  bReqPerSec: number;
  /** bReqPerSec / aReqPerSec. */
  ratio: number;
}

export interface OverheadResult {
  configs: { name: string; description: string; readyMs: number; pid: number }[];
  /** B without the Authorization header (expected 401), B with it (expected 200). */
  authCheck: { withoutKey: number; withKey: number };
  rows: OverheadRow[];
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

export async function runOverhead(options: {
  repoRoot: string;
  catalogPath: string;
  modelId: string;
  connections: number[];
  durationS: number;
  warmS: number;
  gate: QuietGate;
  register: (child: NodeChild) => void;
  log: (line: string) => void;
}): Promise<OverheadResult> {
  const { gate, modelId } = options;
  const servers: EmbedgateServer[] = await Promise.all(
    OVERHEAD_CONFIGS.map((config) =>
      startEmbedgate({ label: `server ${config.name}`, repoRoot: options.repoRoot, catalogPath: options.catalogPath, env: config.env, register: options.register }),
    ),
  );
  try {
    servers.forEach((server, i) => options.log(`overhead: server ${OVERHEAD_CONFIGS[i].name} (${OVERHEAD_CONFIGS[i].description}) pid ${server.child.pid} ready at ${server.origin} after ${Math.round(server.readyMs)} ms`));
    const [a, b] = servers;
    const withoutKey = (await postJson(b.origin, "/v1/embeddings", hitBody(modelId, "float"))).status;
    const withKey = (await postJson(b.origin, "/v1/embeddings", hitBody(modelId, "float"), OVERHEAD_CONFIGS[1].headers)).status;
    if (withoutKey !== 401 || withKey !== 200) throw new Error(`overhead: server B answered ${withoutKey} without the key (expected 401) and ${withKey} with it (expected 200)`);
    const plain = (await postJson(a.origin, "/v1/embeddings", hitBody(modelId, "float"))).status;
    if (plain !== 200) throw new Error(`overhead: server A answered ${plain} without a key (expected 200)`);

    const cpuPids = [process.pid, a.child.pid, b.child.pid];
    // Warm-up (not recorded): both servers, both formats; the hit text goes into each server's cache.
    for (const format of FORMATS) {
      for (const [i, server] of servers.entries()) {
        await runLoad({ origin: server.origin, path: "/v1/embeddings", connections: 10, durationS: options.warmS, body: hitBody(modelId, format), headers: OVERHEAD_CONFIGS[i].headers });
      }
    }

    const rows: OverheadRow[] = [];
    for (const format of ["base64", "float"] as const) {
      for (const connections of options.connections) {
        const runs: OverheadMeasurement[] = [];
        for (const round of [0, 1]) {
          const order = round === 0 ? [0, 1] : [1, 0];
          for (const i of order) {
            const config = OVERHEAD_CONFIGS[i];
            const server = servers[i];
            const label = `overhead ${config.name} hit 100d ${format} c=${connections} round ${round + 1}`;
            const { result } = await gate.measure(label, cpuPids, async () => {
              const linesBefore = server.child.lineCount();
              const run = await runLoad({
                origin: server.origin, path: "/v1/embeddings", connections, durationS: options.durationS, body: hitBody(modelId, format),
                headers: config.headers, sampleRss: () => server.child.memory()?.rssBytes, cpuPids, serverPid: server.child.pid,
              });
              await new Promise((resolve) => setTimeout(resolve, 100)); // let the last log lines arrive
              return { ...run, logLinesPerResponse: (server.child.lineCount() - linesBefore) / Math.max(1, run.ok) };
            });
            if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.errors} errors, ${result.non2xx} non-2xx`);
            if ((result.cacheMisses ?? 0) > 0) throw new Error(`${label}: ${result.cacheMisses} cache misses; the hit scenario must only hit`);
            runs.push({ ...result, config: config.name, round: round + 1 });
            options.log(`${label}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, log lines/response ${result.logLinesPerResponse.toFixed(2)}`);
          }
        }
        const aReqPerSec = mean(runs.filter((r) => r.config === "A").map((r) => r.reqPerSec));
        const bReqPerSec = mean(runs.filter((r) => r.config === "B").map((r) => r.reqPerSec));
        rows.push({ format, connections, runs, aReqPerSec, bReqPerSec, ratio: bReqPerSec / aReqPerSec });
      }
    }
    return {
      configs: servers.map((server, i) => ({ name: OVERHEAD_CONFIGS[i].name, description: OVERHEAD_CONFIGS[i].description, readyMs: server.readyMs, pid: server.child.pid })),
      authCheck: { withoutKey, withKey },
      rows,
    };
  } finally {
    await Promise.all(servers.map((server) => server.child.stop().catch(() => undefined)));
  }
}

export function overheadTable(result: OverheadResult): string {
  const lines = [
    "| hit 100d, /v1/embeddings | conc | A req/s (2 runs) | B req/s (2 runs) | B / A | A p50 / p99 ms | B p50 / p99 ms | B log lines per response | CPU cores server A / B | other CPU (max) |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of result.rows) {
    const of = (name: "A" | "B") => row.runs.filter((r) => r.config === name);
    const list = (name: "A" | "B") => of(name).map((r) => fmt(r.reqPerSec, 0)).join(", ");
    const lat = (name: "A" | "B") => `${fmt(mean(of(name).map((r) => r.p50Ms)), 2)} / ${fmt(mean(of(name).map((r) => r.p99Ms)), 2)}`;
    const cpu = (name: "A" | "B") => cores(mean(of(name).map((r) => r.serverCpuCores ?? NaN)));
    const otherCpu = Math.max(...row.runs.map((r) => r.foreignCpu ?? 0));
    lines.push(
      `| ${row.format} | ${row.connections} | ${fmt(row.aReqPerSec, 0)} (${list("A")}) | ${fmt(row.bReqPerSec, 0)} (${list("B")}) | ${fmt(row.ratio, 2)} | ${lat("A")} | ${lat("B")} | ${fmt(mean(of("B").map((r) => r.logLinesPerResponse)), 2)} | ${cpu("A")} / ${cpu("B")} | ${percent(otherCpu)} |`,
    );
  }
  return lines.join("\n");
}
