/**
 * Builds a 1024-dimensional Model2Vec stand-in model for the benchmarks: the original service's
 * primary model was a 1024-d Model2Vec model, and a table that size is what makes response
 * serialisation and the mean over token rows cost what they cost in production.
 *
 * The weights are seeded random F32 values (deterministic: every run builds the same bytes) over
 * the fixture tokenizer's vocabulary; the tokenizer is copied from the shared fixtures. The
 * vectors mean nothing; only their shape and size matter here.
 *
 *   npx tsx bench/make-model-1024.ts          # builds .cache/bench/m2v-1024/ unless already there
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { writeSafetensors } from "../src/backends/model2vec/safetensors.js";

export const MODEL_1024_DIMENSIONS = 1024;
/** Where the model is written: inside the repository's gitignored .cache/. */
export const MODEL_1024_DIR = fileURLToPath(new URL("../.cache/bench/m2v-1024/", import.meta.url));
/** The shared Model2Vec fixtures, beside this repository. */
const FIXTURES = new URL("../../shared/fixtures/model2vec/", import.meta.url);
const TOKENIZER = fileURLToPath(new URL("test-model-float32/tokenizer.json", FIXTURES));
const SEED = 0x1024;

/** mulberry32: a tiny seeded PRNG, enough for reproducible filler weights. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows the table needs: one per token id the tokenizer can produce (vocabulary and added tokens). */
function vocabularySize(tokenizerPath: string): number {
  const tokenizer = JSON.parse(readFileSync(tokenizerPath, "utf8")) as {
    model: { vocab: Record<string, number> };
    added_tokens?: { id: number }[];
  };
  let maxId = -1;
  for (const id of Object.values(tokenizer.model.vocab)) maxId = Math.max(maxId, id);
  for (const token of tokenizer.added_tokens ?? []) maxId = Math.max(maxId, token.id);
  return maxId + 1;
}

/** True when every file of a finished build is present (config.json is written last). */
export function model1024Exists(dir = MODEL_1024_DIR): boolean {
  return ["model.safetensors", "tokenizer.json", "config.json"].every((file) => existsSync(join(dir, file)));
}

/** Builds the model into `dir` unless it is already there; returns the folder. */
export function ensureModel1024(dir = MODEL_1024_DIR, log: (line: string) => void = () => undefined): string {
  if (model1024Exists(dir)) return dir;
  const started = performance.now();
  mkdirSync(dir, { recursive: true });
  const vocab = vocabularySize(TOKENIZER);
  const data = new Float32Array(vocab * MODEL_1024_DIMENSIONS);
  const random = mulberry32(SEED);
  for (let i = 0; i < data.length; i++) data[i] = (random() - 0.5) * 0.2;
  const weights = writeSafetensors({ embeddings: { dtype: "F32", shape: [vocab, MODEL_1024_DIMENSIONS], data } });
  // Write to temporary names and rename, so an interrupted build is never mistaken for a finished one.
  writeFileSync(join(dir, "model.safetensors.partial"), weights);
  renameSync(join(dir, "model.safetensors.partial"), join(dir, "model.safetensors"));
  copyFileSync(TOKENIZER, join(dir, "tokenizer.json"));
  chmodSync(join(dir, "tokenizer.json"), 0o644); // the fixtures are read-only; the copy need not be
  const config = { model_type: "model2vec", hidden_dim: MODEL_1024_DIMENSIONS, normalize: true };
  writeFileSync(join(dir, "config.json.partial"), `${JSON.stringify(config, null, 2)}\n`);
  renameSync(join(dir, "config.json.partial"), join(dir, "config.json"));
  const mb = (weights.byteLength / 1024 / 1024).toFixed(0);
  log(`built ${dir} (${vocab} × ${MODEL_1024_DIMENSIONS} F32, ${mb} MiB) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const existed = model1024Exists();
  const dir = ensureModel1024(MODEL_1024_DIR, (line) => console.log(line));
  if (existed) console.log(`${dir} already exists; nothing to do`);
}
