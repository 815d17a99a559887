/** What dialects hand the engine, and what they get back. camelCase past the adapters. */
import type { InputType } from "../backends/backend.js";

/** One embedding request, in the engine's terms. */
export interface EmbedJob {
  /** The model name as the client sent it (id, alias, or `name:latest`). */
  model: string;
  inputs: string[];
  /** Keep only the first N components (Matryoshka truncation); then re-normalise if `normalize`. */
  dimensions?: number;
  /** L2-normalise the output (OpenAI and Ollama /api/embed do; legacy /api/embeddings does not). */
  normalize: boolean;
  /** Cut over-long inputs (true) or reject them (false). */
  truncate: boolean;
  /** Aborted when the client goes away; queued work is then dropped. */
  signal?: AbortSignal;
  /** How long the model stays loaded after this request (ms; Infinity = forever); the model's own setting when absent. */
  keepAliveMs?: number;
  /** Query or document, for models with prompt templates; part of the cache key. */
  inputType?: InputType;
  /** Per-request cache use (`Cache-Control: no-cache` skips reads, `no-store` skips writes). */
  cache?: CachePolicy;
}

/** Whether a request may read from and write to the cache. */
export interface CachePolicy {
  read: boolean;
  write: boolean;
}

/** Time spent in each stage of a request, in milliseconds. */
export interface Timings {
  loadMs: number;
  queueMs: number;
  inferenceMs: number;
  totalMs: number;
}

/** The engine's answer to an {@link EmbedJob}, vectors in input order. */
export interface EmbedResult {
  /** The resolved model id (not the alias the client used). */
  model: string;
  vectors: Float32Array[];
  /** Tokens over all inputs. */
  promptTokens: number;
  cacheHits: number;
  cacheMisses: number;
  timings: Timings;
}
