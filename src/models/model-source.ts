import { existsSync } from "node:fs";
import type { Logger } from "../util/logger.js";
import { onnxFilesFor } from "../backends/onnx/onnx-backend.js";
import type { CatalogEntry } from "../config/catalog.js";
import { ensureGloveModel } from "./builtin/glove-100d.js";
import { downloadFromHub } from "./hub-download.js";

/** Where sources are fetched or built to. */
export interface SourceOptions {
  cacheDir: string;
  hub: { cacheDir: string; endpoint: string; token: string | undefined };
  logger: Logger;
}

/** Files a Model2Vec folder needs, and the ones it may have (sentence-transformers layout). */
const MODEL2VEC_FILES = ["config.json", "tokenizer.json", "model.safetensors"];
const MODEL2VEC_OPTIONAL = ["modules.json", "README.md"];

/**
 * Turns a catalog `source` into a local folder: a builtin is built once, a hub repo id is
 * downloaded once into the hub cache, a local folder is used as is.
 */
export async function materializeSource(entry: CatalogEntry, options: SourceOptions): Promise<string> {
  const { source } = entry;
  if (source === "builtin:glove-100d") return ensureGloveModel({ cacheDir: options.cacheDir, logger: options.logger });
  if (source.startsWith("builtin:")) throw new Error(`unknown builtin model source "${source}"`);
  if (existsSync(source)) return source;
  if (source.startsWith("/") || source.startsWith(".")) throw new Error(`model folder ${source} does not exist`);
  const { files, optionalFiles } = entry.backend === "onnx" ? onnxFilesFor(entry.dtype) : { files: MODEL2VEC_FILES, optionalFiles: MODEL2VEC_OPTIONAL };
  return downloadFromHub({
    repoId: source,
    revision: entry.revision,
    files,
    optionalFiles,
    cacheDir: options.hub.cacheDir,
    endpoint: options.hub.endpoint,
    token: options.hub.token,
    logger: options.logger,
  });
}
