/**
 * Writes two tiny ONNX models in the transformers.js folder layout, for the ONNX backend's tests:
 *
 *   <outDir>/tiny-embedder/        config.json (bert, BertModel), tokenizer.json, tokenizer_config.json,
 *                                  onnx/model.onnx, model_fp16.onnx, model_quantized.onnx, model_q4.onnx,
 *                                  reference/ (the float32 tables, to recompute outputs by hand)
 *   <outDir>/tiny-cross-encoder/   config.json (BertForSequenceClassification, one label), tokenizer files,
 *                                  onnx/model.onnx, reference/
 *
 * The graphs are described in scripts/onnx/tiny-graphs.ts. Weights are seeded random, so every run
 * writes the same bytes. The tokenizer is the WordPiece tokenizer of the shared Model2Vec fixture
 * (bge-base-en-v1.5's vocabulary) with a BERT post-processor: [CLS] a [SEP] and [CLS] a [SEP] b [SEP].
 *
 * Run: `npx tsx scripts/make-onnx-models.ts [outDir]` (default .cache/onnx-models).
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { encodeModel } from "./onnx/onnx-proto.js";
import { crossEncoderGraph, embedderGraph, type WordTableDtype } from "./onnx/tiny-graphs.js";

const FIXTURE_TOKENIZER = fileURLToPath(new URL("../../shared/fixtures/model2vec/test-model-float32/tokenizer.json", import.meta.url));
const DEFAULT_OUT_DIR = fileURLToPath(new URL("../.cache/onnx-models/", import.meta.url));

export const TINY_HIDDEN_SIZE = 16;
/** Position table rows, config.max_position_embeddings and tokenizer_config.model_max_length. */
export const TINY_MAX_POSITIONS = 64;
export const EMBEDDER_SEED = 20240611;
export const CROSS_ENCODER_SEED = 7;

/** File name of each dtype's graph under onnx/ (transformers.js naming). */
const ONNX_FILE: Record<WordTableDtype, string> = { fp32: "model.onnx", fp16: "model_fp16.onnx", q8: "model_quantized.onnx", q4: "model_q4.onnx" };

/** The reference tables written beside each model (reference/tables.json). */
export interface ReferenceTables {
  vocabSize: number;
  hiddenSize: number;
  maxPositions?: number;
  /** Row-major float32 values; the word table is in reference/word_embeddings.f32 (little-endian). */
  position?: number[];
  tokenType: number[];
  classifierWeight?: number[];
  classifierBias?: number;
  seed: number;
}

/** mulberry32: a small seeded PRNG; uniform in [-1, 1) here, rounded to float32. */
function uniformTable(seed: number, length: number, scale: number): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    out[i] = (u * 2 - 1) * scale;
  }
  return out;
}

interface TokenizerJson {
  model: { vocab: Record<string, number> };
  post_processor: unknown;
  truncation: unknown;
  padding: unknown;
}

/** The fixture tokenizer with a BERT post-processor that uses the vocabulary's own [CLS]/[SEP] ids. */
function bertTokenizer(): { json: TokenizerJson; vocabSize: number } {
  const json = JSON.parse(readFileSync(FIXTURE_TOKENIZER, "utf8")) as TokenizerJson;
  const vocab = json.model.vocab;
  const id = (token: string): number => {
    const value = vocab[token];
    if (value === undefined) throw new Error(`fixture tokenizer has no ${token}`);
    return value;
  };
  const special = (token: string, typeId: number) => ({ SpecialToken: { id: token, type_id: typeId } });
  const sequence = (name: "A" | "B", typeId: number) => ({ Sequence: { id: name, type_id: typeId } });
  json.post_processor = {
    type: "TemplateProcessing",
    single: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0)],
    pair: [special("[CLS]", 0), sequence("A", 0), special("[SEP]", 0), sequence("B", 1), special("[SEP]", 1)],
    special_tokens: {
      "[CLS]": { id: "[CLS]", ids: [id("[CLS]")], tokens: ["[CLS]"] },
      "[SEP]": { id: "[SEP]", ids: [id("[SEP]")], tokens: ["[SEP]"] },
    },
  };
  json.truncation = null;
  json.padding = null;
  return { json, vocabSize: Math.max(...Object.values(vocab)) + 1 };
}

const TOKENIZER_CONFIG = {
  tokenizer_class: "BertTokenizer",
  model_max_length: TINY_MAX_POSITIONS,
  do_lower_case: true,
  padding_side: "right",
  truncation_side: "right",
  cls_token: "[CLS]",
  sep_token: "[SEP]",
  pad_token: "[PAD]",
  unk_token: "[UNK]",
  mask_token: "[MASK]",
  clean_up_tokenization_spaces: true,
};

