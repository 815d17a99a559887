/**
 * One ONNX model loaded through transformers.js (onnxruntime-node underneath), run on the calling
 * thread. onnxruntime-node's `session.run` is synchronous native code (its promise only defers the
 * call with setImmediate), so the server never runs this on its main thread: onnx-worker.ts hosts it
 * in a worker thread, and onnx-backend.ts talks to that worker.
 */
import { resolve } from "node:path";
import { AutoModel, AutoModelForSequenceClassification, AutoTokenizer, env, Tensor, type PreTrainedModel } from "@huggingface/transformers";
import type { InputType, ModelInfo } from "../backend.js";
import { configureOffline } from "./offline.js";
import { countOnnxParameters } from "./onnx-param-count.js";
import { locateOnnxFiles, modelTokenLimit, onnxRevision, onnxSizeBytes, readJson } from "./onnx-files.js";
import { applyPrompt, ONNX_QUANTIZATION_LABEL, promptFor, type OnnxDtype, type OnnxOptions } from "./onnx-options.js";
import { ModelTokenizer, type EncodedInput } from "./onnx-tokenize.js";
import { halfToFloat, normalizeInPlace, poolRow } from "./pooling.js";

const DEFAULT_BATCH_SIZE = 32;

/** Vectors of one embed call, row-major [texts, dimensions]. */
export interface EmbedOutput {
  vectors: Float32Array;
  dimensions: number;
  tokenCounts: number[];
}

export interface ScoreOutput {
  logits: number[];
  tokenCounts: number[];
}

export class OnnxModelRuntime {
  readonly options: OnnxOptions;
  readonly #model: PreTrainedModel;
  readonly #tokenizer: ModelTokenizer;
  readonly #batchSize: number;
  info!: ModelInfo;

  private constructor(model: PreTrainedModel, tokenizer: ModelTokenizer, options: OnnxOptions) {
    this.#model = model;
    this.#tokenizer = tokenizer;
    this.options = options;
    this.#batchSize = Math.max(1, options.batchSize ?? DEFAULT_BATCH_SIZE);
  }

  /** Loads a transformers.js-layout folder, offline, and runs one warm-up input. */
  static async load(dir: string, options: OnnxOptions): Promise<OnnxModelRuntime> {
    const folder = resolve(dir); // absolute: transformers.js then reads it as a path, never as a repo id
    const dtype: OnnxDtype = options.dtype ?? "fp32";
    const files = locateOnnxFiles(folder, dtype);
    const config = readJson(files.configPath);
    const tokenizerConfig = readJson(files.tokenizerConfigPath);
    if (options.kind === "cross-encoder") checkOneLabel(config, folder);
    const limit = modelTokenLimit(config, tokenizerConfig);
    const maxTokens = Math.min(options.maxTokens ?? limit, limit);

    configureOffline(env);
    const loadOptions = { local_files_only: true, dtype, device: "cpu" as const };
    const tokenizer = await AutoTokenizer.from_pretrained(folder, { local_files_only: true });
    const model = options.kind === "embedder"
      ? await AutoModel.from_pretrained(folder, loadOptions)
      : await AutoModelForSequenceClassification.from_pretrained(folder, loadOptions);

    const runtime = new OnnxModelRuntime(model, new ModelTokenizer(tokenizer, maxTokens), options);
    // One warm-up input: the first run pays onnxruntime's set-up, and an embedder's output size is read off it.
    let dimensions = 1;
    try {
      if (options.kind === "embedder") dimensions = (await runtime.embed(["hello"], true, "document")).dimensions;
      else await runtime.score("hello", ["world"], true);
    } catch (error) {
      await runtime.dispose();
      throw error;
    }
    const sizeBytes = onnxSizeBytes(files);
    runtime.info = {
      dimensions,
      maxTokens,
      revision: onnxRevision(files, {
        kind: options.kind,
        dtype,
        pooling: options.pooling ?? "mean",
        normalize: options.normalize ?? false,
        maxTokens,
        queryPrompt: options.queryPrompt ?? null,
        documentPrompt: options.documentPrompt ?? null,
      }),
      sizeBytes,
      parameterCount: safeParameterCount(files.modelPath, sizeBytes, dtype),
      architecture: typeof config.model_type === "string" ? config.model_type : "onnx",
      quantization: ONNX_QUANTIZATION_LABEL[dtype],
    };
    return runtime;
  }

