/**
 * The ONNX backend: transformer embedders and cross-encoders from a local folder in the
 * transformers.js layout (config.json, tokenizer.json, tokenizer_config.json, onnx/model*.onnx),
 * run by transformers.js on onnxruntime-node, offline, in a worker thread per model so inference
 * never blocks the event loop.
 *
 *   const backend = await loadOnnxBackend(dir, { kind: "embedder", dtype: "q8", pooling: "cls", normalize: true });
 *
 * Prompts (queryPrompt / documentPrompt) follow applyPrompt: "{text}" marks the text in a
 * template, any other template is a prefix. inputType "query" takes queryPrompt; "document" and
 * no inputType take documentPrompt. A cross-encoder applies them to the query and the documents.
 */
import type { EmbedderBackend, EncodeOptions, EncodeResult, ModelInfo, RerankerBackend, ScoreResult } from "../backend.js";
import type { OnnxOptions } from "./onnx-options.js";
import type { EmbedOutput, ScoreOutput } from "./onnx-runtime.js";
import { OnnxWorkerClient } from "./worker-client.js";

export { applyPrompt, onnxFilesFor, onnxModelFile, promptFor } from "./onnx-options.js";
export type { OnnxDtype, OnnxKind, OnnxOptions, OnnxPooling } from "./onnx-options.js";

/** An ONNX embedder: texts → vectors (pooled, optionally normalised). */
export class OnnxEmbedderBackend implements EmbedderBackend {
  readonly kind = "embedder" as const;
  readonly info: ModelInfo;
  readonly #client: OnnxWorkerClient;

  constructor(client: OnnxWorkerClient, info: ModelInfo) {
    this.#client = client;
    this.info = info;
  }

  async encode(texts: string[], options: EncodeOptions): Promise<EncodeResult> {
    if (texts.length === 0) return { vectors: [], tokenCounts: [] };
    const output = (await this.#client.call({ op: "embed", texts, truncate: options.truncate, inputType: options.inputType })) as EmbedOutput;
    const { vectors, dimensions } = output;
    return {
      vectors: texts.map((_, i) => vectors.slice(i * dimensions, (i + 1) * dimensions)),
      tokenCounts: output.tokenCounts,
    };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

/** An ONNX cross-encoder: (query, document) pairs → sigmoid of the model's one logit. */
export class OnnxCrossEncoderBackend implements RerankerBackend {
  readonly kind = "cross-encoder" as const;
  readonly info: ModelInfo;
  readonly #client: OnnxWorkerClient;

  constructor(client: OnnxWorkerClient, info: ModelInfo) {
    this.#client = client;
    this.info = info;
  }

  async score(query: string, documents: string[], options: EncodeOptions): Promise<ScoreResult> {
    if (documents.length === 0) return { scores: [], logits: [], tokenCounts: [] };
    const output = (await this.#client.call({ op: "score", query, documents, truncate: options.truncate })) as ScoreOutput;
    return { scores: output.logits.map(sigmoid), logits: output.logits, tokenCounts: output.tokenCounts };
  }

  close(): Promise<void> {
    return this.#client.close();
  }
}

export function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Loads the model in `dir` in its own worker thread. Rejects (with the worker's error) when a
 * file is missing, the folder does not load, or a cross-encoder has more than one label.
 */
export async function loadOnnxBackend(dir: string, options: OnnxOptions): Promise<EmbedderBackend | RerankerBackend> {
  const { client, info } = await OnnxWorkerClient.start({ dir, options: { ...options } });
  return options.kind === "embedder" ? new OnnxEmbedderBackend(client, info) : new OnnxCrossEncoderBackend(client, info);
}
