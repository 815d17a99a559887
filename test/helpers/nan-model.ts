import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readSafetensors, tensorToFloat32, writeSafetensors } from "../../src/backends/model2vec/safetensors.js";
import { MODEL2VEC_FIXTURES } from "./paths.js";

/** A catalog in a temp folder whose one model returns NaN for some tokens. */
export interface NanCatalog {
  /** The catalog file, for MODELS_FILE. */
  catalogFile: string;
  /** The folder holding the catalog and the model (remove it when done). */
  dir: string;
  /** The model's id in the catalog. */
  modelId: string;
  /** Tokens whose rows are NaN. */
  poisonedTokens: string[];
}

/**
 * Copies the float32 Model2Vec fixture (tokenizer, config) into a temp folder with a
 * model.safetensors whose rows for `poisonedTokens` are NaN, and writes a catalog serving it
 * as `nan-model` (the default model, so it preloads).
 */
export function writeNanCatalog(poisonedTokens: string[] = ["hello"]): NanCatalog {
  const fixture = join(MODEL2VEC_FIXTURES, "test-model-float32");
  const dir = mkdtempSync(join(tmpdir(), "embedgate-nan-"));
  const modelDir = join(dir, "nan-model");
  mkdirSync(modelDir);
  copyFileSync(join(fixture, "tokenizer.json"), join(modelDir, "tokenizer.json"));
  copyFileSync(join(fixture, "config.json"), join(modelDir, "config.json"));

  const tokenizer = JSON.parse(readFileSync(join(fixture, "tokenizer.json"), "utf8")) as { model: { vocab: Record<string, number> } };
  const tensors = readSafetensors(readFileSync(join(fixture, "model.safetensors")));
  const embeddings = tensors.get("embeddings");
  if (!embeddings) throw new Error("fixture has no embeddings tensor");
  const [rows, dimensions] = embeddings.shape;
  const data = tensorToFloat32(embeddings);
  for (const token of poisonedTokens) {
    const id = tokenizer.model.vocab[token];
    if (id === undefined || id >= rows) throw new Error(`token "${token}" has no row in the fixture`);
    data.fill(NaN, id * dimensions, (id + 1) * dimensions);
  }
  writeFileSync(join(modelDir, "model.safetensors"), writeSafetensors({ embeddings: { dtype: "F32", shape: [rows, dimensions], data } }));

  const catalogFile = join(dir, "models.json");
  writeFileSync(catalogFile, JSON.stringify({ default: "nan-model", models: [{ id: "nan-model", backend: "model2vec", source: "./nan-model" }] }));
  return { catalogFile, dir, modelId: "nan-model", poisonedTokens };
}
