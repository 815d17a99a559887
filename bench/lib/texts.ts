import { randomBytes } from "node:crypto";

/**
 * Benchmark texts: short English sentences (about 12 words, 70–90 characters, the size of a
 * typical search query or chunk title), all of the same shape so that hit, miss and bulk
 * scenarios tokenise comparable work. Unique texts carry a per-run nonce and a counter, so no
 * cache (in memory or a persistent Redis) can have seen them before.
 */
const WORDS = (
  "the a small large quiet busy old new red green cat dog river city market garden sailor teacher " +
  "walks runs reads writes builds paints watches carries finds opens slowly quickly near under " +
  "beside across during after morning evening winter summer bright dark warm cold story letter " +
  "bridge window engine forest mountain harbour library station"
).split(" ");

/** The single text repeated by the cache-hit scenarios. */
export const HIT_TEXT = "the quiet sailor reads an old letter beside the harbour window during a cold winter evening";

/** A per-run nonce: unique texts of one run never collide with another run's. */
export function runNonce(): string {
  return randomBytes(4).toString("hex");
}

/** The n-th sentence for a seed: deterministic words, so texts differ but cost the same. */
export function sentence(seed: string, n: number): string {
  let state = (n * 2654435761) >>> 0;
  const words: string[] = [];
  for (let i = 0; i < 11; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    words.push(WORDS[state % WORDS.length]);
  }
  return `${words.join(" ")} ${seed}-${n}`;
}

/** A source of never-before-seen texts: each call returns the next one. */
export function uniqueTexts(prefix: string): () => string {
  const nonce = `${prefix}${runNonce()}`;
  let counter = 0;
  return () => sentence(nonce, counter++);
}

/** `size` distinct texts, new to this run, for the duplicate-heavy scenario. */
export function textPool(prefix: string, size: number): string[] {
  const next = uniqueTexts(prefix);
  return Array.from({ length: size }, next);
}
