import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOnnxModels } from "../scripts/make-onnx-models.js";
import { readReference, type Reference } from "../scripts/onnx/reference.js";
import type { EmbedderBackend } from "../src/backends/backend.js";
import { loadOnnxBackend, type OnnxOptions } from "../src/backends/onnx/onnx-backend.js";
import { AppError } from "../src/errors.js";
import { REPO_ROOT } from "./helpers/paths.js";

// Every expected vector below is recomputed here from the generated tables, by the graph's
// definition: token state = word[id] + position[index] + token_type[0]; then pooling in plain JS.

let root: string;
let dir: string;
let ref: Reference;
const loaded = new Map<string, Promise<EmbedderBackend>>();

/** Runs of 3 texts per onnxruntime call, so every multi-text call below also tests batching. */
const BASE = { batchSize: 3 };

/** One backend per (folder, options), shared by the tests: each load starts a worker thread. */
function load(extra: Omit<OnnxOptions, "kind">, folder = dir): Promise<EmbedderBackend> {
  const options = { ...BASE, ...extra };
  const key = JSON.stringify([folder, options]);
  let backend = loaded.get(key);
  if (!backend) {
    backend = loadOnnxBackend(folder, { kind: "embedder", ...options }).then((b) => {
      if (b.kind !== "embedder") throw new Error("expected an embedder");
      return b;
    });
    loaded.set(key, backend);
  }
  return backend;
}

/** [CLS] words [SEP], from the vocabulary itself (the test texts use whole-word tokens only). */
function tokenIds(text: string): number[] {
  const pieces = text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [];
  return [ref.vocab.get("[CLS]")!, ...pieces.map((piece) => {
    const id = ref.vocab.get(piece);
    if (id === undefined) throw new Error(`test word "${piece}" is not a single token`);
    return id;
  }), ref.vocab.get("[SEP]")!];
}

type WordValue = (value: number) => number;
const exact: WordValue = (v) => v;

/** Token states [tokens][hidden] for single-sequence ids, the word table seen through `wordValue`. */
function states(ids: number[], wordValue: WordValue = exact): number[][] {
  const h = ref.hiddenSize;
  return ids.map((id, position) =>
    Array.from({ length: h }, (_, d) => wordValue(ref.word[id * h + d]) + ref.position![position * h + d] + ref.tokenType[d]),
  );
}

function pool(rows: number[][], mode: "mean" | "cls" | "last_token", normalize = false): number[] {
  const h = rows[0].length;
  let out = mode === "cls" ? rows[0] : mode === "last_token" ? rows[rows.length - 1] : Array.from({ length: h }, (_, d) => rows.reduce((s, r) => s + r[d], 0) / rows.length);
  if (normalize) {
    const norm = Math.sqrt(out.reduce((s, v) => s + v * v, 0));
    out = out.map((v) => v / norm);
  }
  return out;
}

function expectClose(actual: Float32Array, expected: number[], tolerance = 2e-6): void {
  expect(actual.length).toBe(expected.length);
  expected.forEach((value, d) => expect(Math.abs(actual[d] - value)).toBeLessThan(tolerance));
}

const SENTENCES = ["hello world", "the cat sat on the mat", "a", "we like to read books in the evening with tea", "green"];

beforeAll(async () => {
  root = mkdtempSync(join(REPO_ROOT, ".cache", "onnx-embedder-test-"));
  ({ embedder: dir } = await makeOnnxModels(root));
  ref = readReference(dir);
  // Start the workers the tests share at once; they load side by side.
  for (const options of [{}, { pooling: "cls" }, { pooling: "last_token" }, { normalize: true }, { maxTokens: 6, pooling: "last_token" }, { dtype: "fp16" }, { dtype: "q8" }, { dtype: "q4" }] as const) {
    void load(options).catch(() => {});
  }
});

afterAll(async () => {
  await Promise.all([...loaded.values()].map(async (backend) => (await backend).close()));
  rmSync(root, { recursive: true, force: true });
});