  /** Embeds texts with the prompt for `inputType`; vectors come back in input order. */
  async embed(texts: string[], truncate: boolean, inputType: InputType | undefined): Promise<EmbedOutput> {
    const template = promptFor(this.options, inputType);
    const encoded = texts.map((text) => this.#tokenizer.encode(applyPrompt(template, text), null, truncate, "input"));
    const pooling = this.options.pooling ?? "mean";
    let vectors = new Float32Array(0);
    let dimensions = 0;
    for (const chunk of lengthSortedChunks(encoded, this.#batchSize)) {
      const batch = this.#tokenizer.pad(chunk.map((i) => encoded[i]));
      const outputs = await this.#run(batch);
      const states = tokenStates(outputs);
      if (dimensions === 0) {
        dimensions = states.hidden;
        vectors = new Float32Array(texts.length * dimensions);
      }
      chunk.forEach((index, row) => {
        const out = vectors.subarray(index * dimensions, (index + 1) * dimensions);
        if (states.pooled) out.set(states.data.subarray(row * dimensions, (row + 1) * dimensions));
        else poolRow({ data: states.data, rows: batch.rows, length: batch.length, hidden: dimensions }, batch.attentionMask, row, pooling, out);
        if (this.options.normalize) normalizeInPlace(out);
      });
    }
    return { vectors, dimensions, tokenCounts: encoded.map((input) => input.ids.length) };
  }

  /** One logit per (query, document) pair, in document order. */
  async score(query: string, documents: string[], truncate: boolean): Promise<ScoreOutput> {
    const prompted = applyPrompt(this.options.queryPrompt, query);
    const queryAlone = this.#tokenizer.encode(prompted, null, true, "query");
    const encoded = documents.map((document) => {
      const param = queryAlone.ids.length >= this.#tokenizer.maxTokens ? "query" : "documents";
      return this.#tokenizer.encode(prompted, applyPrompt(this.options.documentPrompt, document), truncate, param);
    });
    const logits = new Array<number>(documents.length);
    for (const chunk of lengthSortedChunks(encoded, this.#batchSize)) {
      const batch = this.#tokenizer.pad(chunk.map((i) => encoded[i]));
      const outputs = await this.#run(batch);
      const tensor = outputs.logits as Tensor | undefined;
      if (!tensor) throw new Error("the cross-encoder returned no logits");
      const data = floatData(tensor);
      const width = tensor.dims[tensor.dims.length - 1] ?? 1;
      chunk.forEach((index, row) => (logits[index] = data[row * width]));
    }
    return { logits, tokenCounts: encoded.map((input) => input.ids.length) };
  }

  async dispose(): Promise<void> {
    await this.#model.dispose();
  }

  async #run(batch: ReturnType<ModelTokenizer["pad"]>): Promise<Record<string, unknown>> {
    const dims = [batch.rows, batch.length];
    return (await this.#model.forward({
      input_ids: new Tensor("int64", batch.inputIds, dims),
      attention_mask: new Tensor("int64", batch.attentionMask, dims),
      token_type_ids: new Tensor("int64", batch.tokenTypeIds, dims),
    })) as Record<string, unknown>;
  }
}

/** Input indices grouped into runs of at most `size`, shortest first, so each run pads little. */
function lengthSortedChunks(inputs: EncodedInput[], size: number): number[][] {
  const order = inputs.map((_, i) => i).sort((a, b) => inputs[a].ids.length - inputs[b].ids.length || a - b);
  const chunks: number[][] = [];
  for (let i = 0; i < order.length; i += size) chunks.push(order.slice(i, i + size));
  return chunks;
}

/** The token states of an embedder's outputs ([rows, length, hidden]), or its pooled output ([rows, hidden]). */
function tokenStates(outputs: Record<string, unknown>): { data: Float32Array; hidden: number; pooled: boolean } {
  const tensors = Object.entries(outputs).filter((entry): entry is [string, Tensor] => entry[1] instanceof Tensor);
  const byName = (name: string) => tensors.find(([key]) => key === name)?.[1];
  const states = byName("last_hidden_state") ?? byName("token_embeddings") ?? tensors.find(([, t]) => t.dims.length === 3)?.[1];
  if (states) return { data: floatData(states), hidden: states.dims[2], pooled: false };
  const pooled = byName("sentence_embedding") ?? tensors.find(([, t]) => t.dims.length === 2)?.[1];
  if (pooled) return { data: floatData(pooled), hidden: pooled.dims[1], pooled: true };
  throw new Error(`the model returned no token states (outputs: ${tensors.map(([key]) => key).join(", ") || "none"})`);
}

function floatData(tensor: Tensor): Float32Array {
  const data = tensor.data as unknown;
  if (data instanceof Float32Array) return data;
  if (tensor.type === "float16") {
    const view = data as Uint16Array;
    return halfToFloat(new Uint16Array(view.buffer, view.byteOffset, view.length));
  }
  if (data instanceof Float64Array) return Float32Array.from(data);
  throw new Error(`unsupported output type ${tensor.type}`);
}

function checkOneLabel(config: Record<string, unknown>, dir: string): void {
  const labels = typeof config.id2label === "object" && config.id2label ? Object.keys(config.id2label).length : Number(config.num_labels ?? 1);
  if (labels !== 1) throw new Error(`${dir}: a cross-encoder must have exactly one output label (config has ${labels})`);
}

/** Initializer elements of the ONNX file; when it cannot be parsed, bytes over bytes per weight. */
function safeParameterCount(modelPath: string, sizeBytes: number, dtype: OnnxDtype): number {
  try {
    return countOnnxParameters(modelPath);
  } catch {
    const bytesPerWeight = { fp32: 4, fp16: 2, q8: 1, q4: 0.5 }[dtype];
    return Math.round(sizeBytes / bytesPerWeight);
  }
}