function bertConfig(vocabSize: number, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    model_type: "bert",
    hidden_size: TINY_HIDDEN_SIZE,
    num_hidden_layers: 0,
    num_attention_heads: 1,
    intermediate_size: TINY_HIDDEN_SIZE,
    vocab_size: vocabSize,
    max_position_embeddings: TINY_MAX_POSITIONS,
    type_vocab_size: 2,
    pad_token_id: 0,
    torch_dtype: "float32",
    ...extra,
  };
}

const writeJson = (path: string, value: unknown): void => writeFileSync(path, `${JSON.stringify(value, null, 2)}\n`);
const rawBytes = (array: Float32Array): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

function writeModelFolder(dir: string, config: unknown, tokenizer: TokenizerJson): void {
  mkdirSync(join(dir, "onnx"), { recursive: true });
  mkdirSync(join(dir, "reference"), { recursive: true });
  writeJson(join(dir, "config.json"), config);
  writeFileSync(join(dir, "tokenizer.json"), JSON.stringify(tokenizer));
  writeJson(join(dir, "tokenizer_config.json"), TOKENIZER_CONFIG);
}

/** Writes both models under outDir (created if needed) and returns their folders. */
export async function makeOnnxModels(outDir: string = DEFAULT_OUT_DIR): Promise<{ embedder: string; crossEncoder: string }> {
  const { json: tokenizer, vocabSize } = bertTokenizer();
  const hidden = TINY_HIDDEN_SIZE;

  const embedder = resolve(outDir, "tiny-embedder");
  const tables = {
    vocab: vocabSize,
    hidden,
    maxPositions: TINY_MAX_POSITIONS,
    word: uniformTable(EMBEDDER_SEED, vocabSize * hidden, 1),
    position: uniformTable(EMBEDDER_SEED + 1, TINY_MAX_POSITIONS * hidden, 0.25),
    tokenType: uniformTable(EMBEDDER_SEED + 2, 2 * hidden, 0.5),
  };
  writeModelFolder(embedder, bertConfig(vocabSize, { architectures: ["BertModel"] }), tokenizer);
  for (const dtype of Object.keys(ONNX_FILE) as WordTableDtype[]) {
    writeFileSync(join(embedder, "onnx", ONNX_FILE[dtype]), encodeModel(embedderGraph(tables, dtype)));
  }
  writeFileSync(join(embedder, "reference", "word_embeddings.f32"), rawBytes(tables.word));
  const embedderReference: ReferenceTables = {
    vocabSize,
    hiddenSize: hidden,
    maxPositions: TINY_MAX_POSITIONS,
    position: Array.from(tables.position),
    tokenType: Array.from(tables.tokenType),
    seed: EMBEDDER_SEED,
  };
  writeJson(join(embedder, "reference", "tables.json"), embedderReference);

  const crossEncoder = resolve(outDir, "tiny-cross-encoder");
  const ce = {
    vocab: vocabSize,
    hidden,
    word: uniformTable(CROSS_ENCODER_SEED, vocabSize * hidden, 1),
    tokenType: uniformTable(CROSS_ENCODER_SEED + 1, 2 * hidden, 0.5),
    classifierWeight: uniformTable(CROSS_ENCODER_SEED + 2, hidden, 3),
    classifierBias: Math.fround(0.25),
  };
  writeModelFolder(
    crossEncoder,
    bertConfig(vocabSize, {
      architectures: ["BertForSequenceClassification"],
      num_labels: 1,
      id2label: { "0": "LABEL_0" },
      label2id: { LABEL_0: 0 },
    }),
    tokenizer,
  );
  writeFileSync(join(crossEncoder, "onnx", "model.onnx"), encodeModel(crossEncoderGraph(ce)));
  writeFileSync(join(crossEncoder, "reference", "word_embeddings.f32"), rawBytes(ce.word));
  const crossReference: ReferenceTables = {
    vocabSize,
    hiddenSize: hidden,
    tokenType: Array.from(ce.tokenType),
    classifierWeight: Array.from(ce.classifierWeight),
    classifierBias: ce.classifierBias,
    seed: CROSS_ENCODER_SEED,
  };
  writeJson(join(crossEncoder, "reference", "tables.json"), crossReference);

  return { embedder, crossEncoder };
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const started = performance.now();
  const dirs = await makeOnnxModels(process.argv[2] ? resolve(process.argv[2]) : DEFAULT_OUT_DIR);
  console.log(`wrote ${dirs.embedder} and ${dirs.crossEncoder} in ${Math.round(performance.now() - started)} ms`);
}
