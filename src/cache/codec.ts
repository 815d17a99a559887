import type { CachedEmbedding } from "./types.js";

/**
 * The L2 value format: one base64 string per entry (Redis stores it verbatim, keyv does not wrap it).
 *
 *   byte 0      magic 0xEB
 *   byte 1      format version (1)
 *   bytes 2-3   reserved, zero (keeps the floats 4-byte aligned)
 *   bytes 4-7   tokens, uint32 little-endian
 *   bytes 8-…   the vector, float32 little-endian, at least one
 *
 * Anything else under our key (foreign writer, truncation, NaN/±Infinity) decodes to undefined,
 * which the cache treats as a miss; the next write of that key overwrites it.
 */
const MAGIC = 0xeb;
const VERSION = 1;
const HEADER_BYTES = 8;
const MAX_TOKENS = 0xffff_ffff;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
/** The canonical base64 alphabet with padding, as Buffer#toString("base64") writes it. */
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Encodes an entry; throws a TypeError on a value that could not round-trip (bad tokens, empty or non-finite vector). */
export function encodeEmbedding(entry: CachedEmbedding): string {
  const { vector, tokens } = entry;
  if (!Number.isInteger(tokens) || tokens < 0 || tokens > MAX_TOKENS) throw new TypeError("tokens must be a uint32");
  if (vector.length === 0) throw new TypeError("vector must not be empty");
  if (!allFinite(vector)) throw new TypeError("vector must be finite");
  const bytes = Buffer.alloc(HEADER_BYTES + vector.byteLength);
  bytes[0] = MAGIC;
  bytes[1] = VERSION;
  bytes.writeUInt32LE(tokens, 4);
  if (LITTLE_ENDIAN_HOST) {
    bytes.set(new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength), HEADER_BYTES);
  } else {
    for (let i = 0; i < vector.length; i++) bytes.writeFloatLE(vector[i], HEADER_BYTES + i * 4);
  }
  return bytes.toString("base64");
}

/** Decodes a stored value, or undefined when it is not a well-formed entry of this format. */
export function decodeEmbedding(text: unknown): CachedEmbedding | undefined {
  if (typeof text !== "string" || text.length % 4 !== 0 || !BASE64.test(text)) return undefined;
  const bytes = Buffer.from(text, "base64");
  const floatBytes = bytes.length - HEADER_BYTES;
  if (floatBytes <= 0 || floatBytes % 4 !== 0) return undefined;
  if (bytes[0] !== MAGIC || bytes[1] !== VERSION || bytes[2] !== 0 || bytes[3] !== 0) return undefined;
  const vector = new Float32Array(floatBytes / 4);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(vector.buffer).set(bytes.subarray(HEADER_BYTES));
  } else {
    for (let i = 0; i < vector.length; i++) vector[i] = bytes.readFloatLE(HEADER_BYTES + i * 4);
  }
  if (!allFinite(vector)) return undefined;
  return { vector, tokens: bytes.readUInt32LE(4) };
}

function allFinite(vector: Float32Array): boolean {
  for (let i = 0; i < vector.length; i++) {
    // x - x is 0 for finite x and NaN for NaN and ±Infinity.
    if (vector[i] - vector[i] !== 0) return false;
  }
  return true;
}
