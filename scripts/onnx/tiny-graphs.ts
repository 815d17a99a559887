/**
 * The two tiny transformer stand-ins the ONNX backend is tested on. They read the same inputs a
 * BERT export reads (input_ids, attention_mask, token_type_ids; int64 [batch, sequence]) and
 * name their outputs as BERT exports do, with weights small enough to recompute by hand.
 *
 * Embedder (output last_hidden_state float32 [batch, sequence, H]):
 *   positions  = max(cumsum(attention_mask, axis 1) - 1, 0)      (padding-side independent)
 *   hidden     = word[input_ids] + position[positions] + token_type[token_type_ids]
 *   last_hidden_state = hidden * attention_mask[..., None]       (padding rows are zero)
 * The word table is stored per dtype: fp32; fp16 (Gather, then Cast to float32); q8 (int8 levels
 * −127…127, Gather, then DequantizeLinear with one scale); q4 (int8 storage of 4-bit levels −8…7,
 * same DequantizeLinear). Position and token-type tables stay float32 in every variant.
 *
 * Cross-encoder (output logits float32 [batch, 1]):
 *   hidden = (word[input_ids] + token_type[token_type_ids]) * attention_mask[..., None]
 *   pooled = sum over sequence of hidden / sum of attention_mask   (masked mean)
 *   logits = pooled · W + b                                        (Gemm, W [H, 1], b [1])
 */
import { DataType, type ModelMessage, type NodeMessage, type TensorMessage } from "./onnx-proto.js";
import { float16Tensor, floatTensor, int64Tensor, int8Tensor, model, node, toFloat16Bits, valueInfo } from "./graph-builder.js";

export type WordTableDtype = "fp32" | "fp16" | "q8" | "q4";

/** Symmetric per-tensor quantisation of a table: level = clamp(round(v / scale)), scale = max|v| / top. */
export function quantize(values: Float32Array, levels: { min: number; max: number }): { q: Int8Array; scale: number } {
  let maxAbs = 0;
  for (const v of values) maxAbs = Math.max(maxAbs, Math.abs(v));
  const scale = Math.fround(maxAbs / levels.max);
  const q = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) q[i] = Math.min(levels.max, Math.max(levels.min, Math.round(values[i] / scale)));
  return { q, scale };
}

export const Q8_LEVELS = { min: -127, max: 127 };
export const Q4_LEVELS = { min: -8, max: 7 };

const INT_INPUTS = ["input_ids", "attention_mask", "token_type_ids"].map((name) => valueInfo(name, DataType.INT64, ["batch_size", "sequence_length"]));

/** Nodes and initializers that turn input_ids into float32 `word` [batch, seq, H] for a dtype. */
function wordLookup(word: Float32Array, vocab: number, hidden: number, dtype: WordTableDtype): { nodes: NodeMessage[]; inits: TensorMessage[] } {
  const dims = [vocab, hidden];
  if (dtype === "fp32") {
    return { nodes: [node("Gather", ["word_embeddings", "input_ids"], ["word"])], inits: [floatTensor("word_embeddings", dims, word)] };
  }
  if (dtype === "fp16") {
    const bits = Uint16Array.from(word, toFloat16Bits);
    return {
      nodes: [node("Gather", ["word_embeddings", "input_ids"], ["word_half"]), node("Cast", ["word_half"], ["word"], { to: DataType.FLOAT })],
      inits: [float16Tensor("word_embeddings", dims, bits)],
    };
  }
  const { q, scale } = quantize(word, dtype === "q8" ? Q8_LEVELS : Q4_LEVELS);
  return {
    nodes: [
      node("Gather", ["word_embeddings", "input_ids"], ["word_levels"]),
      node("DequantizeLinear", ["word_levels", "word_scale", "word_zero_point"], ["word"]),
    ],
    inits: [int8Tensor("word_embeddings", dims, q), floatTensor("word_scale", [], Float32Array.of(scale)), int8Tensor("word_zero_point", [], Int8Array.of(0))],
  };
}

