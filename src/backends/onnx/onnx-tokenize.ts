/**
 * Tokenization for the ONNX backend, on top of transformers.js' tokenizer: texts and text pairs to
 * ids with the model's special tokens, truncation as Hugging Face tokenizers do it (the text is
 * cut, the special tokens stay: [CLS] … [SEP]), and padded int64 batches.
 *
 * transformers.js' own `tokenizer(texts, { truncation: true })` slices the ids after the special
 * tokens were added, dropping the closing [SEP]; this module cuts the content tokens and runs the
 * post-processor again instead.
 */
import type { PreTrainedTokenizer } from "@huggingface/transformers";
import { AppError } from "../../errors.js";

/** One tokenized input: ids with special tokens, and token type ids (zeros when the tokenizer has none). */
export interface EncodedInput {
  ids: number[];
  typeIds: number[];
}

/** A padded batch, row-major [rows, length]. */
export interface PaddedBatch {
  rows: number;
  length: number;
  inputIds: BigInt64Array;
  attentionMask: BigInt64Array;
  tokenTypeIds: BigInt64Array;
}

type Inner = PreTrainedTokenizer["_tokenizer"];

export class ModelTokenizer {
  readonly #tokenizer: PreTrainedTokenizer;
  readonly #inner: Inner;
  readonly #maxTokens: number;
  readonly #addedTokens = new Map<string, number>();
  readonly #padId: number;
  readonly #unkId: number;
  readonly leftPadding: boolean;

  constructor(tokenizer: PreTrainedTokenizer, maxTokens: number) {
    this.#tokenizer = tokenizer;
    this.#inner = tokenizer._tokenizer;
    this.#maxTokens = maxTokens;
    for (const [id, token] of this.#inner.get_added_tokens_decoder()) this.#addedTokens.set(token.content, id);
    this.#padId = tokenizer.pad_token_id ?? tokenizer.eos_token_id ?? 0;
    this.#unkId = tokenizer.unk_token_id ?? 0;
    this.leftPadding = tokenizer.padding_side === "left";
  }

  /**
   * Tokenizes a text (or a pair, for cross-encoders). Longer than maxTokens: cut when `truncate`,
   * else an AppError context_length_exceeded naming `param`.
   */
  encode(text: string, pair: string | null, truncate: boolean, param: string): EncodedInput {
    const full = this.#inner.encode(text, { text_pair: pair, add_special_tokens: true, return_token_type_ids: true });
    if (full.ids.length <= this.#maxTokens) return { ids: full.ids, typeIds: full.token_type_ids ?? new Array<number>(full.ids.length).fill(0) };
    if (!truncate) {
      throw new AppError("context_length_exceeded", `input length exceeds context length (${full.ids.length} > ${this.#maxTokens} tokens)`, { param });
    }
    return this.#truncated(text, pair, full.ids.length);
  }

  /** Cuts the content tokens (longest first for pairs) so that, with the special tokens, maxTokens remain. */
  #truncated(text: string, pair: string | null, fullLength: number): EncodedInput {
    let first = this.#inner.tokenize(text);
    let second = pair === null ? null : this.#inner.tokenize(pair);
    const specials = fullLength - first.length - (second?.length ?? 0);
    const budget = Math.max(0, this.#maxTokens - specials);
    if (second === null) {
      first = first.slice(0, budget);
    } else {
      // Hugging Face's longest_first: take tokens from the longer side until both fit.
      let a = first.length;
      let b = second.length;
      while (a + b > budget) {
        if (a > b) a--;
        else b--;
      }
      first = first.slice(0, a);
      second = second.slice(0, b);
    }
    const processed = this.#inner.post_processor
      ? this.#inner.post_processor.post_process(first, second, true)
      : { tokens: [...first, ...(second ?? [])], token_type_ids: undefined };
    const tokens: string[] = processed.tokens;
    const ids = tokens.map((token) => this.#addedTokens.get(token) ?? this.#inner.token_to_id(token) ?? this.#unkId);
    return { ids, typeIds: processed.token_type_ids ?? new Array<number>(ids.length).fill(0) };
  }

  /** Pads inputs to the longest one (on the tokenizer's padding side) as int64 arrays. */
  pad(inputs: EncodedInput[]): PaddedBatch {
    const rows = inputs.length;
    const length = Math.max(1, ...inputs.map((input) => input.ids.length));
    const inputIds = new BigInt64Array(rows * length).fill(BigInt(this.#padId));
    const attentionMask = new BigInt64Array(rows * length);
    const tokenTypeIds = new BigInt64Array(rows * length);
    inputs.forEach((input, row) => {
      const start = row * length + (this.leftPadding ? length - input.ids.length : 0);
      for (let i = 0; i < input.ids.length; i++) {
        inputIds[start + i] = BigInt(input.ids[i]);
        attentionMask[start + i] = 1n;
        tokenTypeIds[start + i] = BigInt(input.typeIds[i] ?? 0);
      }
    });
    return { rows, length, inputIds, attentionMask, tokenTypeIds };
  }

  get maxTokens(): number {
    return this.#maxTokens;
  }

  get tokenizer(): PreTrainedTokenizer {
    return this.#tokenizer;
  }
}
