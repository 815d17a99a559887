import type { Backend } from "../backends/backend.js";
import { Model2VecBackend } from "../backends/model2vec/model2vec-backend.js";
import { loadOnnxBackend } from "../backends/onnx/onnx-backend.js";
import type { CatalogEntry } from "../config/catalog.js";

/** Builds the backend a catalog entry names from its local folder. */
export async function loadBackend(entry: CatalogEntry, dir: string): Promise<Backend> {
  switch (entry.backend) {
    case "model2vec":
      if (entry.kind !== "embedder") throw new Error("a model2vec model is an embedder; kind cross-encoder needs backend onnx");
      return Model2VecBackend.load(dir);
    case "onnx":
      return loadOnnxBackend(dir, {
        kind: entry.kind,
        dtype: entry.dtype,
        pooling: entry.pooling,
        normalize: entry.normalize,
        maxTokens: entry.maxTokens,
        queryPrompt: entry.queryPrompt,
        documentPrompt: entry.documentPrompt,
      });
  }
}
