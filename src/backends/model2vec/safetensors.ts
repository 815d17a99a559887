/**
 * Minimal reader and writer for the safetensors format: an 8-byte little-endian header
 * length, a JSON header naming each tensor's dtype, shape and byte range, then the data.
 */

/** Tensor element types this project reads and writes. */
export type SafetensorsDtype = "F64" | "F32" | "F16" | "BF16" | "I64" | "I32" | "I16" | "I8" | "U8";

/** One tensor as stored: raw bytes plus how to read them. */
export interface RawTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  /** The tensor's bytes, a view into the file buffer (not copied). */
  bytes: Uint8Array;
}

const BYTES_PER_ELEMENT: Record<SafetensorsDtype, number> = {
  F64: 8, F32: 4, F16: 2, BF16: 2, I64: 8, I32: 4, I16: 2, I8: 1, U8: 1,
};

/** Thrown when a file is not valid safetensors; carries a readable reason. */
export class SafetensorsError extends Error {}

/** Parses a safetensors buffer into its tensors, validating every offset. */
export function readSafetensors(buffer: Uint8Array): Map<string, RawTensor> {
  if (buffer.byteLength < 8) throw new SafetensorsError("file is shorter than the 8-byte header length");
  const view = new DataView(buffer.buffer, buffer.byteOffset, buffer.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > buffer.byteLength - 8) throw new SafetensorsError("header length exceeds file size");
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(buffer.subarray(8, 8 + headerLength)));
  } catch {
    throw new SafetensorsError("header is not valid JSON");
  }
  const dataStart = 8 + headerLength;
  const tensors = new Map<string, RawTensor>();
  for (const [name, entry] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const { dtype, shape, data_offsets: offsets } = entry as { dtype: SafetensorsDtype; shape: number[]; data_offsets: [number, number] };
    const size = BYTES_PER_ELEMENT[dtype];
    if (!size) throw new SafetensorsError(`tensor ${name}: unsupported dtype ${String(dtype)}`);
    const count = shape.reduce((a, b) => a * b, 1);
    const [begin, end] = offsets;
    if (end - begin !== count * size || dataStart + end > buffer.byteLength) {
      throw new SafetensorsError(`tensor ${name}: byte range does not match shape ${JSON.stringify(shape)}`);
    }
    tensors.set(name, { dtype, shape, bytes: buffer.subarray(dataStart + begin, dataStart + end) });
  }
  return tensors;
}

/** Decodes one IEEE 754 half-precision value. */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** One scratch word reused by floatToHalf, so encoding millions of values allocates nothing. */
const scratchFloat = new Float32Array(1);
const scratchBits = new Uint32Array(scratchFloat.buffer);

/** Encodes a number as IEEE 754 half precision (round to nearest even). */
export function floatToHalf(value: number): number {
  scratchFloat[0] = value;
  const bits = scratchBits[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  let mantissa = bits & 0x7fffff;
  if (((bits >>> 23) & 0xff) === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0);
  if (exponent >= 31) return sign | 0x7c00;
  if (exponent <= 0) {
    if (exponent < -10) return sign;
    mantissa |= 0x800000;
    const shift = 14 - exponent;
    const half = mantissa >> shift;
    const rest = mantissa & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    return sign | (half + (rest > mid || (rest === mid && half & 1) ? 1 : 0));
  }
  const half = (exponent << 10) | (mantissa >> 13);
  const rest = mantissa & 0x1fff;
  return sign | (half + (rest > 0x1000 || (rest === 0x1000 && half & 1) ? 1 : 0));
}

/** All 65,536 half-precision values decoded once, so F16 tables convert by lookup. */
let halfTable: Float32Array | undefined;
function halfLookup(): Float32Array {
  if (!halfTable) {
    halfTable = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) halfTable[h] = halfToFloat(h);
  }
  return halfTable;
}

/** Converts any numeric tensor to float32 values (integers are taken as is). One tight loop per dtype. */
export function tensorToFloat32(tensor: RawTensor): Float32Array {
  const { bytes, dtype } = tensor;
  const count = bytes.byteLength / BYTES_PER_ELEMENT[dtype];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float32Array(count);
  switch (dtype) {
    case "F32":
      // A copy of the bytes reinterpreted: safetensors data is little-endian, as are the CPUs we run on.
      out.set(new Float32Array(new Uint8Array(bytes).buffer)); // new Uint8Array(...) copies, aligning the data
      break;
    case "F16": {
      const table = halfLookup();
      for (let i = 0; i < count; i++) out[i] = table[view.getUint16(i * 2, true)];
      break;
    }
    case "BF16":
      for (let i = 0; i < count; i++) { scratchBits[0] = view.getUint16(i * 2, true) << 16; out[i] = scratchFloat[0]; }
      break;
    case "F64": for (let i = 0; i < count; i++) out[i] = view.getFloat64(i * 8, true); break;
    case "I64": for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(i * 8, true)); break;
    case "I32": for (let i = 0; i < count; i++) out[i] = view.getInt32(i * 4, true); break;
    case "I16": for (let i = 0; i < count; i++) out[i] = view.getInt16(i * 2, true); break;
    case "I8": for (let i = 0; i < count; i++) out[i] = view.getInt8(i); break;
    case "U8": for (let i = 0; i < count; i++) out[i] = view.getUint8(i); break;
  }
  return out;
}

/** Converts an integer tensor to int32 values (for token→row mappings). */
export function tensorToInt32(tensor: RawTensor): Int32Array {
  const floats = tensorToFloat32(tensor);
  return Int32Array.from(floats);
}

/** A tensor to write: float32 data stored as the given dtype. */
export interface TensorToWrite {
  dtype: "F32" | "F16";
  shape: number[];
  data: Float32Array;
}

/** Serialises tensors into one safetensors buffer. */
export function writeSafetensors(tensors: Record<string, TensorToWrite>): Buffer {
  const header: Record<string, unknown> = {};
  const parts: Buffer[] = [];
  let offset = 0;
  for (const [name, tensor] of Object.entries(tensors)) {
    const size = BYTES_PER_ELEMENT[tensor.dtype];
    const part = Buffer.alloc(tensor.data.length * size);
    for (let i = 0; i < tensor.data.length; i++) {
      if (tensor.dtype === "F32") part.writeFloatLE(tensor.data[i], i * 4);
      else part.writeUInt16LE(floatToHalf(tensor.data[i]), i * 2);
    }
    header[name] = { dtype: tensor.dtype, shape: tensor.shape, data_offsets: [offset, offset + part.length] };
    parts.push(part);
    offset += part.length;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - ((8 + Buffer.byteLength(json)) % 8)) % 8); // keep data 8-byte aligned
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(Buffer.byteLength(json)));
  return Buffer.concat([length, Buffer.from(json), ...parts]);
}
