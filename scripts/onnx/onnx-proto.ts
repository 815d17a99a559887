/**
 * The part of the ONNX protobuf schema (onnx/onnx.proto, proto2) the test-model generator writes:
 * a model with one graph of nodes, initializers and typed inputs/outputs. Field numbers are the
 * official ones, so ONNX Runtime reads the bytes as it reads any exported model.
 */
import protobuf from "protobufjs";

const ONNX_SUBSET = `
syntax = "proto2";
package onnx;

message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional AttributeType type = 20;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  optional TensorProto t = 5;
  repeated float floats = 7;
  repeated int64 ints = 8;
}

message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
}

message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
}

message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}

message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}

message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}

message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}

message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; UINT8 = 2; INT8 = 3; UINT16 = 4; INT16 = 5; INT32 = 6; INT64 = 7; STRING = 8; BOOL = 9; FLOAT16 = 10; DOUBLE = 11; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}

message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}

message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}
`;

const root = protobuf.parse(ONNX_SUBSET, { keepCase: true }).root;
const ModelProto = root.lookupType("onnx.ModelProto");

/** ONNX element types used here (TensorProto.DataType). */
export const DataType = { FLOAT: 1, INT8: 3, INT64: 7, FLOAT16: 10 } as const;
export type DataTypeId = (typeof DataType)[keyof typeof DataType];

/** AttributeProto.AttributeType values used here. */
export const AttributeType = { FLOAT: 1, INT: 2, INTS: 7 } as const;

export interface TensorMessage {
  name: string;
  dims: number[];
  data_type: DataTypeId;
  raw_data: Uint8Array;
}

export interface AttributeMessage {
  name: string;
  type: number;
  f?: number;
  i?: number;
  ints?: number[];
}

export interface NodeMessage {
  name: string;
  op_type: string;
  input: string[];
  output: string[];
  attribute: AttributeMessage[];
}

export interface ValueInfoMessage {
  name: string;
  type: { tensor_type: { elem_type: DataTypeId; shape: { dim: Array<{ dim_value: number } | { dim_param: string }> } } };
}

export interface ModelMessage {
  ir_version: number;
  opset_import: Array<{ domain: string; version: number }>;
  producer_name: string;
  producer_version: string;
  doc_string?: string;
  graph: {
    name: string;
    node: NodeMessage[];
    initializer: TensorMessage[];
    input: ValueInfoMessage[];
    output: ValueInfoMessage[];
  };
  metadata_props?: Array<{ key: string; value: string }>;
}

/** Serialises a model to ONNX protobuf bytes (throws on a field of the wrong type). */
export function encodeModel(model: ModelMessage): Uint8Array {
  const problem = ModelProto.verify(model);
  if (problem) throw new Error(`invalid ONNX model message: ${problem}`);
  return ModelProto.encode(ModelProto.fromObject(model)).finish();
}

/** Parses ONNX bytes back (used by tests to inspect a generated file). */
export function decodeModel(bytes: Uint8Array): ModelMessage {
  return ModelProto.toObject(ModelProto.decode(bytes), { longs: Number, defaults: false }) as ModelMessage;
}
