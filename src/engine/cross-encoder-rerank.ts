import type { RerankerBackend } from "../backends/backend.js";
import type { AdmissionQueue } from "./admission.js";
import type { BatchOptions } from "./batcher.js";
import type { RankedDocument, RerankJob, RerankResult } from "./rerank.js";

/** What scoring with a cross-encoder needs. */
export interface CrossEncoderContext {
  modelId: string;
  backend: RerankerBackend;
  admission: AdmissionQueue;
  batching: BatchOptions;
  loadMs: number;
}

/**
 * Reranks with a cross-encoder: (query, document) pairs scored by the model itself, in units of
 * one backend batch, each admitted by the queue in turn like embedding work. Relevance is the
 * sigmoid of the single logit; the raw score is the logit. Scores are not cached.
 */
export async function rerankWithCrossEncoder(job: RerankJob, context: CrossEncoderContext): Promise<RerankResult> {
  const started = performance.now();
  const ranked: RankedDocument[] = [];
  let totalTokens = 0;
  let queueMs = 0;
  let inferenceMs = 0;
  const unit = context.batching.maxBatchSize;
  for (let offset = 0; offset < job.documents.length; offset += unit) {
    const waitStarted = performance.now();
    const release = await context.admission.acquire(job.signal, offset > 0);
    const runStarted = performance.now();
    queueMs += runStarted - waitStarted;
    try {
      const documents = job.documents.slice(offset, offset + unit);
      const { scores, logits, tokenCounts } = await context.backend.score(job.query, documents, { truncate: job.truncate });
      scores.forEach((score, i) => ranked.push({ index: offset + i, relevanceScore: score, rawScore: logits[i] }));
      for (const count of tokenCounts) totalTokens += count;
    } finally {
      release();
      inferenceMs += performance.now() - runStarted;
    }
  }
  ranked.sort((a, b) => b.rawScore - a.rawScore || a.index - b.index);
  return {
    model: context.modelId,
    results: job.topN === undefined ? ranked : ranked.slice(0, job.topN),
    totalTokens,
    cacheHits: 0,
    cacheMisses: job.documents.length,
    timings: { loadMs: context.loadMs, queueMs, inferenceMs, totalMs: performance.now() - started },
  };
}
