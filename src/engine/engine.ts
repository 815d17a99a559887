import type { EmbedderBackend, InputType } from "../backends/backend.js";
import { embeddingKey } from "../cache/keys.js";
import type { CachedEmbedding, EmbeddingCache } from "../cache/types.js";
import { AppError } from "../errors.js";
import type { LoadedModel, ModelRegistry } from "../models/registry.js";
import type { AdmissionQueue } from "./admission.js";
import { MicroBatcher, type BatchOptions } from "./batcher.js";
import { Coalescer } from "./coalescer.js";
import { deferred } from "./deferred.js";
import type { EmbedJob, EmbedResult } from "./jobs.js";
import { checkDimensions, checkDocumentCount, checkInputs, checkTokenTotal, type EngineLimits } from "./limits.js";
import { rerankWithCrossEncoder } from "./cross-encoder-rerank.js";
import { rerankByEmbedding, type RerankJob, type RerankResult } from "./rerank.js";
import { runOwnedMisses, type OwnedMiss } from "./miss-runner.js";
import { ShapeMemo } from "./shape-memo.js";

/** What the engine is built from. */
export interface EngineDeps {
  registry: ModelRegistry;
  limits: EngineLimits;
  cache: EmbeddingCache;
  admission: AdmissionQueue;
  batching: BatchOptions;
  /** Texts longer than this many characters are not cached (0 = no limit). */
  maxCacheableChars: number;
}

const DEFAULT_POLICY = { read: true, write: true };

/**
 * The one inference path. Every dialect calls `embed`: limits, model lookup, both cache tiers,
 * coalescing of identical in-flight work, the admission queue, micro-batching, `dimensions`
 * truncation, normalisation and token counting happen here and nowhere else.
 */
export class Engine {
  readonly coalescer = new Coalescer<CachedEmbedding>();
  readonly #batchers = new Map<string, MicroBatcher>();
  readonly #shapes = new ShapeMemo();

