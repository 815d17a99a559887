import { runLoad, type LoadResult } from "./load.js";
import type { QuietGate } from "./quiet.js";
import { cores, fmt, percent } from "./report.js";
import { NO_CACHE } from "./scenarios.js";
import { uniqueTexts } from "./texts.js";

/**
 * Rerank latency through POST /v1/rerank (Jina / Cohere v1 shape; no top_n, so every document
 * comes back, with its text) on an embedding model, which reranks by cosine: the query and the
 * documents go through the embed path, then one pass of dot products. Requests are sequential
 * (one connection), so the latency is the server's own for one request at a time.
 *
 * - unique: a new query and new documents on every request, `Cache-Control: no-cache`;
 * - repeated: the same body on every request, after warm-up requests: every text is a cache hit.
 */
export interface RerankRow extends LoadResult {
  documents: number;
  mode: "unique" | "repeated";
}

export async function runRerank(options: {
  origin: string;
  modelId: string;
  documentCounts: number[];
  requests: number;
  gate: QuietGate;
  cpuPids: number[];
  serverPid: number;
  sampleRss: () => number | undefined;
  log: (line: string) => void;
}): Promise<RerankRow[]> {
  const { origin, modelId, gate, cpuPids, serverPid } = options;
  const common = { origin, path: "/v1/rerank", connections: 1, sampleRss: options.sampleRss, cpuPids, serverPid };
  const rows: RerankRow[] = [];
  for (const documents of options.documentCounts) {
    const nextQuery = uniqueTexts(`rq${documents}-`);
    const nextDocument = uniqueTexts(`rd${documents}-`);
    const uniqueBody = () => JSON.stringify({ model: modelId, query: nextQuery(), documents: Array.from({ length: documents }, nextDocument) });
    const repeatedBody = uniqueBody(); // texts new to this run; the warm-up puts them in the cache
    // Warm-up (not recorded): JIT the route at this size.
    await runLoad({ ...common, amount: 50, headers: NO_CACHE, nextBody: uniqueBody });

    for (const mode of ["unique", "repeated"] as const) {
      const label = `rerank ${documents} docs ${mode}`;
      const { result } = await gate.measure(label, cpuPids, async () => {
        if (mode === "unique") return runLoad({ ...common, amount: options.requests, headers: NO_CACHE, nextBody: uniqueBody });
        // Put the repeated body's texts in the cache right before: the unique run before this one
        // writes (documents + 1) × requests new texts, enough to evict them from the L1 LRU.
        await runLoad({ ...common, amount: 20, body: repeatedBody });
        return runLoad({ ...common, amount: options.requests, body: repeatedBody });
      });
      if (result.ok !== options.requests) throw new Error(`${label}: ${result.ok} of ${options.requests} requests succeeded (${result.errors} errors, ${result.non2xx} non-2xx)`);
      const texts = options.requests * (documents + 1);
      const expected = mode === "unique" ? { hits: 0, misses: texts } : { hits: texts, misses: 0 };
      if ((result.cacheHits ?? -1) !== expected.hits || (result.cacheMisses ?? -1) !== expected.misses) {
        throw new Error(`${label}: cache hits/misses ${result.cacheHits}/${result.cacheMisses}, expected ${expected.hits}/${expected.misses}`);
      }
      rows.push({ ...result, documents, mode });
      options.log(`${label}: ${Math.round(result.reqPerSec)} req/s, p50 ${result.p50Ms.toFixed(2)} ms, p99 ${result.p99Ms.toFixed(2)} ms`);
    }
  }
  return rows;
}

export function rerankTable(rows: RerankRow[]): string {
  const lines = [
    "| /v1/rerank, glove-100d, sequential | requests | req/s | p50 ms | p99 ms | mean ms | cache hits / misses | CPU cores server / client | other CPU |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const row of rows) {
    const what = row.mode === "unique" ? "unique query and documents (no-cache)" : "repeated body (cache hits)";
    lines.push(
      `| ${row.documents} docs, ${what} | ${row.ok} | ${fmt(row.reqPerSec, 0)} | ${fmt(row.p50Ms, 2)} | ${fmt(row.p99Ms, 2)} | ${fmt(row.meanMs, 2)} | ${row.cacheHits ?? 0} / ${row.cacheMisses ?? 0} | ${cores(row.serverCpuCores)} / ${cores(row.clientCpuCores)} | ${percent(row.foreignCpu)} |`,
    );
  }
  return lines.join("\n");
}
