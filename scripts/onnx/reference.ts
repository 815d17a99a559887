/**
 * Reads the reference tables make-onnx-models.ts writes beside each tiny model (reference/), so a
 * test can recompute the model's outputs by hand; and the model folder's vocabulary.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ReferenceTables } from "../make-onnx-models.js";

export interface Reference extends ReferenceTables {
  /** Row-major [vocabSize, hiddenSize] float32 word embeddings. */
  word: Float32Array;
  /** Token → id, from the folder's tokenizer.json. */
  vocab: Map<string, number>;
}

export function readReference(modelDir: string): Reference {
  const tables = JSON.parse(readFileSync(join(modelDir, "reference", "tables.json"), "utf8")) as ReferenceTables;
  const raw = readFileSync(join(modelDir, "reference", "word_embeddings.f32"));
  const word = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const tokenizer = JSON.parse(readFileSync(join(modelDir, "tokenizer.json"), "utf8")) as { model: { vocab: Record<string, number> } };
  return { ...tables, word, vocab: new Map(Object.entries(tokenizer.model.vocab)) };
}