  constructor(private readonly deps: EngineDeps) {
    // An unloaded model's batcher would keep its backend (and weights) reachable.
    deps.registry.onUnload((model) => this.#batchers.delete(`${model.entry.id}@${model.backend.info.revision}`));
  }

  /** Embeds a job's inputs and returns vectors in input order. */
  async embed(job: EmbedJob): Promise<EmbedResult> {
    const started = performance.now();
    checkInputs(job.inputs, this.deps.limits);
    const lease = await this.deps.registry.acquire(job.model);
    try {
      return await this.#embedWith(lease.model, job, started, lease.loadDurationMs);
    } finally {
      lease.release(job.keepAliveMs);
    }
  }

  async #embedWith(model: LoadedModel, job: EmbedJob, started: number, loadDurationMs: number): Promise<EmbedResult> {
    const policy = job.cache ?? DEFAULT_POLICY;
    const backend = model.backend;
    if (backend.kind !== "embedder") throw new AppError("model_cannot_embed", `model "${model.entry.id}" is a cross-encoder: it reranks but cannot embed`, { param: "model" });
    checkDimensions(job.dimensions, backend.info.dimensions);

    const promptPart = promptKeyPart(model, job.inputType);
    const keys = job.inputs.map((text) =>
      embeddingKey({ modelId: model.entry.id, revision: backend.info.revision, ...promptPart, truncate: job.truncate, text }),
    );
    const entries: (CachedEmbedding | undefined)[] = new Array(job.inputs.length);
    let cacheHits = 0;
    if (policy.read) {
      const readable = job.inputs.flatMap((text, i) => (this.#cacheable(text) ? [i] : []));
      const lookup = await this.deps.cache.getMany(readable.map((i) => keys[i]));
      readable.forEach((inputIndex, j) => (entries[inputIndex] = lookup.values[j]));
      cacheHits = lookup.l1Hits + lookup.l2Hits;
    }

    const pending = new Map<string, Promise<CachedEmbedding>>();
    const owned: OwnedMiss[] = [];
    job.inputs.forEach((text, i) => {
      if (entries[i] || pending.has(keys[i])) return;
      const joined = this.coalescer.join(keys[i]);
      if (joined) {
        pending.set(keys[i], joined);
        return;
      }
      const result = deferred<CachedEmbedding>();
      this.coalescer.own(keys[i], result.promise);
      pending.set(keys[i], result.promise);
      owned.push({ key: keys[i], text, cacheable: this.#cacheable(text), result });
    });

    const timings = owned.length
      ? await runOwnedMisses(owned, {
          backend,
          modelId: model.entry.id,
          batcher: this.#batcherFor(model, backend),
          admission: this.deps.admission,
          cache: this.deps.cache,
          batching: this.deps.batching,
          truncate: job.truncate,
          inputType: job.inputType,
          writeCache: policy.write,
          signal: job.signal,
        })
      : { queueMs: 0, inferenceMs: 0 };

    for (let i = 0; i < entries.length; i++) {
      entries[i] ??= await this.#settle(pending.get(keys[i])!, job, job.inputs[i]);
    }
    const vectors = entries.map((entry) => this.#shapes.shape(entry!.vector, job.dimensions, job.normalize));
    const promptTokens = entries.reduce((sum, entry) => sum + entry!.tokens, 0);
    checkTokenTotal(promptTokens, this.deps.limits);
    return {
      model: model.entry.id,
      vectors,
      promptTokens,
      cacheHits,
      cacheMisses: job.inputs.length - cacheHits,
      timings: { loadMs: loadDurationMs, ...timings, totalMs: performance.now() - started },
    };
  }

  /**
   * Scores documents against a query, best first: a cross-encoder scores the pairs itself; any
   * embedding model reranks by the cosine similarity of its (cached) embeddings.
   */
  async rerank(job: RerankJob): Promise<RerankResult> {
    checkDocumentCount(job.documents.length, this.deps.limits);
    checkInputs([job.query, ...job.documents], this.deps.limits);
    const lease = await this.deps.registry.acquire(job.model ?? "");
    try {
      const { backend, entry } = lease.model;
      if (backend.kind === "cross-encoder") {
        const context = { modelId: entry.id, backend, admission: this.deps.admission, batching: this.deps.batching, loadMs: lease.loadDurationMs };
        const result = await rerankWithCrossEncoder(job, context);
        checkTokenTotal(result.totalTokens, this.deps.limits);
        return result;
      }
    } finally {
      lease.release(job.keepAliveMs);
    }
    return rerankByEmbedding((embedJob) => this.embed(embedJob), job);
  }

  /** Micro-batch statistics over every model, for metrics. */
  batchStats(): { calls: number; texts: number } {
    let calls = 0;
    let texts = 0;
    for (const batcher of this.#batchers.values()) {
      calls += batcher.stats.calls;
      texts += batcher.stats.texts;
    }
    return { calls, texts };
  }

  /**
   * Waits for a miss. A joined computation whose owner's client went away is started again
   * for this request, which is still waiting; every other error is this request's error too.
   */
  async #settle(pending: Promise<CachedEmbedding>, job: EmbedJob, text: string): Promise<CachedEmbedding> {
    try {
      return await pending;
    } catch (error) {
      const ownerLeft = error instanceof AppError && error.code === "client_closed" && !job.signal?.aborted;
      if (!ownerLeft) throw error;
      const retry = await this.embed({ ...job, inputs: [text], dimensions: undefined, normalize: false });
      return { vector: retry.vectors[0], tokens: retry.promptTokens };
    }
  }

  #cacheable(text: string): boolean {
    return this.deps.maxCacheableChars === 0 || text.length <= this.deps.maxCacheableChars;
  }

  #batcherFor(model: LoadedModel, backend: EmbedderBackend): MicroBatcher {
    const id = `${model.entry.id}@${backend.info.revision}`;
    let batcher = this.#batchers.get(id);
    if (!batcher) this.#batchers.set(id, (batcher = new MicroBatcher(backend, this.deps.batching)));
    return batcher;
  }
}

/**
 * The prompt part of a cache key: the template the backend applies. A text without input_type
 * is embedded as a document (backends apply the document prompt), so the two share entries;
 * models without templates embed everything alike and share one kind.
 */
function promptKeyPart(model: LoadedModel, inputType: InputType | undefined): { inputKind: string; prompt: string } {
  const kind = inputType ?? "document";
  const prompt = kind === "query" ? model.entry.queryPrompt : model.entry.documentPrompt;
  return prompt ? { inputKind: kind, prompt } : { inputKind: "text", prompt: "" };
}
