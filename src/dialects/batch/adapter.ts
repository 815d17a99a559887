import type { EmbedJob, EmbedResult } from "../../engine/jobs.js";
import type { JobContext } from "../../http/embed-context.js";
import { vectorJson } from "../../http/vector-text.js";
import type { BatchRequest } from "./schemas.js";

/** Flattens the batches into one engine job (one cache lookup, one queue pass, packed batches). */
export function toBatchJob(body: BatchRequest, context: JobContext): EmbedJob {
  const useCache = body.use_cache ?? true;
  return {
    model: body.model,
    inputs: body.inputs.flat(),
    normalize: true,
    truncate: true,
    signal: context.signal,
    cache: useCache ? context.cache : { read: false, write: false },
  };
}

/** Re-nests the flat result exactly as the request's `inputs`, as JSON text. */
export function toBatchResponseText(body: BatchRequest, result: EmbedResult): string {
  let offset = 0;
  const batches = body.inputs.map((batch) => {
    const vectors = result.vectors.slice(offset, offset + batch.length);
    offset += batch.length;
    return `[${vectors.map(vectorJson).join(",")}]`;
  });
  const total = result.cacheHits + result.cacheMisses;
  const stats = { hits: result.cacheHits, misses: result.cacheMisses, hit_rate: total === 0 ? 0 : result.cacheHits / total };
  return `{"model":${JSON.stringify(body.model)},"batches":[${batches.join(",")}],"cache_stats":${JSON.stringify(stats)}}`;
}
