import type { Backend } from "../backends/backend.js";
import { Model2VecBackend } from "../backends/model2vec/model2vec-backend.js";
import type { CatalogEntry } from "../config/catalog.js";

/** Builds the backend a catalog entry names from its local folder. */
export async function loadBackend(entry: CatalogEntry, dir: string): Promise<Backend> {
  switch (entry.backend) {
    case "model2vec":
      if (entry.kind !== "embedder") throw new Error("a model2vec model is an embedder; kind cross-encoder needs backend onnx");
      return Model2VecBackend.load(dir);
    case "onnx":
      throw new Error("the onnx backend is not available in this build");
  }
}
