import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { parseKeepAlive } from "../models/keep-alive.js";

function isKeepAlive(value: string | number): boolean {
  try {
    parseKeepAlive(value);
    return true;
  } catch {
    return false;
  }
}

/** Ollama spells an untagged name as `name:latest`; both mean the same model. */
export function stripLatestTag(name: string): string {
  return name.endsWith(":latest") ? name.slice(0, -":latest".length) : name;
}

const modelName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._\-/:]*$/, "letters, digits and . _ - / : only, starting with a letter or digit");

/** One model in the catalog (`config/models.json`). */
export const catalogEntrySchema = z.object({
  id: modelName.describe("The model's name in every API"),
  aliases: z.array(modelName).default([]).describe("Other names that resolve to this model (e.g. OpenAI's default model names)"),
  backend: z.enum(["model2vec", "onnx"]).describe("Which engine runs it: model2vec (static) or onnx (transformers through onnxruntime)"),
  kind: z.enum(["embedder", "cross-encoder"]).default("embedder").describe("embedder (vectors; reranks by cosine) or cross-encoder (reranks only)"),
  dtype: z.enum(["fp32", "fp16", "q8", "q4"]).optional().describe("ONNX weight file to use (onnx/model.onnx, model_fp16, model_quantized, model_q4)"),
  pooling: z.enum(["mean", "cls", "last_token"]).optional().describe("ONNX embedders: how token states become one vector"),
  normalize: z.boolean().optional().describe("ONNX embedders: L2-normalise the model's output"),
  maxTokens: z.number().int().min(1).optional().describe("ONNX: longest input in tokens"),
  queryPrompt: z.string().optional().describe('ONNX embedders: template for input_type "query"; "{text}" marks the text, else it is a prefix'),
  documentPrompt: z.string().optional().describe('ONNX embedders: template for input_type "document"'),
  preload: z.boolean().default(false).describe("Load at start instead of on first use (the default model always preloads)"),
  keep_alive: z
    .union([z.string(), z.number()])
    .refine(isKeepAlive, 'must be a duration like "5m", "1h", "30s", a number of seconds, 0 or -1')
    .optional().describe('How long the model stays loaded after use (Ollama semantics: "5m", 0, -1 = forever); default MODEL_KEEP_ALIVE'),
  source: z.string().min(1).describe('A local folder (relative to the catalog file), a hub repo id ("owner/name"), or "builtin:glove-100d"'),
  revision: z.string().min(1).optional().describe("Hub revision (branch, tag or commit); default main"),
  description: z.string().optional(),
  license: z.string().optional().describe("Licence of the weights, shown by /api/show"),
  disabled: z.boolean().default(false).describe("Listed in the file but not served"),
});

/** The catalog file: the models this server may serve, and which one is the default. */
export const catalogSchema = z.object({
  default: modelName.optional().describe("Model used when a request names an alias of it, and preloaded at start"),
  models: z.array(z.unknown()),
});

/** A validated catalog entry with its source resolved to an absolute path where it is local. */
export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

/** The validated catalog. */
export interface Catalog {
  defaultModel: string | undefined;
  entries: CatalogEntry[];
}

/** Reads and validates a catalog file; throws an Error with a readable reason. */
export function loadCatalog(path: string): Catalog {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new Error(`model catalog ${path}: ${(error as Error).message}`);
  }
  const top = catalogSchema.safeParse(raw);
  if (!top.success) throw new Error(`model catalog ${path}: ${z.prettifyError(top.error)}`);
  const entries: CatalogEntry[] = [];
  top.data.models.forEach((item, index) => {
    const parsed = catalogEntrySchema.safeParse(item);
    if (!parsed.success) throw new Error(`model catalog ${path}: models[${index}]: ${z.prettifyError(parsed.error)}`);
    if (!parsed.data.disabled) entries.push(resolveSource(parsed.data, dirname(path)));
  });
  checkUniqueNames(path, entries);
  const defaultModel = top.data.default;
  if (defaultModel && !entries.some((entry) => entry.id === defaultModel)) {
    throw new Error(`model catalog ${path}: default "${defaultModel}" is not an enabled model`);
  }
  return { defaultModel, entries };
}

/** Local sources are taken relative to the catalog file; hub ids and builtins stay as written. */
function resolveSource(entry: CatalogEntry, baseDir: string): CatalogEntry {
  const { source } = entry;
  const isLocal = source.startsWith(".") || isAbsolute(source) || source.startsWith("~");
  return isLocal ? { ...entry, source: resolve(baseDir, source.replace(/^~(?=\/)/, process.env.HOME ?? "~")) } : entry;
}

function checkUniqueNames(path: string, entries: CatalogEntry[]): void {
  const seen = new Set<string>();
  for (const entry of entries) {
    for (const name of [entry.id, ...entry.aliases].map(stripLatestTag)) {
      if (seen.has(name)) throw new Error(`model catalog ${path}: the name "${name}" is used twice`);
      seen.add(name);
    }
  }
}
