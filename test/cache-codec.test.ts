import { describe, expect, it } from "vitest";
import { decodeEmbedding, encodeEmbedding } from "../src/cache/codec.js";

const bytesOf = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength);

/** A header + floats, written by hand, to forge stored values. */
function forge(floats: number[], tokens = 3, header: number[] = [0xeb, 1, 0, 0]): string {
  const buf = Buffer.alloc(8 + floats.length * 4);
  header.forEach((b, i) => (buf[i] = b));
  buf.writeUInt32LE(tokens, 4);
  floats.forEach((f, i) => buf.writeFloatLE(f, 8 + i * 4));
  return buf.toString("base64");
}

describe("cache value codec", () => {
  it("round-trips float32 bytes exactly, including -0, subnormals and extremes, and the tokens", () => {
    const vector = new Float32Array([0, -0, 1.4e-45, -1.4e-45, 3.4028234663852886e38, -3.4028234663852886e38, 1 / 3, -0.1, 1e-38]);
    const text = encodeEmbedding({ vector, tokens: 4_294_967_295 });
    const back = decodeEmbedding(text)!;
    expect(back.tokens).toBe(4_294_967_295);
    expect(back.vector).toBeInstanceOf(Float32Array);
    expect(bytesOf(back.vector).equals(bytesOf(vector))).toBe(true);
    expect(Object.is(back.vector[1], -0)).toBe(true);
  });

  it("is compact: an 8-byte header then the raw little-endian floats, base64", () => {
    const vector = Float32Array.from({ length: 384 }, (_, i) => Math.sin(i));
    const text = encodeEmbedding({ vector, tokens: 7 });
    expect(text).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(text.length).toBe(Math.ceil((8 + 384 * 4) / 3) * 4);
    const raw = Buffer.from(text, "base64");
    expect([...raw.subarray(0, 8)]).toEqual([0xeb, 1, 0, 0, 7, 0, 0, 0]);
    expect(raw.readFloatLE(8 + 5 * 4)).toBe(vector[5]);
  });

  it("encodes a view into a larger buffer by its own bytes only", () => {
    const big = Float32Array.from({ length: 16 }, (_, i) => i);
    const view = big.subarray(4, 8);
    expect([...decodeEmbedding(encodeEmbedding({ vector: view, tokens: 1 }))!.vector]).toEqual([4, 5, 6, 7]);
  });

  it("decodes foreign, corrupt or non-finite values as undefined", () => {
    expect(decodeEmbedding(forge([1, 2, 3]))).toEqual({ vector: new Float32Array([1, 2, 3]), tokens: 3 });
    const bad: unknown[] = [
      undefined,
      null,
      42,
      "",
      "hello",
      JSON.stringify({ value: forge([1]), expires: null }),
      forge([1, 2], 3, [0x00, 1, 0, 0]), // wrong magic
      forge([1, 2], 3, [0xeb, 2, 0, 0]), // unknown version
      forge([1, 2], 3, [0xeb, 1, 9, 0]), // reserved bytes set
      forge([]), // header only
      forge([1, Number.NaN, 3]),
      forge([1, Number.POSITIVE_INFINITY]),
      forge([Number.NEGATIVE_INFINITY]),
      Buffer.concat([Buffer.from(forge([1, 2]), "base64"), Buffer.from([1, 2])]).toString("base64"), // not a whole float
      `${forge([1, 2])}!!!!`, // junk Buffer.from would silently skip
      forge([1, 2]).replace(/=+$/, ""), // unpadded
    ];
    for (const value of bad) expect(decodeEmbedding(value), String(value)).toBeUndefined();
  });

  it("refuses to encode what could not round-trip", () => {
    expect(() => encodeEmbedding({ vector: new Float32Array(0), tokens: 1 })).toThrow(TypeError);
    expect(() => encodeEmbedding({ vector: new Float32Array([Number.NaN]), tokens: 1 })).toThrow(TypeError);
    expect(() => encodeEmbedding({ vector: new Float32Array([1]), tokens: -1 })).toThrow(TypeError);
    expect(() => encodeEmbedding({ vector: new Float32Array([1]), tokens: 1.5 })).toThrow(TypeError);
    expect(() => encodeEmbedding({ vector: new Float32Array([1]), tokens: 2 ** 32 })).toThrow(TypeError);
  });
});