/** Nodes: maskf [b,s] float, mask3 [b,s,1] float. */
function maskNodes(): NodeMessage[] {
  return [node("Cast", ["attention_mask"], ["maskf"], { to: DataType.FLOAT }), node("Unsqueeze", ["maskf", "axis_2"], ["mask3"])];
}

export interface EmbedderTables {
  vocab: number;
  hidden: number;
  maxPositions: number;
  word: Float32Array;
  position: Float32Array;
  tokenType: Float32Array;
}

export function embedderGraph(t: EmbedderTables, dtype: WordTableDtype): ModelMessage {
  const lookup = wordLookup(t.word, t.vocab, t.hidden, dtype);
  const nodes = [
    ...lookup.nodes,
    ...maskNodes(),
    node("CumSum", ["attention_mask", "axis_1"], ["mask_cumsum"]),
    node("Sub", ["mask_cumsum", "one"], ["positions_raw"]),
    node("Max", ["positions_raw", "zero"], ["position_ids"]),
    node("Gather", ["position_embeddings", "position_ids"], ["position"]),
    node("Gather", ["token_type_embeddings", "token_type_ids"], ["token_type"]),
    node("Add", ["word", "position"], ["word_position"]),
    node("Add", ["word_position", "token_type"], ["hidden"]),
    node("Mul", ["hidden", "mask3"], ["last_hidden_state"]),
  ];
  const inits = [
    ...lookup.inits,
    floatTensor("position_embeddings", [t.maxPositions, t.hidden], t.position),
    floatTensor("token_type_embeddings", [2, t.hidden], t.tokenType),
    int64Tensor("axis_1", [], [1]),
    int64Tensor("axis_2", [1], [2]),
    int64Tensor("one", [], [1]),
    int64Tensor("zero", [], [0]),
  ];
  return model(
    {
      name: `tiny_embedder_${dtype}`,
      node: nodes,
      initializer: inits,
      input: INT_INPUTS,
      output: [valueInfo("last_hidden_state", DataType.FLOAT, ["batch_size", "sequence_length", t.hidden])],
    },
    `embedgate test embedder (${dtype} word table): word + position(cumsum of mask) + token type, masked`,
  );
}

export interface CrossEncoderTables {
  vocab: number;
  hidden: number;
  word: Float32Array;
  tokenType: Float32Array;
  /** [H, 1] */
  classifierWeight: Float32Array;
  classifierBias: number;
}

export function crossEncoderGraph(t: CrossEncoderTables): ModelMessage {
  const nodes = [
    node("Gather", ["word_embeddings", "input_ids"], ["word"]),
    node("Gather", ["token_type_embeddings", "token_type_ids"], ["token_type"]),
    node("Add", ["word", "token_type"], ["hidden"]),
    ...maskNodes(),
    node("Mul", ["hidden", "mask3"], ["masked"]),
    node("ReduceSum", ["masked", "axis_1_list"], ["summed"], { keepdims: 0 }),
    node("ReduceSum", ["maskf", "axis_1_list"], ["count"], { keepdims: 1 }),
    node("Div", ["summed", "count"], ["pooled"]),
    node("Gemm", ["pooled", "classifier_weight", "classifier_bias"], ["logits"]),
  ];
  const inits = [
    floatTensor("word_embeddings", [t.vocab, t.hidden], t.word),
    floatTensor("token_type_embeddings", [2, t.hidden], t.tokenType),
    floatTensor("classifier_weight", [t.hidden, 1], t.classifierWeight),
    floatTensor("classifier_bias", [1], Float32Array.of(t.classifierBias)),
    int64Tensor("axis_1_list", [1], [1]),
    int64Tensor("axis_2", [1], [2]),
  ];
  return model(
    {
      name: "tiny_cross_encoder",
      node: nodes,
      initializer: inits,
      input: INT_INPUTS,
      output: [valueInfo("logits", DataType.FLOAT, ["batch_size", 1])],
    },
    "embedgate test cross-encoder: masked mean of word + token type embeddings, then Gemm to one logit",
  );
}
