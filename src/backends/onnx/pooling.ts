/**
 * Token states [rows, length, hidden] to one vector per row, using the attention mask:
 * mean over real tokens, the first real token (cls) or the last real token (last_token). Real
 * tokens are found from the mask, so left and right padding both work.
 */
import type { OnnxPooling } from "./onnx-options.js";

export interface TokenStates {
  data: Float32Array;
  rows: number;
  length: number;
  hidden: number;
}

/** Pools row `row` into `out` (length hidden); mask is [rows, length] of 0/1. */
export function poolRow(states: TokenStates, mask: BigInt64Array, row: number, mode: OnnxPooling, out: Float32Array): void {
  const { data, length, hidden } = states;
  const maskBase = row * length;
  const rowBase = row * length * hidden;
  out.fill(0);
  if (mode === "mean") {
    const sum = new Float64Array(hidden);
    let count = 0;
    for (let t = 0; t < length; t++) {
      if (mask[maskBase + t] === 0n) continue;
      const base = rowBase + t * hidden;
      for (let d = 0; d < hidden; d++) sum[d] += data[base + d];
      count++;
    }
    if (count > 0) for (let d = 0; d < hidden; d++) out[d] = sum[d] / count;
    return;
  }
  let token = -1;
  if (mode === "cls") {
    for (let t = 0; t < length && token < 0; t++) if (mask[maskBase + t] !== 0n) token = t;
  } else {
    for (let t = length - 1; t >= 0 && token < 0; t--) if (mask[maskBase + t] !== 0n) token = t;
  }
  if (token >= 0) out.set(data.subarray(rowBase + token * hidden, rowBase + (token + 1) * hidden));
}

/** L2-normalises in place; a zero vector stays zero. */
export function normalizeInPlace(vector: Float32Array): void {
  let norm = 0;
  for (const v of vector) norm += v * v;
  if (norm === 0) return;
  const scale = 1 / Math.sqrt(norm);
  for (let d = 0; d < vector.length; d++) vector[d] *= scale;
}

/** float16 bit patterns to float32 (for models whose outputs are float16). */
export function halfToFloat(bits: Uint16Array): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    const h = bits[i];
    const sign = h & 0x8000 ? -1 : 1;
    const exponent = (h >> 10) & 0x1f;
    const mantissa = h & 0x3ff;
    if (exponent === 0) out[i] = sign * mantissa * 2 ** -24;
    else if (exponent === 0x1f) out[i] = mantissa ? NaN : sign * Infinity;
    else out[i] = sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
  }
  return out;
}
