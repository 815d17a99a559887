import type { Tokenizer } from "@huggingface/tokenizers";

/** Normalizers that act on each character (and its combining marks) alone, never across a space. */
const LOCAL_NORMALIZERS = new Set(["BertNormalizer", "Lowercase", "StripAccents", "NFD", "NFKD", "NFC", "NFKC"]);
/** Pre-tokenizers that always split at a space, so a space can never be inside a token. */
const SPACE_SPLITTING = new Set(["BertPreTokenizer", "Whitespace", "WhitespaceSplit"]);
/** Word models that turn each pre-token into ids on its own. */
const WORD_MODELS = new Set(["WordPiece", "WordLevel"]);

/** Words remembered before the memo starts over (bounded memory). */
const MEMO_LIMIT = 100_000;

interface TokenizerJson {
  normalizer?: { type?: string; normalizers?: { type?: string }[] } | null;
  pre_tokenizer?: { type?: string; pretokenizers?: { type?: string }[] } | null;
  model?: { type?: string };
  added_tokens?: { content: string }[];
}

/**
 * Tokenizes by space-separated chunks with a memo of each chunk's ids. For BERT-style pipelines
 * (character-local normalizer, a pre-tokenizer that splits at spaces, a word-level model) the ids
 * of a text are exactly the concatenated ids of its chunks, and natural text repeats its words,
 * so most chunks cost a Map lookup instead of a tokenizer pass. Other pipelines (BPE, Unigram,
 * Metaspace, added tokens containing spaces) are tokenized whole, as before.
 */
export class ChunkedTokenizer {
  readonly #tokenizer: Tokenizer;
  readonly #chunked: boolean;
  #memo = new Map<string, number[]>();

  constructor(tokenizer: Tokenizer, json: TokenizerJson) {
    this.#tokenizer = tokenizer;
    this.#chunked = supportsChunking(json);
  }

  /** Token ids of a text, without special tokens. */
  encode(text: string): number[] {
    if (!this.#chunked) return this.#tokenizer.encode(text, { add_special_tokens: false }).ids;
    const ids: number[] = [];
    for (const chunk of text.split(" ")) {
      if (chunk === "") continue;
      let chunkIds = this.#memo.get(chunk);
      if (!chunkIds) {
        chunkIds = this.#tokenizer.encode(chunk, { add_special_tokens: false }).ids as number[];
        if (this.#memo.size >= MEMO_LIMIT) this.#memo = new Map();
        this.#memo.set(chunk, chunkIds);
      }
      for (const id of chunkIds) ids.push(id);
    }
    return ids;
  }
}

function supportsChunking(json: TokenizerJson): boolean {
  const normalizers = json.normalizer ? (json.normalizer.type === "Sequence" ? json.normalizer.normalizers ?? [] : [json.normalizer]) : [];
  const preTokenizers = json.pre_tokenizer ? (json.pre_tokenizer.type === "Sequence" ? json.pre_tokenizer.pretokenizers ?? [] : [json.pre_tokenizer]) : [];
  return (
    normalizers.every((n) => LOCAL_NORMALIZERS.has(n.type ?? "")) &&
    preTokenizers.length > 0 &&
    preTokenizers.every((p) => SPACE_SPLITTING.has(p.type ?? "")) &&
    WORD_MODELS.has(json.model?.type ?? "") &&
    !(json.added_tokens ?? []).some((token) => token.content.includes(" "))
  );
}
