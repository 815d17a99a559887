/**
 * Counts the weights of an ONNX file without loading it: walks the protobuf (ModelProto.graph →
 * GraphProto.initializer → TensorProto.dims) with positioned reads, skipping tensor data, so a
 * multi-GB file costs a few small reads. Quantised files count stored elements (a q4 MatMulNBits
 * blob holds two weights per byte, so its count is about half the true one): an estimate.
 */
import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;
const TENSOR_DIMS = 1;

const WIRE_VARINT = 0;
const WIRE_64BIT = 1;
const WIRE_BYTES = 2;
const WIRE_32BIT = 5;

/** Buffered positioned reader over a file. */
class Cursor {
  readonly #fd: number;
  readonly size: number;
  #buffer = Buffer.alloc(64 * 1024);
  #bufferStart = 0;
  #bufferEnd = 0;
  pos = 0;

  constructor(fd: number, size: number) {
    this.#fd = fd;
    this.size = size;
  }

  #byte(): number {
    if (this.pos >= this.size) throw new Error("truncated ONNX file");
    if (this.pos < this.#bufferStart || this.pos >= this.#bufferEnd) {
      this.#bufferStart = this.pos;
      this.#bufferEnd = this.pos + readSync(this.#fd, this.#buffer, 0, this.#buffer.length, this.pos);
    }
    return this.#buffer[this.pos++ - this.#bufferStart];
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      const byte = this.#byte();
      result += (byte & 0x7f) * scale;
      if (byte < 0x80) return result;
      scale *= 128;
    }
    throw new Error("malformed varint in ONNX file");
  }

  skip(wireType: number): void {
    if (wireType === WIRE_VARINT) this.varint();
    else if (wireType === WIRE_64BIT) this.pos += 8;
    else if (wireType === WIRE_32BIT) this.pos += 4;
    else if (wireType === WIRE_BYTES) {
      const length = this.varint(); // read first: `pos += varint()` would add to the old pos
      this.pos += length;
    }
    else throw new Error(`unsupported protobuf wire type ${wireType} in ONNX file`);
  }
}

/** Calls `onField` for each field of the message in [cursor.pos, end); onField must consume the field. */
function readFields(cursor: Cursor, end: number, onField: (field: number, wireType: number) => boolean): void {
  while (cursor.pos < end) {
    const key = cursor.varint();
    const field = Math.floor(key / 8);
    const wireType = key % 8;
    if (!onField(field, wireType)) cursor.skip(wireType);
  }
  if (cursor.pos !== end) throw new Error("malformed ONNX file (field overruns its message)");
}

function tensorElements(cursor: Cursor, end: number): number {
  const dims: number[] = [];
  readFields(cursor, end, (field, wireType) => {
    if (field !== TENSOR_DIMS) return false;
    if (wireType === WIRE_VARINT) dims.push(cursor.varint());
    else if (wireType === WIRE_BYTES) {
      const packedEnd = cursor.varint() + cursor.pos;
      while (cursor.pos < packedEnd) dims.push(cursor.varint());
    } else return false;
    return true;
  });
  return dims.reduce((a, b) => a * b, 1);
}

/** Number of weight elements in an ONNX file's top-level graph initializers. */
export function countOnnxParameters(path: string): number {
  const fd = openSync(path, "r");
  try {
    const cursor = new Cursor(fd, fstatSync(fd).size);
    let total = 0;
    readFields(cursor, cursor.size, (field, wireType) => {
      if (field !== MODEL_GRAPH || wireType !== WIRE_BYTES) return false;
      const graphEnd = cursor.varint() + cursor.pos;
      readFields(cursor, graphEnd, (graphField, graphWire) => {
        if (graphField !== GRAPH_INITIALIZER || graphWire !== WIRE_BYTES) return false;
        const tensorEnd = cursor.varint() + cursor.pos;
        total += tensorElements(cursor, tensorEnd);
        return true;
      });
      return true;
    });
    return total;
  } finally {
    closeSync(fd);
  }
}
