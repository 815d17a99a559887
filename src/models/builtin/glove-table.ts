import { Tokenizer } from "@huggingface/tokenizers";
import type { Logger } from "../../util/logger.js";
import { startProgress } from "../../util/progress.js";
import type { WinkEmbeddings } from "./wink-source.js";
import { buildWordTokenizer, SPECIAL_TOKENS } from "./word-tokenizer.js";

/**
 * SIF smoothing `a` in weight(w) = a / (a + p(w)). 1e-4 is Model2Vec's own default and, on our
 * sentence-pair checks, separated related from unrelated pairs better than 3e-4 or 1e-3.
 */
export const SIF_COEFFICIENT = 1e-4;

/**
 * Pieces BertPreTokenizer cuts off English clitics ("cat's" → cat ' s, "don't" → don ' t).
 * The source dropped single letters, so they get zero rows: the text tokenizes faithfully
 * and these pieces add nothing to the mean.
 */
export const CLITIC_FRAGMENTS = ["s", "t", "d", "m"] as const;

/** The converted embedding table: `tokens[i]` owns row `i`. */
export interface GloveTable {
  tokens: string[];
  /** tokens.length × dimensions, row-major, SIF weights already multiplied in. */
  rows: Float32Array;
  dimensions: number;
  /** How many source words made it in (fewer than asked only if the source runs out). */
  wordCount: number;
}

/** Options for {@link buildGloveTable}. */
export interface TableOptions {
  vocabSize: number;
  logger?: Logger;
  bar?: boolean;
}

/**
 * Picks the `vocabSize` most frequent source words that survive our tokenizer whole, and
 * writes their SIF-weighted vectors after the special tokens; clitic fragments come last.
 */
export function buildGloveTable(source: WinkEmbeddings, options: TableOptions): GloveTable {
  const { dimensions, words } = source;
  const picked = pickWholeWords(words, options.vocabSize);
  const fragments = CLITIC_FRAGMENTS.filter((fragment) => !picked.some((index) => words[index] === fragment));
  const tokens = [...SPECIAL_TOKENS, ...picked.map((index) => words[index]), ...fragments];
  const rows = new Float32Array(tokens.length * dimensions);
  // p(rank) ∝ 1/rank (Zipf), normalised over the whole source list so that ranks keep their
  // meaning when we keep only a prefix: p("the") ≈ 7.5%, close to its real share of English text.
  const harmonic = harmonicNumber(words.length);
  const progress = startProgress({ label: "convert glove-100d", total: picked.length, unit: "rows", logger: options.logger, bar: options.bar });
  picked.forEach((sourceIndex, i) => {
    // hasOwn: words like "constructor" must not resolve to Object.prototype members.
    const vector = Object.hasOwn(source.vectors, words[sourceIndex]) ? source.vectors[words[sourceIndex]] : undefined;
    if (!Array.isArray(vector) || vector.length < dimensions) throw new Error(`source has no ${dimensions}-d vector for word #${sourceIndex}`);
    const probability = 1 / ((sourceIndex + 1) * harmonic);
    const weight = SIF_COEFFICIENT / (SIF_COEFFICIENT + probability);
    const offset = (SPECIAL_TOKENS.length + i) * dimensions;
    for (let d = 0; d < dimensions; d++) rows[offset + d] = weight * vector[d];
    if (i % 5000 === 0) progress.update(i);
  });
  progress.update(picked.length);
  progress.finish();
  return { tokens, rows, dimensions, wordCount: picked.length };
}

/**
 * Returns source indices of words our tokenizer keeps as one piece equal to the word, in
 * frequency order. Asking the real tokenizer (with every word in its vocabulary) rather than
 * re-implementing its rules means "well-known", "u.s." or accented forms are dropped exactly
 * when the server could never produce them.
 */
function pickWholeWords(words: string[], vocabSize: number): number[] {
  const probe = new Tokenizer(buildWordTokenizer([...SPECIAL_TOKENS, ...words]), {});
  const picked: number[] = [];
  for (let i = 0; i < words.length && picked.length < vocabSize; i++) {
    const pieces = probe.tokenize(words[i]);
    if (pieces.length === 1 && pieces[0] === words[i]) picked.push(i);
  }
  return picked;
}

function harmonicNumber(n: number): number {
  let sum = 0;
  for (let rank = n; rank >= 1; rank--) sum += 1 / rank;
  return sum;
}
