import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { Tokenizer } from "@huggingface/tokenizers";
import { AppError } from "../../errors.js";
import type { EmbedderBackend, EncodeOptions, EncodeResult, ModelInfo } from "../backend.js";
import { ChunkedTokenizer } from "./chunked-tokenizer.js";
import { locateModel2VecFiles } from "./model-files.js";
import { readStaticTable, type StaticTable } from "./static-table.js";

/** Model2Vec reads at most this many tokens per text (the Python package's default max_length). */
export const MODEL2VEC_MAX_TOKENS = 512;

/**
 * A Model2Vec static embedding model: tokenize, look up one row per token, average, normalise.
 * Matches the Python `model2vec` package's `encode` output.
 */
export class Model2VecBackend implements EmbedderBackend {
  readonly kind = "embedder" as const;
  readonly info: ModelInfo;
  readonly #table: StaticTable;
  readonly #tokenizer: ChunkedTokenizer;
  readonly #unkId: number | undefined;
  readonly #normalize: boolean;
  /** Texts are cut to maxTokens × median token length characters before tokenizing, as in Python. */
  readonly #maxChars: number;

  private constructor(table: StaticTable, tokenizer: Tokenizer, tokenizerJson: TokenizerJson, normalize: boolean, revision: string) {
    this.#table = table;
    this.#tokenizer = new ChunkedTokenizer(tokenizer, tokenizerJson);
    this.#normalize = normalize;
    const unkToken = tokenizerJson.model?.unk_token;
    this.#unkId = unkToken == null ? undefined : tokenizer.token_to_id(unkToken);
    this.#maxChars = MODEL2VEC_MAX_TOKENS * medianTokenLength(tokenizer.get_vocab(true));
    const tableVocab = table.mapping?.length ?? table.rowCount;
    if (tokenizer.get_vocab(true).size > tableVocab + 1024) {
      // A tokenizer much larger than the table would index past the weights.
      throw new Error(`tokenizer has ${tokenizer.get_vocab(true).size} tokens but the model has ${tableVocab} rows`);
    }
    this.info = {
      dimensions: table.dimensions,
      maxTokens: MODEL2VEC_MAX_TOKENS,
      revision,
      sizeBytes: table.rows.byteLength + (table.mapping?.byteLength ?? 0) + (table.weights?.byteLength ?? 0),
      parameterCount: table.parameterCount,
      architecture: "model2vec",
      quantization: table.storedDtype,
    };
  }

  /** Loads a Model2Vec folder (native or sentence-transformers layout). */
  static load(dir: string): Model2VecBackend {
    const files = locateModel2VecFiles(dir);
    const weightBytes = readFileSync(files.weightsPath);
    const tokenizerText = readFileSync(files.tokenizerPath, "utf8");
    const tokenizerJson = JSON.parse(tokenizerText) as TokenizerJson;
    const revision = createHash("sha256").update(weightBytes).update(tokenizerText).update(String(files.normalize)).digest("hex").slice(0, 16);
    const tokenizer = new Tokenizer(tokenizerJson, { model_max_length: 1_000_000 });
    return new Model2VecBackend(readStaticTable(weightBytes), tokenizer, tokenizerJson, files.normalize, revision);
  }

  async encode(texts: string[], options: EncodeOptions): Promise<EncodeResult> {
    const vectors: Float32Array[] = [];
    const tokenCounts: number[] = [];
    for (const text of texts) {
      const { ids, tokenCount } = this.#tokenize(text, options.truncate);
      tokenCounts.push(tokenCount);
      vectors.push(this.#pool(ids));
    }
    return { vectors, tokenCounts };
  }

  async close(): Promise<void> {}

  /**
   * Token ids the model reads for a text (unknown tokens dropped, at most maxTokens), and how many
   * tokens of the text were read, unknown ones included: that count is what `usage` reports.
   */
  #tokenize(text: string, truncate: boolean): { ids: number[]; tokenCount: number } {
    const source = truncate ? cutCodePoints(text, this.#maxChars) : text;
    const all = this.#tokenizer.encode(source);
    const unkId = this.#unkId;
    const ids = unkId === undefined ? all : all.filter((id) => id !== unkId);
    if (ids.length <= MODEL2VEC_MAX_TOKENS) return { ids, tokenCount: all.length };
    if (!truncate) {
      throw new AppError("context_length_exceeded", `input length exceeds context length (${ids.length} > ${MODEL2VEC_MAX_TOKENS} tokens)`, { param: "input" });
    }
    // Python drops unknown tokens first, then keeps the first maxTokens: count up to the last one kept.
    let kept = 0;
    let read = 0;
    while (kept < MODEL2VEC_MAX_TOKENS) if (all[read++] !== unkId) kept++;
    return { ids: ids.slice(0, MODEL2VEC_MAX_TOKENS), tokenCount: read };
  }

  /** Weighted mean of the rows of `ids`, L2-normalised when the model says so. */
  #pool(ids: number[]): Float32Array {
    const { rows, dimensions, mapping, weights } = this.#table;
    const out = new Float32Array(dimensions);
    // Accumulate in float64 so long inputs do not lose precision against the Python reference.
    const sum = new Float64Array(dimensions);
    let count = 0;
    for (const id of ids) {
      const row = mapping ? mapping[id] : id;
      if (row === undefined || row < 0 || row * dimensions >= rows.length) continue;
      const weight = weights ? weights[id] : 1;
      const base = row * dimensions;
      for (let d = 0; d < dimensions; d++) sum[d] += rows[base + d] * weight;
      count++;
    }
    if (count === 0) return out; // empty or all-unknown text: a zero vector, never NaN
    let norm = 0;
    for (let d = 0; d < dimensions; d++) {
      sum[d] /= count;
      norm += sum[d] * sum[d];
    }
    const scale = this.#normalize ? 1 / (Math.sqrt(norm) + 1e-32) : 1;
    for (let d = 0; d < dimensions; d++) out[d] = sum[d] * scale;
    return out;
  }
}

interface TokenizerJson {
  model?: { type?: string; unk_token?: string | null };
}

/** Median token length over the vocabulary, floored, as the Python package computes it. */
function medianTokenLength(vocab: Map<string, number>): number {
  const lengths = [...vocab.keys()].map((token) => [...token].length).sort((a, b) => a - b);
  if (lengths.length === 0) return 1;
  const mid = lengths.length >> 1;
  const median = lengths.length % 2 ? lengths[mid] : (lengths[mid - 1] + lengths[mid]) / 2;
  return Math.max(1, Math.floor(median));
}

/** The first `max` code points of a text (Python slices by code point, not UTF-16 unit). */
function cutCodePoints(text: string, max: number): string {
  if (text.length <= max) return text;
  let units = 0;
  let points = 0;
  for (const char of text) {
    if (points === max) break;
    units += char.length;
    points++;
  }
  return text.slice(0, units);
}
