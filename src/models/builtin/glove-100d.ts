import { existsSync } from "node:fs";
import { copyFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeSafetensors } from "../../backends/model2vec/safetensors.js";
import type { Logger } from "../../util/logger.js";
import { buildFolderAtomically } from "./atomic-folder.js";
import { buildGloveTable, SIF_COEFFICIENT } from "./glove-table.js";
import { gloveReadme } from "./glove-readme.js";
import { locateWink, readWink, WINK_PACKAGE } from "./wink-source.js";
import { buildWordTokenizer } from "./word-tokenizer.js";

/** Bump when the recipe changes, so existing caches are rebuilt rather than trusted. */
const RECIPE = "glove-100d-v1";
/** Source words kept by default; covers nearly all running English text. */
export const DEFAULT_GLOVE_VOCAB_SIZE = 100_000;
const REQUIRED_FILES = ["config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors"];

/** Options for {@link ensureGloveModel}. */
export interface BuildGloveOptions {
  /** Parent folder; the model lands in `${cacheDir}/glove-100d-v1/`. */
  cacheDir: string;
  logger?: Logger;
  /** Draw progress bars (default: when stderr is a terminal); otherwise log lines. */
  progressBar?: boolean;
  /** How many source words to keep (default 100 000). A non-default size gets its own folder. */
  vocabSize?: number;
}

/** Builds in flight in this process, by target folder, so concurrent callers share one. */
const inFlight = new Map<string, Promise<string>>();

/**
 * Returns the folder of the converted model, converting once if it is not there yet (atomic:
 * build in a temp folder, then rename). Concurrent calls in one process share one build; a
 * process racing another simply adopts whichever copy was renamed into place first.
 */
export function ensureGloveModel(opts: BuildGloveOptions): Promise<string> {
  const vocabSize = opts.vocabSize ?? DEFAULT_GLOVE_VOCAB_SIZE;
  if (!Number.isInteger(vocabSize) || vocabSize < 1) return Promise.reject(new Error(`vocabSize must be a positive integer, got ${vocabSize}`));
  const folder = vocabSize === DEFAULT_GLOVE_VOCAB_SIZE ? RECIPE : `${RECIPE}-${vocabSize}`;
  const target = join(opts.cacheDir, folder);
  if (existsSync(target)) {
    const missing = REQUIRED_FILES.filter((file) => !existsSync(join(target, file)));
    // Only a rename creates the folder, so a gap means outside damage; rebuilding over it
    // could race another process, so leave the decision to the operator.
    if (missing.length > 0) return Promise.reject(new Error(`${target} is incomplete (missing ${missing.join(", ")}); delete it to rebuild`));
    return Promise.resolve(target);
  }
  let pending = inFlight.get(target);
  if (!pending) {
    pending = buildFolderAtomically(target, (dir) => convert(dir, folder, vocabSize, opts)).finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  return pending;
}

async function convert(dir: string, folder: string, vocabSize: number, opts: BuildGloveOptions): Promise<void> {
  const started = Date.now();
  const { logger, progressBar: bar } = opts;
  logger?.info({ model: folder }, "building the built-in model from GloVe vectors (once)");
  const wink = await locateWink();
  const table = buildGloveTable(await readWink(wink.jsonPath, logger, bar), { vocabSize, logger, bar });
  const rowCount = table.tokens.length;
  const source = `${WINK_PACKAGE}@${wink.version}`;
  const config = {
    model_type: "model2vec",
    architectures: ["StaticModel"],
    hidden_dim: table.dimensions,
    normalize: true,
    seq_length: 1_000_000,
    embedding_dtype: "float16",
    source,
    license: "MIT",
  };
  // Encoding 10M values to float16 takes a few seconds with no progress of its own: say so.
  logger?.info({ model: folder, rows: rowCount }, "writing model.safetensors (float16)");
  const weights = writeSafetensors({ embeddings: { dtype: "F16", shape: [rowCount, table.dimensions], data: table.rows } });
  await writeFile(join(dir, "model.safetensors"), weights);
  await writeFile(join(dir, "tokenizer.json"), JSON.stringify(buildWordTokenizer(table.tokens)));
  await writeFile(join(dir, "tokenizer_config.json"), `${JSON.stringify({ model_max_length: 1_000_000 }, null, 2)}\n`);
  // MIT asks copies to carry the notice; the package always ships it, but a pruned install may not.
  if (existsSync(wink.licensePath)) await copyFile(wink.licensePath, join(dir, "LICENSE"));
  await writeFile(join(dir, "README.md"), gloveReadme({ folder, source, wordCount: table.wordCount, rowCount, sifCoefficient: SIF_COEFFICIENT }));
  // config.json last: its presence marks a finished folder even to tools that skip our rename.
  await writeFile(join(dir, "config.json"), `${JSON.stringify(config, null, 2)}\n`);
  logger?.info({ model: folder, rows: rowCount, ms: Date.now() - started }, "built-in model ready");
}
