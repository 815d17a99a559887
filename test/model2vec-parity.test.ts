import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Model2VecBackend } from "../src/backends/model2vec/model2vec-backend.js";
import { MODEL2VEC_FIXTURES } from "./helpers/paths.js";

const load = (name: string) => Model2VecBackend.load(join(MODEL2VEC_FIXTURES, name));
const expected = (file: string) => JSON.parse(readFileSync(join(MODEL2VEC_FIXTURES, file), "utf8")) as number[][];
const LONG_INPUT = Array(1000).fill("hello").join(" ");
const SENTENCES = ["hello world", LONG_INPUT, "The quick brown fox jumps over the lazy dog.", "embeddings are vectors", "Ünïcödé and 漢字 text"];

function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { dot += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return dot / Math.sqrt(na * nb);
}

function expectRelativeClose(actual: Float32Array, reference: number[]): void {
  expect(actual.length).toBe(reference.length);
  reference.forEach((value, i) => expect(Math.abs(actual[i] - value)).toBeLessThanOrEqual(1e-5 * Math.abs(value)));
}

describe("Model2Vec parity with the Python implementation", () => {
  const f32 = load("test-model-float32");

  it("matches the reference for a short sentence within 1e-5 relative", async () => {
    const { vectors, tokenCounts } = await f32.encode(["hello world"], { truncate: true });
    expectRelativeClose(vectors[0], expected("expected-float32-short.json")[0]);
    expect(tokenCounts).toEqual([2]);
  });

  it("matches the reference for a 1000-word input (character cut, then 512 tokens)", async () => {
    const { vectors, tokenCounts } = await f32.encode([LONG_INPUT], { truncate: true });
    expectRelativeClose(vectors[0], expected("expected-float32-long.json")[0]);
    expect(tokenCounts).toEqual([512]);
  });

  it("rejects over-long input when truncation is off", async () => {
    await expect(f32.encode([LONG_INPUT], { truncate: false })).rejects.toMatchObject({ code: "context_length_exceeded" });
  });

  it.each(["test-model-float16", "test-model-int8"])("%s stays within cosine 0.99 of float32", async (name) => {
    const other = load(name);
    const [a, b] = await Promise.all([f32.encode(SENTENCES, { truncate: true }), other.encode(SENTENCES, { truncate: true })]);
    SENTENCES.forEach((_, i) => expect(cosine(a.vectors[i], b.vectors[i])).toBeGreaterThan(0.99));
    expect(other.info.quantization).toBe(name.endsWith("float16") ? "F16" : "I8");
  });

  it("loads a vocabulary-quantised model (mapping + per-token weights) into unit vectors", async () => {
    const vq = load("test-model-vocab-quantized");
    expect(vq.info.dimensions).toBe(64);
    const { vectors } = await vq.encode(["hello world", "hello world", "completely different words"], { truncate: true });
    expect(Math.hypot(...vectors[0])).toBeCloseTo(1, 5);
    expect(Array.from(vectors[1])).toEqual(Array.from(vectors[0]));
    expect(cosine(vectors[0], vectors[2])).toBeLessThan(0.999);
  });

  it("gives a zero vector, never NaN, for empty and all-unknown text", async () => {
    const { vectors, tokenCounts } = await f32.encode(["", "   ", "\u0000"], { truncate: true });
    for (const vector of vectors) expect(Array.from(vector)).toEqual([0, 0]);
    expect(tokenCounts).toEqual([0, 0, 0]);
  });

  it("encodes many texts per call, each as if alone", async () => {
    const together = await f32.encode(SENTENCES, { truncate: true });
    for (let i = 0; i < SENTENCES.length; i++) {
      const alone = await f32.encode([SENTENCES[i]], { truncate: true });
      expect(Array.from(together.vectors[i])).toEqual(Array.from(alone.vectors[0]));
    }
  });

  it("reports a content revision that differs between weight files", () => {
    expect(f32.info.revision).not.toBe(load("test-model-float16").info.revision);
    expect(f32.info.revision).toBe(load("test-model-float32").info.revision);
  });
});
