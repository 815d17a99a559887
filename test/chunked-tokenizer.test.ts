import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { describe, expect, it } from "vitest";
import { ChunkedTokenizer } from "../src/backends/model2vec/chunked-tokenizer.js";
import { MODEL2VEC_FIXTURES, TEST_CACHE_DIR } from "./helpers/paths.js";

/** Seeded random generator, so a failure names a reproducible input. */
function random(seed: number): () => number {
  return () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
}

/** Pieces that exercise the BERT normalizer and pre-tokenizer: accents, CJK, punctuation, controls, special tokens. */
const PIECES = [
  "the", "The", "CAT's", "kitten", "naïve", "Café", "résumé", "Ünïcödé", "漢字", "東京タワー", "한국어", "Привет", "مرحبا", "שלום",
  "👩‍👩‍👧", "🙂", "e\u0301", "\u200b", "\ufeff", "\u202e", "\u0000", "\u0007", "\t", "\n", "\r\n", "\u00a0", "\u3000", "  ",
  "hello,", "world!", "(x)", "a-b", "u.s.", "$100", "3.14", "don't", "[CLS]", "[UNK]", "[MASK]", "[PAD]x", "##ing", "x]",
  "supercalifragilisticexpialidocious", "a".repeat(120), "🙂🙂", "...", "—", "“quoted”", "ﬁ", "Ⅻ", "½", "\u0301",
];

function corpus(count: number, seed: number): string[] {
  const next = random(seed);
  const texts = ["", " ", "hello world", " leading and trailing ", "many   spaces\tand\ttabs\nand lines"];
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 1 + Math.floor(next() * 12) }, () => PIECES[Math.floor(next() * PIECES.length)]);
    const glue = () => [" ", " ", " ", "", "  ", "\t", "\n"][Math.floor(next() * 7)];
    texts.push(words.map((w, j) => (j ? glue() : "") + w).join(""));
  }
  return texts;
}

describe.each([
  ["the fixture bge WordPiece tokenizer", join(MODEL2VEC_FIXTURES, "test-model-float32/tokenizer.json")],
  ["the glove-100d whole-word tokenizer", join(TEST_CACHE_DIR, "glove-100d-v1/tokenizer.json")],
])("chunked tokenization with %s", (_name, path) => {
  const json = JSON.parse(readFileSync(path, "utf8"));
  const reference = new Tokenizer(json, {});
  const chunked = new ChunkedTokenizer(new Tokenizer(json, {}), json);

  it("gives exactly the ids of whole-text tokenization on 3,000 hostile texts, twice (memo hits too)", () => {
    const texts = corpus(3000, 42);
    for (const round of [1, 2]) {
      for (const text of texts) {
        const expected = reference.encode(text, { add_special_tokens: false }).ids;
        expect({ round, text, ids: chunked.encode(text) }).toEqual({ round, text, ids: expected });
      }
    }
  });
});

describe("pipelines that are not space-separable", () => {
  it("tokenize whole texts (a Metaspace/Unigram-style pipeline is never chunked)", () => {
    const json = JSON.parse(readFileSync(join(MODEL2VEC_FIXTURES, "test-model-float32/tokenizer.json"), "utf8"));
    const metaspace = { ...json, pre_tokenizer: { type: "Metaspace", replacement: "▁", prepend_scheme: "always", split: true } };
    const calls: string[] = [];
    const tokenizer = new Tokenizer(metaspace, {});
    const spy = Object.assign(Object.create(tokenizer), { encode: (text: string, options: object) => (calls.push(text), tokenizer.encode(text, options)) });
    new ChunkedTokenizer(spy, metaspace).encode("two words");
    expect(calls).toEqual(["two words"]);
  });
});
