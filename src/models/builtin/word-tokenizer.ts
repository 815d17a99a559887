/** The unknown-word token; always id 0, with a zero row. */
export const UNK_TOKEN = "[UNK]";
/** A padding token (id 1, zero row) for loaders that batch with padding. */
export const PAD_TOKEN = "[PAD]";
/** Tokens that precede the words in every vocabulary built here. */
export const SPECIAL_TOKENS = [UNK_TOKEN, PAD_TOKEN] as const;

/**
 * Builds a Hugging Face `tokenizer.json` that maps each whole word to one id.
 *
 * BertNormalizer lowercases and strips accents (GloVe 6B is lowercased), BertPreTokenizer splits
 * on whitespace and on every punctuation character, and WordPiece looks each piece up. The
 * vocabulary holds no `##` continuation pieces, so WordPiece can never split a word: a word is
 * either found whole or becomes [UNK]. `tokens[i]` gets id `i`.
 */
export function buildWordTokenizer(tokens: readonly string[]): Record<string, unknown> {
  // Null prototype: words such as "constructor" or "__proto__" must be plain own keys.
  const vocab = Object.create(null) as Record<string, number>;
  tokens.forEach((token, id) => {
    if (Object.hasOwn(vocab, token)) throw new Error(`duplicate token ${JSON.stringify(token)} in vocabulary`);
    vocab[token] = id;
  });
  const specials = SPECIAL_TOKENS.map((content) => {
    const id = vocab[content];
    if (!Object.hasOwn(vocab, content)) throw new Error(`vocabulary lacks ${content}`);
    return { id, content, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true };
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: specials,
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: true, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: null,
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: {
      type: "WordPiece",
      unk_token: UNK_TOKEN,
      continuing_subword_prefix: "##",
      max_input_chars_per_word: 100,
      vocab,
    },
  };
}
