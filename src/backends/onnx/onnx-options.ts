/**
 * What a catalog entry may say about an ONNX model, the files each weight type needs, and the
 * prompt convention. Pure data and string functions: safe to import anywhere (no native code).
 */
import type { InputType } from "../backend.js";

/** Weight files transformers.js exports: onnx/model{suffix}.onnx. */
export type OnnxDtype = "fp32" | "fp16" | "q8" | "q4";
export type OnnxPooling = "mean" | "cls" | "last_token";
export type OnnxKind = "embedder" | "cross-encoder";

export interface OnnxOptions {
  kind: OnnxKind;
  /** Which onnx/model*.onnx to run; default fp32 (onnx/model.onnx). */
  dtype?: OnnxDtype;
  /** Embedders: how token states become one vector; default mean. */
  pooling?: OnnxPooling;
  /** Embedders: L2-normalise each vector; default false (the engine normalises where a dialect asks). */
  normalize?: boolean;
  /** Longest input in tokens, special tokens included; default and ceiling: what the model and tokenizer allow. */
  maxTokens?: number;
  /** Template for inputType "query" (see applyPrompt). */
  queryPrompt?: string;
  /** Template for inputType "document", and for texts with no inputType. */
  documentPrompt?: string;
  /** Texts per onnxruntime run; inputs are sorted by length first so a batch pads little. Default 32. */
  batchSize?: number;
}

/** File-name suffix of each dtype under onnx/ (transformers.js naming). */
export const ONNX_DTYPE_SUFFIX: Record<OnnxDtype, string> = { fp32: "", fp16: "_fp16", q8: "_quantized", q4: "_q4" };

/** Storage type reported in ModelInfo.quantization for each dtype. */
export const ONNX_QUANTIZATION_LABEL: Record<OnnxDtype, string> = { fp32: "F32", fp16: "F16", q8: "Q8", q4: "Q4" };

/** Path of the weights file for a dtype, relative to the model folder. */
export function onnxModelFile(dtype: OnnxDtype = "fp32"): string {
  return `onnx/model${ONNX_DTYPE_SUFFIX[dtype]}.onnx`;
}

/** How many external-data chunks (model.onnx_data, _data_1, …) a hub download may ask for. */
const MAX_EXTERNAL_DATA_CHUNKS = 4;

/**
 * The files a hub download needs for a dtype (a missing one is an error) and the ones it may
 * have: external weights (`onnx/model*.onnx_data`, written when a model is over 2 GB),
 * tokenizer extras and the sentence-transformers pooling/prompt configs.
 */
export function onnxFilesFor(dtype: OnnxDtype = "fp32"): { files: string[]; optionalFiles: string[] } {
  const model = onnxModelFile(dtype);
  const externalData = Array.from({ length: MAX_EXTERNAL_DATA_CHUNKS }, (_, i) => `${model}_data${i === 0 ? "" : `_${i}`}`);
  return {
    files: ["config.json", "tokenizer.json", "tokenizer_config.json", model],
    optionalFiles: [
      ...externalData,
      "special_tokens_map.json",
      "modules.json",
      "1_Pooling/config.json",
      "config_sentence_transformers.json",
    ],
  };
}

/**
 * Applies a prompt template to a text. A template holding "{text}" has every "{text}" replaced by
 * the text ("Instruct: Given a query, find passages\nQuery: {text}"); any other template is a
 * prefix ("query: " → "query: <text>"). An undefined or empty template leaves the text as is.
 */
export function applyPrompt(template: string | undefined, text: string): string {
  if (!template) return text;
  return template.includes("{text}") ? template.replaceAll("{text}", () => text) : template + text;
}

/** The template that applies to an input type: "query" → queryPrompt, anything else → documentPrompt. */
export function promptFor(options: Pick<OnnxOptions, "queryPrompt" | "documentPrompt">, inputType: InputType | undefined): string | undefined {
  return inputType === "query" ? options.queryPrompt : options.documentPrompt;
}