describe("ONNX embedder: model facts", () => {
  it("reports dimensions, limits, size, parameters, architecture and a content revision", async () => {
    const backend = await load({});
    expect(backend.info).toMatchObject({ dimensions: 16, maxTokens: 64, architecture: "bert", quantization: "F32" });
    expect(backend.info.sizeBytes).toBe(statSync(join(dir, "onnx", "model.onnx")).size);
    // word [vocab, 16] + position [64, 16] + token type [2, 16] + four int64 constants
    expect(backend.info.parameterCount).toBe(ref.vocabSize * 16 + 64 * 16 + 32 + 4);
    expect(backend.info.revision).toMatch(/^[0-9a-f]{16}$/);
    const cls = await load({ pooling: "cls" });
    expect(cls.info.revision).not.toBe(backend.info.revision); // settings that change vectors change the revision
  });

  it("rejects a folder that lacks the dtype's file, naming it", async () => {
    const copy = join(root, "no-q4");
    cpSync(dir, copy, { recursive: true });
    rmSync(join(copy, "onnx", "model_q4.onnx"));
    await expect(loadOnnxBackend(copy, { kind: "embedder", dtype: "q4" })).rejects.toThrow(/onnx\/model_q4\.onnx/);
  });
});

describe("ONNX embedder: pooling and normalisation", () => {
  it.each(["mean", "cls", "last_token"] as const)("%s pooling matches the hand computation", async (pooling) => {
    const backend = await load(pooling === "mean" ? {} : { pooling });
    const { vectors, tokenCounts } = await backend.encode(SENTENCES, { truncate: true });
    SENTENCES.forEach((text, i) => expectClose(vectors[i], pool(states(tokenIds(text)), pooling)));
    expect(tokenCounts).toEqual(SENTENCES.map((text) => tokenIds(text).length));
  });

  it("the three poolings give three different vectors", async () => {
    const [mean, cls, last] = await Promise.all((["mean", "cls", "last_token"] as const).map(async (pooling) => (await load(pooling === "mean" ? {} : { pooling })).encode(["hello world"], { truncate: true })));
    expect(mean.vectors[0]).not.toEqual(cls.vectors[0]);
    expect(cls.vectors[0]).not.toEqual(last.vectors[0]);
  });

  it("normalize: unit vectors in the raw vector's direction; off: the raw vector", async () => {
    const [raw, unit] = await Promise.all([load({}), load({ normalize: true })]);
    const a = await raw.encode(SENTENCES, { truncate: true });
    const b = await unit.encode(SENTENCES, { truncate: true });
    SENTENCES.forEach((text, i) => {
      expectClose(a.vectors[i], pool(states(tokenIds(text)), "mean"));
      expectClose(b.vectors[i], pool(states(tokenIds(text)), "mean", true));
      expect(Math.hypot(...b.vectors[i])).toBeCloseTo(1, 5);
      expect(Math.abs(Math.hypot(...a.vectors[i]) - 1)).toBeGreaterThan(1e-3);
    });
  });
});

describe("ONNX embedder: prompts", () => {
  it("query and document prompts change the ids fed to the model ({text} template and prefix)", async () => {
    const backend = await load({ queryPrompt: "search query: {text} ?", documentPrompt: "passage: " });
    const text = "hello world";
    const query = await backend.encode([text], { truncate: true, inputType: "query" });
    const document = await backend.encode([text], { truncate: true, inputType: "document" });
    const untyped = await backend.encode([text], { truncate: true });
    expectClose(query.vectors[0], pool(states(tokenIds("search query: hello world ?")), "mean"));
    expectClose(document.vectors[0], pool(states(tokenIds("passage: hello world")), "mean"));
    expect(untyped.vectors[0]).toEqual(document.vectors[0]); // no input type: the document prompt
    expect(query.tokenCounts).toEqual([tokenIds("search query: hello world ?").length]);
    expect(query.vectors[0]).not.toEqual(document.vectors[0]);
  });

  it("no prompts: query and document vectors are the same", async () => {
    const backend = await load({});
    const [q, d] = await Promise.all([backend.encode(["green"], { truncate: true, inputType: "query" }), backend.encode(["green"], { truncate: true, inputType: "document" })]);
    expect(q.vectors[0]).toEqual(d.vectors[0]);
  });
});

