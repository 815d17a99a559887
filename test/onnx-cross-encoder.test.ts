import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeOnnxModels } from "../scripts/make-onnx-models.js";
import { readReference, type Reference } from "../scripts/onnx/reference.js";
import type { RerankerBackend } from "../src/backends/backend.js";
import { loadOnnxBackend, type OnnxOptions } from "../src/backends/onnx/onnx-backend.js";
import { AppError } from "../src/errors.js";
import { REPO_ROOT } from "./helpers/paths.js";

// Expected logits are recomputed here from the generated tables, by the graph's definition:
// token state = word[id] + token_type[type]; masked mean over the pair's tokens; · W + b.

let root: string;
let dir: string;
let ref: Reference;
const loaded = new Map<string, Promise<RerankerBackend>>();

function load(options: Omit<OnnxOptions, "kind"> = {}, folder = dir): Promise<RerankerBackend> {
  const key = JSON.stringify([folder, options]);
  let backend = loaded.get(key);
  if (!backend) {
    backend = loadOnnxBackend(folder, { kind: "cross-encoder", ...options }).then((b) => {
      if (b.kind !== "cross-encoder") throw new Error("expected a cross-encoder");
      return b;
    });
    loaded.set(key, backend);
  }
  return backend;
}

function words(text: string): number[] {
  return (text.toLowerCase().match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? []).map((piece) => {
    const id = ref.vocab.get(piece);
    if (id === undefined) throw new Error(`test word "${piece}" is not a single token`);
    return id;
  });
}

/** [CLS] query [SEP] document [SEP] with token types 0…0 1…1, as BERT pairs are built. */
function pair(query: number[], document: number[]): { ids: number[]; types: number[] } {
  const cls = ref.vocab.get("[CLS]")!;
  const sep = ref.vocab.get("[SEP]")!;
  return {
    ids: [cls, ...query, sep, ...document, sep],
    types: [...Array(query.length + 2).fill(0), ...Array(document.length + 1).fill(1)],
  };
}

function logit({ ids, types }: { ids: number[]; types: number[] }): number {
  const h = ref.hiddenSize;
  const mean = Array.from({ length: h }, (_, d) => ids.reduce((sum, id, t) => sum + ref.word[id * h + d] + ref.tokenType[types[t] * h + d], 0) / ids.length);
  return mean.reduce((sum, v, d) => sum + v * ref.classifierWeight![d], ref.classifierBias!);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

const QUERY = "what is a cat";
const DOCUMENTS = [
  "a cat is a small animal",
  "the stock market fell",
  "cats",
  "we went to the park and played with the dog all day",
  "a",
  "what is a cat",
  "green tea is good for you",
];

beforeAll(async () => {
  root = mkdtempSync(join(REPO_ROOT, ".cache", "onnx-cross-encoder-test-"));
  ({ crossEncoder: dir } = await makeOnnxModels(root));
  ref = readReference(dir);
  void load({ batchSize: 3 }).catch(() => {});
  void load({ maxTokens: 8 }).catch(() => {});
});

afterAll(async () => {
  await Promise.all([...loaded.values()].map(async (backend) => (await backend).close()));
  rmSync(root, { recursive: true, force: true });
});

describe("ONNX cross-encoder", () => {
  it("reports one output, the model's limits and facts", async () => {
    const backend = await load({ batchSize: 3 });
    expect(backend.info).toMatchObject({ dimensions: 1, maxTokens: 64, architecture: "bert", quantization: "F32" });
    expect(backend.info.sizeBytes).toBe(statSync(join(dir, "onnx", "model.onnx")).size);
    expect(backend.info.parameterCount).toBe(ref.vocabSize * 16 + 2 * 16 + 16 + 1 + 2);
  });

  it("scores each pair as sigmoid(masked mean · W + b), in document order, batched in runs of 3", async () => {
    const backend = await load({ batchSize: 3 });
    const { scores, logits, tokenCounts } = await backend.score(QUERY, DOCUMENTS, { truncate: true });
    DOCUMENTS.forEach((document, i) => {
      const expected = logit(pair(words(QUERY), words(document)));
      expect(Math.abs(logits[i] - expected)).toBeLessThan(1e-5);
      expect(Math.abs(scores[i] - sigmoid(expected))).toBeLessThan(1e-6);
      expect(tokenCounts[i]).toBe(pair(words(QUERY), words(document)).ids.length);
    });
    // A one-logit model is not a softmax: scores spread, they are not all 1.
    expect(Math.max(...scores) - Math.min(...scores)).toBeGreaterThan(0.05);
    expect(scores.every((s) => s > 0 && s < 1)).toBe(true);
  });

  it("a batch equals each pair alone (to float32 rounding: padding changes the reduction order)", async () => {
    const backend = await load({ batchSize: 3 });
    const together = await backend.score(QUERY, DOCUMENTS, { truncate: true });
    for (const [i, document] of DOCUMENTS.entries()) {
      const alone = await backend.score(QUERY, [document], { truncate: true });
      expect(Math.abs(alone.logits[0] - together.logits[i])).toBeLessThan(1e-6);
    }
  });

  it("the pair's order matters (token types)", async () => {
    const backend = await load({ batchSize: 3 });
    const ab = await backend.score("red", ["blue dog tree"], { truncate: true });
    const ba = await backend.score("blue dog tree", ["red"], { truncate: true });
    expect(Math.abs(ab.logits[0] - ba.logits[0])).toBeGreaterThan(1e-3);
    expect(Math.abs(ba.logits[0] - logit(pair(words("blue dog tree"), words("red"))))).toBeLessThan(1e-5);
  });

  it("truncates the longer side first to maxTokens, keeping [CLS] q [SEP] d [SEP]", async () => {
    const backend = await load({ maxTokens: 8 });
    const document = "one two three four five six seven eight nine ten";
    const { logits, tokenCounts } = await backend.score("red tree", [document, "dog"], { truncate: true });
    expect(tokenCounts).toEqual([8, 6]);
    expect(Math.abs(logits[0] - logit(pair(words("red tree"), words("one two three"))))).toBeLessThan(1e-5);
  });

  it("rejects an over-long pair with context_length_exceeded when truncation is off", async () => {
    const backend = await load({ maxTokens: 8 });
    const error = await backend.score("red tree", ["dog", "one two three four five six"], { truncate: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: "context_length_exceeded", extra: { param: "documents" } });
    const tooLongQuery = await backend.score("one two three four five six seven", ["dog"], { truncate: false }).catch((e: unknown) => e);
    expect(tooLongQuery).toMatchObject({ code: "context_length_exceeded", extra: { param: "query" } });
  });

  it("no documents: no scores", async () => {
    const backend = await load({ batchSize: 3 });
    await expect(backend.score(QUERY, [], { truncate: true })).resolves.toEqual({ scores: [], logits: [], tokenCounts: [] });
  });

  it("refuses a model with more than one label", async () => {
    const copy = join(root, "two-labels");
    cpSync(dir, copy, { recursive: true });
    const configPath = join(copy, "config.json");
    const config = JSON.parse(readFileSync(configPath, "utf8"));
    writeFileSync(configPath, JSON.stringify({ ...config, num_labels: 2, id2label: { 0: "NO", 1: "YES" }, label2id: { NO: 0, YES: 1 } }));
    await expect(loadOnnxBackend(copy, { kind: "cross-encoder" })).rejects.toThrow(/exactly one output label/);
  });
});
