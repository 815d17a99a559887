/**
 * The files of a transformers.js model folder: which exist for a dtype, what they weigh, a fast
 * content digest, and the limits the config and tokenizer config set.
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, statSync } from "node:fs";
import { join } from "node:path";
import { onnxModelFile, type OnnxDtype } from "./onnx-options.js";

export interface OnnxModelFiles {
  dir: string;
  /** onnx/model{suffix}.onnx */
  modelPath: string;
  /** onnx/model{suffix}.onnx_data, _data_1, … when present. */
  externalDataPaths: string[];
  configPath: string;
  tokenizerPath: string;
  tokenizerConfigPath: string;
}

/** Checks the folder has what transformers.js will read for this dtype; throws naming what is missing. */
export function locateOnnxFiles(dir: string, dtype: OnnxDtype): OnnxModelFiles {
  const files: OnnxModelFiles = {
    dir,
    modelPath: join(dir, onnxModelFile(dtype)),
    externalDataPaths: [],
    configPath: join(dir, "config.json"),
    tokenizerPath: join(dir, "tokenizer.json"),
    tokenizerConfigPath: join(dir, "tokenizer_config.json"),
  };
  const missing = [files.configPath, files.tokenizerPath, files.tokenizerConfigPath, files.modelPath].filter((path) => !existsSync(path));
  if (missing.length > 0) {
    throw new Error(`ONNX model folder ${dir} lacks ${missing.map((path) => path.slice(dir.length).replace(/^[\\/]/, "")).join(", ")} (dtype ${dtype})`);
  }
  for (let i = 0; ; i++) {
    const path = `${files.modelPath}_data${i === 0 ? "" : `_${i}`}`;
    if (!existsSync(path)) break;
    files.externalDataPaths.push(path);
  }
  return files;
}

const MIB = 1024 * 1024;

/** Feeds a file to a hash: all of it when small, else its size plus its first and last MiB. */
function hashFile(hash: ReturnType<typeof createHash>, path: string): void {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    hash.update(`${size}\0`);
    const head = Buffer.alloc(Math.min(size, 2 * MIB));
    if (size <= 2 * MIB) {
      readSync(fd, head, 0, size, 0);
      hash.update(head);
      return;
    }
    const part = Buffer.alloc(MIB);
    readSync(fd, part, 0, MIB, 0);
    hash.update(part);
    readSync(fd, part, 0, MIB, size - MIB);
    hash.update(part);
  } finally {
    closeSync(fd);
  }
}

/**
 * Digest of the weights, tokenizer, config and the settings that change the output (16 hex
 * digits). Large files are sampled (size + first and last MiB), so it costs milliseconds.
 */
export function onnxRevision(files: OnnxModelFiles, settings: Record<string, unknown>): string {
  const hash = createHash("sha256");
  for (const path of [files.modelPath, ...files.externalDataPaths, files.tokenizerPath, files.tokenizerConfigPath, files.configPath]) {
    hash.update(`${path.slice(files.dir.length)}\0`);
    hashFile(hash, path);
  }
  hash.update(JSON.stringify(settings));
  return hash.digest("hex").slice(0, 16);
}

/** Bytes of weights on disk: the .onnx file and its external data. */
export function onnxSizeBytes(files: OnnxModelFiles): number {
  return [files.modelPath, ...files.externalDataPaths].reduce((sum, path) => sum + statSync(path).size, 0);
}

export const readJson = (path: string): Record<string, unknown> => JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;

/** Model types whose position ids start after the padding index (RoBERTa family: 514 rows, 512 usable). */
const PADDING_OFFSET_POSITIONS = new Set(["roberta", "xlm-roberta", "camembert", "mpnet", "longformer", "data2vec-text"]);

/** Tokenizer configs write "no limit" as a huge number (1e30): treat anything past this as unset. */
const UNSET_LENGTH = 1_000_000;

/**
 * Longest input the model reads: the smaller of tokenizer_config.model_max_length and the
 * config's position table (less the RoBERTa padding offset); 512 when neither says.
 */
export function modelTokenLimit(config: Record<string, unknown>, tokenizerConfig: Record<string, unknown>): number {
  const limits: number[] = [];
  const fromTokenizer = tokenizerConfig.model_max_length;
  if (typeof fromTokenizer === "number" && fromTokenizer > 0 && fromTokenizer < UNSET_LENGTH) limits.push(fromTokenizer);
  const positions = config.max_position_embeddings ?? config.n_positions ?? config.max_seq_len;
  if (typeof positions === "number" && positions > 0) {
    const offset = PADDING_OFFSET_POSITIONS.has(String(config.model_type)) ? Number(config.pad_token_id ?? 1) + 1 : 0;
    limits.push(positions - offset);
  }
  return limits.length > 0 ? Math.min(...limits) : 512;
}
