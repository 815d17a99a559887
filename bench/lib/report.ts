import type { LoadResult } from "./load.js";
import type { MachineInfo } from "./machine.js";

/** One measured row: a scenario at one concurrency, and the ceiling it is compared with. */
export interface Row extends LoadResult {
  scenario: string;
  target: "ceiling" | "server";
  model: string;
  format: "float" | "base64";
  /** Which ceiling row this row is divided by (`<model>-<format>`). */
  ceilingKey: string;
  /** reqPerSec / the matching ceiling's reqPerSec at the same concurrency. */
  ofCeiling?: number;
  /** Measured a second time because other processes used the CPU during the first. */
  remeasured?: boolean;
}

/** The bulk comparison: one request with N texts against N single-text requests. */
export interface BulkResult {
  texts: number;
  /** Wall time of one N-text request (median of `repeats`, each with fresh texts), ms. */
  oneRequestMs: number;
  oneRequestAllMs: number[];
  /** Share of the machine other processes used while the one-request timings ran. */
  oneRequestForeignCpu?: number;
  sequential: LoadResult;
  concurrent: LoadResult;
  /** sequential wall / one-request wall, and the same at concurrency 10. */
  speedUpVsSequential: number;
  speedUpVsConcurrent: number;
}

const fmt = (value: number | undefined, digits = 1) =>
  value === undefined || !Number.isFinite(value) ? "—" : value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const mib = (bytes: number | undefined) => (bytes === undefined ? "—" : `${Math.round(bytes / 1024 / 1024)} MiB`);

const cores = (value: number | undefined) => (value === undefined ? "—" : value.toFixed(2));
const percent = (value: number | undefined) => (value === undefined ? "—" : `${(value * 100).toFixed(0)} %`);

function cacheCell(row: LoadResult): string {
  if (row.cacheHits === undefined && row.cacheMisses === undefined) return "—";
  return `${row.cacheHits ?? 0} / ${row.cacheMisses ?? 0}`;
}

export function rowsTable(rows: Row[]): string {
  const lines = [
    "| scenario | conc | req/s | p50 ms | p99 ms | errors / non-2xx | of ceiling | cache hits / misses | CPU cores server / client | other CPU | server RSS peak |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const failures = `${row.errors + row.timeouts} / ${row.non2xx}`;
    const ofCeiling = row.target === "ceiling" ? "(ceiling)" : row.ofCeiling === undefined ? "—" : `${(row.ofCeiling * 100).toFixed(0)} %`;
    const rss = row.target === "ceiling" ? "" : mib(row.peakRssBytes);
    lines.push(
      `| ${row.scenario} | ${row.connections} | ${fmt(row.reqPerSec, 0)} | ${fmt(row.p50Ms, 2)} | ${fmt(row.p99Ms, 2)} | ${failures} | ${ofCeiling} | ${cacheCell(row)} | ${cores(row.serverCpuCores)} / ${cores(row.clientCpuCores)} | ${percent(row.foreignCpu)} | ${rss} |`,
    );
  }
  return lines.join("\n");
}

export function bulkTable(bulk: BulkResult): string {
  const perText = (ms: number) => fmt((bulk.texts / ms) * 1000, 0);
  const seqMs = bulk.sequential.wallS * 1000;
  const conMs = bulk.concurrent.wallS * 1000;
  const failures = (r: LoadResult) => `${r.errors + r.timeouts} / ${r.non2xx}`;
  return [
    `| ${bulk.texts} unique texts, no-cache | wall ms | texts/s | errors / non-2xx | bulk speed-up | other CPU |`,
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    `| one request with ${bulk.texts} texts (median of ${bulk.oneRequestAllMs.length}) | ${fmt(bulk.oneRequestMs, 1)} | ${perText(bulk.oneRequestMs)} | 0 / 0 | 1× | ${percent(bulk.oneRequestForeignCpu)} |`,
    `| ${bulk.texts} single requests, sequential | ${fmt(seqMs, 1)} | ${perText(seqMs)} | ${failures(bulk.sequential)} | ${fmt(bulk.speedUpVsSequential, 1)}× | ${percent(bulk.sequential.foreignCpu)} |`,
    `| ${bulk.texts} single requests, concurrency ${bulk.concurrent.connections} | ${fmt(conMs, 1)} | ${perText(conMs)} | ${failures(bulk.concurrent)} | ${fmt(bulk.speedUpVsConcurrent, 1)}× | ${percent(bulk.concurrent.foreignCpu)} |`,
  ].join("\n");
}

export function machineLine(machine: MachineInfo): string {
  const memory = `${(machine.totalMemoryBytes / 1024 ** 3).toFixed(1)} GiB`;
  const commit = machine.gitCommit ? `, commit ${machine.gitCommit}${machine.gitDirty ? " + uncommitted src/ changes" : ""}` : "";
  return `${machine.cpuModel}, ${machine.cores} cores, ${memory} RAM, Node ${machine.node}, ${machine.platform} (kernel ${machine.kernel})${commit}`;
}

export { mib, fmt, cores, percent };
