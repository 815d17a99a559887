import type { CachePolicy, EmbedJob, EmbedResult, Timings } from "./jobs.js";

/** One rerank request, in the engine's terms. */
export interface RerankJob {
  /** The model name as sent; undefined means the catalog's default model. */
  model: string | undefined;
  query: string;
  documents: string[];
  /** Keep the best N (all when undefined). */
  topN?: number;
  truncate: boolean;
  signal?: AbortSignal;
  cache?: CachePolicy;
  keepAliveMs?: number;
}

/** One scored document. */
export interface RankedDocument {
  /** Position in the request's `documents`. */
  index: number;
  /** Cosine similarity mapped to [0, 1] as (cos + 1) / 2: monotonic, so the order is the cosine order. */
  relevanceScore: number;
  /** The cosine similarity itself, in [-1, 1] (TEI's raw_scores). */
  rawScore: number;
}

/** The engine's answer to a {@link RerankJob}: best first, ties broken by index. */
export interface RerankResult {
  model: string;
  results: RankedDocument[];
  /** Tokens over the query and every document. */
  totalTokens: number;
  cacheHits: number;
  cacheMisses: number;
  timings: Timings;
}

/**
 * Reranks by embedding similarity: the query and the documents go through the normal embed
 * path (cache, coalescing, queue, batching), then one pass of dot products over unit vectors
 * scores every document.
 */
export async function rerankByEmbedding(embed: (job: EmbedJob) => Promise<EmbedResult>, job: RerankJob): Promise<RerankResult> {
  const started = performance.now();
  const common = { model: job.model ?? "", normalize: true, truncate: job.truncate, signal: job.signal, cache: job.cache, keepAliveMs: job.keepAliveMs };
  // Instruction-aware models embed a query and a document with different prompts.
  const [queryResult, documentResult] = await Promise.all([
    embed({ ...common, inputs: [job.query], inputType: "query" }),
    embed({ ...common, inputs: job.documents, inputType: "document" }),
  ]);
  const query = queryResult.vectors[0];
  const scored = documentResult.vectors.map((document, index) => {
    const cosine = clamp(dot(query, document));
    return { index, rawScore: cosine, relevanceScore: (cosine + 1) / 2 };
  });
  scored.sort((a, b) => b.rawScore - a.rawScore || a.index - b.index);
  const both = [queryResult, documentResult];
  return {
    model: documentResult.model,
    results: job.topN === undefined ? scored : scored.slice(0, job.topN),
    totalTokens: queryResult.promptTokens + documentResult.promptTokens,
    cacheHits: queryResult.cacheHits + documentResult.cacheHits,
    cacheMisses: queryResult.cacheMisses + documentResult.cacheMisses,
    timings: {
      loadMs: Math.max(...both.map((r) => r.timings.loadMs)),
      queueMs: Math.max(...both.map((r) => r.timings.queueMs)),
      inferenceMs: Math.max(...both.map((r) => r.timings.inferenceMs)),
      totalMs: performance.now() - started,
    },
  };
}

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i] * b[i];
  return sum;
}

/** Rounding can push a unit-vector dot product a hair past ±1. */
function clamp(value: number): number {
  return Math.max(-1, Math.min(1, value));
}
