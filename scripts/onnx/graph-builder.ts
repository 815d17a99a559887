/**
 * Small helpers to write ONNX graphs by hand: initializers from typed arrays, nodes with
 * attributes, typed graph inputs/outputs with symbolic dimensions, and the model envelope.
 */
import {
  AttributeType,
  DataType,
  type AttributeMessage,
  type DataTypeId,
  type ModelMessage,
  type NodeMessage,
  type TensorMessage,
  type ValueInfoMessage,
} from "./onnx-proto.js";

/** ONNX IR version 8 with opset 14: loads in every ONNX Runtime from 1.10 on. */
export const IR_VERSION = 8;
export const OPSET = 14;

const bytesOf = (array: ArrayBufferView): Uint8Array => new Uint8Array(array.buffer, array.byteOffset, array.byteLength);

/** A float32 initializer (little-endian raw data). */
export function floatTensor(name: string, dims: number[], values: Float32Array): TensorMessage {
  checkSize(name, dims, values.length);
  return { name, dims, data_type: DataType.FLOAT, raw_data: bytesOf(values) };
}

/** A float16 initializer from IEEE half-precision bit patterns. */
export function float16Tensor(name: string, dims: number[], bits: Uint16Array): TensorMessage {
  checkSize(name, dims, bits.length);
  return { name, dims, data_type: DataType.FLOAT16, raw_data: bytesOf(bits) };
}

/** An int8 initializer. */
export function int8Tensor(name: string, dims: number[], values: Int8Array): TensorMessage {
  checkSize(name, dims, values.length);
  return { name, dims, data_type: DataType.INT8, raw_data: bytesOf(values) };
}

/** An int64 initializer; dims [] makes a scalar. */
export function int64Tensor(name: string, dims: number[], values: number[]): TensorMessage {
  checkSize(name, dims, values.length);
  return { name, dims, data_type: DataType.INT64, raw_data: bytesOf(BigInt64Array.from(values, BigInt)) };
}

function checkSize(name: string, dims: number[], length: number): void {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (expected !== length) throw new Error(`initializer ${name}: dims ${dims.join("x")} need ${expected} values, got ${length}`);
}

type AttributeValue = number | number[] | { float: number };

/** A node; attribute values: integer → INT, number[] → INTS, {float} → FLOAT. */
export function node(opType: string, inputs: string[], outputs: string[], attributes: Record<string, AttributeValue> = {}): NodeMessage {
  const attribute: AttributeMessage[] = Object.entries(attributes).map(([name, value]) => {
    if (Array.isArray(value)) return { name, type: AttributeType.INTS, ints: value };
    if (typeof value === "object") return { name, type: AttributeType.FLOAT, f: value.float };
    return { name, type: AttributeType.INT, i: value };
  });
  return { name: `${opType}_${outputs[0]}`, op_type: opType, input: inputs, output: outputs, attribute };
}

/** A graph input or output; string dims are symbolic ("batch", "sequence"). */
export function valueInfo(name: string, elemType: DataTypeId, dims: Array<number | string>): ValueInfoMessage {
  return {
    name,
    type: {
      tensor_type: {
        elem_type: elemType,
        shape: { dim: dims.map((d) => (typeof d === "number" ? { dim_value: d } : { dim_param: d })) },
      },
    },
  };
}

/** The model envelope around one graph. */
export function model(graph: ModelMessage["graph"], docString: string): ModelMessage {
  return {
    ir_version: IR_VERSION,
    opset_import: [{ domain: "", version: OPSET }],
    producer_name: "embedgate-make-onnx-models",
    producer_version: "1",
    doc_string: docString,
    graph,
  };
}

/** IEEE 754 half-precision bits of a float, rounded to nearest even (as numpy's astype(float16)). */
export function toFloat16Bits(value: number): number {
  const f32 = new Float32Array([value]);
  const x = new Uint32Array(f32.buffer)[0];
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  let mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa ? 0x200 : 0); // Inf / NaN
  const e = exponent - 127 + 15;
  if (e >= 0x1f) return sign | 0x7c00; // overflow → Inf
  if (e <= 0) {
    if (e < -10) return sign; // underflow → ±0
    mantissa |= 0x800000; // make the implicit bit explicit, then shift into a subnormal
    const shift = 14 - e;
    const half = 1 << (shift - 1);
    const rest = mantissa & ((1 << shift) - 1);
    let result = mantissa >>> shift;
    if (rest > half || (rest === half && (result & 1))) result++;
    return sign | result;
  }
  const rest = mantissa & 0x1fff;
  let result = (e << 10) | (mantissa >>> 13);
  if (rest > 0x1000 || (rest === 0x1000 && (result & 1))) result++; // may carry into the exponent: still correct
  return sign | result;
}
