import { readSafetensors, tensorToFloat32, tensorToInt32, type RawTensor } from "./safetensors.js";

/**
 * A Model2Vec embedding table in one contiguous Float32Array, with the optional token→row
 * mapping and per-token weights of vocabulary-quantised models.
 */
export interface StaticTable {
  /** rows × dimensions, row-major. */
  rows: Float32Array;
  dimensions: number;
  rowCount: number;
  /** token id → row (vocab-quantised models), or undefined for identity. */
  mapping?: Int32Array;
  /** token id → weight multiplied into its row, or undefined for 1. */
  weights?: Float32Array;
  /** dtype of the stored embeddings, e.g. "F16". */
  storedDtype: string;
  parameterCount: number;
}

/** Parses a Model2Vec safetensors file into a {@link StaticTable}. */
export function readStaticTable(buffer: Uint8Array): StaticTable {
  const tensors = readSafetensors(buffer);
  const embeddings = tensors.get("embeddings") ?? tensors.get("embedding.weight") ?? tensors.get("0");
  if (!embeddings || embeddings.shape.length !== 2) {
    throw new Error(`no 2-d "embeddings" tensor (found: ${[...tensors.keys()].join(", ") || "none"})`);
  }
  const [rowCount, dimensions] = embeddings.shape;
  const mapping = optional(tensors.get("mapping"), tensorToInt32);
  const weights = optional(tensors.get("weights"), tensorToFloat32);
  if (mapping && mapping.some((row) => row < 0 || row >= rowCount)) throw new Error("mapping points outside the embeddings table");
  if (mapping && weights && weights.length !== mapping.length) throw new Error("weights and mapping differ in length");
  return {
    rows: tensorToFloat32(embeddings),
    dimensions,
    rowCount,
    mapping,
    weights,
    storedDtype: embeddings.dtype,
    parameterCount: rowCount * dimensions + (weights?.length ?? 0),
  };
}

function optional<T>(tensor: RawTensor | undefined, convert: (t: RawTensor) => T): T | undefined {
  return tensor ? convert(tensor) : undefined;
}