describe("ONNX embedder: truncation", () => {
  const long = "one two three four five six seven eight nine ten";

  it("cuts on the right to maxTokens, keeping [CLS] … [SEP]", async () => {
    const backend = await load({ maxTokens: 6, pooling: "last_token" });
    expect(backend.info.maxTokens).toBe(6);
    const { vectors, tokenCounts } = await backend.encode([long, "hello world"], { truncate: true });
    expect(tokenCounts).toEqual([6, 4]);
    expectClose(vectors[0], pool(states(tokenIds("one two three four")), "last_token")); // last token is [SEP] at position 5
  });

  it("rejects over-long input with context_length_exceeded when truncation is off", async () => {
    const backend = await load({ maxTokens: 6, pooling: "last_token" });
    const error = await backend.encode(["hello world", long], { truncate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "context_length_exceeded", extra: { param: "input" } });
    expect((error as AppError).message).toMatch(/input length exceeds context length \(12 > 6 tokens\)/);
    await expect(backend.encode(["one two three four"], { truncate: false })).resolves.toMatchObject({ tokenCounts: [6] });
  });

  it("maxTokens defaults to the model's limit (64) and cannot exceed it", async () => {
    const backend = await load({ maxTokens: 10_000 });
    expect(backend.info.maxTokens).toBe(64);
    const words = Array.from({ length: 100 }, () => "green").join(" ");
    const { vectors, tokenCounts } = await backend.encode([words], { truncate: true });
    expect(tokenCounts).toEqual([64]);
    expectClose(vectors[0], pool(states(tokenIds(Array.from({ length: 62 }, () => "green").join(" "))), "mean"));
  });
});

describe("ONNX embedder: batching", () => {
  const texts = Array.from({ length: 11 }, (_, i) => Array.from({ length: 1 + ((i * 5) % 9) }, (_, j) => ["red", "green", "blue", "cat", "dog", "tree"][(i + j) % 6]).join(" "));

  it.each(["mean", "cls", "last_token"] as const)("a batch of texts of different lengths equals each text alone (%s, runs of 3)", async (pooling) => {
    const backend = await load(pooling === "mean" ? {} : { pooling });
    const together = await backend.encode(texts, { truncate: true });
    for (const [i, text] of texts.entries()) {
      const alone = await backend.encode([text], { truncate: true });
      expect(together.vectors[i]).toEqual(alone.vectors[0]);
      expect(together.tokenCounts[i]).toBe(alone.tokenCounts[0]);
      expectClose(together.vectors[i], pool(states(tokenIds(text)), pooling));
    }
  });

  it("left padding (tokenizer_config padding_side left) gives the same vectors", async () => {
    const left = join(root, "left-padded");
    cpSync(dir, left, { recursive: true });
    const configPath = join(left, "tokenizer_config.json");
    writeFileSync(configPath, JSON.stringify({ ...JSON.parse(readFileSync(configPath, "utf8")), padding_side: "left" }));
    for (const pooling of ["cls", "last_token"] as const) {
      const backend = await load({ pooling, batchSize: 4 }, left);
      const { vectors } = await backend.encode(texts, { truncate: true });
      texts.forEach((text, i) => expectClose(vectors[i], pool(states(tokenIds(text)), pooling)));
    }
  });

  it("an empty list returns nothing", async () => {
    const backend = await load({});
    await expect(backend.encode([], { truncate: true })).resolves.toEqual({ vectors: [], tokenCounts: [] });
  });
});

describe("ONNX embedder: dtype picks the weights file", () => {
  /** Nearest float16 value (round half to even), computed independently of the generator. */
  const f16round: WordValue = (v) => {
    if (v === 0) return 0;
    const exponent = Math.max(Math.floor(Math.log2(Math.abs(v))), -14);
    const ulp = 2 ** (exponent - 10);
    const scaled = v / ulp;
    const floor = Math.floor(scaled);
    const rest = scaled - floor;
    const rounded = rest > 0.5 || (rest === 0.5 && floor % 2 !== 0) ? floor + 1 : floor;
    return rounded * ulp;
  };
  const quantized = (top: number, min: number): WordValue => {
    const maxAbs = ref.word.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const scale = Math.fround(maxAbs / top);
    return (v) => Math.fround(Math.min(top, Math.max(min, Math.round(v / scale))) * scale);
  };

  it.each([
    ["fp16", "model_fp16.onnx", "F16", () => f16round],
    ["q8", "model_quantized.onnx", "Q8", () => quantized(127, -127)],
    ["q4", "model_q4.onnx", "Q4", () => quantized(7, -8)],
  ] as const)("%s runs onnx/%s", async (dtype, file, label, wordValue) => {
    const [fp32, other] = await Promise.all([load({}), load({ dtype })]);
    expect(other.info.quantization).toBe(label);
    expect(other.info.sizeBytes).toBe(statSync(join(dir, "onnx", file)).size);
    expect(other.info.revision).not.toBe(fp32.info.revision);
    const a = await fp32.encode(SENTENCES, { truncate: true });
    const b = await other.encode(SENTENCES, { truncate: true });
    const stored = wordValue();
    SENTENCES.forEach((text, i) => {
      expectClose(b.vectors[i], pool(states(tokenIds(text), stored), "mean"));
      expect(b.vectors[i]).not.toEqual(a.vectors[i]);
    });
  });
});
