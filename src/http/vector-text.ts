/**
 * Serialised forms of vectors, remembered per vector instance. The engine hands out the same
 * Float32Array for repeated cache hits, so a hot vector is turned into JSON or base64 once, not
 * on every request (writing 1024 floats as JSON costs ~0.2 ms; a lookup costs nothing).
 */
const jsonByVector = new WeakMap<Float32Array, string>();
const base64ByVector = new WeakMap<Float32Array, string>();

/** The vector as a JSON array of numbers. */
export function vectorJson(vector: Float32Array): string {
  let text = jsonByVector.get(vector);
  if (text === undefined) jsonByVector.set(vector, (text = JSON.stringify(Array.from(vector))));
  return text;
}

/** The vector's little-endian float32 bytes in base64, quoted as a JSON string. */
export function vectorBase64Json(vector: Float32Array): string {
  let text = base64ByVector.get(vector);
  if (text === undefined) {
    // x86 and ARM are little-endian, so the array's own bytes are already in wire order.
    text = `"${Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength).toString("base64")}"`;
    base64ByVector.set(vector, text);
  }
  return text;
}
