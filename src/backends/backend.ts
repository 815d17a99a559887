/**
 * The contract every model backend fulfils. The engine is the only caller: it handles caching,
 * batching, truncation to `dimensions` and normalisation; a backend only turns texts into raw
 * vectors (or pairs into scores).
 */

/** Facts about a loaded model, used for routing, `/api/show` and cache keys. */
export interface ModelInfo {
  /** Output vector size. */
  dimensions: number;
  /** Longest input in tokens the model reads; longer inputs are truncated or rejected. */
  maxTokens: number;
  /** Digest of the weights and tokenizer: part of every cache key, so new weights never hit old vectors. */
  revision: string;
  /** Bytes of weights held in memory. */
  sizeBytes: number;
  /** Number of parameters (weights) in the model. */
  parameterCount: number;
  /** Architecture family, e.g. "model2vec" (Ollama's `model_info` prefix). */
  architecture: string;
  /** Storage type of the weights as loaded from disk, e.g. "F16". */
  quantization: string;
}

/** Per-call options a backend honours. */
export interface EncodeOptions {
  /** Cut inputs longer than `maxTokens` (true) or reject them with context_length_exceeded (false). */
  truncate: boolean;
  /** Which prompt template applies, for instruction-aware models ("query" or "document"). */
  inputType?: InputType;
}

/** What a text is, for models that embed queries and documents differently. */
export type InputType = "query" | "document";

/** Output of one backend call, aligned with its input texts. */
export interface EncodeResult {
  vectors: Float32Array[];
  /** Tokens each input counted as (after truncation). */
  tokenCounts: number[];
}

/** A loaded embedding model. */
export interface EmbedderBackend {
  readonly kind: "embedder";
  readonly info: ModelInfo;
  /** Encodes texts to raw vectors, as the model defines them. */
  encode(texts: string[], options: EncodeOptions): Promise<EncodeResult>;
  /** Releases memory and native resources. */
  close(): Promise<void>;
}

/** Output of one cross-encoder call, aligned with its documents. */
export interface ScoreResult {
  /** Relevance of each (query, document) pair: sigmoid of the model's single logit, in [0, 1]. */
  scores: number[];
  /** The logits themselves (TEI's raw_scores). */
  logits: number[];
  /** Tokens each pair counted as (after truncation). */
  tokenCounts: number[];
}

/** A loaded cross-encoder: scores (query, document) pairs directly. */
export interface RerankerBackend {
  readonly kind: "cross-encoder";
  readonly info: ModelInfo;
  /** Scores each document against the query. */
  score(query: string, documents: string[], options: EncodeOptions): Promise<ScoreResult>;
  close(): Promise<void>;
}

/** Every kind of loaded model. */
export type Backend = EmbedderBackend | RerankerBackend;
